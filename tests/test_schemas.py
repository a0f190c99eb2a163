"""The JSON Schemas editors' tools use: committed, current, referenced by every file, and truthful.

``schemas/*.schema.json`` are generated from the pydantic models (``make schemas``) and committed,
so that an editor's YAML extension finds them next to the annotations. These tests fail when a
committed schema is stale, when an annotation file lacks its ``# yaml-language-server`` line, and
when the schema would reject a real annotation file (or accept a mistake that pydantic rejects).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from edition import cli, jsonschema_export
from edition.yaml_loader import load_yaml
from miniproject import FIXTURES, MINI, expected_lines, make_project

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
GENERATED = jsonschema_export.schemas()
ANNOTATION_FILES = sorted((ROOT / "annotations").glob("*.yml")) + sorted((MINI / "annotations").glob("*.yml"))


def _id(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_one_schema_per_kind_and_one_for_documents() -> None:
    assert sorted(GENERATED) == [
        "actors.schema.json",
        "document.schema.json",
        "edition.schema.json",
        "events.schema.json",
        "funding.schema.json",
        "notes.schema.json",
        "programs.schema.json",
        "questions.schema.json",
        "sources.schema.json",
    ]


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_schema_is_current(name: str) -> None:
    path = SCHEMAS / name
    assert path.is_file(), f"schemas/{name} is missing: run `make schemas` and commit it"
    assert path.read_text(encoding="utf-8") == GENERATED[name], f"schemas/{name} is stale: run `make schemas` and commit it"


def test_no_orphan_schema_files() -> None:
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(GENERATED)


def test_generation_is_deterministic() -> None:
    assert jsonschema_export.schemas() == GENERATED
    for text in GENERATED.values():
        assert text.endswith("}\n") and not text.endswith("\n\n")
        assert json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_schema_is_valid_2020_12_and_describes_every_field(name: str) -> None:
    schema = json.loads(GENERATED[name])
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # Every property has a description: it is the hover text an editor sees.
    for model, definition in {"(file)": schema, **schema.get("$defs", {})}.items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}: {model}.{field} has no description"
        assert definition.get("additionalProperties") is False, f"{name}: {model} must forbid unknown keys"


def test_cli_check_reports_fresh_and_stale(tmp_path: Path) -> None:
    runner = CliRunner()
    fresh = runner.invoke(cli.main, ["schemas", "--check", "--root", str(ROOT)])
    assert fresh.exit_code == 0, fresh.output
    # A project with one stale schema: --check names it, a plain run rewrites it.
    (tmp_path / "schemas").mkdir()
    for name, text in GENERATED.items():
        (tmp_path / "schemas" / name).write_text(text, encoding="utf-8")
    (tmp_path / "schemas" / "notes.schema.json").write_text("{}\n", encoding="utf-8")
    stale = runner.invoke(cli.main, ["schemas", "--check", "--root", str(tmp_path)])
    assert stale.exit_code == 1
    assert "schemas/notes.schema.json" in stale.output
    written = runner.invoke(cli.main, ["schemas", "--root", str(tmp_path)])
    assert written.exit_code == 0, written.output
    assert (tmp_path / "schemas" / "notes.schema.json").read_text(encoding="utf-8") == GENERATED["notes.schema.json"]


@pytest.mark.parametrize("path", ANNOTATION_FILES, ids=_id)
def test_annotation_file_names_its_schema_on_the_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == jsonschema_export.modeline(path.stem), f"{_id(path)}: the first line must be {jsonschema_export.modeline(path.stem)!r}"


def _validator(stem: str) -> jsonschema.Draft202012Validator:
    name = jsonschema_export.schema_name(jsonschema_export.schema_stem_for(stem))
    return jsonschema.Draft202012Validator(json.loads(GENERATED[name]))


def _data(path: Path) -> Any:
    located, problems = load_yaml(path.read_bytes(), path.name)
    assert located is not None, problems
    return located.data


@pytest.mark.parametrize("path", ANNOTATION_FILES, ids=_id)
def test_schema_accepts_the_real_annotation_file(path: Path) -> None:
    """What editors' tools would say about the committed files: nothing."""
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(path.stem).iter_errors(_data(path))]
    assert not errors, errors


# Mistakes the JSON Schema can see (shape, not cross-references): an editor's tool flags them while
# typing, before `make check` does. The case folders are those of tests/test_bad_inputs.py.
SCHEMA_VISIBLE = {
    "unknown-key-did-you-mean": ("annotations/actors.yml", "'aliasses' was unexpected"),
    "bad-enum-value": ("annotations/actors.yml", "'persn' is not one of"),
    "bad-id-slug": ("annotations/events.yml", "'Agreement_Signed' does not match"),
    "missing-required-key": ("annotations/actors.yml", "'name' is a required property"),
    "bad-date": ("annotations/events.yml", "'12 April 2010' does not match"),
    "impossible-date": ("annotations/events.yml", "'2010-13-12' does not match"),
    "bad-url-scheme": ("annotations/sources.yml", "'javascript:alert(1)' is not valid under any"),
    "wrong-top-level-key": ("annotations/programs.yml", "'program' was unexpected"),
    "empty-list-value": ("annotations/events.yml", "None is not of type 'array'"),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_VISIBLE))
def test_schema_rejects_what_pydantic_rejects(case: str, tmp_path: Path) -> None:
    rel, message = SCHEMA_VISIBLE[case]
    project = make_project(tmp_path / "project", FIXTURES / "bad" / case)
    path = project / rel
    errors = [e.message for e in _validator(path.stem).iter_errors(_data(path))]
    assert any(message in e for e in errors), errors


# ── The editing guide (docs/editing.md) stays true to the schema and to the real messages ─────

GUIDE = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")


def _record_models() -> list[type[Any]]:
    from pydantic import BaseModel

    from edition import schema

    return [
        model
        for model in vars(schema).values()
        if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == schema.__name__ and model is not schema.Strict
    ]


@pytest.mark.parametrize("model", _record_models(), ids=lambda m: m.__name__)
def test_guide_explains_every_field(model: type[Any]) -> None:
    missing = [name for name in model.model_fields if f"`{name}`" not in GUIDE]
    assert not missing, f"docs/editing.md does not mention {model.__name__} fields {missing}"


def test_guide_shows_real_error_messages() -> None:
    """Each message quoted in the guide's table is produced, word for word, by a fixture."""
    produced = {line for case in (FIXTURES / "bad").iterdir() if case.is_dir() for line in expected_lines(case)}
    section = GUIDE.split("## What errors look like", 1)[1]
    quoted = [m.group(1) for m in re.finditer(r"^\| [^|]+ \| `+(.+?)`+ \|$", section, re.MULTILINE)]
    assert len(quoted) >= 20
    unknown = [q for q in quoted if q not in produced]
    assert not unknown, f"messages in docs/editing.md that no fixture produces: {unknown}"
