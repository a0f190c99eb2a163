"""Output folders the generator owns, and the guard that keeps it out of every other folder.

Every command that replaces a folder (``build``'s ``site/``, ``emit``, ``export``, the stage for
engines without hooks) first asks ``claim(project, target)``. A target is the generator's to
replace only when it does not exist yet, is empty, or holds the marker file ``OWNER_MARK`` that
the generator writes into every folder it fills. Anything else (hand-written pages, the project
itself, a folder above it, a file) is refused with a message that says why and what to do, and
nothing is touched. The marker, not a guess from the folder's contents, decides: a folder of
someone else's files that merely looks like a site is still refused.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from pathlib import Path

OWNER_MARK = ".edition-output"
"""Name of the marker file in every folder the generator writes (and may later replace)."""

MARK_TEXT = (
    "This folder is written by the edition generator (python -m edition) and replaced on every build.\n"
    "Do not keep your own files here: they would be deleted with it.\n"
)

DIR_MODE = 0o755
FILE_MODE = 0o644
"""The usual modes of a published site, whatever the umask or the temporary folder's 0700."""


class OutputRefused(Exception):
    """The target folder is not the generator's to replace; ``str()`` is the message for the user."""


def claim(project: Path, target: Path, *, shown: str | None = None) -> Path:
    """The resolved ``target`` if the generator may replace it; else raise ``OutputRefused``.

    ``shown`` is how the user wrote the target (for the message); ``project`` is the project root.
    """
    name = shown or str(target)
    root = project.resolve()
    path = target.resolve()
    if path == root or root.is_relative_to(path):
        what = "the project folder" if path == root else "a folder above the project"
        raise OutputRefused(
            f"refusing to write the site into {name!r}: it is {what}, and the build would delete it; pick a new folder such as 'site'"
        )
    if not path.parent.is_dir():
        raise OutputRefused(f"cannot write {name!r}: its parent folder {str(path.parent)!r} does not exist; create it first")
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return path
    if not stat.S_ISDIR(mode):
        raise OutputRefused(
            f"refusing to replace {name!r}: it is a file, not a folder the generator wrote; move it away or pick another folder"
        )
    if (path / OWNER_MARK).is_file() or not any(path.iterdir()):
        return path
    raise OutputRefused(
        f"refusing to replace {name!r}: it holds files the generator did not write (no {OWNER_MARK} marker); "
        "move them away, or pick a new folder"
    )


def mark(folder: Path) -> None:
    """Write the owner marker and give the tree the usual modes (directories 755, files 644)."""
    (folder / OWNER_MARK).write_text(MARK_TEXT, encoding="utf-8")
    for dirpath, _dirs, files in os.walk(folder):
        base = Path(dirpath)
        base.chmod(DIR_MODE)
        for file in files:
            if not (base / file).is_symlink():
                (base / file).chmod(FILE_MODE)


STAGING_PREFIX = ".{name}.build."
"""Temporary folders are ``.<target>.build.<pid>.<random>``, beside the target."""


def staging_path(target: Path) -> Path:
    """A fresh name for a temporary folder beside ``target`` (not yet made: the caller keeps the
    name before ``mkdir``, so a signal arriving in between cannot leave a folder nobody knows)."""
    return target.parent / (STAGING_PREFIX.format(name=target.name) + f"{os.getpid()}.{secrets.token_hex(4)}")


def make_staging(staging: Path) -> None:
    """Make the temporary folder ``staging_path`` named (private until ``mark`` opens it up)."""
    staging.mkdir(mode=0o700)


def sweep(target: Path) -> list[Path]:
    """Delete temporary folders that builds of ``target`` killed before they could clean up.

    A folder is left alone while the process named in it runs (a concurrent build); the removed
    folders are returned.
    """
    removed = []
    prefix = STAGING_PREFIX.format(name=target.name)
    for entry in sorted(target.parent.glob(prefix + "*")):
        pid_text = entry.name[len(prefix) :].split(".", 1)[0]
        if not pid_text.isdigit() or not entry.is_dir() or entry.is_symlink() or _alive(int(pid_text)):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    old = target.with_name(f".{target.name}.old")
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
