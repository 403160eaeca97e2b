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
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence, Union, get_args, get_origin

from game import __version__
from game.core import model
from game.core.errors import StoryError
from game.core.places import user_folder
from game.core.expr import Condition, from_ast
from game.core.record import Record, field_names, fields, replace
from game.loading.locate import find_branch, find_manifest
from game.loading.spec import RECORDS

if TYPE_CHECKING:
    from game.loading.loader import Sources

#: bump when the encoding or the model changes shape, so old entries are never misread
CACHE_FORMAT = 6  # 2: places have a floor; 3: people and deductions have conditional extra paragraphs; 4: Story.branches
# 5: a choice may ask for a typed answer; 6: a clue carries several times
MAX_ENTRY_BYTES = 64 * 1024 * 1024

#: the records a story is made of, as the story spec names them
_CLASSES: dict[str, type] = {cls.__name__: cls for cls in RECORDS}
_FIELDS = {name: field_names(cls) for name, cls in _CLASSES.items()}  # types resolve on first decode
Convert = Optional[Callable[[Any], Any]]
_CONVERT: dict[str, tuple[Convert, ...]] = {}  # filled on first decode: see _converters


def _converter(tp: Any) -> Convert:
    """How a JSON value becomes a value of the resolved type ``tp``; None: as it is.

    JSON has lists where records hold tuples; records, conditions and sets arrive already
    decoded (they are tagged objects, see :func:`_decode_object`).
    """
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            inner = _converter(args[0])
            if inner is None:
                return tuple
            return lambda v: tuple(inner(x) for x in v)
        each = [_converter(a) for a in args]
        if not any(each):
            return tuple
        return lambda v: tuple(c(x) if c else x for c, x in zip(each, v))
    if origin is Union:
        present = [c for c in (_converter(a) for a in args if a is not type(None)) if c is not None]
        if len(present) == 1:
            one = present[0]
            return lambda v: None if v is None else one(v)
    return None


def _converters(name: str) -> tuple[Convert, ...]:
    done = _CONVERT.get(name)
    if done is None:
        done = _CONVERT[name] = tuple(_converter(f.type) for f in fields(_CLASSES[name]))
    return done


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
    head, _newline, body = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        raise Damaged("its header is not readable") from None
    if not isinstance(header, dict):
        raise Damaged("its header is not readable")
    if header.get("format") != CACHE_FORMAT or header.get("version") != __version__:
        return None  # written by another version of the game: replaced quietly
    if header.get("size") != len(body) or header.get("crc32") != zlib.crc32(body):
        raise Damaged("its checksum does not match")
    try:
        entry = json.loads(body, object_hook=_decode_object)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise Damaged(f"{type(exc).__name__} while decoding") from None  # a checksum clash, or a bug
    if not isinstance(entry, dict):
        raise Damaged("it holds no story")
    if entry.get("manifest") != str(manifest) or not _still_current(entry):
        return None
    story = entry.get("story")
    return story if isinstance(story, model.Story) else None


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
    entry = {
        "manifest": sources.manifest, "files": sources.files,
        "globs": [[p, m] for p, m in sources.globs], "story": encode_story(story),
    }
    body = json.dumps(entry, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header = json.dumps({"format": CACHE_FORMAT, "version": __version__, "size": len(body),
                         "crc32": zlib.crc32(body)}).encode("utf-8")
    try:
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry_path.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + b"\n" + body)
            os.replace(tmp, entry_path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        pass  # a cache that cannot be written only costs speed next time


def encode_story(story: model.Story) -> dict:
    """The story as JSON-ready data. Scenes, by far the largest table, are kept as JSON text
    and decoded one by one when play first reaches them; marks (file positions, for authoring
    tools) are not cached."""
    data = encode(story)
    fields = _FIELDS["Story"]
    values = data["f"]
    values[fields.index("scenes")] = {"$": {k: json.dumps(encode(v), separators=(",", ":"), ensure_ascii=False)
                                            for k, v in story.scenes.items()}}
    values[fields.index("marks")] = {}
    return data


def _decode_scene(text: str) -> model.Scene:
    scene = json.loads(text, object_hook=_decode_object)
    if not isinstance(scene, model.Scene):
        raise ValueError("not a scene")
    return scene


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


def _decode_object(obj: dict) -> Any:
    if "@" in obj:
        name = obj["@"]
        values = obj["f"]
        for index, convert in enumerate(_converters(name)):
            if convert is not None and values[index] is not None:
                values[index] = convert(values[index])
        return _CLASSES[name](*values)
    if "?" in obj:
        source, ast = obj["?"]
        return from_ast(source, ast)
    if "#" in obj:
        return frozenset(obj["#"])
    if "$" in obj:
        return model.ReadOnlyTable(obj["$"], _decode_scene)
    return obj
