"""Where the warehouse lives: a local folder or an fsspec URL (`s3://bucket/prefix`), behind the
few file operations the loader, the checks, the views and the catalog need.

A local location is a `pathlib.Path` and goes through os operations, exactly as before URLs were
allowed (atomic renames on one file system). A URL stays a string and goes through its fsspec
file system. Object storage has no rename: a move there is a server-side copy then a delete, and a
file is written by one upload, so an object appears whole or not at all. The commit protocol of
flows.warehouse relies on nothing more than that (see flows/warehouse/layout.py).

Credentials and endpoint come from the file system's own configuration; for s3:// that is
botocore's (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE,
AWS_DEFAULT_REGION, AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_S3) and fsspec's
(FSSPEC_S3_ENDPOINT_URL, FSSPEC_S3_KEY, FSSPEC_S3_SECRET, ..., read when fsspec is imported).

DuckDB reads a URL warehouse through the same fsspec file system, registered on the connection
(`connect`), so no DuckDB extension (httpfs) is installed or loaded, from the network or otherwise.
"""

from __future__ import annotations

import contextlib
import glob as _glob
import inspect
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import duckdb
from fsspec import AbstractFileSystem
from fsspec.core import url_to_fs
from fsspec.spec import AbstractBufferedFile

if TYPE_CHECKING:
    import pyarrow as pa

#: A warehouse location as the modules pass it around: a local Path or a URL string.
Location = Path | str

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")

#: DuckDB settings for a connection that reads a URL warehouse: its files come through the
#: registered fsspec file system only, so an extension is never fetched (nor loaded) for them.
_REMOTE_DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def is_url(location: str | Path) -> bool:
    """Whether `location` names a file system by URL (file:// URLs count as local paths)."""
    return (
        isinstance(location, str)
        and _URL.match(location) is not None
        and not location.startswith("file://")
    )


def location(value: str | Path) -> Location:
    """A warehouse given as text or Path: a URL kept as text (no trailing slash), anything else an
    absolute local Path (the flow's worker processes and the views must not depend on the cwd)."""
    if is_url(value):
        text = str(value)
        scheme, rest = text.split("://", 1)
        return f"{scheme}://{rest.rstrip('/')}"
    return Path(str(value).removeprefix("file://")).expanduser().resolve()


def join(base: Location, *parts: str) -> Location:
    """`base/part/...`: a Path for a local base, a URL for a URL."""
    if isinstance(base, Path):
        return base.joinpath(*parts)
    return "/".join([base.rstrip("/"), *parts])


def name(path: Location) -> str:
    return path.name if isinstance(path, Path) else path.rstrip("/").rsplit("/", 1)[-1]


def parent(path: Location) -> Location:
    """The folder holding `path`; a bucket is its own parent (there is nothing above it)."""
    if isinstance(path, Path):
        return path.parent
    scheme, rest = path.split("://", 1)
    head = rest.rstrip("/").rsplit("/", 1)[0] if "/" in rest.rstrip("/") else rest
    return f"{scheme}://{head}"


def as_text(path: Location) -> str:
    """The location as DuckDB and the messages take it: posix path or URL."""
    return path.as_posix() if isinstance(path, Path) else path


def filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """The fsspec file system of a URL and the path within it.

    Listings are not cached: another process (a worker staging a batch, a second run) changes the
    store between two listings of this one, and a stale listing would hide or resurrect files.
    fsspec keeps one instance per set of options, so this is cheap to call again.
    """
    return url_to_fs(url, use_listings_cache=False)


def exists(path: Location) -> bool:
    if isinstance(path, Path):
        return path.exists()
    fs, p = filesystem(path)
    return fs.exists(p)


def is_dir(path: Location) -> bool:
    """A folder; on object storage, a prefix that at least one object has."""
    if isinstance(path, Path):
        return path.is_dir()
    fs, p = filesystem(path)
    return fs.isdir(p)


def is_file(path: Location) -> bool:
    if isinstance(path, Path):
        return path.is_file()
    fs, p = filesystem(path)
    return fs.isfile(p)


def subfolders(path: Location) -> list[str]:
    """Names of the folders directly in `path`, sorted; none when it does not exist."""
    if isinstance(path, Path):
        return sorted(p.name for p in path.iterdir() if p.is_dir()) if path.is_dir() else []
    fs, p = filesystem(path)
    try:
        entries = fs.ls(p, detail=True)
    except FileNotFoundError:
        return []
    return sorted(name(e["name"]) for e in entries if e["type"] == "directory")


