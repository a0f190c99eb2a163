"""Command line: ``python -m edition check | find QUOTE | emit DIR | export DIR | stage [DIR] | build | serve | schemas``.

A thin adapter over ``pipeline``: user errors print as ``path:line:col: message`` lines and exit
1, never as tracebacks. ``build`` runs ``mkdocs build --strict`` into a temporary folder and swaps
it in only on success, so a failed or interrupted build leaves the previous ``site/`` intact.
``--engine zensical`` (``build``, ``serve``) builds the same site from the stage with Zensical.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import click

from . import address, jsonschema_export, outdir, pipeline, quotes, stage, zensical_engine
from .link import closest_passage
from .problems import EditionError, format_problems


def _root(path: str) -> Path:
    return Path(path).resolve()


@click.group()
def main() -> None:
    """The edition generator."""


@main.command()
@click.option("--root", default=".", show_default=True, help="Project folder (holding texts/ and annotations/).")
def check(root: str) -> None:
    """Validate texts and annotations without building the site."""
    started = time.perf_counter()
    try:
        edition, problems = pipeline.check(_root(root))
    except EditionError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    if problems:
        click.echo(format_problems(problems), err=True)
    counts: dict[str, int] = {}
    for kind, _ in edition.anchors:
        counts[kind] = counts.get(kind, 0) + 1
    linked = sum(1 for m in edition.mentions if m.linked)
    report = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    click.echo(
        f"ok: {len(edition.documents)} document(s), {sum(len(d.text.paragraphs) for d in edition.documents)} paragraphs, "
        f"{len(edition.actors)} actors, {len(edition.programs)} programs, {len(edition.sources)} sources"
    )
    click.echo(f"anchors resolved: {report or 'none'}; mentions: {len(edition.mentions)} ({linked} linked)")
    click.echo(f"checked in {time.perf_counter() - started:.2f} s")
    if problems:
        sys.exit(1)


@main.command()
@click.argument("quote")
@click.option("--root", default=".", show_default=True)
def find(quote: str, root: str) -> None:
    """Where QUOTE stands in the texts, and the YAML anchor that picks each place."""
    edition, _ = pipeline.resolve(_root(root))  # the texts are enough: annotation errors do not matter here
    documents = [d.text for d in edition.documents]
    if len(quote) < 2:
        click.echo("give at least two characters of the text to find", err=True)
        sys.exit(2)
    found = quotes.places(quote, documents)
    if not found:
        click.echo(f"{quote!r} is not in the corrected text of {', '.join(d.id for d in documents) or 'any document'}", err=True)
        for doc in documents:
            click.echo(f"closest passage in {doc.id}: {closest_passage(quote, doc)}", err=True)
        sys.exit(1)
    times = "once" if len(found) == 1 else f"{len(found)} times"
    click.echo(f"{quote!r} occurs {times}; paste the anchor under the note, question or funding figure:")
    for place in found:
        click.echo(f"\n{place.document} ¶{place.paragraph} (section {place.section}): {quotes.context_line(place, quote)}")
        if not place.unique:
            click.echo("  the same words stand around another place: quote a longer passage to pick this one")
            continue
        click.echo(quotes.anchor_yaml(place, quote))


def _claim(project: Path, target: Path, shown: str) -> Path:
    """The target folder, if the generator may replace it; otherwise the reason, and exit 1."""
    try:
        return outdir.claim(project, target, shown=shown)
    except outdir.OutputRefused as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def _write_tree(target: Path, files: dict[str, bytes]) -> None:
    """Write into a fresh temporary folder, then move it into place: nothing half-written.

    ``target`` must have passed ``outdir.claim``."""
    outdir.sweep(target)
    staging = outdir.staging_path(target)
    try:
        outdir.make_staging(staging)
        for rel, data in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        outdir.mark(staging)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # no such call in this C library
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``. Where the system can exchange two folders at once there
    is no moment without ``target``; elsewhere there is a short one between two renames."""
    if target.is_dir() and _exchange(new, target):
        shutil.rmtree(new)  # now the previous output
        return
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def _output(root: str) -> pipeline.Output:
    """The generator's output for ``emit`` and ``export``, at the public address the MkDocs build
    uses (``EDITION_SITE_URL``, else ``site_url`` in ``mkdocs.yml``: ``edition.address``)."""
    project = _root(root)
    public, message, _ = address.public_address(zensical_engine.site_url(project), os.environ, serving=False)
    if message:
        click.echo(f"warning: {message}", err=True)
    try:
        return pipeline.build(project, public)
    except EditionError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@main.command()
@click.argument("directory")
@click.option("--root", default=".", show_default=True)
def emit(directory: str, root: str) -> None:
    """Write the generated Markdown pages into DIRECTORY (for inspection and golden tests)."""
    target = _claim(_root(root), Path(directory), directory)
    output = _output(root)
    _write_tree(target, {k: v.encode() for k, v in output.pages.items()})
    click.echo(f"wrote {len(output.pages)} pages to {directory}")


@main.command("export")
@click.argument("directory")
@click.option("--root", default=".", show_default=True)
def export_cmd(directory: str, root: str) -> None:
    """Write the data files into DIRECTORY."""
    target = _claim(_root(root), Path(directory), directory)
    output = _output(root)
    _write_tree(target, output.files)
    click.echo(f"wrote {len(output.files)} files to {directory}")


ENGINES = ("mkdocs", "zensical")
_engine_option = click.option("--engine", type=click.Choice(ENGINES), default="mkdocs", show_default=True, help="The site generator.")


