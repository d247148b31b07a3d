"""Scale-out: the flow sends its batches to an existing Dask cluster (prefect-dask) and writes
exactly what a one-worker run writes. The cluster is a `distributed.LocalCluster` on loopback with
two worker processes, so every task argument and result crosses a process boundary (pickled)."""

from __future__ import annotations

import logging
import shutil

import pytest

from conftest import SEEDS

distributed = pytest.importorskip("distributed")
pytest.importorskip("prefect_dask")

ARTICLES = {
    "lima.txt": "Schools plan for Lima\n\nMaria Lopez said, “We will open 12 schools in Lima "
    "by March.” The plan costs $4.5m, the ministry said on Tuesday.\n\nCritics in Peru called "
    "it too little.",
    "acme.txt": "Shares of Acme Corp rose 7% on Monday, analysts at Barclays said.\n\n"
    "The company, based in Ohio, employs some 8,500 people.",
    "paris.txt": "About 300 people marched in Paris last Friday, police said.",
    # The same content under another name: skipped, in both runs alike.
    "paris-copy.txt": "About 300 people marched in Paris last Friday, police said.",
}


class _Collect(logging.Handler):
    """Keeps every record at ERROR or above, and any record that carries a traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.bad: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.bad.append(f"{record.name} {record.levelname}: {record.getMessage()}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-in")
    shutil.copytree(SEEDS, folder / "seeds")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def runs(harness, corpus, tmp_path_factory):
    """The corpus run once with one worker thread and once on a two-process Dask cluster."""
    from flows.checks import warehouse_digest
    from flows.config import Settings
    from flows.pipeline import run

    collect = _Collect()
    loggers = [logging.getLogger(), logging.getLogger("prefect")]
    for lg in loggers:
        lg.addHandler(collect)
    out = {}
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        wh1 = tmp_path_factory.mktemp("dask-wh1") / "warehouse"
        out["one"] = run([str(corpus)], Settings(warehouse=wh1, batch_size=2, workers=1))
        whd = tmp_path_factory.mktemp("dask-whd") / "warehouse"
        out["dask"] = run(
            [str(corpus)],
            Settings(warehouse=whd, batch_size=2, dask_address=cluster.scheduler_address),
        )
        out["digests"] = warehouse_digest(wh1), warehouse_digest(whd)
        out["warehouse"] = whd
        with distributed.Client(cluster) as client:
            out["worker_logs"] = client.get_worker_logs()
            out["scheduler_logs"] = client.get_scheduler_logs()
            out["n_workers"] = len(client.scheduler_info()["workers"])
            # Proof that the batches ran on the cluster: the workers loaded the NER model. (A
            # lambda, pickled by value: this test module is not importable on the workers.)
            out["models_loaded"] = client.run(
                lambda: __import__("flows.nlp", fromlist=["nlp"]).ner_pipeline.cache_info().currsize
            )
    finally:
        for lg in loggers:
            lg.removeHandler(collect)
        cluster.close()
    out["bad_log_records"] = collect.bad
    return out


def test_dask_run_writes_what_one_worker_writes(runs):
    one, dask = runs["one"], runs["dask"]
    assert one.status == dask.status == "completed"
    assert (dask.n_inputs, dask.n_documents_new, dask.n_documents_skipped, dask.n_rejected) == (
        5,
        4,
        1,
        0,
    )
    assert runs["digests"][0] == runs["digests"][1]
    # Every worker was warmed up with the model before the first batch, not only those that ran one.
    assert list(runs["models_loaded"].values()) == [1, 1], runs["models_loaded"]
    assert runs["digests"][1]["failed_checks"] == []


def test_dask_run_row_is_completed(runs):
    from flows import views

    with views.connect(runs["warehouse"]) as con:
        rows = con.execute("select status, n_documents_new from runs").fetchall()
    assert rows == [("completed", 4)]


def test_dask_run_logs_no_error_or_traceback(runs):
    assert runs["n_workers"] == 2
    assert runs["bad_log_records"] == []
    for source, logs in [
        ("scheduler", {"scheduler": runs["scheduler_logs"]}),
        *[("worker", {w: entries}) for w, entries in runs["worker_logs"].items()],
    ]:
        for where, entries in logs.items():
            bad = [
                msg
                for level, msg in entries
                if level in ("ERROR", "CRITICAL") or "Traceback" in msg
            ]
            assert bad == [], f"{source} {where}"
