"""MkDocs adapter: runs the generator and hands its pages and files to MkDocs, in memory.

- ``on_config``: build the edition (validation included). In ``mkdocs build`` problems stop the
  build with the located messages and no traceback; warnings go to the log (so ``--strict`` fails
  on them).
- ``on_files``: add every generated page and data file as a generated ``File`` (nothing is
  written into ``docs/``). Pages reached from the indexes rather than the nav are marked so, so
  MkDocs does not list them as "not included in the nav".
- ``on_post_page`` / ``on_post_build``: index the site for search (``edition.search_index``:
  Pagefind, into ``<site>/pagefind/``): the edition's records and the hand-written pages, after
  every build, ``serve``'s rebuilds included.
- The public address comes from ``edition.address``: ``EDITION_SITE_URL`` or ``site_url``, never
  the dev server's own address; a placeholder address is a warning (so a strict build stops).
- ``config.extra.edition`` carries the edition's version for the footer (``overrides/partials/copyright.html``).
``mkdocs.yml`` lists ``texts/`` and ``annotations/`` under ``watch``, so ``mkdocs serve`` rebuilds
after an edit. This is the only module besides the CLI that knows MkDocs exists.

Under ``mkdocs serve`` (the editor's loop):
- problems never stop the server: the build goes on without pages, every page request gets the
  error page (``edition.errorpage``) with the live-reload script, and the fix brings the site back
  by itself. A rebuild MkDocs itself aborts (a broken link in a hand-written page under
  ``--strict``) is caught too, so no request waits for a build that never comes;
- the terminal gets every problem on every rebuild (MkDocs drops a log line it has printed once in
  the process: its filter is emptied before each build, and problems are written directly) and,
  for a clean rebuild, one line: pages rebuilt and seconds. MkDocs' other per-rebuild chatter is
  dropped unless ``--verbose``;
- live reload: compiled theme templates are kept between rebuilds (``on_env``; MkDocs makes a new
  Jinja environment for every build, and compiling Material's templates again took a tenth of
  each), and the watched folders are polled every 0.1 s instead of 0.5 s (``on_serve``).
MkDocs loads a hook module once per process, so module-level state lives as long as ``serve``.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import DuplicateFilter

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from edition import address, errorpage, pipeline, search, search_index  # noqa: E402 - needs the path set above
from edition.problems import EditionError, Location, Problem, format_problems  # noqa: E402

log = logging.getLogger("mkdocs.hooks.edition")


@dataclass
class _State:
    """What one build leaves for the next event, and what ``serve`` keeps between builds."""

    output: pipeline.Output | None = None
    serving: bool = False
    root: Path = ROOT
    site_name: str = ""
    started: float = 0.0
    first_build: bool = True
    pages: int = 0
    problems: tuple[Problem, ...] = ()
    """While non-empty, ``serve`` answers every page request with the error page."""
    logged: list[logging.LogRecord] = field(default_factory=list)
    """MkDocs' own warnings and errors of the current build (for a build MkDocs aborts)."""
    site_key: int = 0
    """A fingerprint of what every page's HTML depends on besides its own Markdown."""
    searched_pages: dict[str, search.Record] = field(default_factory=dict)
    """The hand-written pages of this build, as search records (by URL)."""


_state = _State()


def on_startup(command: str, dirty: bool) -> None:
    _state.serving = command == "serve"
    if _state.serving:
        mkdocs_log = logging.getLogger("mkdocs")
        for handler in mkdocs_log.handlers:
            handler.addFilter(_quiet_serve_log)
        mkdocs_log.addHandler(_Collect(logging.WARNING))
        _reuse_unchanged_work()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state.started = time.perf_counter()
    _state.logged.clear()
    _state.searched_pages.clear()
    _forget_printed_lines()
    # The project is the folder of mkdocs.yml, so test fixtures can be whole small projects.
    _state.root = root = Path(config.config_file_path).resolve().parent
    _state.site_name = config.site_name
    try:
        output = pipeline.build(root, _public_address(config))
        problems = output.problems
    except EditionError as exc:
        if not _state.serving:
            raise PluginError(f"the annotations have errors:\n{exc}") from None
        output, problems = None, exc.problems
    if not _state.serving:
        for problem in problems:
            log.warning(str(problem))
    else:
        # Under --strict a warning fails the build as an error would: it gets the error page too.
        blocking = output is None or (bool(problems) and config.strict)
        _state.problems = tuple(problems) if blocking else ()
        if problems:
            _print(format_problems(problems))
        if blocking:
            output = None
            config.nav = []
    _state.output = output
    if output is not None:
        config.nav = output.nav
        info = output.edition.info
        if info is not None:
            config.extra["edition"] = {"title": info.title, "version": info.current.version, "date": info.current.date}
    return config


