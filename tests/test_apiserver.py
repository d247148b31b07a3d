"""Which Prefect API a run reports to (flows/runtime/apiserver.py): a server answering where
Prefect's settings say is found without being told; a closed port is not mistaken for one."""

from __future__ import annotations

import socket

from prefect.settings import PREFECT_SERVER_API_PORT, temporary_settings

from flows.runtime.apiserver import local_server_url


def test_a_server_answering_on_the_configured_port_is_found(prefect_api):
    port = int(prefect_api.rsplit(":", 1)[1].removesuffix("/api"))
    with temporary_settings(updates={PREFECT_SERVER_API_PORT: port}):
        assert local_server_url() == f"http://127.0.0.1:{port}/api"


def test_nothing_listening_is_no_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with temporary_settings(updates={PREFECT_SERVER_API_PORT: port}):
        assert local_server_url() is None
