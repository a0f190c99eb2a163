"""Annotation stage: read ``annotations/*.yml`` into typed, located records.

A kind may be one file (``annotations/notes.yml``) or a folder of files (``annotations/notes/*.yml``,
say one per document), each under the size cap; their records are read as one list, in file
order. Each file is parsed by the safe located loader, then validated against its pydantic model. Every
pydantic error is turned into ``path:line:col: actor 4 'x': kind 'persn' ...`` (records by name
and counted from 1) using the loader's positions, so the editor is sent to the exact spot. All problems of all files are returned together.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import kinds, yaml_hints
from .problems import Location, Problem, did_you_mean
from .schema import DocumentFile, DocumentSpec, EditionSpec
from .yaml_loader import LocatedData, Pointer, load_yaml

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[T]):
    """A validated record together with the positions of its values in its file."""

    value: T
    """The record."""
    pointer: Pointer
    """Where the record sits in its file, e.g. ``("actors", 3)``."""
    data: LocatedData = field(repr=False, compare=False)
    """Positions of every value of the file."""

    @property
    def path(self) -> str:
        """The file the record came from."""
        return self.data.path

    @property
    def label(self) -> str:
        """The record as messages name it: ``actor 18 'felipe-calderon'``."""
        return record_label(self.pointer, getattr(self.value, "id", None))

    def at(self, *sub: str | int) -> Location:
        """Location of a field of this record (or of the record, if the field is absent)."""
        return self.data.at(self.pointer + tuple(sub))


@dataclass(frozen=True)
class Annotations:
    """Everything the editors wrote, validated; input of the link stage."""

    documents: tuple[Located[DocumentSpec], ...] = ()
    edition: tuple[Located[EditionSpec], ...] = ()
    """The edition itself (``annotations/edition.yml``): one record, or none if the file is missing or invalid."""
    records: Mapping[str, tuple[Located[Any], ...]] = field(default_factory=dict)
    """The records of each kind of the registry (``kinds.KINDS``) by kind name, in file order;
    a kind without records may be absent."""
    unvalidated_ids: frozenset[str] = frozenset()
    """Ids written in records that failed validation: references to them are not reported again."""
    unreadable: tuple[str, ...] = ()
    """Annotation files that could not be parsed at all: references into them cannot be checked."""

    def of(self, name: str) -> tuple[Located[Any], ...]:
        """The records of the kind ``name`` (``actor``); a ``KeyError`` for a name that is no kind."""
        return self.records.get(kinds.kind(name).name, ())


def record_names() -> dict[str, str]:
    """What one record of each top-level key is called in messages."""
    return {**{k.key: k.label for k in kinds.KINDS}, "document": "document"}


ITEM_NAMES = {
    "aliases": "alias",
    "relations": "relation",
    "sources": "source",
    "related": "related",
    "actors": "actor",
    "authors": "author",
    "sections": "section",
    "redirects": "redirect",
    "corrections": "correction",
    "roles": "role",
}
"""What one item of a list inside a record is called (``relation 2``)."""


def record_label(pointer: Sequence[str | int], record_id: object = None) -> str:
    """``("actors", 17)`` with id ``felipe-calderon`` -> ``actor 18 'felipe-calderon'``: by name,
    counted from 1 as editors count, so the 18th actor is actor 18."""
    if not pointer:
        return "file"
    key = str(pointer[0])
    name = record_names().get(key, key)
    number = f" {pointer[1] + 1}" if len(pointer) > 1 and isinstance(pointer[1], int) else ""
    shown = f" {record_id!r}" if isinstance(record_id, str) and record_id else ""
    return f"{name}{number}{shown}" if number or shown else key


def field_text(parts: Sequence[str | int]) -> str:
    """A path inside a record in words, counted from 1: ``("relations", 0, "target")`` ->
    ``relation 1 target``."""
    words: list[str] = []
    for part in parts:
        if isinstance(part, int):  # the list's key before it becomes the item's name
            previous = words.pop() if words else ""
            words.append(f"{ITEM_NAMES.get(previous, previous or 'item')} {part + 1}")
        else:
            words.append(str(part))
    return " ".join(words)


def _split(loc: Sequence[str | int], raw: Any) -> tuple[str, str]:
    """``(record label, field path in words)`` for a pointer into a file's raw data."""
    if not loc:
        return "file", ""
    depth = 2 if len(loc) > 1 and isinstance(loc[1], int) else 1
    if str(loc[0]) not in record_names() or (depth == 1 and loc[0] != "document"):
        return field_text(loc), ""
    record: Any = raw.get(loc[0]) if isinstance(raw, dict) else None
    if depth == 2:
        index = loc[1]
        record = record[index] if isinstance(record, list) and isinstance(index, int) and 0 <= index < len(record) else None
    record_id = record.get("id") if isinstance(record, dict) else None
    return record_label(loc[:depth], record_id), field_text(loc[depth:])


