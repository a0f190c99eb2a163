"""JSON Schemas of the annotation files, generated from the pydantic models in ``schema``.

Editors' tools read them: every annotation file starts with a ``# yaml-language-server: $schema=``
line pointing at ``schemas/<stem>.schema.json``, so VS Code (Red Hat YAML extension) and any other
yaml-language-server client complete keys, show the field docstrings on hover and flag unknown
keys, bad enum values and malformed ids while the editor types. The build itself never reads these
files: pydantic stays the one validator, and a test keeps the committed schemas from going stale.

Pure: ``schemas()`` returns ``{file name: text}``; ``cli schemas`` is the one writer.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from . import kinds, yaml_hints
from .schema import DocumentFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""Pydantic emits 2020-12 (``$defs``); yaml-language-server and ``jsonschema`` both read it."""

DOCUMENT_STEM = "document"
"""Schema stem of the per-document files (``annotations/<doc>.yml``)."""

GENERATED = "Generated from scripts/edition/schema.py by `make schemas`; do not edit by hand."


def schema_name(stem: str) -> str:
    """``actors`` -> ``actors.schema.json``."""
    return f"{stem}.schema.json"


def schema_stem_for(annotation_stem: str) -> str:
    """The schema an annotation file uses: its own stem for a kind file, ``document`` otherwise."""
    return annotation_stem if annotation_stem in kinds.file_models() else DOCUMENT_STEM


def modeline(annotation_stem: str) -> str:
    """The first line every annotation file carries, for yaml-language-server."""
    return f"# yaml-language-server: $schema=../schemas/{schema_name(schema_stem_for(annotation_stem))}"


def models() -> dict[str, type[BaseModel]]:
    """Schema stem -> the pydantic model of that file, in a fixed order."""
    out: dict[str, type[BaseModel]] = dict(kinds.file_models())
    out[DOCUMENT_STEM] = DocumentFile
    return out


def file_schema(stem: str) -> dict[str, Any]:
    """The JSON Schema (as data) of the annotation file kind ``stem``."""
    model = models()[stem]
    schema = _tidy(model.model_json_schema(mode="validation"))
    where = "annotations/<document id>.yml" if stem == DOCUMENT_STEM else f"annotations/{stem}.yml"
    for prop in schema.get("properties", {}).values():
        # The file's one key (``actors:``) has no docstring of its own: describe it by its records.
        ref = prop.get("items", prop).get("$ref", "")
        record = schema.get("$defs", {}).get(ref.rpartition("/")[2], {})
        if "description" not in prop and record.get("description"):
            text = record["description"]
            prop["description"] = f"A list; each item is {text[0].lower()}{text[1:]}" if prop.get("type") == "array" else text
    schema["$schema"] = DIALECT
    schema["title"] = where
    what = "one document under the key `document`" if stem == DOCUMENT_STEM else f"a list of records under the key `{stem}`"
    schema["description"] = f"The annotation file {where}: {what}. {GENERATED}"
    return schema


def dumps(schema: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8 kept, one trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schemas() -> dict[str, str]:
    """Every schema file by name, e.g. ``{"actors.schema.json": "{...}\\n"}``."""
    return {schema_name(stem): dumps(file_schema(stem)) for stem in sorted(models())}


def _text(doc: str) -> str:
    """A docstring as one line of plain text (reST ``code`` becomes Markdown `code`)."""
    return re.sub(r"``([^`]+)``", r"`\1`", " ".join(doc.split()))


def _tidy(node: Any, field: str | None = None) -> Any:
    """Normalise pydantic's output for editors: readable descriptions, no auto-made field titles."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: _tidy(sub, name) for name, sub in value.items()}
        elif key == "description" and isinstance(value, str):
            out[key] = _text(value)
        elif key == "title" and field is not None and value == field.replace("_", " ").title():
            continue  # "Id", "Name": noise in a hover; the description says more
        else:
            out[key] = _tidy(value)
    if isinstance(node.get("pattern"), str) and (hint := yaml_hints.pattern_hint(node["pattern"])):
        out["patternErrorMessage"] = hint
    return out
