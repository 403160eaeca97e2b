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
import re
from pathlib import Path
from typing import Any, Callable, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core.errors import Finding, StoryError
from game.core.model import Mark, Story
from game.core.record import Record
from game.loading.locate import MANIFEST_NAMES, find_manifest  # noqa: F401  (part of the loader API)
from game.core import words
from game.core.words import did_you_mean
from game.loading.files import Refused, include_hint, inside, lexically_inside, manifest_above, read_regular, yaml_files
from game.loading.reader import FileReader, StoryBuild
from game.loading.spec import SECTIONS
from game.loading.yamlsafe import MAX_DEPTH, compose, decode  # noqa: F401
from game.loading.yamlwords import comment_cuts

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_FILES = 2000
#: files and folders looked at under the story folder for YAML files no include loads
MAX_FOLDER_ENTRIES = 10 * MAX_FILES


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
    story, build, manifest = read_build(path)
    if manifest is None:
        return None, build.findings, None
    return story, build.findings, Sources(str(manifest), dict(build.files), list(build.globs))


#: composed nodes of a file by (sha256 of its bytes, path shown): the root, its YAML findings, its cuts
Memo = dict[tuple[str, str], tuple[Optional[Node], list[tuple[Mark, str, str]], dict]]


def read_build(path: str | os.PathLike, overlay: Optional[dict[str, str]] = None,
               memo: Optional[Memo] = None) -> tuple[Optional[Story], StoryBuild, Optional[Path]]:
    """As :func:`read_story`, returning the whole build (ids and references with their marks,
    for the language server) and the manifest read (None when none was found).

    ``overlay`` maps a file's resolved absolute path to text read instead of the file on disk
    (an editor's unsaved buffer); ``memo`` keeps composed nodes by content hash between calls,
    so that only a changed file is parsed again.
    """
    build = StoryBuild()
    try:
        manifest = find_manifest(path).resolve()
    except StoryError as exc:
        build.findings.extend(exc.findings)
        return None, build, None
    walk = _Walk(build, manifest.parent, overlay or {}, memo)
    # Loading allocates hundreds of thousands of small objects and no reference cycles; the
    # cyclic collector's repeated scans over them cost more than the load itself (measured:
    # 1.8x slower on a 10,000-scene story) and can never free anything here.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with words.budget():
            walk.file(manifest, is_manifest=True, chain=())
            if build.manifest.get("_reader") is not None:
                walk.unincluded(manifest)
            # references are resolved even when other errors exist
            story = _finish(build, manifest.parent, None if walk.unread else walk.broken)
    finally:
        if was_enabled:
            gc.enable()
    if story is None and not any(f.is_error for f in build.findings):
        build.findings.append(Finding(_display(manifest), 1, 1, "E100", "the story could not be built"))
    return story, build, manifest


# a top-level `include:` and the lines that belong to it (indented, list items or blank)
_INCLUDE_BLOCK = re.compile(r"^include:[^\n]*(?:\n(?:[ \t]+[^\n]*|-[^\n]*|[ \t]*(?=\n)))*", re.MULTILINE)


def _content_file(root: Node, path: Path, shown: str, build: StoryBuild) -> bool:
    """A content file (clues.yaml, say) given where a story belongs: one finding that says so,
    instead of a "missing required key" for each of its entries."""
    if not isinstance(root, MappingNode):
        return False
    keys = [k.value for k, _ in root.value if isinstance(k, ScalarNode)]
    sections = [k for k in keys if k in SECTIONS]
    if {"id", "start", "include", "title"} & set(keys) or not sections:
        return False
    above = manifest_above(path, MANIFEST_NAMES)
    where = (f"give the story folder '{_display(above.parent)}' (its manifest is '{_display(above)}')"
             if above is not None else "give the story folder, whose manifest (story.yaml) has id, start and include")
    build.error(Mark(shown, 1, 1), "E100", f"'{path.name}' is a part of a story (it holds {sections[0]}:), "
                                           f"not a story's manifest: {where}")
    return True


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")


