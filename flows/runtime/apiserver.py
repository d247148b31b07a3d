"""Which Prefect API a run reports to: the one it is told of, a local one that answers, or one
temporary server for the whole run.

Prefect's temporary server costs ~10 s of every invocation (bench/RESULTS.md, "start-up"). A
server started by `make server` (or `prefect server start`) listens where Prefect's own settings
say (PREFECT_SERVER_API_HOST, PREFECT_SERVER_API_PORT: 127.0.0.1:4200 unless set), so a run looks
there first and uses it without being told; only when nothing answers does it start the
temporary one, and says what that costs and how to avoid it.
"""

from __future__ import annotations

import functools
import logging
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_API_HOST,
    PREFECT_SERVER_API_PORT,
    PREFECT_SERVER_EPHEMERAL_ENABLED,
    temporary_settings,
)
from prefect.task_runners import TaskRunner

from flows.runtime import signals

#: How long a run waits for a local server to answer: a server on loopback answers in ms.
PROBE_TIMEOUT_S = 0.5

log = logging.getLogger("broadsheet")


def local_server_url() -> str | None:
    """The API URL of a Prefect server answering where Prefect's settings put one, else None."""
    host = str(PREFECT_SERVER_API_HOST.value() or "127.0.0.1")
    if host in ("0.0.0.0", "::"):  # listening everywhere: reachable on loopback
        host = "127.0.0.1"
    url = f"http://{host}:{PREFECT_SERVER_API_PORT.value()}/api"
    try:
        healthy = httpx.get(f"{url}/health", timeout=PROBE_TIMEOUT_S).status_code == 200
    except httpx.HTTPError:
        return None
    return url if healthy else None


@contextmanager
def one_api_server(runner: TaskRunner) -> Iterator[str | None]:
    """The run's Prefect API for the duration of the block; yields its URL (None: a Dask
    cluster's or Prefect's own choice).

    With no PREFECT_API_URL and no local server, Prefect would start a temporary API server in
    the flow's process, but a process-pool worker does not inherit its address: each worker
    started a second temporary server of its own (seconds and one more busy process per worker
    on a small machine). Starting the temporary server here and passing its address on through
    the settings (which the runner hands to its workers) leaves one server for the whole run.
    It runs in a session of its own: a terminal sends Ctrl-C to its whole foreground process
    group, and a server stopped by it left the run's last state reports failing on a refused
    connection, for minutes."""
    if runner.__class__.__name__ == "DaskTaskRunner" or PREFECT_API_URL.value():
        yield PREFECT_API_URL.value()
        return
    found = local_server_url()
    if found:
        log.info("reporting to the Prefect server at %s", found)
        with temporary_settings(updates={PREFECT_API_URL: found}):
            yield found
        return
    if not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        yield None  # Prefect itself will say that an API URL is needed
        return
    log.info(
        "no Prefect server answers at %s:%s: starting a temporary one (~10 s); `make server` "
        "in another shell, or PREFECT_API_URL, saves that on every run",
        PREFECT_SERVER_API_HOST.value(),
        PREFECT_SERVER_API_PORT.value(),
    )
    from prefect.server.api import server as api_server  # heavy: only when needed

    server = api_server.SubprocessASGIServer()
    popen = subprocess.Popen
    api_server.subprocess.Popen = functools.partial(popen, start_new_session=True)  # type: ignore[misc]
    try:
        server.start()  # once per process: later runs in the same process reuse it
    finally:
        api_server.subprocess.Popen = popen  # type: ignore[misc]
    if server.server_process is not None:  # a second Ctrl-C ends it with the run
        signals.also_kill(server.server_process.pid)
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url
