"""The README stays true: every table, column, saved query and command it should name, it names."""

from __future__ import annotations

import re

import pytest

from flows.cli import build_parser
from flows.schema import TABLES, arrow_schema, columns, markdown_catalogue, table_doc
from flows.views import named_queries

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _catalogue_rows(table: str) -> list[str]:
    section = re.split(r"\n##", README.split(f"### `{table}`", 1)[1], maxsplit=1)[0]
    return re.findall(r"^\| (\w+) \|", section, flags=re.M)


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_and_column_is_in_the_catalogue(table):
    assert table_doc(table)
    assert _catalogue_rows(table)[1:] == columns(table)  # [0] is the header row's "column"
    assert len(arrow_schema(table)) == len(columns(table))


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
    assert markdown_catalogue() in README


def test_set_up_commands_up_front():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick_start and "make test" in quick_start


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
