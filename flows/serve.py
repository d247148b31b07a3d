"""Serve the pipeline as a Prefect deployment on a schedule, from a real Prefect server.

Prefect's ephemeral server (what a plain `broadsheet run` starts) cannot schedule, so serving
needs PREFECT_API_URL pointing at a running server (`make server`). Every scheduled run gets the
same inputs; the flow skips documents already in the warehouse, so each run adds only new files.
Runs of the deployment never overlap: the start of a run clears the staging that other, unfinished
runs left behind, so a second run at the same time would destroy the first one's work.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: Deployment name shown in the Prefect UI, as `broadsheet-run/<name>`.
DEFAULT_DEPLOYMENT = "broadsheet-scheduled"
#: Where `make server` listens.
LOCAL_API_URL = "http://127.0.0.1:4200/api"


class ServeError(Exception):
    """The deployment cannot be served."""


class NoServerConfigured(ServeError):
    """PREFECT_API_URL is not set: an ephemeral server would start, and it cannot schedule."""

    def __init__(self) -> None:
        super().__init__(
            "PREFECT_API_URL is not set, and schedules need a real Prefect server: run "
            f"'make server' in another shell, then export PREFECT_API_URL={LOCAL_API_URL}"
        )


class ServerUnreachable(ServeError):
    """PREFECT_API_URL is set but no Prefect server answers there."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        super().__init__(
            f"no Prefect server answers at PREFECT_API_URL={url} ({reason}); "
            "start one with 'make server'"
        )


class InvalidSchedule(ServeError):
    """The cron expression or interval is not a schedule Prefect accepts."""


def api_url() -> str | None:
    """The Prefect API URL from the environment or the active Prefect profile, if any."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def check_server(url: str, *, timeout_s: float = 5.0) -> None:
    """Raise ServerUnreachable unless the Prefect API at `url` reports healthy."""
    import httpx

    try:
        response = httpx.get(f"{url.rstrip('/')}/health", timeout=timeout_s)
    except httpx.HTTPError as exc:
        raise ServerUnreachable(url, type(exc).__name__) from None
    if response.status_code != 200:
        raise ServerUnreachable(url, f"HTTP {response.status_code} from /health")


def check_schedule(*, cron: str | None, interval: float | None) -> None:
    """Exactly one of cron and interval, and a valid one; InvalidSchedule otherwise."""
    if (cron is None) == (interval is None):
        raise InvalidSchedule("give exactly one of a cron expression and an interval")
    if interval is not None and interval <= 0:
        raise InvalidSchedule(f"the interval must be positive: {interval}")
    if cron is not None:
        from prefect.client.schemas.schedules import CronSchedule

        try:
            CronSchedule(cron=cron)
        except ValueError:
            raise InvalidSchedule(f"not a valid cron expression: {cron!r}") from None


def _absolute(item: str) -> str:
    """A local path or glob made absolute (runs may start elsewhere); URLs are left alone."""
    return item if "://" in item else os.path.abspath(os.path.expanduser(item))


def deployment_parameters(
    inputs: Sequence[str],
    warehouse: str | Path,
    *,
    batch_size: int,
    max_bytes: int,
    exclude: Sequence[str] = (),
) -> dict[str, Any]:
    """The flow parameters every scheduled run gets, with absolute local paths."""
    return {
        "inputs": [_absolute(i) for i in inputs],
        "warehouse": _absolute(str(warehouse)),
        "batch_size": batch_size,
        "max_bytes": max_bytes,
        "exclude": list(exclude),
    }


def serve(
    inputs: Sequence[str],
    warehouse: str | Path,
    *,
    cron: str | None = None,
    interval: float | None = None,
    name: str = DEFAULT_DEPLOYMENT,
    batch_size: int,
    max_bytes: int,
    exclude: Sequence[str] = (),
    verify_cron: str | None = None,
) -> None:
    """Serve flows.pipeline.run_pipeline on the schedule until interrupted (Ctrl-C); with
    `verify_cron`, also flows.pipeline.verify_warehouse (every file read whole and every check
    over the whole warehouse, which a run's own checks no longer cover) on that schedule.

    One run at a time: the runner takes one run at once, and the deployment's concurrency limit
    cancels a scheduled run that comes due while another is still running.
    """
    check_schedule(cron=cron, interval=interval)
    if verify_cron is not None:
        check_schedule(cron=verify_cron, interval=None)
    url = api_url()
    if not url:
        raise NoServerConfigured()
    check_server(url)
    from prefect import serve as serve_deployments
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    from flows.pipeline import run_pipeline, verify_warehouse

    parameters = deployment_parameters(
        inputs, warehouse, batch_size=batch_size, max_bytes=max_bytes, exclude=exclude
    )
    deployments = [
        run_pipeline.to_deployment(
            name=name,
            cron=cron,
            interval=interval,
            parameters=parameters,
            description="broadsheet on a schedule: each run adds the new files among its inputs.",
            tags=["broadsheet"],
            concurrency_limit=ConcurrencyLimitConfig(
                limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
            ),
        )
    ]
    if verify_cron is not None:
        deployments.append(
            verify_warehouse.to_deployment(
                name=f"{name}-verify",
                cron=verify_cron,
                parameters={"warehouse": parameters["warehouse"]},
                description="broadsheet verify --full on a schedule: fails when a file is "
                "damaged or a check finds rows anywhere in the warehouse.",
                tags=["broadsheet"],
                concurrency_limit=1,
            )
        )
    serve_deployments(*deployments, limit=1)