class _Walk:
    """Follows a story's includes from its manifest, inside its folder only."""

    def __init__(self, build: StoryBuild, folder: Path, overlay: Optional[dict[str, str]] = None,
                 memo: Optional[Memo] = None,
                 make_reader: Callable[[StoryBuild, str], FileReader] = FileReader) -> None:
        self.build = build
        self.folder = folder
        self.overlay = overlay or {}
        self.memo = memo
        self.make_reader = make_reader
        #: every word that looks like an id in the files that did not compose: an unknown id
        #: among them may be declared there, one not among them cannot be (a set: one pass
        #: over each file, then each lookup costs the same however many references there are)
        self.broken: Optional[set[str]] = None
        self.unread = False  # a file not read at all: nothing is known of the ids it holds
        self.attempted: set[str] = set()  # every file an include named, read or refused

    def file(self, path: Path, is_manifest: bool, chain: tuple[Path, ...], where: Optional[Mark] = None) -> None:
        build = self.build
        shown = _display(path)
        where = where or Mark(shown, 1, 1)
        if len(build.files) >= MAX_FILES:
            build.error(where, "E120", f"more than {MAX_FILES} story files")
            return
        data = self.read(path, where)
        if data is None:
            build.incomplete = self.unread = True
            return
        digest = build.files[str(path)] = hashlib.sha256(data).hexdigest()
        text = decode(data, shown, build.error)
        if text is None:
            build.incomplete = True
            self.note_broken(data.decode("utf-8", "replace"))
            return
        root, cuts = self.compose(text, shown, digest)
        if root is None:
            build.incomplete = True
            self.note_broken(text)
            if is_manifest:
                self.salvage_includes(path, text, chain)
            return
        if is_manifest and _content_file(root, path, shown, build):
            return
        reader = self.make_reader(build, shown)
        reader.cuts = cuts
        self.includes(path, reader, reader.read_file(root, is_manifest), chain)

    def compose(self, text: str, shown: str, digest: str) -> tuple[Optional[Node], dict]:
        """A file's nodes and comment cuts, from the memo when the same bytes were composed before."""
        if self.memo is None:
            root = compose(text, shown, self.build.error)
            return root, (comment_cuts(text) if root is not None else {})
        hit = self.memo.get((digest, shown))
        if hit is None:
            found: list[tuple[Mark, str, str]] = []
            root = compose(text, shown, lambda *finding: found.append(finding))
            hit = self.memo[(digest, shown)] = (root, found, comment_cuts(text) if root is not None else {})
        for finding in hit[1]:
            self.build.error(*finding)
        return hit[0], hit[2]

    def note_broken(self, text: str) -> None:
        self.broken = (self.broken or set()) | set(_WORD.findall(text))

    def read(self, path: Path, where: Mark) -> Optional[bytes]:
        try:
            text = self.overlay.get(str(path))
            if text is not None:  # an editor's unsaved text stands in for the file
                data = text.encode("utf-8", "surrogatepass")
                if len(data) > MAX_FILE_BYTES:
                    raise Refused("E103", f"the file is {len(data)} bytes; story files are limited to {MAX_FILE_BYTES} bytes")
                return data
            return read_regular(path, MAX_FILE_BYTES)
        except Refused as exc:
            if exc.code == "E103":
                self.build.error(Mark(_display(path), 1, 1), exc.code, str(exc))
            else:
                self.build.error(where, exc.code, f"'{_display(path)}' {exc}")
        except IsADirectoryError:
            self.build.error(where, "E100", f"'{path}' is a folder, not a story file")
        except OSError as exc:
            self.build.error(where, "E100", f"cannot read '{path}': {exc.strerror or exc}")
        return None

    def includes(self, path: Path, reader: FileReader, includes: list[tuple[str, Any]], chain: tuple[Path, ...]) -> None:
        build = self.build
        for pattern, node in includes:
            mark = reader.mark(node)
            if os.path.isabs(pattern):
                build.error(mark, "E120", f"include '{pattern}' must be relative to the story folder")
                continue
            full = str(path.parent / pattern)
            if not lexically_inside(full, self.folder):
                build.error(mark, "E123", f"include '{pattern}' points outside the story folder "
                                          f"('{os.path.normpath(full)}'): a story may only read files inside its folder")
                build.incomplete = self.unread = True
                continue
            found = [Path(p) for p in glob.glob(full, recursive=True) if not os.path.isdir(p)]
            kind = "matches no file" if glob.has_magic(pattern) else "does not exist"
            if glob.has_magic(pattern):
                # "*.yaml" in a manifest matches the manifest: a pattern passes over the files it is
                # read from (a name written out that includes itself is still a cycle, E121)
                reading = {path.resolve(), *(p.resolve() for p in chain)}
                if found and all(p.resolve() in reading for p in found):
                    kind = "matches no file but the one it is written in"
                found = [p for p in found if p.resolve() not in reading]
            build.globs.append((full, sorted(str(p.resolve()) for p in found if p.is_file())))
            if not found:
                build.error(mark, "E120", f"include '{pattern}' {kind}")
                continue
            for link, match in sorted(((p, p.resolve()) for p in found), key=lambda pair: pair[1]):
                self.follow(link, match, mark, path, chain)

    def follow(self, link: Path, match: Path, mark: Mark, path: Path, chain: tuple[Path, ...]) -> None:
        build = self.build
        self.attempted.add(str(match))
        if not inside(match, self.folder):
            build.error(mark, "E123", f"'{_display(link)}' is a link to '{match}', outside the story folder: "
                                      "a story may only read files inside its folder")
            build.incomplete = self.unread = True
            return
        if match in chain or match == path:
            cycle = " -> ".join(_display(p) for p in (*chain, path, match))
            build.error(mark, "E121", f"include cycle: {cycle}")
            return
        if str(match) in build.files:
            return  # included twice through different patterns: read once
        self.file(match, is_manifest=False, chain=(*chain, path), where=mark)

    def salvage_includes(self, path: Path, text: str, chain: tuple[Path, ...]) -> None:
        """The manifest has a YAML error: still read the files its ``include:`` names, so that
        one mistake does not hide every other file's findings."""
        block = _INCLUDE_BLOCK.search(text)
        if block is None:
            return
        # blank lines in front keep every line number of the block as it is in the manifest
        node = compose("\n" * text.count("\n", 0, block.start()) + block.group(), _display(path),
                       lambda *_: None)
        if isinstance(node, MappingNode) and node.value:
            value = node.value[0][1]
            items = value.value if isinstance(value, SequenceNode) else [value]
            found = [(i.value, i) for i in items if isinstance(i, ScalarNode) and i.value.strip()]
            self.includes(path, FileReader(self.build, _display(path)), found, chain)

    def unincluded(self, manifest: Path) -> None:
        """Warn about YAML files under the story folder that no include loads."""
        read = set(self.build.files) | self.attempted | {str(manifest)}
        paths, stopped = yaml_files(self.folder, limit=MAX_FOLDER_ENTRIES)
        if stopped:
            self.build.findings.append(Finding(
                _display(manifest), 1, 1, "W130",
                f"the story folder holds more than {MAX_FOLDER_ENTRIES} files and folders: only some were "
                "checked for YAML files no include loads; keep other things out of the story folder"))
        for path in paths:
            if str(path) not in read:
                hint = include_hint(path, self.folder)
                self.build.findings.append(Finding(
                    _display(path), 1, 1, "W130",
                    f"this file is not part of the story: no include loads it; add '{hint}' "
                    f"to the include list in {manifest.name} (or move the file out of the story folder)"))


