"""Writes the site's search index: the records of ``search``, indexed by Pagefind into ``<site>/pagefind/``.

Runs after the engine has built the site (the MkDocs hook's ``on_post_build``; another engine's
adapter calls ``write`` the same way), so it serves whichever engine built the pages. Pagefind
(PyPI ``pagefind[bin]``: its own binary, no network) splits the index into chunks the browser
fetches as the reader types, so a query loads only the chunks of its words.

How: every record becomes a small HTML file in a temporary folder, numbered in record order, and
the Pagefind binary indexes that folder in one run. (Pagefind's Python API answers one request
per tenth of a second, 15 s for this edition's 130 records; the binary takes a fraction of one.)
A record's address, fragment included, travels in its ``url`` meta, since Pagefind derives the
address from the file name.

The index goes into the build's own output folder, so ``python -m edition build`` swaps it in
with the rest of the site or not at all, and ``mkdocs serve`` writes it afresh on every rebuild.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import search
from .edition import Edition

FOLDER = "pagefind"
"""Where the index goes, relative to the site's root."""

NAMES = "names.json"
"""The entity names table (``search.names``), next to the index."""

_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own search interfaces: the site has its own search box (``assets/search.js``)."""


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def executable() -> Path:
    """The Pagefind binary that ``pagefind[bin]`` installed."""
    from pagefind_bin import get_executable  # type: ignore[import-untyped]  # the package ships no types

    return Path(get_executable())


def write(edition: Edition, site_dir: Path, pages: Iterable[search.Record] = ()) -> int:
    """Index the edition's records and ``pages`` (hand-written pages) into ``site_dir/pagefind``; return the count."""
    records = [*search.records(edition), *pages]
    target = site_dir / FOLDER
    with tempfile.TemporaryDirectory(prefix="edition-search-") as tmp:
        width = len(str(len(records)))
        for i, record in enumerate(records):
            (Path(tmp) / f"{i:0{width}d}.html").write_text(record.html(), encoding="utf-8")
        command = [str(executable()), "--site", tmp, "--output-path", str(target), "--force-language", "en", "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed ({result.returncode}): {(result.stdout + result.stderr).strip()}")
    for name in _UNUSED:
        (target / name).unlink(missing_ok=True)
    _sort_filters(target)
    table = json.dumps(search.names(edition), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (target / NAMES).write_text(table + "\n", encoding="utf-8")
    return len(records)


# --- Pagefind 1.5 writes its filter index from a hash map, so the order of filter values (and
# with it the file's name, the meta file's name and the entry file) changes from run to run
# (Pagefind issue #638). The same input must give the same site: sort the values and rename.


def _sort_filters(target: Path) -> None:
    import gzip

    renames: dict[str, str] = {}
    for path in sorted((target / "filter").glob("*.pf_filter")):
        data = gzip.decompress(path.read_bytes())
        sorted_data = _sorted_filter(data)
        new = _rehashed(path, sorted_data, renames)
        new.write_bytes(gzip.compress(sorted_data, mtime=0))
    if not renames:
        return
    entry_path = target / "pagefind-entry.json"
    entry = entry_path.read_text(encoding="utf-8")
    for meta in sorted(target.glob("pagefind.*.pf_meta")):
        data = gzip.decompress(meta.read_bytes())
        for old, new_hash in renames.items():
            data = data.replace(old.encode(), new_hash.encode())
        old_hash = meta.name.split(".")[1]
        new_meta = _rehashed(meta, data, {}, prefix=old_hash.rsplit("_", 1)[0] + "_", length=len(old_hash) - old_hash.index("_") - 1)
        new_meta.write_bytes(gzip.compress(data, mtime=0))
        entry = entry.replace(old_hash, new_meta.name.split(".")[1])
    entry_path.write_text(entry, encoding="utf-8")


def _rehashed(path: Path, data: bytes, renames: dict[str, str], prefix: str | None = None, length: int | None = None) -> Path:
    """Rename ``path`` (``en_1b4d855.pf_filter``) after a hash of ``data``, keeping the name's shape."""
    stem, _, suffix = path.name.partition(".")
    if prefix is None:  # a filter file: "<lang>_<hash>.pf_filter"
        lang, _, old = stem.rpartition("_")
        new_stem = f"{lang}_{hashlib.sha256(data).hexdigest()[: len(old)]}"
        renames[stem] = new_stem
        new = path.with_name(f"{new_stem}.{suffix}")
    else:  # the meta file: "pagefind.<lang>_<hash>.pf_meta"
        new_stem = f"{prefix}{hashlib.sha256(data).hexdigest()[:length]}"
        new = path.with_name(f"pagefind.{new_stem}.pf_meta")
    path.unlink()
    return new


_MAGIC = b"pagefind_dcd"


def _sorted_filter(data: bytes) -> bytes:
    """A filter file with its values in sorted order.

    The file (one per filter) is ``pagefind_dcd`` and then CBOR: ``[filter name, [[value, [page
    numbers]], ...]]``. The values are moved as whole byte spans, so nothing is decoded but the
    values they are sorted by."""
    if not data.startswith(_MAGIC):
        return data
    body = data[len(_MAGIC) :]
    name = _head_length(body, 0)
    values_start = _skip(body, name)
    values, end = _array_items(body, values_start)
    ordered = sorted(values, key=lambda span: _text_at(body, span[0] + _head_length(body, span[0])))
    head = body[: values_start + _head_length(body, values_start)]
    return _MAGIC + head + b"".join(body[start:stop] for start, stop in ordered) + body[end:]


def _argument(buf: bytes, pos: int) -> tuple[int, int]:
    """The CBOR head at ``pos``: (its argument, its length in bytes)."""
    info = buf[pos] & 0x1F
    if info < 24:
        return info, 1
    size = 1 << (info - 24)  # 24 -> 1 byte, 25 -> 2, 26 -> 4, 27 -> 8
    return int.from_bytes(buf[pos + 1 : pos + 1 + size], "big"), 1 + size


def _head_length(buf: bytes, pos: int) -> int:
    return _argument(buf, pos)[1]


def _skip(buf: bytes, pos: int) -> int:
    """The position after the CBOR item at ``pos`` (unsigned ints, text, arrays: what filter files hold)."""
    major = buf[pos] >> 5
    value, head = _argument(buf, pos)
    if major == 0:
        return pos + head
    if major in (2, 3):
        return pos + head + value
    if major == 4:
        pos += head
        for _ in range(value):
            pos = _skip(buf, pos)
        return pos
    raise SearchIndexError(f"unexpected CBOR item (major type {major}) in a Pagefind filter file")


def _array_items(buf: bytes, pos: int) -> tuple[list[tuple[int, int]], int]:
    """The byte spans of the items of the CBOR array at ``pos``, and the position after it."""
    if buf[pos] >> 5 != 4:
        raise SearchIndexError("a Pagefind filter file does not hold the expected array")
    count, head = _argument(buf, pos)
    spans, pos = [], pos + head
    for _ in range(count):
        end = _skip(buf, pos)
        spans.append((pos, end))
        pos = end
    return spans, pos


def _text_at(buf: bytes, pos: int) -> str:
    length, head = _argument(buf, pos)
    return buf[pos + head : pos + head + length].decode("utf-8")
