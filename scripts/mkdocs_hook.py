"""MkDocs adapter: runs the generator and hands its pages and files to MkDocs, in memory.

- ``on_config``: build the edition (validation included). Problems stop the build with the
  located messages and no traceback; warnings go to the log (so ``--strict`` fails on them).
- ``on_files``: add every generated page and data file as a generated ``File`` (nothing is
  written into ``docs/``).
``mkdocs.yml`` lists ``texts/`` and ``annotations/`` under ``watch``, so ``mkdocs serve`` rebuilds
after an edit. This is the only module besides the CLI that knows MkDocs exists.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
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


def on_files(files: Files, config: MkDocsConfig) -> Files:
    output = _state["output"]
    for path, markdown in output.pages.items():
        files.append(File.generated(config, path, content=markdown))
    for path, data in output.files.items():
        files.append(File.generated(config, path, content=data))
    return files
