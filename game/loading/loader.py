"""Story files -> :class:`game.core.model.Story`, with every problem located to the column.

The loading layer is the only code that touches YAML: :mod:`game.loading.yamlsafe` turns bytes into
nodes under strict limits, :mod:`game.loading.reader` reads nodes into model elements, and this
module follows the includes, resolves every reference once all files are read, and builds
the story. Loading collects every problem in one pass and raises :class:`StoryError` with
all of them.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
from pathlib import Path
from typing import Callable, Optional

from game.core.errors import Finding, StoryError
from game.core.model import Mark, Story
from game.core.record import Record
from game.loading.locate import MANIFEST_NAMES, find_manifest  # noqa: F401  (part of the loader API)
from game.core.words import did_you_mean
from game.loading.reader import FileReader, StoryBuild
from game.loading.yamlsafe import MAX_DEPTH, compose, decode  # noqa: F401

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_FILES = 2000


def _read_bytes(path: Path, build: StoryBuild, where: Mark) -> Optional[bytes]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            build.error(Mark(str(path), 1, 1), "E103",
                        f"the file is {size} bytes; story files are limited to {MAX_FILE_BYTES} bytes")
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError:
        build.error(where, "E100", f"'{path}' is a folder, not a story file")
    except OSError as exc:
        build.error(where, "E100", f"cannot read '{path}': {exc.strerror or exc}")
    return None


def _display(path: Path) -> str:
    """Paths in messages are relative to the working folder when that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith("..") else str(path)


class Sources(Record):
    """The files a story was read from: what the compiled cache checks before it serves."""

    manifest: str
    files: dict[str, str]  # absolute path -> sha256 of the bytes read
    globs: list[tuple[str, list[str]]]  # absolute pattern -> the files it matched


def read_story(path: str | os.PathLike) -> tuple[Optional[Story], list[Finding]]:
    """Load a story and return it with every finding; the story is None when there are errors."""
    story, findings, _sources = read_story_with_sources(path)
    return story, findings


def read_story_with_sources(path: str | os.PathLike) -> tuple[Optional[Story], list[Finding], Optional[Sources]]:
    """As :func:`read_story`, also returning the files read (for the compiled cache)."""
    build = StoryBuild()
    try:
        manifest = find_manifest(path).resolve()
    except StoryError as exc:
        return None, exc.findings, None
    # Loading allocates hundreds of thousands of small objects and no reference cycles; the
    # cyclic collector's repeated scans over them cost more than the load itself (measured:
    # 1.8x slower on a 10,000-scene story) and can never free anything here.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        _walk(manifest, build, is_manifest=True, chain=())
    finally:
        if was_enabled:
            gc.enable()
    story = _finish(build, manifest.parent)  # resolves references even when other errors exist
    if story is None and not any(f.is_error for f in build.findings):
        build.findings.append(Finding(_display(manifest), 1, 1, "E100", "the story could not be built"))
    return story, build.findings, Sources(str(manifest), dict(build.files), list(build.globs))


def _walk(path: Path, build: StoryBuild, is_manifest: bool, chain: tuple[Path, ...],
          where: Optional[Mark] = None, make_reader: Callable[[StoryBuild, str], FileReader] = FileReader) -> None:
    """Read ``path`` and the files it includes into ``build``; ``make_reader`` reads each file
    (a branch's files are read by :class:`game.loading.branches.BranchReader`)."""
    shown = _display(path)
    where = where or Mark(shown, 1, 1)
    if len(build.files) >= MAX_FILES:
        build.error(where, "E120", f"more than {MAX_FILES} story files")
        return
    data = _read_bytes(path, build, where)
    if data is None:
        build.incomplete = True
        return
    build.files[str(path)] = hashlib.sha256(data).hexdigest()
    text = decode(data, shown, build.error)
    root = compose(text, shown, build.error) if text is not None else None
    if root is None:
        build.incomplete = True
        return
    reader = make_reader(build, shown)
    includes = reader.read_file(root, is_manifest)
    for pattern, node in includes:
        mark = reader.mark(node)
        if os.path.isabs(pattern):
            build.error(mark, "E120", f"include '{pattern}' must be relative to the story folder")
            continue
        full = str(path.parent / pattern)
        matches = sorted(Path(p).resolve() for p in glob.glob(full, recursive=True) if os.path.isfile(p))
        build.globs.append((full, [str(m) for m in matches]))
        if not matches:
            kind = "matches no file" if glob.has_magic(pattern) else "does not exist"
            build.error(mark, "E120", f"include '{pattern}' {kind}")
            continue
        for match in matches:
            if match in chain or match == path:
                cycle = " -> ".join(_display(p) for p in (*chain, path, match))
                build.error(mark, "E121", f"include cycle: {cycle}")
                continue
            if str(match) in build.files:
                continue  # included twice through different patterns: read once
            _walk(match, build, is_manifest=False, chain=(*chain, path), where=mark, make_reader=make_reader)


