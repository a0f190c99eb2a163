"""Valid HTML: every built page passes the Nu HTML Checker, but for the theme's own errors.

The checker is the W3C's (npm package ``vnu-jar``, pinned with its integrity hash in
``package-lock.json``, installed by ``npm ci``), run with the Java runtime. One run checks the
whole built site and the stock Material pages of ``tests/fixtures/stock-material/``: an error on
the site passes only if ``tests/vnu-allowlist.yml`` allows it, and every allowed error must be one
the stock pages produce too, so the list cannot hide an error the project causes. Without Java or
the jar the test skips (``npm ci`` installs the jar); under CI it fails instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_build

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ALLOWLIST = ROOT / "tests" / "vnu-allowlist.yml"
STOCK = ROOT / "tests" / "fixtures" / "stock-material"


def _checker() -> list[str]:
    java = shutil.which("java")
    if java and VNU.is_file():
        return [java, "-jar", str(VNU)]
    message = "the Nu HTML Checker needs Java (apt-get install default-jre-headless) and `npm ci` (node_modules/vnu-jar)"
    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{message} (CI=true: a missing checker is a failure)", pytrace=False)
    pytest.skip(message)


def allowlist() -> list[tuple[re.Pattern[str], str]]:
    entries = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8"))
    assert all(set(e) == {"message", "reason"} and e["reason"].strip() for e in entries), "each entry needs a message and a reason"
    return [(re.compile(re.escape(e["message"])), e["reason"]) for e in entries]


def errors(*folders: Path) -> list[dict[str, object]]:
    """The checker's error messages for every HTML file under ``folders``."""
    run = subprocess.run(
        [*_checker(), "--errors-only", "--format", "json", "--skip-non-html", *map(str, folders)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages: list[dict[str, object]] = json.loads(run.stderr or run.stdout)["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


@pytest.fixture(scope="module")
def checked(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict[str, object]]]:
    stock = tmp_path_factory.mktemp("stock-material")
    built = mkdocs_build(STOCK, stock)
    assert built.returncode == 0, built.stderr[-2000:]
    return built_site, stock, errors(built_site, stock)


def where(m: dict[str, object], root: Path) -> str:
    path = str(m.get("url", "")).removeprefix("file:").removeprefix(str(root) + "/")
    return f"{path}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {m.get('message')}"


def test_every_page_is_valid_html_but_for_the_themes_own_errors(checked: tuple[Path, Path, list[dict[str, object]]]) -> None:
    site, _, messages = checked
    allowed = allowlist()
    ours = [m for m in messages if str(m.get("url", "")).startswith(f"file:{site}/")]
    assert ours or (site / "index.html").is_file()
    wrong = [where(m, site) for m in ours if not any(p.match(str(m.get("message", ""))) for p, _ in allowed)]
    assert wrong == [], f"{len(wrong)} errors the project causes:\n" + "\n".join(wrong[:40])


def test_every_allowed_error_is_one_stock_material_makes(checked: tuple[Path, Path, list[dict[str, object]]]) -> None:
    _, stock, messages = checked
    theirs = [str(m.get("message", "")) for m in messages if str(m.get("url", "")).startswith(f"file:{stock}/")]
    unused = [pattern.pattern for pattern, _ in allowlist() if not any(pattern.match(t) for t in theirs)]
    assert unused == [], "allowed errors that stock Material pages do not produce (remove them from tests/vnu-allowlist.yml)"
