"""The stage: the complete docs tree, for engines that take pages as files (Zensical has no hooks).

``files(root, output)`` is the whole tree as bytes: the hand-written pages and assets of ``docs/``,
the generated pages, data files and pictures, the theme override (``overrides/``, less the files
the engine's own theme makes unnecessary) and ``mkdocs.yml``, the project's configuration with the
nav added and the hook and ``watch:`` taken out. ``write(target, files)`` puts it into a
folder the generator owns (``.build/stage/`` by default):

- only files whose bytes changed are rewritten (each by an atomic rename), so an engine that
  rebuilds what changed on disk (Zensical's differential build) rebuilds only those pages;
- it deletes only files that it wrote itself (listed in its manifest, ``MANIFEST``) and no longer
  produces; nothing else in the folder is ever deleted or overwritten;
- a folder holding anything the generator did not write there (hand-written pages, the project
  itself) is refused with ``StageRefused`` before anything is touched.
The engine may keep its own work folders, ``ENGINE_FOLDERS``, inside the stage (the config the
stage writes points it there). Nothing here imports an engine.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .pipeline import Output

MANIFEST = ".edition-stage.json"
"""The list of files the generator wrote into the stage, so that it never touches others."""

CONFIG = "mkdocs.yml"
DOCS = "docs"
OVERRIDES = "overrides"
SITE = "site"
ENGINE_FOLDERS = (".cache", SITE)
"""What the engine itself writes inside the stage (its cache and, for ``serve``, its site)."""

DEFAULT = Path(".build") / "stage"


class StageRefused(Exception):
    """The target is not the generator's to write into; ``str()`` is the message for the user."""


@dataclass(frozen=True)
class Changes:
    """What one ``write`` did."""

    written: tuple[str, ...]
    """Paths (relative to the stage) whose bytes were new or changed."""
    removed: tuple[str, ...]
    """Paths the generator had written before and no longer produces."""
    unchanged: int
    """How many files already held exactly these bytes."""


def _read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but hidden ones (as MkDocs skips them), by relative path."""
    tree: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            tree[path.relative_to(folder).as_posix()] = path.read_bytes()
    return tree


def files(
    root: Path,
    output: Output,
    skip_overrides: tuple[str, ...] = (),
    theme_defaults: dict[str, str] | None = None,
    *,
    site_url: str | None = None,
) -> dict[str, bytes]:
    """The whole stage for ``output``: config, docs tree and theme override, by path relative to
    the stage. ``skip_overrides``: override files the engine does not need (its theme has the fix);
    ``theme_defaults``: theme settings for the engine where ``mkdocs.yml`` sets none; ``site_url``:
    the public address the pages cite, for the engine's sitemap and canonical links too."""
    tree = _read_tree(root / DOCS)
    clashes = sorted(set(tree) & (set(output.pages) | set(output.files)))
    if clashes:
        raise StageRefused(f"docs/{clashes[0]}: a hand-written file has the path of a generated page; rename it")
    tree.update({path: text.encode() for path, text in output.pages.items()})
    tree.update(output.files)
    out = {f"{DOCS}/{path}": data for path, data in tree.items()}
    out |= {f"{OVERRIDES}/{path}": data for path, data in _read_tree(_custom_dir(root)).items() if path not in skip_overrides}
    out[CONFIG] = config(root, output, theme_defaults or {}, site_url)
    return out


def _settings(root: Path) -> dict[str, Any]:
    try:
        settings = yaml.safe_load((root / CONFIG).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise StageRefused(f"{CONFIG}: {exc}") from None
    return settings if isinstance(settings, dict) else {}


def _custom_dir(root: Path) -> Path:
    """The project's theme override folder (``theme.custom_dir``), or a path that is not there."""
    theme = _settings(root).get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return root / custom if isinstance(custom, str) and custom else root / OVERRIDES / ".none"


def config(root: Path, output: Output, theme_defaults: dict[str, str] | None = None, site_url: str | None = None) -> bytes:
    """``mkdocs.yml`` for the stage: the project's, plus the nav, minus what only a hook engine
    reads; its ``site_url`` the public address when one is given (``EDITION_SITE_URL``)."""
    settings = _settings(root)
    if site_url:
        settings["site_url"] = site_url
    settings.pop("hooks", None)  # the stage already holds what the hook would add
    settings.pop("watch", None)  # ``edition serve`` watches the inputs and re-stages
    settings["docs_dir"] = DOCS
    settings["site_dir"] = SITE
    theme = settings.get("theme")
    if isinstance(theme, dict):
        if theme.get("custom_dir"):
            theme["custom_dir"] = OVERRIDES  # staged beside docs/
        for key, value in (theme_defaults or {}).items():
            theme.setdefault(key, value)
    settings["nav"] = output.nav
    info = output.edition.info
    if info is not None:  # what the hook puts in ``config.extra`` for the footer's version line
        extra = settings.get("extra")
        settings["extra"] = {
            **(extra if isinstance(extra, dict) else {}),
            "edition": {"title": info.title, "version": info.current.version, "date": info.current.date},
        }
    header = "# Written by `python -m edition stage` from mkdocs.yml and the generated nav: edit those, not this.\n"
    return (header + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False, width=1000)).encode()