def _describe(error: Any, data: LocatedData) -> tuple[Location, str]:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind = error["type"]
    record, field_words = _split(loc, data.data)
    where = f"{record}: {field_words}" if field_words else record
    value = error.get("input")
    if kind == "extra_forbidden":
        parent = _model_fields_at(loc[:-1], data)
        hint = did_you_mean(str(loc[-1]), parent)
        if not hint and len(loc) == 1:  # a top-level key from another file, most likely
            hint = f"; {Path(data.path).name} holds only {', '.join(repr(f) for f in parent)}"
        record, field_words = _split(loc[:-1], data.data)
        at = f"{record}: {field_words}: " if field_words else ("" if record == "file" else f"{record}: ")
        return data.at(loc, key=True), f"{at}unknown key {loc[-1]!r}{hint}"
    if kind == "missing":
        record, field_words = _split(loc[:-1], data.data)
        at = f"{record}: {field_words}" if field_words else record
        return data.at(loc[:-1]), f"{at}: missing required key {loc[-1]!r}"
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        hint = did_you_mean(str(value), expected)
        return data.at(loc), f"{where} {value!r} is not one of {', '.join(expected)}{hint}"
    if kind == "string_pattern_mismatch":
        return data.at(loc), f"{where} {yaml_hints.pattern_mismatch(error.get('ctx', {}).get('pattern', ''), value)}"
    if kind == "string_type" and isinstance(value, bool | int | float):  # YAML reads 2009 as a number, yes as true
        return data.at(
            loc
        ), f"{where} {value!r} is read as a {'true/false value' if isinstance(value, bool) else 'number'}; put it in quotes"
    if kind == "list_type" and isinstance(value, dict):  # `key:` then indented `a: b` lines, no `- `
        first = next(iter(value), "key")
        return data.at(loc), f"{where} holds keys, not a list: start each item with '- ', as in '- {first}: ...'"
    if value is None and kind in _EXPECTED:  # `key:` with nothing after it reads as null
        return data.at(loc), f"{where} has no value; expected {_EXPECTED[kind]}"
    message = error["msg"].removeprefix("Value error, ")
    shown = f" (got {_shorten(value)!r})" if value is not None and not isinstance(value, dict | list) else ""
    if repr(value) in message:  # the message echoes the value already
        shown = ""
    return data.at(loc), f"{where}: {message[0].lower() + message[1:]}{shown}"


def _shorten(value: Any) -> Any:
    """A long string cut for echoing (a 500-character alias need not be repeated in full)."""
    return value[:79] + "…" if isinstance(value, str) and len(value) > 80 else value


_EXPECTED = {
    "list_type": "a list (write `[]` for none)",
    "model_type": "a mapping of keys and values",
    "dict_type": "a mapping of keys and values",
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
}
"""What to write, for a key left without a value."""


def _model_fields_at(loc: tuple[str | int, ...], data: LocatedData) -> list[str]:
    """Known keys of the model at ``loc``: for did-you-mean on unknown keys."""
    from . import schema

    if not loc:  # the top of the file: the keys of the file's own model
        return list(kinds.file_models().get(file_kind(data.path), DocumentFile).model_fields)
    model: Any = None
    root = loc[0] if loc else None
    if root in kinds.file_models():
        model = kinds.file_models()[str(root)]
    elif root == "document":
        model = DocumentFile
    if model is None:
        return []
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return []
        annotation = fields[part].annotation
        model = _inner_model(annotation, schema)
        if model is None:
            return []
    return list(getattr(model, "model_fields", {}))


def _inner_model(annotation: Any, schema: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg, schema)
        if found is not None:
            return found
    return None


def file_kind(path: str) -> str:
    """The kind a file holds: its folder's name under ``annotations/`` (``notes/arzt-2009.yml``),
    else its own stem (``notes.yml``); any other stem is a document file."""
    file = Path(path)
    folder = file.parent.name
    return folder if folder in kinds.file_models() and file.parent.parent.name == "annotations" else file.stem


def validate_file(raw: bytes, path: str) -> tuple[BaseModel | None, LocatedData | None, list[Problem]]:
    """Parse and validate one annotation file; the model is chosen by ``file_kind``."""
    data, problems = load_yaml(raw, path)
    if data is None:
        return None, None, problems
    stem = file_kind(path)
    model = kinds.file_models().get(stem, DocumentFile)
    if not isinstance(data.data, dict):
        return None, None, [Problem(data.at(()), f"expected a mapping with key {_top_key(stem)!r} at the top")]
    if not data.values and model is DocumentFile:  # nothing but comments; a kind file may be empty (no records)
        return None, None, [Problem(Location(path), "the file is empty: a document file needs the key 'document' at the top")]
    try:
        return model.model_validate(_nfc(data.data)), data, []
    except ValidationError as exc:
        found = [Problem(*_describe(err, data)) for err in exc.errors(include_url=False)]
        return None, data, found


def _top_key(stem: str) -> str:
    return stem if stem in kinds.file_models() else "document"


