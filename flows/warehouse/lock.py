"""One writer at a time per warehouse.

Two runs writing one warehouse at once would each recover (and so delete) the other's staging
and check a warehouse the other is changing. So a run holds the warehouse's writer lock from
before its recovery until after its commit; a second writer is refused at once (or waits, with
`wait_s`) with who holds it. Readers never take it: a commit is all-or-nothing to them anyway
(flows.warehouse.layout).

- A local warehouse: an OS lock (flock) on `<warehouse>/_writer.lock`. The OS drops it when its
  holder dies, however it dies, so a stale lock cannot outlive its process.
- Object storage: the lock object `<warehouse>/_writer.lock`, created only if absent (a
  conditional put, If-None-Match: *), holding a lease that the holder renews while it runs. A
  lease not renewed in time is a dead holder's: the next writer deletes it and takes the lock.

The file holds who holds it (run id, pid, host, since) for the message a refused writer prints.
Within one process the lock is re-entrant: the command line takes it before Prefect starts (so
a refusal costs no server start), and the flow it then runs shares it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows import storage
from flows.errors import WarehouseError
from flows.warehouse.layout import Warehouse

LOCK_FILE = "_writer.lock"
log = logging.getLogger("broadsheet")

#: How long an object-storage lease lasts unless renewed; it is renewed every third of it. A
#: writer killed outright (SIGKILL, a lost machine) holds the warehouse this long at most:
#: BROADSHEET_LOCK_LEASE_S shortens it where writers are never far from the store.
LEASE_S = float(os.environ.get("BROADSHEET_LOCK_LEASE_S", "60"))


class WarehouseBusy(WarehouseError):
    """Another run holds the warehouse's writer lock."""

    def __init__(self, warehouse: str, holder: dict[str, Any]) -> None:
        self.warehouse = warehouse
        self.holder = holder
        who = (
            f"run {holder.get('run_id') or '(starting)'} (pid {holder.get('pid', '?')} on "
            f"{holder.get('host', '?')}, since {holder.get('since', '?')})"
        )
        super().__init__(
            f"warehouse {warehouse} is being written by {who}; wait for it to finish, "
            "or run with --wait SECONDS"
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class _Lock:
    """The lock of one warehouse, held by this process."""

    def __init__(self, wh: Warehouse, run_id: str | None) -> None:
        self.wh = wh
        self.info: dict[str, Any] = {
            "run_id": run_id,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": _now(),
        }

    def try_acquire(self) -> None:
        raise NotImplementedError

    def relabel(self, run_id: str) -> None:
        self.info["run_id"] = run_id
        self._write_info()

    def _write_info(self) -> None:
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError


class _FileLock(_Lock):
    """flock on a file inside a local warehouse."""

    def __init__(self, wh: Warehouse, run_id: str | None) -> None:
        super().__init__(wh, run_id)
        assert isinstance(wh.root, Path)
        self.path = wh.root / LOCK_FILE
        self.fd: int | None = None

    def try_acquire(self) -> None:
        import fcntl

        self.wh.root.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise WarehouseBusy(str(self.wh.root), _read_holder(self.path.read_bytes())) from None
        self.fd = fd
        self._write_info()

    def _write_info(self) -> None:
        assert self.fd is not None
        data = json.dumps(self.info).encode()
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)

    def release(self) -> None:
        import fcntl

        if self.fd is None:
            return
        os.ftruncate(self.fd, 0)  # no holder named in a free lock
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None