def _public_address(config: MkDocsConfig) -> str:
    configured = config.site_url or ""
    serving = _state.serving or address.is_dev_server(configured, config.dev_addr)
    if address.is_dev_server(configured, config.dev_addr):
        # serve has put its own address in site_url: the file's value is the public one.
        from mkdocs.utils.yaml import yaml_load

        with open(config.config_file_path, encoding="utf-8") as f:
            configured = str(yaml_load(f).get("site_url") or "")
    public, message, is_warning = address.public_address(configured, os.environ, serving=serving)
    if message:
        (log.warning if is_warning else log.info)(message)
    return public


def on_files(files: Files, config: MkDocsConfig) -> Files:
    output = _state.output
    if output is None:
        # serve with problems: no pages (each would only repeat the error); the theme's assets stay.
        return Files([f for f in files if not f.is_documentation_page()])
    in_nav = set(_nav_paths(output.nav))
    for path, markdown in output.pages.items():
        inclusion = InclusionLevel.UNDEFINED if path in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
    for path, data in output.files.items():
        files.append(File.generated(config, path, content=data))
    # What a page's HTML depends on besides its own Markdown: the site's files and their addresses
    # (links are resolved against them) and the Markdown settings.
    _state.site_key = hash((tuple(sorted((f.src_uri, f.url) for f in files)), repr(config.markdown_extensions), repr(config.mdx_configs)))
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # Hand-written pages (about, the editing guide) are searched as they were built; the generated
    # ones are searched as records of the edition, paragraph by paragraph.
    if page.file.generated_by is None:
        _state.searched_pages[page.url] = search.page(page.url, output)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    if _state.output is None:
        return  # serve with problems: every page is the error page, there is nothing to search
    pages = [_state.searched_pages[url] for url in sorted(_state.searched_pages)]
    try:
        search_index.write(_state.output.edition, Path(config.site_dir), pages)
    except (OSError, search_index.SearchIndexError) as exc:
        raise PluginError(f"the search index could not be written: {exc}") from None


def _nav_paths(items: Iterable[object]) -> Iterable[str]:
    """Every page path in a nav of plain lists and dicts."""
    for item in items:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from _nav_paths(item.values())
        elif isinstance(item, list):
            yield from _nav_paths(item)


class _CompiledTemplates(BytecodeCache):
    """Jinja bytecode kept in memory. Jinja checks each entry against a checksum of the template's
    source, so an edited template (``overrides/main.html``) is compiled afresh."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_compiled = _CompiledTemplates()

POLL_SECONDS = 0.1
"""How often ``mkdocs serve`` looks for changes in the watched folders (MkDocs' default is 0.5 s)."""


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _compiled
    _state.pages = len(files.documentation_pages())
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    server.builder = _guarded(server.builder)
    app = server.get_app()
    if app is not None:
        server.set_app(_ErrorPages(server, app))
    _poll_faster(server)
    return server


def _poll_faster(server: LiveReloadServer) -> None:
    # MkDocs has already watched docs/ and mkdocs.yml on its 0.5 s observer (``watch:`` entries
    # come after this event): move them to a faster one. If a later MkDocs changes these
    # internals, serve simply keeps its own polling.
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not hasattr(server, "observer") or server.observer.is_alive():
        return
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)


