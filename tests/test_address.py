"""The public address: a placeholder build says so, a deployment sets it, serve never cites itself."""

from __future__ import annotations

import html
import importlib.util
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from edition import address
from miniproject import make_project

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = "https://road-ahead.example.org/"


def test_placeholder_is_a_warning_naming_both_settings() -> None:
    url, message, is_warning = address.public_address(PLACEHOLDER, {}, serving=False)
    assert url == PLACEHOLDER and is_warning
    assert message is not None and "site_url in mkdocs.yml is the placeholder" in message and "EDITION_SITE_URL=" in message


def test_the_environment_sets_the_address_for_a_deployment() -> None:
    assert address.public_address(PLACEHOLDER, {"EDITION_SITE_URL": "https://edition.example.net/road"}, serving=False) == (
        "https://edition.example.net/road/",
        None,
        False,
    )
    assert address.public_address("https://road-ahead.org/", {}, serving=False) == ("https://road-ahead.org/", None, False)


def test_placeholder_under_serve_is_only_mentioned() -> None:
    _, message, is_warning = address.public_address(PLACEHOLDER, {}, serving=True)
    assert message and not is_warning


def _hook() -> object:
    spec = importlib.util.spec_from_file_location("edition_hook_under_test", ROOT / "scripts" / "mkdocs_hook.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the hook defines dataclasses, which look their module up
    spec.loader.exec_module(module)
    return module


def test_serve_cites_the_public_address_not_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    config.site_url = "http://127.0.0.1:8000/"  # what `mkdocs serve` puts there (mkdocs/commands/serve.py)
    monkeypatch.delenv("EDITION_SITE_URL", raising=False)
    with caplog.at_level(logging.INFO):
        public = _hook()._public_address(config)  # type: ignore[attr-defined]
    assert public == config_file_site_url(project)
    assert "127.0.0.1" not in public
    assert all(r.levelno < logging.WARNING for r in caplog.records)  # a preview: mentioned, not fatal


def config_file_site_url(project: Path) -> str:
    import yaml

    return str(yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])


@pytest.mark.slow
def test_a_strict_build_with_the_placeholder_fails_and_says_why(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if k != "EDITION_SITE_URL"}
    env.update(NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "site_url in mkdocs.yml is the placeholder" in result.stderr and "EDITION_SITE_URL=" in result.stderr


@pytest.mark.slow
def test_zensical_cites_the_deployment_address_and_refuses_the_placeholder(tmp_path: Path) -> None:
    """The second engine reads the public address as the first does: ``EDITION_SITE_URL`` wins
    (in the pages' citations, the data files and the sitemap), and a strict build with the
    placeholder fails naming the setting."""
    project = make_project(tmp_path / "p")
    env = {k: v for k, v in os.environ.items() if k != "EDITION_SITE_URL"}
    env.update(PYTHONPATH=str(ROOT / "scripts"))
    command = [sys.executable, "-m", "edition", "build", "--engine", "zensical", "--root", str(project), "--site-dir", "site"]
    refused = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert refused.returncode != 0
    assert "site_url in mkdocs.yml is the placeholder" in refused.stderr and "EDITION_SITE_URL=" in refused.stderr
    deployed = "https://edition.example.net/road/"
    built = subprocess.run(command, cwd=project, env=dict(env, EDITION_SITE_URL=deployed), capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    # As a reader's browser (or Zotero) reads them: Zensical writes "/" in attributes as "&#x2f;".
    pages = [html.unescape(p.read_text(encoding="utf-8")) for p in (project / "site").rglob("*.html")]
    section = html.unescape((project / "site" / "mini" / "introduction" / "index.html").read_text(encoding="utf-8"))
    assert f"{deployed}mini/introduction/" in section  # its citation, in the cite box
    assert not any("mini.example.org" in p or "road-ahead.example.org" in p for p in pages)
    assert f'"URL": "{deployed}mini/' in (project / "site" / "data" / "mini.csl.json").read_text(encoding="utf-8")
    assert deployed in (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
