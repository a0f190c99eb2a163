"""Small whole projects for tests: the mini project in ``tests/fixtures/mini`` overlaid with a case.

A case folder (``tests/fixtures/bad/<case>/``, ``tests/fixtures/hostile/<case>/``) holds only the
files that differ from the mini project, at the same relative paths; they replace the mini ones.
Three files steer the overlay instead of being copied:

- ``expected.txt``: what the case must produce (read by the tests, never copied);
- ``delete.txt``: project paths to remove, one a line (e.g. ``texts/mini.txt``);
- ``pad.txt``: ``<path> <bytes>``: pad that file with YAML comment lines up to that size (so an
  over-size file need not be committed).

The copy's ``mkdocs.yml`` gets the absolute path of the real hook, since the relative one only
works from ``tests/fixtures/mini``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI = FIXTURES / "mini"
HOOK_IN_MINI = "../../../scripts/mkdocs_hook.py"
CONTROL_FILES = {"expected.txt", "delete.txt", "pad.txt"}


def cases(kind: str) -> list[Path]:
    """The case folders under ``tests/fixtures/<kind>/``, sorted by name."""
    return sorted(p for p in (FIXTURES / kind).iterdir() if p.is_dir())


def make_project(target: Path, case: Path | None = None) -> Path:
    """Copy the mini project to ``target``, overlay ``case``, and return ``target``."""
    shutil.copytree(MINI, target)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert HOOK_IN_MINI in text, "tests/fixtures/mini/mkdocs.yml must name the hook as " + HOOK_IN_MINI
    config.write_text(text.replace(HOOK_IN_MINI, (ROOT / "scripts" / "mkdocs_hook.py").as_posix()), encoding="utf-8")
    if case is None:
        return target
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_file() and rel.as_posix() not in CONTROL_FILES:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / rel)
    if (case / "delete.txt").is_file():
        for line in (case / "delete.txt").read_text(encoding="utf-8").split():
            (target / line).unlink()
    if (case / "pad.txt").is_file():
        rel_path, size = (case / "pad.txt").read_text(encoding="utf-8").split()
        padded = target / rel_path
        data = padded.read_bytes()
        line = b"# padding to test the size cap\n"
        padded.write_bytes(data + line * (max(0, int(size) - len(data)) // len(line) + 1))
    return target


def expected_lines(case: Path) -> list[str]:
    """The message lines a case must produce."""
    return [line for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines() if line.strip()]


def run_edition(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m edition <args> --root <project>``, run inside ``project``; the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1254355200", PYTHONPATH=str(ROOT / "scripts"))
    command = [sys.executable, "-m", "edition", *args, "--root", str(project)]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)


def copy_real_project(target: Path) -> Path:
    """A copy of the real project's inputs; ``scripts`` is linked, so the hook and generator are the real ones."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "overrides", "texts", "annotations"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "scripts").symlink_to(ROOT / "scripts", target_is_directory=True)
    return target
