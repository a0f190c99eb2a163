"""Under ``serve`` the hook keeps the work of unchanged pages between rebuilds (Markdown converted,
search entries, the theme's file list). The judge: after edits, the site ``serve`` would show is
byte for byte the site a fresh build makes from the same inputs."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest

from miniproject import ROOT, copy_real_project

BUILD = """
import sys
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
project, site, mode, edits = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
def config():
    c = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
    c.site_url = "http://127.0.0.1:8000/"
    return c
first = config()
first.plugins.on_startup(command=mode, dirty=False)
build(first, serve_url="http://127.0.0.1:8000/")
actors = project / "annotations" / "actors.yml"
raw = actors.read_text(encoding="utf-8")
line = raw.index("\\n", raw.index("- text: ", raw.index("summary:"))) + 1  # the first claim's text (a folded block)
at = line + len(raw[line:]) - len(raw[line:].lstrip(" "))
for i in range(edits):  # each rebuild as serve makes it: a new config, the same process
    actors.write_text(raw[:at] + f"Edited {i} times. " + raw[at:], encoding="utf-8")
    build(config(), serve_url="http://127.0.0.1:8000/")
"""


def _build(project: Path, site: Path, mode: str, edits: int) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200", PYTHONPATH=str(ROOT / "scripts"))
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(project), str(site), mode, str(edits)], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]


def _differences(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    return [rel for rel in files_a if not filecmp.cmp(a / rel, b / rel, shallow=False)]


@pytest.mark.slow
def test_rebuilds_under_serve_make_the_same_site_as_a_fresh_build(tmp_path: Path) -> None:
    served = copy_real_project(tmp_path / "served")
    fresh = copy_real_project(tmp_path / "fresh")
    _build(served, tmp_path / "served-site", "serve", edits=2)
    # The fresh build gets the inputs as they ended up.
    (fresh / "annotations" / "actors.yml").write_bytes((served / "annotations" / "actors.yml").read_bytes())
    _build(fresh, tmp_path / "fresh-site", "build", edits=0)
    assert _differences(tmp_path / "served-site", tmp_path / "fresh-site") == []
