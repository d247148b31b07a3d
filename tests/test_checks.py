"""Data-quality checks: healthy data passes every check; each kind of damage is named."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from flows import warehouse as store
from flows.checks import check_committed, check_files, check_pending, run_checks
from flows.schema import TABLES, Document, Mention, Run, Sentence, to_arrow

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
TEXT = "John Kirby spoke. NATO listened."


def _doc(doc_id: str = "d1", text: str = TEXT) -> Document:
    return Document(
        doc_id,
        f"{doc_id}.txt",
        None,
        None,
        text,
        1,
        2,
        5,
        T0,
        "r1",
        "t",
        None,
        None,
        None,
        None,
        "utf-8",
    )


def _healthy() -> dict[str, list]:
    return {
        "documents": [_doc()],
        "sentences": [
            Sentence("d1", 0, 0, 0, 17, "John Kirby spoke."),
            Sentence("d1", 1, 0, 18, 32, "NATO listened."),
        ],
        "mentions": [
            Mention("d1", 0, 0, 0, 10, "John Kirby", "PERSON", "person:john_kirby", "John Kirby")
        ],
    }


def _stage(wh, rows, run_id="r1", n_inputs=1):
    store.init_warehouse(wh)
    store.stage_batch(wh, run_id, 0, rows)
    store.stage_run(
        wh, Run(run_id, T0, T0, "completed", n_inputs, 1, 0, 0, "t"), rebuild_entities=True
    )


def _failed(wh, run_id="r1") -> dict[str, int]:
    return {c.name: c.n_rows for c in check_pending(wh, run_id) if not c.ok}


def test_every_check_has_a_purpose_line():
    files = check_files()
    assert len(files) >= 6
    for f in files:
        assert f.read_text().startswith("-- ")


def test_healthy_run_passes(tmp_path):
    _stage(tmp_path, _healthy())
    assert _failed(tmp_path) == {}


@pytest.mark.parametrize(
    ("damage", "check"),
    [
        (lambda r: r["sentences"].append(r["sentences"][0]), "unique_keys"),
        (
            lambda r: r["mentions"].append(
                Mention("ghost", 0, 0, 0, 4, "John", "PERSON", "person:john", "John")
            ),
            "facts_have_documents",
        ),
        (
            lambda r: r["sentences"].__setitem__(1, Sentence("d1", 1, 0, 18, 99, "NATO listened.")),
            "offsets_in_bounds",
        ),
        (
            lambda r: r["mentions"].__setitem__(
                0,
                Mention(
                    "d1", 0, 0, 1, 11, "John Kirby", "PERSON", "person:john_kirby", "John Kirby"
                ),
            ),
            "span_text_equals_slice",
        ),
    ],
)
def test_damage_is_named(tmp_path, damage, check):
    rows = _healthy()
    damage(rows)
    _stage(tmp_path, rows)
    assert check in _failed(tmp_path)


def test_run_accounting_is_checked(tmp_path):
    _stage(tmp_path, _healthy(), n_inputs=3)
    assert _failed(tmp_path) == {"runs_account_for_inputs": 1}


def test_dangling_entity_key_is_named():
    con = duckdb.connect()
    rows = _healthy()  # no entities rows: the mention's key dangles
    for table in TABLES:
        con.register(f"_{table}", to_arrow(table, rows.get(table, [])))
        con.execute(f"create view {table} as select * from _{table}")
    names = {c.name for c in run_checks(con) if not c.ok}
    assert names == {"mentions_have_entities"}


def test_a_run_checks_what_it_adds_and_what_that_refers_to(tmp_path):
    # Committed: d1 with its rows. The next run stages d2, and a second copy of d1.
    _stage(tmp_path, _healthy())
    store.commit(tmp_path, "r1")
    rows = _healthy()
    d2 = _doc("d2", "Ann Lee spoke.")
    rows["documents"] = [d2, _doc()]
    rows["sentences"] = [Sentence("d2", 0, 0, 0, 14, "Ann Lee spoke.")]
    rows["mentions"] = [Mention("d2", 0, 0, 0, 7, "Ann Lee", "PERSON", "person:ann_lee", "Ann Lee")]
    _stage(tmp_path, rows, run_id="r2")
    # The staged copy of d1 meets the committed d1, though no committed row is checked whole.
    assert _failed(tmp_path, "r2") == {"unique_keys": 1}


def test_damage_already_committed_is_left_to_the_full_check(tmp_path):
    # A committed mention whose document is missing: the next run's checks cover its own rows
    # only, and pass; the whole-warehouse check (broadsheet verify --full) names it.
    rows = _healthy()
    rows["mentions"].append(Mention("ghost", 0, 0, 0, 4, "John", "PERSON", "person:john", "John"))
    _stage(tmp_path, rows)
    store.commit(tmp_path, "r1")
    other = {"documents": [_doc("d2", "Ann Lee spoke.")]}
    _stage(tmp_path, other, run_id="r2")
    assert _failed(tmp_path, "r2") == {}
    whole = {c.name for c in check_pending(tmp_path, "r2", whole=True) if not c.ok}
    assert whole == {"facts_have_documents"}
    assert {c.name for c in check_committed(tmp_path) if not c.ok} == {"facts_have_documents"}
