"""End to end check of the dashboard (`make bi-test`): corpora -> catalog -> Superset -> screenshot.

Outside `make test`, like `make bench`: it needs .venv-bi (Superset, from PyPI) and Debian's
Chromium, and takes a few minutes. Run with .venv-bi's Python from the repository root:

1. a scratch warehouse under data/bi-test/: `make run` on seeds/, then one more run over a BBC
   sample, a sample of the HTML pages (they carry publication dates), seeds/ again (all skipped)
   and two inputs that must be rejected (an empty file and random bytes); then `broadsheet catalog`;
2. bi/bootstrap.py into a scratch Superset home, and `superset run` on 127.0.0.1:BI_TEST_PORT;
3. through Superset's REST API: the dashboard and its five charts exist, and each chart's data
   query (/api/v1/chart/<id>/data/) returns the rows the catalog holds, checked against the same
   question asked of the catalog directly; then a third run and a new catalog, which the next
   query reads without a restart;
4. headless Chromium (Debian's, driven by Playwright) logs in, waits until every chart has drawn,
   finds no chart error and no request that left the machine, and saves the screenshot.

Corpora missing from ../shared are skipped with the reason printed; seeds/ alone still runs. Ends
with one line `N passed, N failed` and exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
BI_BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
#: Chromium without anything that calls home: no background updates, sync or QUIC probing.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHARTS = {
    "Who is quoted most, and on what",
    "Entity mentions over time",
    "Numbers by what they count",
    "Places on a map",
    "Runs and rejects",
}
USER, PASSWORD = "admin", "admin"
#: What a drawn chart holds: a table with rows, a world map's country shapes, an ECharts canvas.
DRAWN = "table tbody tr, svg path.datamaps-subunit, canvas"
#: What Superset shows instead of a chart: an error alert, its tooltip, or "No results".
TROUBLE = "[role=alert], .ant-alert-error, [data-test=error-tooltip], [data-test=empty-state]"


class Checks:
    """Named checks with their outcome, printed as they run."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed: list[str] = []

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail else ""))
        if ok:
            self.passed += 1
        else:
            self.failed.append(name)
        return ok


def step(message: str) -> None:
    print(f"== {message}", flush=True)


