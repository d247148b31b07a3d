"""Where a run's log lines go: a quiet terminal, and every line in a run log under the warehouse.

On the terminal a run shows its live progress line, its summary, warnings, and one line when it
fails. Prefect's INFO lines (a few per batch) broke up the progress line, and a failure buried
its one useful line under 100-300 lines of tracebacks. So, unless `broadsheet run -v`: the
console shows WARNING and above, without tracebacks. Nothing is lost: every line, tracebacks
included, goes to `<warehouse>/_logs/<run_id>.log` (and to the Prefect API, as before), and the
failure's one line names that file.
"""

from __future__ import annotations

import logging
import os
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flows import storage

#: Set (to "1") by the command line when the console is quiet; worker processes inherit it.
QUIET_ENV = "BROADSHEET_QUIET_CONSOLE"
#: The run logs' folder in a warehouse (like _staging, no table's).
LOGS_DIR = "_logs"

_FORMAT = "%(asctime)s %(levelname)-7s %(processName)s %(name)s: %(message)s"


class TerminalFilter(logging.Filter):
    """For the console: no tracebacks (they are in the run log), and not Prefect's own report of
    a crash, which the command's one line says better."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.exc_text:
            return False
        return not (record.levelno >= logging.ERROR and record.name.startswith("prefect"))


def quiet_console() -> None:
    """Quiet the console of this process as the module says, when QUIET_ENV is set (the command
    line sets it; worker processes call this from their initializer). Idempotent."""
    if os.environ.get(QUIET_ENV) != "1":
        return
    from prefect.logging.configuration import PROCESS_LOGGING_CONFIG, setup_logging
    from prefect.logging.handlers import PrefectConsoleHandler

    if not PROCESS_LOGGING_CONFIG:
        setup_logging()
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not any(
            isinstance(f, TerminalFilter) for f in handler.filters
        ):
            handler.setLevel(logging.WARNING)
            handler.addFilter(TerminalFilter())


def log_path(warehouse: str | Path, run_id: str) -> str | Path:
    return storage.join(storage.join(warehouse, LOGS_DIR), f"{run_id}.log")


@contextmanager
def run_log(warehouse: str | Path, run_id: str) -> Iterator[str | Path]:
    """Copy every log line of this process at INFO and above into the run's log file while
    inside; an exception leaving the block is written there with its traceback, and a note
    naming the file is added to it (the command line prints it). On object storage the file is
    written locally and uploaded when the block ends."""
    final = log_path(warehouse, run_id)
    local = not storage.is_url(str(final))
    if local:
        Path(final).parent.mkdir(parents=True, exist_ok=True)
        path = Path(final)
    else:
        path = Path(tempfile.mkstemp(prefix=f"broadsheet-{run_id}-", suffix=".log")[1])
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(_FORMAT))
    loggers = [logging.getLogger(), logging.getLogger("broadsheet")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield final
    except BaseException as exc:
        handler.stream.write("".join(traceback.format_exception(exc)))
        exc.add_note(f"run log: {final}")
        raise
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
        handler.close()
        if not local:
            try:
                storage.upload(path, final)
            finally:
                path.unlink(missing_ok=True)