def _walk(path: Path, build: StoryBuild, is_manifest: bool, chain: tuple[Path, ...],
          where: Optional[Mark] = None, make_reader: Callable[[StoryBuild, str], FileReader] = FileReader) -> None:
    """Read ``path`` and the files it includes into ``build``, confined to ``path``'s folder;
    ``make_reader`` reads each file (a branch's files are read by
    :class:`game.loading.branches.BranchReader`)."""
    _Walk(build, path.parent, make_reader=make_reader).file(path, is_manifest, chain, where)


def _finish(build: StoryBuild, base: Path, broken: Optional[set[str]] = None) -> Optional[Story]:
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
        if build.incomplete and (broken is None or ref.name in broken):
            continue  # the id may well be in a file that could not be read
        pool = [n for k in ref.kinds for n in by_kind.get(k, [])]
        build.error(ref.mark, "E201", f"{ref.what}: unknown {wanted} '{ref.name}'{did_you_mean(ref.name, pool)}")

    people = build.tables["person"]
    for ref in build.refs:  # a slot's among: names only people the board could offer (game.core.blanks)
        person = people.get(ref.name)
        if ref.what.endswith(": among") and person is not None and not person.suspect:
            build.error(ref.mark, "E202", f"{ref.what}: '{ref.name}' is not a suspect (suspect: false), "
                                          "and the board offers only suspects")
    for act in acts.values():
        if not act.on_timeout:
            mark = build.ids[act.id][1]
            build.findings.append(Finding(mark.path, mark.line, mark.col, "W410",
                                          f"act '{act.id}' has no on_timeout: when its time runs out nothing moves the player on"))
    _live_former(build)
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


def _live_former(build: StoryBuild) -> None:
    """A ``was:`` id that is still a live choice's id is an error (E125), not a warning: a save's
    ``taken`` mark under that id already means the live choice, so the old id could never be
    followed, and a game would silently credit one choice for the other's taking."""
    if build.former["choice"]:
        live = {c.id: scene for scene in build.tables["scene"].values() for c in scene.choices}
        for old, (choice, mark) in build.former["choice"].items():
            if old in live:
                build.error(mark, "E125", f"choice '{choice}': was: '{old}' is still the id of a choice "
                                          f"in scene '{live[old].id}': list only ids no choice has now")
    for old, (topic, mark) in build.former["topic"].items():
        if old in build.tables["topic"]:
            build.error(mark, "E125", f"topic '{topic}': was: '{old}' is still the id of a topic: "
                                      "list only ids no topic has now")


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
