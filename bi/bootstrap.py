"""Prepare the local Superset of `make bi`: metadata database, admin, catalog and dashboard.

Run with the BI virtualenv's Python (`.venv-bi/bin/python bi/bootstrap.py --catalog FILE`), with
SUPERSET_HOME and SUPERSET_CONFIG_PATH set (the Makefile sets both). Every step can run again: the
metadata database is upgraded in place, an existing admin is kept, and the bundle in
bi/dashboard/ overwrites what an earlier import made from it (Superset's asset import, which is
meant for assets kept under source control), so `make bi` always serves what the repository holds.

The bundle is Superset's export format kept unzipped, so that a diff shows what changed; it is
zipped here, with the catalog's absolute path written into the database URI (a relative path would
be resolved against the server's working directory), and the ZIP is left in SUPERSET_HOME so that
it can also be imported by hand (Dashboards > Import).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import zipfile
from importlib.metadata import version
from pathlib import Path

#: The bundle kept in the repository, beside this file.
BUNDLE_DIR = Path(__file__).resolve().parent / "dashboard"
#: Stands for the catalog's absolute path in databases/*.yaml.
CATALOG_PLACEHOLDER = "CATALOG_PATH"
#: The ZIP's top folder: Superset's importer drops the first path component of every member.
BUNDLE_ROOT = "broadsheet_dashboard"


def superset_cli(*args: str) -> None:
    """Run the `superset` command of the virtualenv this script runs in; stop on failure."""
    command = [str(Path(sys.executable).with_name("superset")), *args]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bootstrap: `superset {' '.join(args[:2])}` failed ({result.returncode})")


def build_bundle(bundle_dir: Path, catalog: Path, target: Path) -> list[str]:
    """Zip the YAML bundle into `target` with the catalog path filled in; return the members."""
    members = sorted(p for p in bundle_dir.rglob("*.yaml") if p.is_file())
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in members:
            text = path.read_text(encoding="utf-8")
            relative = path.relative_to(bundle_dir).as_posix()
            if relative.startswith("databases/"):
                text = text.replace(CATALOG_PLACEHOLDER, str(catalog))
            bundle.writestr(f"{BUNDLE_ROOT}/{relative}", text)
    return [p.relative_to(bundle_dir).as_posix() for p in members]


def import_bundle(bundle: Path, username: str) -> dict[str, int]:
    """Import the bundle as `username` and refresh the datasets' columns from the catalog.

    Returns each dataset's number of columns after the refresh. A column the bundle names that the
    catalog no longer has is printed, so that a renamed mart column shows at once.
    """
    # Superset's modules read their configuration at import time: import them only here.
    import yaml
    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import db, security_manager
        from superset.commands.importers.v1.assets import ImportAssetsCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle
        from superset.connectors.sqla.models import SqlaTable
        from superset.utils.core import override_user

        user = security_manager.find_user(username=username)
        if user is None:
            raise SystemExit(f"bootstrap: no Superset user {username!r}")
        with zipfile.ZipFile(bundle) as archive:
            contents = get_contents_from_bundle(archive)
        with override_user(user):
            ImportAssetsCommand(contents).run()
        dataset_uuids = {
            str(yaml.safe_load(text)["uuid"])
            for name, text in contents.items()
            if name.startswith("datasets/")
        }
        columns: dict[str, int] = {}
        datasets = db.session.query(SqlaTable).all()
        for dataset in datasets:
            if str(dataset.uuid) not in dataset_uuids:
                continue
            # The bundle lists only the columns its charts use; the refresh adds the others with
            # the descriptions the catalog declares (COMMENT ON COLUMN).
            result = dataset.fetch_metadata()
            if result.removed:
                print(f"  {dataset.table_name}: columns gone from the catalog: {result.removed}")
            columns[dataset.table_name] = len(dataset.columns)
        db.session.commit()
        return columns


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", type=Path, required=True, help="the catalog file to register")
    parser.add_argument("--bundle", type=Path, default=BUNDLE_DIR, help="the unzipped bundle")
    parser.add_argument("--username", default=os.environ.get("BI_USER", "admin"))
    parser.add_argument("--password", default=os.environ.get("BI_PASSWORD", "admin"))
    args = parser.parse_args(argv)

    home = os.environ.get("SUPERSET_HOME")
    if not home or not os.environ.get("SUPERSET_CONFIG_PATH"):
        parser.error("set SUPERSET_HOME and SUPERSET_CONFIG_PATH (make bi does)")
    catalog = args.catalog.resolve()
    if not catalog.is_file():
        parser.error(f"no catalog at {catalog}: write one with `broadsheet catalog`")

    print(f"bootstrap: Superset home {home}")
    # The metadata database, the admin and Superset's roles, once per Superset version and user
    # (about 40 s: three commands that each load Superset): the stamp records what was done.
    stamp = Path(home) / ".bootstrapped"
    done = f"apache-superset {version('apache-superset')}, user {args.username}\n"
    metadata = Path(home) / "superset.db"
    if not (metadata.is_file() and stamp.is_file() and stamp.read_text() == done):
        superset_cli("db", "upgrade")
        superset_cli(
            "fab", "create-admin", "--username", args.username, "--password", args.password,
            "--firstname", "Local", "--lastname", "Admin", "--email", f"{args.username}@localhost",
        )  # fmt: skip
        superset_cli("init")
        stamp.write_text(done)
    bundle = Path(home) / "broadsheet-dashboard.zip"
    members = build_bundle(args.bundle, catalog, bundle)
    columns = import_bundle(bundle, args.username)
    print(f"bootstrap: imported {len(members)} files ({bundle}), catalog {catalog}")
    print("bootstrap: datasets " + ", ".join(f"{k} ({v} columns)" for k, v in columns.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