def run(command: list[str], log: Path, env: dict[str, str] | None = None) -> None:
    """Run a command with its output in `log`; stop with the log's tail when it fails."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        result = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    if result.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n" + "\n".join(tail))


def samples(shared: Path) -> list[str]:
    """The BBC and HTML samples: every input in sorted order, spread over the corpus."""
    inputs: list[str] = []
    bbc = shared / "corpora" / "bbc"
    if bbc.is_dir():
        for topic in sorted(p for p in bbc.iterdir() if p.is_dir()):
            inputs += [str(p) for p in sorted(topic.glob("*.txt"))[:12]]
    else:
        print(f"  skipped: BBC sample ({bbc} absent)")
    html = shared / "corpora" / "html"
    if html.is_dir():
        inputs += [str(p) for p in sorted(html.glob("*.html*"))[::9]]
    else:
        print(f"  skipped: HTML sample ({html} absent)")
    return inputs


def build_catalog(scratch: Path, shared: Path) -> Path:
    warehouse = scratch / "warehouse"
    log = scratch / "pipeline.log"
    step(f"make run on seeds/ into {warehouse}")
    run(["make", "--no-print-directory", "run", f"WAREHOUSE={warehouse}"], log)
    rejected = scratch / "to-reject"
    rejected.mkdir()
    (rejected / "empty.txt").write_text("")
    (rejected / "noise.txt").write_bytes(bytes(range(256)) * 8)
    inputs = samples(shared)
    step(f"broadsheet run: {len(inputs)} sample inputs, seeds/ again, 2 inputs to reject")
    run([str(BIN / "broadsheet"), "run", *inputs, "seeds", str(rejected), "--warehouse",
         str(warehouse), "--quiet"], log)  # fmt: skip
    catalog = scratch / "warehouse.duckdb"
    run([str(BIN / "broadsheet"), "catalog", "--warehouse", str(warehouse)], log)
    return catalog


def free_port(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


class Api:
    """Superset's REST API as the admin user (a JWT from /api/v1/security/login)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.token = ""
        self.token = self.call("/api/v1/security/login", {
            "username": USER, "password": PASSWORD, "provider": "db", "refresh": False,
        })["access_token"]  # fmt: skip

    def call(self, path: str, body: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data = None
        if body is not None:  # a GET must carry no JSON content type: Flask would parse nothing
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.load(response)


def start_superset(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [str(BI_BIN / "superset"), "run", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("ab") as out:
        server = subprocess.Popen(
            [*command, "--with-threads"], stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"superset run exited ({server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                if r.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    server.terminate()
    raise SystemExit(f"superset did not answer on port {port} within 180 s; see {log}")


def expected_from_catalog(catalog: Path) -> dict[str, Callable[[list[dict[str, Any]]], bool]]:
    """Per chart: what its rows must be, from the same question asked of the catalog directly."""
    con = duckdb.connect(str(catalog), read_only=True)
    try:

        def one(sql: str) -> Any:
            row = con.execute(sql).fetchone()
            return row[0] if row else None

        named = "from speakers where speaker_name is not null"
        speakers = one(f"select count(*) {named}")
        top_statements = one(f"select max(n_statements) {named}")
        top_entities = {
            name
            for (name,) in con.execute(
                "select canonical_name from mentions_daily group by all"
                " order by sum(n_mentions) desc limit 8"
            ).fetchall()
        }
        objects = one("select count(distinct counted_object) from counted_objects")
        top_object = one(
            "select sum(n_numbers) from counted_objects where counted_object is not null"
            " group by counted_object order by 1 desc limit 1"
        )
        countries = one("select count(distinct country_code) from places")
        place_mentions = one("select sum(n_mentions) from places where country_code is not null")
        runs = one("select count(*) from runs")
        rejects = one("select count(*) from rejects")
    finally:
        con.close()
    return {
        "Who is quoted most, and on what": lambda rows: (
            len(rows) == speakers and rows[0]["n_quotes"] + rows[0]["n_reported"] == top_statements
        ),
        "Entity mentions over time": lambda rows: (
            {r["canonical_name"] for r in rows} <= top_entities
            and len({r["canonical_name"] for r in rows}) == min(8, len(top_entities))
        ),
        "Numbers by what they count": lambda rows: (
            len(rows) == min(15, objects) and rows[0]["numbers"] == top_object
        ),
        "Places on a map": lambda rows: (
            len(rows) == countries and sum(r["mentions"] for r in rows) == place_mentions
        ),
        "Runs and rejects": lambda rows: (
            len(rows) == runs and sum(r["rejected"] for r in rows) == rejects == 2
        ),
    }


def check_api(checks: Checks, base: str, catalog: Path) -> None:
    step("Superset REST API: the dashboard, its charts and their data")
    api = Api(base)
    dashboard = api.call("/api/v1/dashboard/broadsheet")["result"]
    checks.check("dashboard 'broadsheet' exists", dashboard["dashboard_title"] == "broadsheet")
    charts = api.call(f"/api/v1/dashboard/{dashboard['id']}/charts")["result"]
    names = {c["slice_name"] for c in charts}
    checks.check("its five charts", names == CHARTS, f"{sorted(names)}")
    expected = expected_from_catalog(catalog)
    for chart in sorted(charts, key=lambda c: c["slice_name"]):
        name = chart["slice_name"]
        try:
            result = api.call(f"/api/v1/chart/{chart['id']}/data/")["result"][0]
        except urllib.error.HTTPError as exc:
            checks.check(f"data of '{name}'", False, f"HTTP {exc.code}: {exc.read()[:300]!r}")
            continue
        rows = result["data"]
        ok = bool(rows) and name in expected and expected[name](rows)
        checks.check(f"data of '{name}'", ok, f"{len(rows)} rows, first {rows[:1]}")


def check_refresh(checks: Checks, base: str, scratch: Path) -> None:
    """A catalog rewritten while Superset serves is what the next query reads: Superset opens a
    new DuckDB connection per query, and the catalog is replaced in one rename."""
    step("a third run (seeds/ again: all known) and a new catalog, Superset still running")
    warehouse, log = scratch / "warehouse", scratch / "pipeline.log"
    run([str(BIN / "broadsheet"), "run", "seeds", "--warehouse", str(warehouse), "--quiet"], log)
    run([str(BIN / "broadsheet"), "catalog", "--warehouse", str(warehouse)], log)
    api = Api(base)
    charts = api.call("/api/v1/dashboard/broadsheet/charts")["result"]
    chart_id = next(c["id"] for c in charts if c["slice_name"] == "Runs and rejects")
    rows = api.call(f"/api/v1/chart/{chart_id}/data/?force=true")["result"][0]["data"]
    last = max(rows, key=lambda r: r["run started"])
    checks.check(
        "the new catalog is read without a restart",
        len(rows) == 3 and last["already in the warehouse"] == 1 and last["new documents"] == 0,
        f"{len(rows)} runs, the last {last}",
    )


def screenshot(checks: Checks, base: str, target: Path) -> None:
    """Log in with Chromium, wait for every chart to draw, check for errors, save the PNG."""
    from playwright.sync_api import sync_playwright

    step(f"Chromium: the dashboard, screenshot to {target}")
    sent_out: list[str] = []  # requests that reached another host (the CSP blocks them first)
    blocked: list[str] = []
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="bi-chromium-") as profile:
        browser = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1500, "height": 1200},
        )
        try:
            page = browser.new_page()
            local = ("http://127.0.0.1", "data:", "blob:")
            page.on(
                "response",
                lambda r: None if r.url.startswith(local) else sent_out.append(r.url),
            )
            page.on(
                "requestfailed",
                lambda r: None if r.url.startswith(local) else blocked.append(r.url),
            )
            page.goto(f"{base}/login/")
            page.wait_for_selector("input#username")
            page.fill("input#username", USER)
            page.fill("input#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/superset/welcome/**")
            page.goto(f"{base}/superset/dashboard/broadsheet/?standalone=1")
            # Drawn: a table with rows, an SVG map with country shapes, or an ECharts canvas.
            page.wait_for_function(
                """([drawn]) => {
                    const charts = [...document.querySelectorAll('[data-test-chart-id]')];
                    const busy = document.querySelector('[data-test="loading-indicator"]');
                    return charts.length === 5 && !busy
                        && charts.every(chart => chart.querySelector(drawn));
                }""",
                arg=[DRAWN],
                timeout=120_000,
            )
            time.sleep(2)  # ECharts animates its bars in for about a second
            for chart in page.query_selector_all("[data-test-chart-id]"):
                name = chart.query_selector("[data-test=editable-title]")
                title = name.inner_text() if name else chart.get_attribute("data-test-chart-id")
                trouble = [t.inner_text()[:200] for t in chart.query_selector_all(TROUBLE)]
                checks.check(f"'{title}' drawn, no error", not trouble, " | ".join(trouble))
            target.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target), full_page=True)
        finally:
            browser.close()
    checks.check("no request left the machine", not sent_out, f"{sent_out}")
    print(f"  (blocked by the content security policy: {sorted(set(blocked)) or 'nothing'})")
    checks.check("screenshot written", target.is_file() and target.stat().st_size > 50_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--scratch", type=Path, default=ROOT / "data" / "bi-test")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BI_TEST_PORT", "8089")))
    parser.add_argument("--screenshot", type=Path, default=ROOT / "docs" / "img" / "dashboard.png")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"needs Debian's Chromium at {CHROMIUM}: apt-get install -y chromium")
    if not free_port(args.port):
        raise SystemExit(f"port {args.port} is taken: BI_TEST_PORT=N make bi-test")

    started = time.monotonic()
    shutil.rmtree(args.scratch, ignore_errors=True)
    args.scratch.mkdir(parents=True)
    catalog = build_catalog(args.scratch, args.shared)

    home = args.scratch / "superset"
    home.mkdir()
    env = {
        **os.environ,
        "SUPERSET_HOME": str(home),
        "SUPERSET_CONFIG_PATH": str(ROOT / "bi" / "superset_config.py"),
        "FLASK_APP": "superset",
    }
    log = args.scratch / "superset.log"
    step(f"bi/bootstrap.py into {home}")
    run([sys.executable, str(ROOT / "bi" / "bootstrap.py"), "--catalog", str(catalog)], log, env)
    step(f"superset run on 127.0.0.1:{args.port}")
    server = start_superset(env, args.port, log)
    checks = Checks()
    base = f"http://127.0.0.1:{args.port}"
    try:
        check_api(checks, base, catalog)
        check_refresh(checks, base, args.scratch)
        screenshot(checks, base, args.screenshot)
    finally:
        server.terminate()  # SIGTERM: a SIGINT is ignored by a server started in the background
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(f"bi-test: {time.monotonic() - started:.0f} s; logs in {args.scratch}")
    print(f"{checks.passed} passed, {len(checks.failed)} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