def _finish(build: StoryBuild, base: Path) -> Optional[Story]:
    m = build.manifest
    reader: Optional[FileReader] = m.get("_reader")
    if reader is None:
        return None
    root = m["_node"]
    # The manifest's keys were read by the spec (game.loading.spec.MANIFEST) with the file.
    story_id, version, start, first_act = m["id"], m["version"], m["start"], m["first_act"]
    title = m["title"] or story_id or ""
    acts = build.tables["act"]
    if not acts:
        reader.error(root, "E112", "the story has no acts: add an `acts:` section with at least one act")
    if first_act is None and acts:
        first_act = next(iter(acts))

    # Resolve every reference now that every id is known.
    by_kind: dict[str, list[str]] = {}
    for name, (kind, _mark_) in build.ids.items():
        by_kind.setdefault(kind, []).append(name)
    for tag in build.tags:
        by_kind.setdefault("tag", []).append(tag)
    for ref in build.refs:
        if ref.kinds == ("tag",):
            if ref.name not in build.tags:
                build.error(ref.mark, "E201", f"{ref.what}: no clue has the tag '{ref.name}'"
                                              f"{did_you_mean(ref.name, build.tags)}")
            continue
        found = build.ids.get(ref.name)
        if found is not None and found[0] in ref.kinds:
            continue
        wanted = " or ".join(ref.kinds)
        if found is not None:
            build.error(ref.mark, "E202", f"{ref.what}: '{ref.name}' is a {found[0]}, not a {wanted}")
            continue
        if build.incomplete:
            continue  # the id may well be in the file that could not be read
        pool = [n for k in ref.kinds for n in by_kind.get(k, [])]
        build.error(ref.mark, "E201", f"{ref.what}: unknown {wanted} '{ref.name}'{did_you_mean(ref.name, pool)}")

    people = build.tables["person"]
    for act in acts.values():
        if not act.on_timeout:
            mark = build.ids[act.id][1]
            build.findings.append(Finding(mark.path, mark.line, mark.col, "W410",
                                          f"act '{act.id}' has no on_timeout: when its time runs out nothing moves the player on"))
    if build.accusation is not None and not any(p.suspect for p in people.values()):
        reader.error(root, "E119", "the story has an accusation but no suspects")

    if any(f.is_error for f in build.findings):
        return None
    return Story(
        id=story_id or "", title=title, version=version, start=start, first_act=first_act or "",
        acts=acts, places=build.tables["place"], scenes=build.tables["scene"], clues=build.tables["clue"],
        items=build.tables["item"], people=people, topics=build.tables["topic"],
        testimonies=build.tables["testimony"], deductions=build.tables["deduction"],
        events=build.tables["event"], endings=build.tables["ending"], flags=frozenset(build.flags),
        counters=build.counters, accusation=build.accusation,
        content_hash=content_hash(build.files, base),
        marks={name: mark for name, (kind, mark) in build.ids.items()},
    )


def content_hash(files: dict[str, str], base: Path) -> str:
    """A hash of the story's content: each file's path within the story folder and its bytes."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: os.path.relpath(p, base)):
        digest.update(os.path.relpath(path, base).replace(os.sep, "/").encode())
        digest.update(b"\0" + files[path].encode() + b"\n")
    return digest.hexdigest()[:32]


def load_story(path: str | os.PathLike) -> Story:
    """Load the story at ``path`` (a folder or its manifest), raising :class:`StoryError`."""
    story, findings = read_story(path)
    if story is None:
        raise StoryError(findings)
    return story
