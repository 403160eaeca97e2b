"""The compiled story cache: a loaded story as JSON, served only while its files are unchanged.

An entry records the SHA-256 of every file the loader read and the files each include
pattern matched. Before an entry is used, every recorded file is hashed again and every
pattern globbed again; one changed byte, one new or removed file, a different loader
version, or an unreadable entry means the story is loaded from YAML and the entry rewritten.
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
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from game import __version__
from game.core import model
from game.core.errors import StoryError
from game.core.expr import Condition, from_ast
from game.core.record import Record, fields
from game.loading.locate import find_manifest

if TYPE_CHECKING:
    from game.loading.loader import Sources

#: bump when the encoding or the model changes shape, so old entries are never misread
CACHE_FORMAT = 2  # 2: people and deductions have conditional extra paragraphs
MAX_ENTRY_BYTES = 64 * 1024 * 1024

_CLASSES = {cls.__name__: cls for cls in (
    model.Mark, model.Gain, model.Lose, model.SetFlag, model.ClearFlag, model.Add, model.Spend, model.Say,
    model.Goto, model.StartAct, model.Talk, model.Branch, model.Act, model.Place, model.Choice, model.Scene,
    model.Clue, model.Item, model.Cell, model.Person, model.Topic, model.Statement, model.Testimony,
    model.Slot, model.Deduction, model.Question, model.Accusation, model.ConditionalText, model.Ending, model.Event,
    model.Story,
)}
_FIELDS = {name: tuple(f.name for f in fields(cls)) for name, cls in _CLASSES.items()}


def _converter(annotation: str) -> int:
    """0: take the JSON value as it is; 1: a list becomes a tuple; 2: nested lists become tuples."""
    text = str(annotation)
    if "tuple[tuple" in text:
        return 2
    return 1 if "tuple[" in text else 0


_CONVERT = {name: tuple(_converter(f.type) for f in fields(cls))
            for name, cls in _CLASSES.items()}


def default_cache_dir() -> Path:
    """``$GHOSTLIGHT_CACHE``, else the platform's user cache folder."""
    configured = os.environ.get("GHOSTLIGHT_CACHE")
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ghostlight"


def load_story_cached(path: str | os.PathLike, cache_dir: Optional[Path] = None) -> model.Story:
    """Load a story, from the compiled cache when it is current; raises :class:`StoryError`."""
    manifest = find_manifest(path).resolve()
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    entry_path = folder / (hashlib.sha256(str(manifest).encode()).hexdigest()[:32] + ".json")
    story = _read_entry(entry_path, manifest)
    if story is not None:
        return story
    from game.loading.loader import read_story_with_sources  # YAML is imported only on a cache miss

    story, findings, sources = read_story_with_sources(manifest)
    if story is None:
        raise StoryError(findings)
    assert sources is not None
    _write_entry(entry_path, story, sources)
    return story


def _read_entry(entry_path: Path, manifest: Path) -> Optional[model.Story]:
    try:
        if entry_path.stat().st_size > MAX_ENTRY_BYTES:
            return None
        with open(entry_path, "rb") as handle:
            entry = json.loads(handle.read(), object_hook=_decode_object)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None  # absent or unreadable: load from the YAML instead
    if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT or entry.get("version") != __version__:
        return None
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
        "format": CACHE_FORMAT, "version": __version__, "manifest": sources.manifest,
        "files": sources.files, "globs": [[p, m] for p, m in sources.globs], "story": encode_story(story),
    }
    try:
        entry_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry_path.parent, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, separators=(",", ":"), ensure_ascii=False)
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
        for index, how in enumerate(_CONVERT[name]):
            if how and isinstance(values[index], list):
                values[index] = tuple(values[index]) if how == 1 else tuple(
                    tuple(v) if isinstance(v, list) else v for v in values[index])
        return _CLASSES[name](*values)
    if "?" in obj:
        source, ast = obj["?"]
        return from_ast(source, ast)
    if "#" in obj:
        return frozenset(obj["#"])
    if "$" in obj:
        return model.ReadOnlyTable(obj["$"], _decode_scene)
    return obj