def write(target: Path, tree: dict[str, bytes], project: Path | None = None, shown: str | None = None) -> Changes:
    """Bring ``target`` to hold ``tree``, touching only what changed and only what it wrote.
    ``shown`` is the target as the user wrote it, for messages."""
    previous = claim(target, project, shown)
    target.mkdir(parents=True, exist_ok=True)
    # Listed before writing, so an interrupted write leaves no file the manifest does not know.
    _write_manifest(target, previous | set(tree))
    written, unchanged = [], 0
    for rel, data in sorted(tree.items()):
        path = target / rel
        if path.is_file() and path.read_bytes() == data:
            unchanged += 1
            continue
        _replace(path, data)
        written.append(rel)
    removed = sorted(previous - set(tree))
    for rel in removed:
        (target / rel).unlink(missing_ok=True)
        _prune_empty(target, (target / rel).parent)
    _write_manifest(target, set(tree))
    return Changes(tuple(written), tuple(removed), unchanged)


def claim(target: Path, project: Path | None = None, shown: str | None = None) -> set[str]:
    """The files the generator wrote into ``target`` before; ``StageRefused`` if it holds others."""
    shown = shown or str(target)
    path = target.resolve()
    if project is not None:
        root = project.resolve()
        if path == root or root.is_relative_to(path):
            raise StageRefused(
                f"refusing to stage into {shown!r}: it is the project folder or above it; use a folder of its own such as '.build/stage'"
            )
    if not path.exists():
        return set()
    if not path.is_dir():
        raise StageRefused(f"refusing to stage into {shown!r}: it is a file; move it away or pick another folder")
    manifest = path / MANIFEST
    owned: set[str] = set()
    if manifest.is_file():
        try:
            owned = set(json.loads(manifest.read_text(encoding="utf-8"))["files"])
        except (ValueError, KeyError, TypeError):
            raise StageRefused(f"{shown}/{MANIFEST}: not a stage manifest; delete the folder {shown!r} if it is yours") from None
    foreign = sorted(rel for rel in _files(path) if rel not in owned)
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise StageRefused(
            f"refusing to stage into {shown!r}: it holds files the generator did not write ({foreign[0]!r}{more}); "
            "move them away, or pick an empty or new folder"
        )
    return owned


def _files(folder: Path) -> list[str]:
    """Every file (or link) under ``folder`` except the manifest and the engine's own folders."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        if here == folder:
            dirnames[:] = [d for d in dirnames if d not in ENGINE_FOLDERS]
        out += [(here / name).relative_to(folder).as_posix() for name in filenames]
        out += [(here / d).relative_to(folder).as_posix() for d in dirnames if (here / d).is_symlink()]
    # A temporary file of an interrupted ``_replace`` is the generator's own: not a reason to refuse.
    return sorted(rel for rel in out if rel != MANIFEST and not _is_temporary(rel))


def _is_temporary(rel: str) -> bool:
    name = posixpath.basename(rel)
    return name.startswith(".") and name.endswith(".tmp")


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` by renaming a finished temporary file over it: a watcher never reads half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


def _write_manifest(target: Path, paths: set[str]) -> None:
    _replace(target / MANIFEST, (json.dumps({"files": sorted(paths)}, indent=1) + "\n").encode())


def _prune_empty(target: Path, folder: Path) -> None:
    """Remove folders left empty by a removal, up to the stage itself."""
    while folder != target and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
