"""An installed wheel works outside the checkout: the SQL library travels with the package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


def _pip(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_an_installed_wheel_finds_its_sql_outside_the_checkout(tmp_path: Path) -> None:
    """Build the wheel offline (the dev extra's setuptools), install it alone into a folder of
    its own and, from a directory outside the checkout, list the saved queries:
    `pip install .` once shipped flows/ without sql/."""
    pytest.importorskip("setuptools", minversion="77")
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    _pip(
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(wheels),
        str(ROOT),
        cwd=tmp_path,
    )
    wheel = next(wheels.glob("broadsheet-*.whl"))
    _pip("install", "--no-deps", "-q", "--target", str(site), str(wheel), cwd=tmp_path)
    # The installed copy comes first; its dependencies come from this environment.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = (
        "import flows.views as v, sys; "
        "print(v.SQL_DIR); sys.argv = ['broadsheet', 'sql', '--list']; "
        "from flows.cli import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    sql_dir, *listed = done.stdout.splitlines()
    assert Path(sql_dir).is_relative_to(site), sql_dir
    assert any("top_entities" in line for line in listed), done.stdout