def _nfc(data: Any) -> Any:
    """Every string in Unicode NFC, the form the texts are required to be in: an editor whose
    keyboard writes "é" as "e" + U+0301 still quotes and names what the text says."""
    if isinstance(data, str):
        return unicodedata.normalize("NFC", data)
    if isinstance(data, dict):
        return {k: _nfc(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_nfc(v) for v in data]
    return data


def annotation_files(root: Path) -> list[Path]:
    """The annotation files of a project: ``annotations/*.yml`` and ``annotations/<kind>/*.yml``,
    sorted by path for a stable order (so records of a split kind keep their files' order)."""
    return scan_annotations(root)[0]


def scan_annotations(root: Path) -> tuple[list[Path], list[Problem]]:
    """The regular ``*.yml`` files of ``annotations/``, and a problem for every entry that looks
    like one but cannot be read as one: a folder, a broken link, a FIFO (reading it would hang),
    or a ``.yaml`` name (which would be skipped, its records silently gone)."""
    folder = root / "annotations"
    if not folder.is_dir():
        return [], []
    files: list[Path] = []
    problems: list[Problem] = []
    for entry in sorted(folder.iterdir()):
        # A kind split over several files: annotations/<kind>/*.yml, read by the same rules.
        if entry.name in kinds.file_models() and entry.is_dir() and not entry.is_symlink():
            for inner in sorted(entry.iterdir()):
                _scan_entry(root, inner, files, problems)
            continue
        _scan_entry(root, entry, files, problems)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix()), problems


def _scan_entry(root: Path, entry: Path, files: list[Path], problems: list[Problem]) -> None:
    rel = entry.relative_to(root).as_posix()
    suffix = entry.suffix
    if suffix.lower() in (".yaml", ".yml") and suffix != ".yml":
        problems.append(Problem(Location(rel), f"annotation files end in '.yml': rename it to {entry.stem}.yml (it is not read)"))
        return
    if suffix != ".yml":
        return
    try:
        mode = entry.stat().st_mode
    except FileNotFoundError:
        problems.append(Problem(Location(rel), "is a symbolic link to nothing; remove it or point it at a file"))
        return
    except OSError as exc:
        problems.append(Problem(Location(rel), f"cannot be read: {exc.strerror or exc}"))
        return
    if not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
        problems.append(Problem(Location(rel), f"is {what}; annotation files are plain text files"))
        return
    files.append(entry)


def _read(file: Path, rel: str) -> tuple[bytes | None, list[Problem]]:
    try:
        return file.read_bytes(), []
    except OSError as exc:  # unreadable (permissions), or gone since the folder was listed
        return None, [Problem(Location(rel), f"cannot be read: {exc.strerror or exc}")]


def load(root: Path) -> tuple[Annotations, list[Problem]]:
    """Load and validate every annotation file under ``root/annotations``."""
    files, problems = scan_annotations(root)
    problems += _missing_files(files, problems)
    unvalidated: set[str] = set()
    unreadable: list[str] = []
    buckets: dict[str, list[Located[Any]]] = {k: [] for k in (*kinds.file_models(), "document")}
    for file in files:
        rel = file.relative_to(root).as_posix()
        raw, found = _read(file, rel)
        if raw is None:
            problems.extend(found)
            continue
        model, data, found = validate_file(raw, rel)
        problems.extend(found)
        if model is None:
            if data is None:
                unreadable.append(rel)
            unvalidated |= _raw_ids(data.data if data else None)
            continue
        assert data is not None
        for key, records in _records(model):
            buckets[key] += [Located(record, (key,) if index is None else (key, index), data) for index, record in records]
    annotations = Annotations(
        documents=tuple(buckets["document"]),
        edition=tuple(buckets["edition"]),
        records={k.name: tuple(buckets[k.key]) for k in kinds.KINDS},
        unvalidated_ids=frozenset(unvalidated),
        unreadable=tuple(unreadable),
    )
    return annotations, problems


def _missing_files(files: list[Path], problems: list[Problem]) -> list[Problem]:
    """The files a project needs and lacks: a document file, the edition file."""
    missing: list[Problem] = []
    if not any(file_kind(file.as_posix()) not in kinds.file_models() for file in files) and not any(
        "rename it to" in p.message for p in problems
    ):
        missing.append(Problem(Location("annotations"), "no document file: add annotations/<id>.yml for the text texts/<id>.txt"))
    if files and not any(file.stem == "edition" for file in files):
        missing.append(
            Problem(
                Location("annotations/edition.yml"),
                "no edition file: add annotations/edition.yml (title, editors, licence, releases) so citations can name the edition",
            )
        )
    return missing


def _raw_ids(data: Any) -> set[str]:
    """Every ``id`` string in a file that failed validation (one error should not cascade)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list):
                found |= {item["id"] for item in value if isinstance(item, dict) and isinstance(item.get("id"), str)}
            elif isinstance(value, dict) and isinstance(value.get("id"), str):
                found.add(value["id"])
    return found


def _records(model: BaseModel) -> Iterator[tuple[str, list[tuple[int | None, BaseModel]]]]:
    for key in type(model).model_fields:
        value = getattr(model, key)
        if isinstance(value, list):
            yield key, list(enumerate(value))
        else:
            yield key, [(None, value)]
