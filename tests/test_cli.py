"""The command line as a user meets it: help, one-line errors with exit 2, a clean real run."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from flows.cli import main

from conftest import ROOT, SEEDS

BROADSHEET = [sys.executable, "-m", "flows.cli"]


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["sql", "--help"]])
def test_help(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    assert "usage: broadsheet" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frobnicate"], "invalid choice"),
        (["run", "--batch-size", "0"], "must be at least 1"),
        (["run", "no/such/path.txt"], "no such file, folder or matching pattern: no/such/path.txt"),
        (["run", "no-match-*.txt"], "no such file, folder or matching pattern"),
        (["sql", "select 1", "--warehouse", "no/such/warehouse"], "warehouse folder not found"),
        (["sql", "missing.sql"], "no such SQL file"),
        (["sql"], "give a QUERY"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("broadsheet: error: ")
    assert message in err


def test_sql_list_names_the_queries(capsys):
    assert main(["sql", "--list"]) == 0
    out = capsys.readouterr().out
    for name in [
        "top_entities",
        "who_said_what",
        "numbers_by_object",
        "entity_cooccurrence",
        "document_summary",
    ]:
        assert name in out


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_run_prints_summary_without_tracebacks_and_sql_answers(tmp_path, prefect_api, capsys):
    """`broadsheet run` in a fresh process, as `make run` does: with no Prefect server answering,
    a temporary one; then, with one answering where Prefect's settings say, that one."""
    wh = tmp_path / "warehouse"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    env["PREFECT_SERVER_API_PORT"] = str(_closed_port())  # not a `make server` of this machine's
    proc = subprocess.run(
        [*BROADSHEET, "run", str(SEEDS), "--warehouse", str(wh), "-v"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "Traceback" not in output and "ERROR" not in output, output
    assert "1 new, 0 skipped" in proc.stdout
    assert "rows written:" in proc.stdout
    # Worker processes (default: one per core) report to the flow's temporary API server rather
    # than each starting one of their own.
    # (-v shows Prefect's own lines, its server's start among them.)
    assert output.count("Starting temporary server") == 1, output
    assert "starting a temporary one (~10 s); `make server`" in proc.stderr
    assert re.search(r"completed in [\d.]+ s \([\d.]+ s wall\)", proc.stdout)
    log = Path(re.search(r"run log: (\S+)", proc.stdout).group(1))
    assert log.parent == wh / "_logs" and "completed: 1 inputs, 1 new" in log.read_text()

    # The run's warehouse through `broadsheet sql`, here in this process (a process start less;
    # test_sql_into_a_closed_pipe_ends_quietly runs `sql` in a process of its own).
    query = "select value, object, qualifier from numbers order by value desc"
    assert main(["sql", query, "--warehouse", str(wh), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[:2] == [
        {"value": 40000.0, "object": "troops", "qualifier": "approximate"},
        {"value": 8500.0, "object": "troops", "qualifier": "approximate"},
    ]

    # A server answering where PREFECT_SERVER_API_HOST/PORT say (as `make server`'s does) is
    # used without PREFECT_API_URL.
    env["PREFECT_SERVER_API_PORT"] = prefect_api.rsplit(":", 1)[1].removesuffix("/api")
    proc = subprocess.run(
        [*BROADSHEET, "run", str(SEEDS), "--warehouse", str(wh), "--json", "--workers", "1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (summary["n_documents_new"], summary["n_documents_skipped"]) == (0, 1)
    # The run reported to that server: it knows the flow run.
    assert httpx.get(f"{prefect_api}/flow_runs/{summary['run_id']}", timeout=10).status_code == 200
    # Without -v the terminal shows no Prefect log line; they are in the run log.
    assert "| INFO" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    log = Path(summary["log_path"])
    assert log.name == f"{summary['run_id']}.log" and "0 new, 1 skipped" in log.read_text()


def test_a_failed_run_is_one_line_naming_its_log_and_a_full_disk_is_not_retried(
    harness, tmp_path, monkeypatch, capsys
):
    """A batch that hits a full disk: one line on the terminal (what, where, what to do, the run
    log), the traceback in the run log, and no retry (it cannot help)."""
    import errno

    from flows import tasks

    calls = []

    def full_disk(warehouse, run_id, batch_no, rows):
        calls.append(batch_no)
        target = f"{warehouse}/_staging/{run_id}/mentions/part-{batch_no}.parquet"
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    monkeypatch.setattr(tasks, "stage_batch", full_disk)
    wh = tmp_path / "wh"
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(SEEDS), "--warehouse", str(wh), "--workers", "1"])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    line = [x for x in err.splitlines() if x.startswith("broadsheet: error:")]
    assert len(line) == 1, err
    assert "run failed: no space left on the device (" in line[0]
    assert "/_staging/" in line[0] and "free some space and run again" in line[0]
    log = Path(re.search(r"\(run log: (\S+)\)$", line[0]).group(1))
    assert log.parent == wh / "_logs"
    text = log.read_text()
    assert "Traceback" in text and "No space left on device" in text
    assert "Traceback" not in err
    assert calls == [0]  # tried once: analyse-batch retries only what a retry can fix


# --- pre-flight: what a run needs, checked before Prefect starts (issue 17, item 3) ---------


def _refused(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("broadsheet: error: "), err
    return err


def test_a_folder_without_input_files_is_refused_in_one_line(tmp_path, capsys):
    empty = tmp_path / "inbox"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\0")  # hidden: not an article
    err = _refused(["run", str(empty), "--warehouse", str(tmp_path / "wh")], capsys)
    assert f"no input files in {empty}: nothing to read" in err
    assert not (tmp_path / "wh").exists()  # nothing was started, nothing was made


def test_a_warehouse_on_a_full_disk_is_refused_naming_it(tmp_path, capsys, monkeypatch):
    import shutil as shutil_

    from flows import preflight

    usage = shutil_.disk_usage(tmp_path)
    monkeypatch.setattr(preflight.shutil, "disk_usage", lambda _: usage._replace(free=5 * 2**20))
    err = _refused(["run", str(SEEDS), "--warehouse", str(tmp_path / "wh")], capsys)
    assert f"warehouse {tmp_path / 'wh'} has only 5 MB free" in err


def test_a_warehouse_that_cannot_be_written_is_refused_naming_it(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    err = _refused(["run", str(SEEDS), "--warehouse", str(blocker / "wh")], capsys)
    assert f"warehouse {blocker / 'wh'} is not writable" in err


def test_a_missing_model_is_refused_with_what_to_do(tmp_path, capsys, monkeypatch):
    from flows import preflight

    real = preflight.importlib.util.find_spec
    monkeypatch.setattr(
        preflight.importlib.util,
        "find_spec",
        lambda name, *a: None if name == preflight.SPACY_MODEL else real(name, *a),
    )
    err = _refused(["run", str(SEEDS), "--warehouse", str(tmp_path / "wh")], capsys)
    assert "spaCy model package" in err and "make install" in err


# --- terminal output of `broadsheet sql` (issue 17, item 7) ----------------------------------


@pytest.fixture
def empty_warehouse(tmp_path):
    from flows import warehouse as store

    wh = tmp_path / "wh"
    store.init_warehouse(wh)
    return wh


def test_sql_table_shows_nulls_empty_and_numbers_as_written(empty_warehouse, capsys):
    query = "select 'NATO' as name, null as missing, 40000.0::double as troops, 0.25 as share"
    assert main(["sql", query, "--warehouse", str(empty_warehouse)]) == 0
    header, rule, row = capsys.readouterr().out.splitlines()
    assert header.split() == ["name", "missing", "troops", "share"]
    assert row.split() == ["NATO", "40000", "0.25"]  # no NaN, no 40000.0, no e+04
    assert set(rule) <= {"-", " "}


def test_sql_limit_says_how_many_rows_it_left_out(empty_warehouse, capsys):
    argv = ["sql", "select range as n from range(10)", "--warehouse", str(empty_warehouse)]
    assert main([*argv, "--limit", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.strip() for line in out[2:5]] == ["0", "1", "2"]
    assert out[-1] == "(3 of 10 rows; --limit 0 shows all)"
    assert main(argv) == 0  # not a terminal: every row
    assert len(capsys.readouterr().out.splitlines()) == 2 + 10


def test_an_unknown_saved_query_name_suggests_the_closest(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["sql", "top_entitis"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "no saved query named 'top_entitis'; did you mean top_entities?" in err


def test_sql_into_a_closed_pipe_ends_quietly(empty_warehouse):
    proc = subprocess.run(
        f"{sys.executable} -m flows.cli sql 'select range from range(200000)' "
        f"--warehouse {empty_warehouse} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.stdout.split() == ["range"]
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr


def test_dry_run_lists_what_a_run_would_do_and_writes_nothing(tmp_path, capsys):
    inbox = tmp_path / "in"
    inbox.mkdir()
    seed = (SEEDS / next(p.name for p in SEEDS.iterdir() if p.suffix == ".txt")).read_text()
    (inbox / "a.txt").write_text(seed, encoding="utf-8")
    (inbox / "copy.txt").write_text(seed, encoding="utf-8")  # the same content: known by then
    (inbox / "empty.txt").write_text("  \n", encoding="utf-8")
    (inbox / "draft.html").write_text("<p>draft</p>", encoding="utf-8")
    wh = tmp_path / "wh"
    argv = ["run", str(inbox), "--warehouse", str(wh), "--dry-run", "--exclude", "*.html"]
    assert main(argv) == 0
    out = capsys.readouterr()
    said = [line.split() for line in out.out.splitlines()]
    lines = sorted(f"{what} {Path(source).name}" for what, source, *_ in said)
    assert lines == ["excluded draft.html", "known copy.txt", "new a.txt", "rejected empty.txt"]
    assert "dry run: 1 new, 1 known, 1 excluded, 1 rejected; nothing was written" in out.err
    assert not wh.exists()


def test_every_input_excluded_is_said_before_anything_starts(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["run", str(tmp_path), "--warehouse", str(tmp_path / "wh"), "--exclude", "a.*"])
    assert exit_.value.code == 1
    assert "no input files that no --exclude pattern matches" in capsys.readouterr().err