@main.command("stage")
@click.argument("directory", default=str(stage.DEFAULT))
@click.option("--root", default=".", show_default=True)
def stage_cmd(directory: str, root: str) -> None:
    """Write the complete docs tree and its mkdocs.yml into DIRECTORY, for engines without hooks.

    Only changed files are rewritten; a folder holding files the generator did not write is refused."""
    project = _root(root)
    try:
        changes = zensical_engine.stage_project(project, project / directory, strict=False, shown=directory)
    except zensical_engine.BuildFailed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"staged {directory}: {len(changes.written)} written, {len(changes.removed)} removed, {changes.unchanged} unchanged")


@main.command()
@click.option("--root", default=".", show_default=True)
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
@_engine_option
def serve(root: str, dev_addr: str, engine: str) -> None:
    """Serve the live site, rebuilt on every edit of texts/, annotations/ or docs/."""
    project = _root(root)
    if engine == "mkdocs":
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--strict",
            "--dev-addr",
            dev_addr,
            "--config-file",
            str(project / "mkdocs.yml"),
        ]
        sys.exit(subprocess.run(command, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=False).returncode)
    try:
        sys.exit(zensical_engine.serve(project, project / stage.DEFAULT, dev_addr, say=lambda m: click.echo(m, err=True)))
    except zensical_engine.BuildFailed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


def _build_zensical(project: Path, target: Path, site_dir: str, env: dict[str, str]) -> None:
    """The Zensical build: stage, build inside the stage, swap its site into place on success."""
    try:
        built = zensical_engine.build(project, project / stage.DEFAULT, env)
    except zensical_engine.BuildFailed as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo(f"build failed; {site_dir}/ left as it was", err=True)
        sys.exit(1)
    outdir.mark(built)  # the generator's folder from now on: the next build may replace it
    _swap(built, target)
    click.echo(f"built {site_dir}/ with Zensical")


@main.command()
@click.option("--root", default=".", show_default=True)
@click.option("--site-dir", default="site", show_default=True)
@_engine_option
def build(root: str, site_dir: str, engine: str) -> None:
    """A strict build (``mkdocs build --strict``, or Zensical's from the stage) into a temporary
    folder, swapped into SITE_DIR only on success.

    Every MkDocs warning fails the build and is shown; a build stopped by Ctrl-C or SIGTERM
    removes its temporary folder, and folders left by killed builds are swept at the start."""
    project = _root(root)
    target = _claim(project, project / site_dir, site_dir)
    if engine == "zensical":
        _build_zensical(project, target, site_dir, dict(os.environ))
        return
    outdir.sweep(target)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if "SOURCE_DATE_EPOCH" not in env:
        env["SOURCE_DATE_EPOCH"] = _last_commit_time(project) or _newest_input_time(project)
    previous = signal.signal(signal.SIGTERM, _terminated)
    staging = outdir.staging_path(target)
    try:
        outdir.make_staging(staging)
        returncode, output = _mkdocs_build(project, staging, env)
        if returncode != 0:
            click.echo(output.rstrip(), err=True)
            click.echo(f"build failed; {site_dir}/ left as it was", err=True)
            sys.exit(returncode)
        outdir.mark(staging)
        _swap(staging, target)
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(staging, ignore_errors=True)
    click.echo(f"built {site_dir}/")


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends the build as Ctrl-C does, so ``finally`` removes the temporary folder."""
    raise SystemExit(128 + signum)


_QUIET_LINE = re.compile(r"^INFO\s+-\s+(Cleaning site directory|Building documentation to directory|Documentation built in)")
"""MkDocs' progress lines; they name the temporary folder, which means nothing to the user."""


def _mkdocs_build(project: Path, staging: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run ``mkdocs build --strict`` (never ``--quiet``: it drops warnings before strict mode can
    count them) and return its exit code and what it printed, progress lines left out."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(project / "mkdocs.yml"),
        "--site-dir",
        str(staging),
    ]
    result = subprocess.run(command, env=env, check=False, capture_output=True, text=True)
    lines = [line for line in ((result.stdout or "") + (result.stderr or "")).splitlines() if not _QUIET_LINE.match(line)]
    return result.returncode, "\n".join(lines)


@main.command()
@click.option("--root", default=".", show_default=True)
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a committed schema is stale.")
def schemas(root: str, check_only: bool) -> None:
    """Write schemas/<kind>.schema.json (the JSON Schemas editors' tools use) from the models."""
    folder = _root(root) / "schemas"
    stale = []
    for name, text in sorted(jsonschema_export.schemas().items()):
        path = folder / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check_only:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if check_only and stale:
        click.echo(f"stale: {', '.join(f'schemas/{n}' for n in stale)}; run `make schemas`", err=True)
        sys.exit(1)
    verb = "would write" if check_only else "wrote"
    click.echo(f"{verb} {len(stale)} schema(s) in schemas/" if stale else "schemas/ is up to date")


def _last_commit_time(project: Path) -> str | None:
    """``SOURCE_DATE_EPOCH`` from the last commit, so the sitemap's dates are reproducible;
    ``None`` where there is no history (an export without ``.git``, or no git at all)."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out if out.isdigit() and int(out) > 0 else None


INPUTS = ("mkdocs.yml", "texts", "annotations", "docs", "overrides")
"""What a build reads: the newest of them dates a build without history."""


def _newest_input_time(project: Path) -> str:
    """The newest modification time of the inputs: the same files give the same dates, and the
    sitemap never says 1970."""
    newest = 0
    for name in INPUTS:
        top = project / name
        paths = [top, *top.rglob("*")] if top.is_dir() else [top]
        for path in paths:
            try:
                newest = max(newest, int(path.stat().st_mtime))
            except OSError:  # vanished or dangling: it cannot date anything
                continue
    return str(newest or int(time.time()))