def files(path: Location, suffix: str) -> list[str]:
    """Names of the files directly in `path` that end with `suffix`, sorted."""
    if isinstance(path, Path):
        if not path.is_dir():
            return []
        return sorted(p.name for p in path.iterdir() if p.is_file() and p.name.endswith(suffix))
    fs, p = filesystem(path)
    try:
        entries = fs.ls(p, detail=True)
    except FileNotFoundError:
        return []
    return sorted(
        name(e["name"]) for e in entries if e["type"] == "file" and e["name"].endswith(suffix)
    )


def files_by_folder(path: Location, suffix: str) -> dict[str, list[str]]:
    """{folder: sorted file names} of the files ending with `suffix` that sit directly in the
    folders directly under `path` (one listing on object storage); {} when it does not exist."""
    out: dict[str, list[str]] = {}
    if isinstance(path, Path):
        if not path.is_dir():
            return {}
        for folder in sorted(p for p in path.iterdir() if p.is_dir()):
            names = [f.name for f in folder.iterdir() if f.is_file() and f.name.endswith(suffix)]
            if names:
                out[folder.name] = sorted(names)
        return out
    fs, p = filesystem(path)
    prefix = p.rstrip("/") + "/"
    for found in sorted(fs.find(p)):
        parts = found[len(prefix) :].split("/") if found.startswith(prefix) else []
        if len(parts) == 2 and parts[1].endswith(suffix):
            out.setdefault(parts[0], []).append(parts[1])
    return out


def glob_exists(pattern: str) -> bool:
    """Whether a recursive glob (`**` allowed) over a local path or a URL matches a file."""
    if not is_url(pattern):
        return bool(_glob.glob(pattern, recursive=True))
    fs, p = filesystem(pattern)
    return bool(fs.glob(p))


def folders_holding(root: Location, folders: Iterable[str], suffix: str) -> set[str]:
    """Those of `folders` (directly under `root`) that hold a file ending in `suffix` at any depth;
    on object storage from one listing of `root`."""
    if isinstance(root, Path):
        return {f for f in folders if next((root / f).glob(f"**/*{suffix}"), None) is not None}
    fs, p = filesystem(root)
    prefix = p.rstrip("/") + "/"
    found = {
        path[len(prefix) :].split("/", 1)[0]
        for path in fs.find(p)
        if path.startswith(prefix) and path.endswith(suffix)
    }
    return found & set(folders)


