"""The compiled story cache: a loaded story as JSON, served only while its files are unchanged.

An entry records the SHA-256 of every file the loader read and the files each include
pattern matched. Before an entry is used, every recorded file is hashed again and every
pattern globbed again; one changed byte, one new or removed file, a different loader
version, or an unreadable entry means the story is loaded from YAML and the entry rewritten.
Each entry verifies itself: its first line holds the CRC-32 and length of the rest, so a
damaged entry (a bad disk block, a hand edit) is caught whole before any of it is used, and is
rebuilt from the YAML with a one-line notice, instead of failing later in play.
Entries live outside the source tree (the user cache folder) and are plain JSON, never pickle:
nothing in them is executed, and expressions are recompiled from their checked ASTs.

An entry is three parts, one after the other: the header line; the body, one line of JSON
(the files, the patterns and the story, whose tables of elements hold only where each
element lies in the tail); the tail, each element's JSON back to back. A warm load parses the
body only; an element (a scene, a clue ...) is parsed the first time play reaches it, so the
first screen costs the same for a story of 50 scenes or of 10,000.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
import tempfile
import zlib
from pathlib import Path
from collections import abc
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, Sequence, get_args, get_origin

from game import __version__
from game.core import model
from game.core.errors import StoryError
from game.core.places import user_folder
from game.core.expr import Condition, from_ast
from game.core.record import Record, field_names, fields, replace
from game.loading.locate import find_branch, find_manifest

if TYPE_CHECKING:
    from game.loading.loader import Sources

#: bump when the encoding or the model changes shape, so old entries are never misread
CACHE_FORMAT = 13  # 2: places have a floor; 3: people and deductions have conditional extra paragraphs; 4: Story.branches
# 5: tables in the tail; 6: a choice may ask for a typed answer; 7: a clue carries several times;
# 8: an act says what a wrong check on the board costs (wrong_deduction);
# 9: a statement's contradicted_by may hold Paired entries ({clue, with}); 10: choices and topics
# list the ids they had before (was); 11: a Paired entry may carry its own broken text (with: optional),
# and a testimony its closing text; 12: a suspect slot may offer only some people (Slot.among)
# 13: a statement may answer clues that do not break it (Statement.near)
MAX_ENTRY_BYTES = 64 * 1024 * 1024

#: the records a story is made of (the spec lists the same: tests/test_spec.py checks it); the
#: model's list, not the spec's, so a warm start never imports the spec (2 ms of start-up)
_CLASSES: dict[str, type] = {cls.__name__: cls for cls in model.RECORDS}
_FIELDS = {name: field_names(cls) for name, cls in _CLASSES.items()}


def _tupled(values: list) -> tuple:
    """A JSON array as the tuple a record holds, arrays inside it too. Every sequence in a
    story record is a tuple, none sits inside a mapping (tests/test_cache.py checks the record
    types), so no field's type is looked up to decode it."""
    return tuple(_tupled(v) if v.__class__ is list else v for v in values)


def default_cache_dir() -> Path:
    """``$GHOSTLIGHT_CACHE``, else the platform's user cache folder (see game.core.places)."""
    configured = os.environ.get("GHOSTLIGHT_CACHE")
    if configured:
        return Path(configured)
    return user_folder("cache")


def _tell(message: str) -> None:
    print(f"ghostlight: {message}", file=sys.stderr)


class Damaged(Exception):
    """An entry that exists but is not what was written: rebuilt, and the player told."""


def load_story_cached(path: str | os.PathLike, cache_dir: Optional[Path] = None,
                      notice: Callable[[str], None] = _tell,
                      branches: Sequence[str | os.PathLike] = ()) -> model.Story:
    """Load a story, from the compiled cache when it is current; raises :class:`StoryError`.

    ``notice`` hears one line when a damaged entry is rebuilt (by default, standard error).
    With ``branches`` (folders or manifests), the story with them layered over it
    (:mod:`game.loading.branches`), cached as one entry per set of branches: the entry's key
    names the story's manifest and every branch's, sorted (the order does not change the story).
    """
    manifest = find_manifest(path).resolve()
    key = " + ".join([str(manifest), *sorted(str(find_branch(b).resolve()) for b in branches)])
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    entry_path = folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")
    try:
        story = _read_entry(entry_path, key)
    except Damaged as exc:
        notice(f"the compiled story cache was damaged ({exc}); rebuilt it from the story files")
        story = None
    if story is not None:
        return story
    # YAML is imported only on a cache miss
    from game.loading.branches import read_layered

    story, findings, sources, _layered = read_layered(manifest, branches)
    if story is None:
        raise StoryError(findings)
    assert sources is not None
    _write_entry(entry_path, story, replace(sources, manifest=key))
    return story


