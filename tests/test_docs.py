"""The docs stay true: every table, column, saved query and command they should name, they name.

README.md is the overview (commands, tables at a glance, saved queries); docs/tables.md holds the
table catalogue generated from the schema module; every relative link between them resolves.
"""

from __future__ import annotations

import re

import pytest

from flows.cli import build_parser
from flows.schema import TABLES, arrow_schema, columns, markdown_catalogue, table_doc
from flows.views import MARTS_DIR, markdown_marts, named_queries

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TABLES_DOC = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
#: Every Markdown file whose relative links must resolve.
LINKED_DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "bench" / "RESULTS.md",
]


def _catalogue_rows(table: str) -> list[str]:
    section = re.split(r"\n##", TABLES_DOC.split(f"### `{table}`", 1)[1], maxsplit=1)[0]
    return re.findall(r"^\| (\w+) \|", section, flags=re.M)


def _section(text: str, heading: str) -> str:
    """The body of the `## heading` section of a Markdown text, up to the next `## `."""
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_and_column_is_in_the_catalogue(table):
    assert table_doc(table)
    assert _catalogue_rows(table)[1:] == columns(table)  # [0] is the header row's "column"
    assert len(arrow_schema(table)) == len(columns(table))


def test_every_table_and_mart_is_at_a_glance_in_the_readme():
    """README's table list names every table, linked to its section of the catalogue, and every
    mart, which docs/tables.md describes."""
    glance = _section(README, "The tables")
    for table in TABLES:
        assert f"| [`{table}`](docs/tables.md#{table}) |" in glance, table
    for mart in named_queries(MARTS_DIR):
        assert f"`{mart}`" in glance, mart
        assert f"### `{mart}`" in TABLES_DOC, mart


def test_every_saved_query_is_listed():
    for name in named_queries():
        assert f"`{name}`" in README, name


def test_every_command_and_option_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, subparser in sub.choices.items():
        assert f"broadsheet {name}" in README
        for action in subparser._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert flag in README, (name, flag)


def test_catalogue_is_generated_from_the_schema():
    # Regenerate: python -c "from flows.schema import markdown_catalogue as m; print(m())"
    assert markdown_catalogue() in TABLES_DOC


def test_mart_dictionary_is_generated_from_the_headers():
    # Regenerate: python -c "from flows.views import markdown_marts as m; print(m())"
    assert markdown_marts() in TABLES_DOC


def test_set_up_commands_up_front():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick_start and "make test" in quick_start


def test_the_readme_fits_a_newcomer():
    """One screen per concern (issue 16): details live in docs/, figures in bench/RESULTS.md."""
    assert len(README.splitlines()) <= 250


def _anchors(text: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation but `-` and `_` dropped, spaces to `-`."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        yield slug if n == 0 else f"{slug}-{n}"


@pytest.mark.parametrize("doc", LINKED_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc):
    """Every relative link in README.md, docs/ and bench/RESULTS.md names a file that exists and,
    with a #fragment, a heading of that file."""
    text = doc.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    links = re.findall(r"\]\(([^)\s]+)\)", prose)
    assert links, doc
    for link in links:
        if re.match(r"[a-z]+:", link):
            continue
        path, _, fragment = link.partition("#")
        target = (doc.parent / path).resolve() if path else doc
        assert target.exists(), (doc.name, link)
        if fragment:
            assert fragment in set(_anchors(target.read_text(encoding="utf-8"))), (doc.name, link)


def test_the_wheel_lists_every_package_and_ships_the_sql():
    """pyproject.toml lists the packages by hand (the SQL files ship as `broadsheet_sql`, mapped
    from sql/): a new folder of code or SQL must be listed, or an installed wheel lacks it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    code = {
        ".".join(p.relative_to(ROOT).parts[:-1])
        for p in (ROOT / "flows").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    sql = {"broadsheet_sql"} | {
        "broadsheet_sql." + d.name for d in (ROOT / "sql").iterdir() if d.is_dir()
    }
    assert listed == code | sql
    assert config["setuptools"]["package-dir"] == {"broadsheet_sql": "sql"}