def write_file(path: Location, write: Callable[[IO[bytes]], None]) -> None:
    """Write a file so that no reader ever sees part of it.

    Locally: under a temporary name, then renamed. On object storage: one upload on close, which
    makes the object exist whole (a killed writer leaves nothing)."""
    if isinstance(path, Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        with open(tmp, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        return
    fs, p = filesystem(path)
    with fs.open(p, "wb") as fh:
        write(fh)


def write_parquet(table: pa.Table, path: Location) -> None:
    import pyarrow.parquet as pq

    write_file(path, lambda fh: pq.write_table(table, fh, compression="zstd"))


def write_text(path: Location, text: str) -> None:
    write_file(path, lambda fh: fh.write(text.encode("utf-8")))


def read_text(path: Location) -> str:
    if isinstance(path, Path):
        return path.read_text(encoding="utf-8")
    fs, p = filesystem(path)
    return fs.cat_file(p).decode("utf-8")


def move(source: Location, target: Location) -> None:
    """Move one file, replacing `target`: an atomic rename locally; a copy then a delete on object
    storage (the copy replaces the target object whole; repeating a half-done move is harmless)."""
    if isinstance(source, Path) and isinstance(target, Path):
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        return
    fs, src = filesystem(as_text(source))
    _, dst = filesystem(as_text(target))
    fs.copy(src, dst)
    fs.rm_file(src)


def remove_file(path: Location) -> None:
    """Delete one file; nothing happens when it does not exist."""
    if isinstance(path, Path):
        path.unlink(missing_ok=True)
        return
    fs, p = filesystem(path)
    with contextlib.suppress(FileNotFoundError):
        fs.rm_file(p)


def read_parquet(path: Location) -> pa.Table:
    """One Parquet file, whole."""
    import pyarrow.parquet as pq

    # ParquetFile, not read_table: read_table goes through the dataset layer, which peaked about
    # twice as high when merging a large run's parts. Threads only cost memory on files this small.
    if isinstance(path, Path):
        return pq.ParquetFile(path).read(use_threads=False)
    fs, p = filesystem(path)
    with fs.open(p, "rb") as fh:
        return pq.ParquetFile(fh).read(use_threads=False)


def remove_tree(path: Location) -> None:
    """Delete a folder and everything in it; nothing happens when it does not exist."""
    if isinstance(path, Path):
        shutil.rmtree(path, ignore_errors=True)
        return
    fs, p = filesystem(path)
    try:
        if fs.exists(p):
            fs.rm(p, recursive=True)
    except FileNotFoundError:
        pass


def upload(local: Path, target: Location) -> None:
    """Copy a local file to `target` in one step (a rename locally, one upload remotely)."""
    if isinstance(target, Path):
        os.replace(local, target)
        return
    fs, p = filesystem(target)
    fs.put_file(str(local), p)


#: How much memory one DuckDB connection's buffer manager may hold (hash tables, sorts, scan
#: buffers) before it spills to its temporary folder. DuckDB's own default is 80% of the machine's
#: memory, so nothing bounded a join or a group-by over the whole warehouse (the entities rebuild,
#: the checks) as the corpus grows; past this cap they spill instead. At 20k documents they stay
#: well below it (bench/RESULTS.md); what DuckDB allocates outside its buffer manager (per-file
#: reader state, query results handed to Python) is not counted. BROADSHEET_DUCKDB_MEMORY_LIMIT (a
#: DuckDB size such as "4GB") raises it for large ad-hoc queries.
DUCKDB_MEMORY_LIMIT = os.environ.get("BROADSHEET_DUCKDB_MEMORY_LIMIT", "512MB")
#: Worker threads per connection. Each thread keeps its own scan buffers and hash-table
#: partitions, so DuckDB's default (every core) would make memory grow with the machine as well.
DUCKDB_THREADS = max(1, min(os.cpu_count() or 1, 4))


def duckdb_config(**config: Any) -> dict[str, Any]:
    """The settings every connection gets (`config` wins): a fixed memory cap and thread count,
    and a temporary folder of its own for what spills past the cap.

    DuckDB's default spill folder for an in-memory database is `.tmp` in the working directory;
    a folder per connection under the system's temporary directory keeps spills out of the
    repository and apart from other processes. DuckDB creates it only when it spills and deletes
    it when the connection closes.
    """
    spill = Path(tempfile.gettempdir()) / f"broadsheet-duckdb-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    return {
        "memory_limit": DUCKDB_MEMORY_LIMIT,
        "threads": DUCKDB_THREADS,
        "temp_directory": str(spill),
        **config,
    }


def connect(warehouse: Location, **config: Any) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection that can read `warehouse` (see `connect_listed`)."""
    return connect_listed(warehouse, **config)[0]


def connect_listed(
    warehouse: Location, **config: Any
) -> tuple[duckdb.DuckDBPyConnection, ListedFileSystem | None]:
    """An in-memory DuckDB connection that can read `warehouse`, and for a URL the file system
    it reads through (whose `held()` spares repeated listings while views are being created).
    Every connection is capped in memory and threads (`duckdb_config`).

    For a URL the location's fsspec file system is registered with DuckDB, which then reads
    `read_parquet('s3://...')` (globs included) through it; extension autoloading and
    autoinstalling are off, so DuckDB never tries to fetch httpfs instead.
    """
    if isinstance(warehouse, Path):
        return duckdb.connect(":memory:", config=duckdb_config(**config)), None
    con = duckdb.connect(":memory:", config=duckdb_config(**_REMOTE_DUCKDB_CONFIG, **config))
    try:
        listed = ListedFileSystem(filesystem(warehouse)[0])
        con.register_filesystem(listed)
    except BaseException:
        con.close()
        raise
    return con, listed


#: Files up to this size are read whole, once per connection (ListedFileSystem._small_file)...
_SMALL_FILE_BYTES = 1 << 20
#: ... until this much is held in memory; larger files, and files past it, are read in ranges.
_SMALL_FILES_BUDGET = 256 << 20


@contextmanager
def held(listed: ListedFileSystem | None) -> Iterator[None]:
    """`listed.held()`, or nothing to hold for a local warehouse."""
    if listed is None:
        yield
    else:
        with listed.held():
            yield


class ListedFileSystem(AbstractFileSystem):
    """What DuckDB reads a URL warehouse through: the fsspec file system, with the size and
    modification time of each file taken from the listing that found it.

    DuckDB globs a table's files, then for every file asks its modification time and opens it,
    several times per query (binding, then each scan); on object storage each of those asks is a
    request (a HEAD) unless the listing's answer is reused. It is reused only until the next
    listing of the same files, which DuckDB makes for every query, and only within one
    connection: a file added or replaced since is seen by the next query, as on a folder.
    """

    cachable = False  # one per connection: its listings are not shared

    def __init__(self, fs: AbstractFileSystem) -> None:
        super().__init__()
        self.fs = fs
        self.protocol = fs.protocol
        self._listed: dict[str, dict[str, Any]] = {}
        self._globs: dict[tuple[Any, ...], dict[str, dict[str, Any]]] | None = None
        self._blobs: dict[tuple[str, str], bytes] = {}
        self._blob_bytes = 0
        # Passing the listed size to open() spares its HEAD, where the file system takes it.
        self._open_takes_size = "size" in inspect.signature(fs._open).parameters

    def hold(self) -> None:
        """From now on the same glob is answered from its first listing (until `release`).

        For creating views: each view binds (reads the schemas of) every view it reads from,
        so creating a layer of views over the same tables would list each table many times. For
        a batch of queries that should agree with each other: they all read one snapshot.
        """
        if self._globs is None:
            self._globs = {}

    def release(self) -> None:
        """Every query lists its files afresh again."""
        self._globs = None

    @contextmanager
    def held(self) -> Iterator[None]:
        """`hold()` for the duration of the block."""
        holding = self._globs is not None
        self.hold()
        try:
            yield
        finally:
            if not holding:
                self.release()

    def _key(self, path: str) -> str:
        return self.fs._strip_protocol(path)

    def _listing(self, method: str, path: str, **kw: Any) -> dict[str, dict[str, Any]]:
        key = (method, path, tuple(sorted(kw.items())))
        if self._globs is not None and key in self._globs:
            return self._globs[key]
        found = getattr(self.fs, method)(path, detail=True, **kw)
        self._listed.update(found)
        if self._globs is not None:
            self._globs[key] = found
        return found

    def find(self, path: str, maxdepth: int | None = None, withdirs: bool = False, **kw: Any):
        detail = kw.pop("detail", False)
        found = self._listing("find", path, maxdepth=maxdepth, withdirs=withdirs, **kw)
        return found if detail else sorted(found)

    def glob(self, path: str, maxdepth: int | None = None, **kw: Any):
        detail = kw.pop("detail", False)
        found = self._listing("glob", path, maxdepth=maxdepth, **kw)
        return found if detail else sorted(found)

    def ls(self, path: str, detail: bool = True, **kw: Any):
        entries = self.fs.ls(path, detail=True, **kw)
        self._listed.update((e["name"], e) for e in entries)
        return entries if detail else [e["name"] for e in entries]

    def info(self, path: str, **kw: Any) -> dict[str, Any]:
        return self._listed.get(self._key(path)) or self.fs.info(path, **kw)

    def modified(self, path: str) -> Any:
        entry = self._listed.get(self._key(path), {})
        if "LastModified" in entry:  # s3fs's listing field
            return entry["LastModified"]
        return self.fs.modified(path)

    def open(self, path: str, mode: str = "rb", **kw: Any) -> Any:
        entry = self._listed.get(self._key(path))
        if "r" not in mode or entry is None:
            self._listed.pop(self._key(path), None)  # written or unknown: ask again
            return self.fs.open(path, mode, **kw)
        if self._open_takes_size:
            kw.setdefault("size", entry["size"])
            blob = self._small_file(entry)
            if blob is not None:
                kw.update(cache_type="all", cache_options={"data": blob})
        handle = self.fs.open(path, mode, **kw)
        if isinstance(handle, AbstractBufferedFile):
            # s3fs reads the details lazily (a HEAD) to compare the ETag of every ranged read
            # with them: a file replaced since the listing fails the read (FileExpired) rather
            # than mixing two versions.
            handle.details = entry
        return handle

    def _small_file(self, entry: dict[str, Any]) -> bytes | None:
        """The whole content of a small file, fetched once per connection and version.

        DuckDB opens each file several times per query (the footer at binding, then the scan),
        each open costing ranged reads; most warehouse files are one batch's rows, small enough
        that one read of the whole file is cheaper. Keyed by the listing's ETag, which changes
        with the content, so a replaced file is never answered from the old bytes."""
        etag, size = entry.get("ETag"), entry["size"]
        if not etag or size > _SMALL_FILE_BYTES:
            return None
        key = (entry["name"], etag)
        blob = self._blobs.get(key)
        if blob is None and self._blob_bytes + size <= _SMALL_FILES_BUDGET:
            with self.fs.open(entry["name"], "rb", size=size, cache_type="none") as handle:
                if isinstance(handle, AbstractBufferedFile):
                    handle.details = entry  # s3fs: the read fails if the ETag no longer matches
                blob = handle.read()
            self._blobs[key] = blob
            self._blob_bytes += size
        return blob

    def exists(self, path: str, **kw: Any) -> bool:
        return self.fs.exists(path, **kw)

    def isdir(self, path: str) -> bool:
        return self.fs.isdir(path)

    def isfile(self, path: str) -> bool:
        return self.fs.isfile(path)

    def rm(self, path: str, recursive: bool = False, maxdepth: int | None = None) -> None:
        self._listed.clear()
        self.fs.rm(path, recursive=recursive, maxdepth=maxdepth)

    def mv(self, path1: str, path2: str, **kw: Any) -> None:
        self._listed.clear()
        self.fs.mv(path1, path2, **kw)

    def mkdir(self, path: str, create_parents: bool = True, **kw: Any) -> None:
        self.fs.mkdir(path, create_parents=create_parents, **kw)