def _read_entry(entry_path: Path, manifest: Path | str) -> Optional[model.Story]:
    """The story in the entry, or None when there is none or it is stale; raises
    :class:`Damaged` when the entry is not what this version wrote."""
    try:
        if entry_path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        with open(entry_path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None  # absent or unreadable: load from the YAML instead
    entry = decode_entry(data)
    if entry is None:
        return None
    if entry.get("manifest") != str(manifest) or not _still_current(entry):
        return None
    story = entry.get("story")
    return story if isinstance(story, model.Story) else None


def decode_entry(data: bytes) -> Optional[dict]:
    """An entry's body with its story decoded (tables decode an element on first use); None
    when another version of the game wrote it. Raises :class:`Damaged` when it is not what
    was written: every byte after the header is checked against its CRC-32 first."""
    end = data.find(b"\n")
    end = len(data) if end < 0 else end
    try:
        header = json.loads(data[:end])
    except ValueError:
        raise Damaged("its header is not readable") from None
    if not isinstance(header, dict):
        raise Damaged("its header is not readable")
    if header.get("format") != CACHE_FORMAT or header.get("version") != __version__:
        return None  # written by another version of the game: replaced quietly
    rest = memoryview(data)[end + 1:]  # (a view: the tail is not copied to be checked)
    if header.get("size") != len(rest) or header.get("crc32") != zlib.crc32(rest):
        raise Damaged("its checksum does not match")
    tail = data.find(b"\n", end + 1)
    tail = len(data) if tail < 0 else tail
    try:
        entry = json.loads(data[end + 1:tail], object_hook=_Decoder(data, tail + 1).object)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise Damaged(f"{type(exc).__name__} while decoding") from None  # a checksum clash, or a bug
    if not isinstance(entry, dict):
        raise Damaged("it holds no story")
    return entry


def _still_current(entry: dict) -> bool:
    files = entry.get("files")
    patterns = entry.get("globs")
    if not isinstance(files, dict) or not isinstance(patterns, list):
        return False
    for pattern, matched in patterns:
        now = sorted(str(Path(p).resolve()) for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
        if now != sorted(matched):
            return False
    for file_path, digest in files.items():
        try:
            with open(file_path, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() != digest:
                    return False
        except OSError:
            return False
    return True


def _write_entry(entry_path: Path, story: model.Story, sources: "Sources") -> None:
    data = encode_entry(story, sources)
    try:
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry_path.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, entry_path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass  # a cache that cannot be written only costs speed next time


def encode_entry(story: model.Story, sources: "Sources") -> bytes:
    """The whole entry: header line, body line, tail (see the module's docstring)."""
    tail: list[bytes] = []
    at = 0

    def table(elements: Mapping[str, Any], kind: str) -> dict:
        # The ids, and where each element starts in the tail (the next one's start is where
        # it ends): two flat lists parse in half the time of an object of pairs.
        nonlocal at
        starts = []
        for value in elements.values():
            text = _dumps(encode(value))
            starts.append(at)
            tail.append(text)
            at += len(text)
        return {"$": kind, "ids": list(elements), "at": [*starts, at]}

    values: list[Any] = []
    for info in fields(model.Story):  # (resolved types: the cold path can afford them)
        value, kind = getattr(story, info.name), _element_class(info.type)
        if info.name == "marks":
            values.append({})  # file positions, for authoring tools: not cached
        else:
            values.append(table(value, kind.__name__) if kind is not None else encode(value))
    body = _dumps({"manifest": sources.manifest, "files": sources.files,
                   "globs": [[p, m] for p, m in sources.globs], "story": {"@": "Story", "f": values}})
    rest = body + b"\n" + b"".join(tail)
    header = json.dumps({"format": CACHE_FORMAT, "version": __version__, "size": len(rest),
                         "crc32": zlib.crc32(rest)}).encode("utf-8")
    return header + b"\n" + rest


def _dumps(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _element_class(tp: Any) -> Optional[type]:
    """The record class of a table's elements when ``tp`` (a resolved field type) is a
    mapping of ids to records, as the story's tables are; else None."""
    args = get_args(tp)
    if get_origin(tp) is abc.Mapping and len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], Record):
        return args[1]
    return None


def encode(value: Any) -> Any:
    """A model value as JSON-ready data (records tagged by class name)."""
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, Condition):
        return {"?": [value.source, value.ast]}
    if isinstance(value, frozenset):
        return {"#": sorted(value)}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, Record):
        name = type(value).__name__
        return {"@": name, "f": [encode(getattr(value, f)) for f in _FIELDS[name]]}
    if hasattr(value, "items"):
        return {k: encode(v) for k, v in value.items()}
    raise TypeError(f"cannot encode {type(value).__name__}")


class _Decoder:
    """Turns the tagged JSON objects of one entry back into model values."""

    def __init__(self, data: bytes, tail: int) -> None:
        self.data = data
        self.tail = tail  # where the tail starts in ``data``

    def object(self, obj: dict) -> Any:
        if "@" in obj:
            name = obj["@"]
            values = obj["f"]
            for index, value in enumerate(values):
                if value.__class__ is list:
                    values[index] = _tupled(value)
            return _CLASSES[name](*values)
        if "?" in obj:
            source, ast = obj["?"]
            return from_ast(source, ast)
        if "#" in obj:
            return frozenset(obj["#"])
        if "$" in obj:
            kind, ids, starts = _CLASSES[obj["$"]], obj["ids"], obj["at"]
            # Checked whole here, where a bad index is a damaged entry (rebuilt), not later in play.
            if (len(starts) != len(ids) + 1 or not all(type(s) is int for s in starts)
                    or starts != sorted(starts) or starts[0] < 0 or starts[-1] > len(self.data) - self.tail):
                raise ValueError("a table's index does not fit the entry")
            return model.ReadOnlyTable(dict(zip(ids, range(len(ids)))),
                                       lambda number: self.element(kind, starts, number))
        return obj

    def element(self, kind: type, starts: list, number: int) -> Any:
        """Element ``number`` of a table whose elements start at ``starts`` in the tail (an
        index checked when the entry was read); it must be a ``kind``."""
        at = self.tail
        value = json.loads(self.data[at + starts[number]:at + starts[number + 1]], object_hook=self.object)
        if not isinstance(value, kind):
            raise ValueError(f"not a {kind.__name__}")
        return value