class _LeaseLock(_Lock):
    """A lock object created only if absent, with a lease its holder renews (object storage)."""

    def __init__(self, wh: Warehouse, run_id: str | None, lease_s: float) -> None:
        super().__init__(wh, run_id)
        self.fs, self.path = storage.filesystem(storage.as_text(storage.join(wh.root, LOCK_FILE)))
        self.lease_s = lease_s
        self.token = f"{self.info['host']}:{self.info['pid']}:{time.time_ns()}"
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None

    def _payload(self) -> bytes:
        expires = time.time() + self.lease_s
        return json.dumps({**self.info, "token": self.token, "expires": expires}).encode()

    def try_acquire(self) -> None:
        for _ in range(2):
            try:
                self.fs.pipe_file(self.path, self._payload(), mode="create")
            except FileExistsError:
                holder = self._holder()
                if holder is None:
                    continue  # released meanwhile: try again
                if float(holder.get("expires", 0)) > time.time():
                    raise WarehouseBusy(storage.as_text(self.wh.root), holder) from None
                # A lease nobody renewed: its holder is dead. Delete it and try once more; of two
                # writers doing so at once, one create wins and the other is refused.
                self.fs.rm_file(self.path)
                continue
            self._renewer = threading.Thread(target=self._renew, name="writer-lease", daemon=True)
            self._renewer.start()
            return
        raise WarehouseBusy(storage.as_text(self.wh.root), self._holder() or {})

    def _holder(self) -> dict[str, Any] | None:
        try:
            return _read_holder(self.fs.cat_file(self.path))
        except FileNotFoundError:
            return None

    def _renew(self) -> None:
        while not self._stop.wait(self.lease_s / 3):
            if not self.renew():
                return

    def renew(self) -> bool:
        """Extend the lease, unless another writer holds the lock object now (this holder's
        lease ran out, say while the machine slept, and the other took it over): then leave the
        other's lock alone, say so, and stop renewing. The read and the write are two requests,
        so a takeover between them is still possible; a conditional put on the object's ETag
        (If-Match) would close that window."""
        holder = self._holder()
        if holder is not None and holder.get("token") != self.token:
            log.warning(
                "the writer lock of %s was taken over by run %s (pid %s on %s): its lease "
                "expired before it was renewed",
                storage.as_text(self.wh.root),
                holder.get("run_id"),
                holder.get("pid"),
                holder.get("host"),
            )
            return False
        self._write_info()
        return True

    def _write_info(self) -> None:
        self.fs.pipe_file(self.path, self._payload())

    def release(self) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join()
        holder = self._holder()
        if holder is not None and holder.get("token") == self.token:
            self.fs.rm_file(self.path)


def _read_holder(data: bytes) -> dict[str, Any]:
    try:
        holder = json.loads(data or b"{}")
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


# Locks this process holds, by warehouse, with how many holders share each (re-entrancy).
_held: dict[str, tuple[_Lock, int]] = {}
_held_guard = threading.Lock()


@contextmanager
def writer_lock(
    warehouse: str | Path | Warehouse,
    *,
    run_id: str | None = None,
    wait_s: float = 0.0,
    lease_s: float = LEASE_S,
) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block; WarehouseBusy when another process holds
    it and `wait_s` seconds pass without it being freed. Re-entrant within a process (an inner
    holder with a `run_id` names the run in the lock)."""
    wh = Warehouse.at(warehouse)
    key = storage.as_text(wh.root)
    with _held_guard:
        shared = _held.get(key)
        if shared is not None:
            _held[key] = (shared[0], shared[1] + 1)
    if shared is not None:
        if run_id is not None:
            shared[0].relabel(run_id)
        try:
            yield
        finally:
            with _held_guard:
                lock, n = _held[key]
                _held[key] = (lock, n - 1)
        return
    lock: _Lock = (
        _FileLock(wh, run_id) if isinstance(wh.root, Path) else _LeaseLock(wh, run_id, lease_s)
    )
    deadline = time.monotonic() + wait_s
    while True:
        try:
            lock.try_acquire()
            break
        except WarehouseBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(min(1.0, max(0.05, deadline - time.monotonic())))
    with _held_guard:
        _held[key] = (lock, 1)
    try:
        yield
    finally:
        with _held_guard:
            del _held[key]
        lock.release()
