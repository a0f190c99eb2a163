"""MkDocs adapter: runs the generator and hands its pages and files to MkDocs, in memory.

- ``on_config``: build the edition (validation included). Problems stop the build with the
  located messages and no traceback; warnings go to the log (so ``--strict`` fails on them).
- ``on_files``: add every generated page and data file as a generated ``File`` (nothing is
  written into ``docs/``).
``mkdocs.yml`` lists ``texts/`` and ``annotations/`` under ``watch``, so ``mkdocs serve`` rebuilds
after an edit. This is the only module besides the CLI that knows MkDocs exists.

Live reload (an edit shown within about a second and a half, measured by ``make bench``):
- ``on_env``: compiled theme templates are kept between rebuilds (MkDocs makes a new Jinja
  environment for every build, and compiling Material's templates again took a tenth of each);
- ``on_serve``: the watched folders are polled every 0.1 s instead of MkDocs' 0.5 s.
MkDocs loads a hook module once per process, so module-level state lives as long as ``serve``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

from edition import pipeline  # noqa: E402 - needs the path set above
from edition.problems import EditionError  # noqa: E402

log = logging.getLogger("mkdocs.hooks.edition")
_state: dict[str, pipeline.Output] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The project is the folder of mkdocs.yml, so test fixtures can be whole small projects.
    root = Path(config.config_file_path).resolve().parent
    try:
        output = pipeline.build(root, config.site_url or "")
    except EditionError as exc:
        raise PluginError(f"the annotations have errors:\n{exc}") from None
    for problem in output.problems:
        log.warning(str(problem))
    config.nav = output.nav
    _state["output"] = output
    return config


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
    return env


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    # MkDocs has already watched docs/ and mkdocs.yml on its 0.5 s observer (``watch:`` entries
    # come after this event): move them to a faster one. If a later MkDocs changes these
    # internals, serve simply keeps its own polling.
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not hasattr(server, "observer") or server.observer.is_alive():
        return server
    counts = dict(watched)
    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path)
    return server


def on_files(files: Files, config: MkDocsConfig) -> Files:
    output = _state["output"]
    for path, markdown in output.pages.items():
        files.append(File.generated(config, path, content=markdown))
    for path, data in output.files.items():
        files.append(File.generated(config, path, content=data))
    return files