# ── serve: problems in the browser ───────────────────────────────────────────────────────────────


def _guarded(builder: Callable[[], None]) -> Callable[[], None]:
    """The rebuild, never raising: a build MkDocs aborts becomes the error page. (MkDocs' loop
    would log "the server will appear stuck", and every request would wait for a good build.)"""

    def build() -> None:
        try:
            builder()
        except (Exception, SystemExit) as exc:  # MkDocs' Abort is a SystemExit
            lines = [Problem(_where(record), record.getMessage()) for record in _state.logged]
            _state.problems = tuple(lines) or (Problem(Location("mkdocs.yml"), f"the build stopped: {exc}"),)
            _print(f"the build stopped: {exc}; the browser shows the problems until they are fixed")

    return build


def _where(record: logging.LogRecord) -> Location:
    """MkDocs' messages name a page (``Doc file 'editing.md' contains ...``), not a line."""
    message = record.getMessage()
    if message.startswith("Doc file '"):
        return Location("docs/" + message.split("'", 2)[1])
    return Location("mkdocs.yml")


class _ErrorPages:
    """The WSGI app of ``serve``, answering every page request with the error page while the inputs
    have problems; anything else (assets, the live-reload poll) goes to MkDocs' own app."""

    def __init__(self, server: LiveReloadServer, app: Callable[..., Any]) -> None:
        self.server = server
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = str(environ.get("PATH_INFO", "/"))
        is_page = path.endswith(("/", ".html")) and not path.startswith("/livereload/")
        if is_page:
            epoch = self._settled_epoch()
            problems = _state.problems
            if problems:
                page = errorpage.render(problems, self._read, _state.site_name).encode()
                inject = getattr(self.server, "_inject_js_into_html", None)
                body = inject(page, epoch) if inject and epoch is not None else page
                start_response(
                    "503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
                )
                return [body]
        return self.app(environ, start_response)

    def _settled_epoch(self) -> int | None:
        """Wait (briefly) for a rebuild under way, as MkDocs does before serving a page; the version
        of the site now visible. A bounded wait: a request never hangs."""
        cond: threading.Condition | None = getattr(self.server, "_epoch_cond", None)
        if cond is None:
            return None
        with cond:
            cond.wait_for(lambda: self.server._visible_epoch == self.server._wanted_epoch, timeout=15)
            return int(self.server._visible_epoch)

    @staticmethod
    def _read(path: str) -> str | None:
        try:
            return (_state.root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None


# ── serve: rebuild only what changed ────────────────────────────────────────────────────────────
#
# MkDocs rebuilds every page from scratch on every change. Of a rebuild of the real site (77 pages,
# measured with cProfile in CPU time) about 40% went to converting Markdown, 20% to Material's
# search plugin parsing each page's HTML again, 10% to listing the theme's 14,000 files, 15% to
# the page templates and 5% to the generator. (Material's search plugin is gone since: the site's
# search is Pagefind's, written after the build.) An edit changes a few pages, so under ``serve`` the
# conversion and the theme listing are kept for pages whose inputs are the same as in the last build: the same
# Markdown, the same site files and addresses (links resolve against them), the same settings.
# A page whose conversion logged a warning is never kept, so --strict sees the warning every time.
# If a later MkDocs or Material changes these internals, the patches are skipped and serve simply
# rebuilds everything.

_RENDERED: dict[tuple[str, str, int], tuple[Any, ...]] = {}
_THEME_FILES: dict[tuple[Any, ...], list[tuple[str, str]]] = {}


def _reuse_unchanged_work() -> None:
    try:
        from mkdocs.structure.pages import Page
    except ImportError:  # pragma: no cover - MkDocs without these internals
        return
    if getattr(Page.render, "_edition_cached", False):
        return
    render = Page.render

    def cached_render(self: Any, config: MkDocsConfig, files: Files) -> None:
        key = (self.file.src_uri, self.markdown or "", _state.site_key)
        hit = _RENDERED.get(key)
        if hit is not None:
            self.content, self.toc, self._title_from_render, anchors, links = hit
            self.present_anchor_ids = set(anchors)
            if links is not None:  # links to other pages' anchors, re-pointed at this build's files
                self.links_to_anchors = {target: dict(v) for uri, v in links.items() if (target := files.get_file_from_path(uri))}
            return
        warnings_before = len(_state.logged)
        render(self, config, files)
        if len(_state.logged) == warnings_before:
            links = getattr(self, "links_to_anchors", None)
            kept = None if links is None else {f.src_uri: dict(v) for f, v in links.items()}
            _RENDERED[key] = (self.content, self.toc, self._title_from_render, frozenset(self.present_anchor_ids or ()), kept)

    cached_render._edition_cached = True  # type: ignore[attr-defined]
    Page.render = cached_render  # type: ignore[method-assign]
    _reuse_theme_listing()


def _reuse_theme_listing() -> None:
    """The theme's static files, listed once: Material's own folder never changes while serving;
    the project's ``overrides/`` is listed again whenever one of its folders changes."""
    add_files = Files.add_files_from_theme

    def cached_add_files(self: Files, env: Environment, config: MkDocsConfig) -> None:
        own = [d for d in config.theme.dirs if Path(d).resolve().is_relative_to(_state.root)]
        stamp = tuple((str(d), sub.stat().st_mtime_ns) for d in own for sub in [Path(d), *Path(d).rglob("*")] if sub.is_dir())
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates), stamp)
        listed = _THEME_FILES.get(key)
        if listed is None:
            probe = Files([])
            add_files(probe, env, config)
            listed = _THEME_FILES[key] = [(f.src_uri, str(f.src_dir)) for f in probe]
        for path, src_dir in listed:
            if self.get_file_from_path(path) is None:  # theme files do not override docs files
                self.append(File(path, src_dir, config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = cached_add_files  # type: ignore[method-assign]


# ── serve: the terminal ──────────────────────────────────────────────────────────────────────────


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings and errors of the current build, for the error page."""

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(("mkdocs.hooks.edition", "mkdocs.livereload")):
            _state.logged.append(record)


_NOISE = (
    "Building documentation",
    "Cleaning site directory",
    "Detected file changes",
    "Reloading browsers",
    "Browser connected",
    "Watching paths for changes",
    "The following pages exist in the docs directory",
)
"""MkDocs' INFO lines of every rebuild that tell an editor nothing (``--verbose`` keeps them)."""


def _quiet_serve_log(record: logging.LogRecord) -> bool:
    """Drop MkDocs' routine lines; turn "Documentation built in" into the one line of a rebuild."""
    if logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG):
        return True
    message = record.getMessage()
    if record.name == "mkdocs.livereload" and '" code 503' in message:
        return False  # a request answered with the error page: the page itself says what is wrong
    if record.levelno != logging.INFO:
        return True
    bare = message.split("] ", 1)[1] if message.startswith("[") and "] " in message else message
    if bare.startswith(_NOISE):
        return False
    if bare.startswith("Documentation built in"):
        seconds = time.perf_counter() - _state.started
        verb = "built" if _state.first_build else "rebuilt"
        _state.first_build = False
        if _state.problems:
            them = "it" if len([p for p in _state.problems if p.severity != "note"]) == 1 else "them"
            record.msg, record.args = f"{errorpage.title(_state.problems)}: the browser shows {them} until fixed", ()
        else:
            record.msg, record.args = f"{_state.pages} pages {verb} in {seconds:.2f} s", ()
    return True


def _forget_printed_lines() -> None:
    """Empty MkDocs' ``DuplicateFilter``: it hides a line already printed once in the process, so
    a mistake made a second time under ``serve`` went unreported."""
    for owner in (logging.getLogger("mkdocs.commands.build"), logging.getLogger("mkdocs")):
        for item in owner.filters:
            if isinstance(item, DuplicateFilter):
                item.msgs.clear()


def _print(text: str) -> None:
    """Problems go straight to the terminal: through MkDocs' log, --strict would count them as
    warnings and abort the very build that shows them in the browser."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
