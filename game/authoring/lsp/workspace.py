"""The story as an editor sees it: the loader run over unsaved text, and an index of every id.

Each check runs the same :func:`game.loading.loader.read_build` and the same lint that
``ghostlight validate`` runs, over the story folder with the editor's open documents laid over
the files on disk. Composed nodes are kept per file by content hash, so after an edit only the
changed file is parsed again before the story is resolved anew.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from game.authoring.lint import lint
from game.core.errors import Finding
from game.core.model import Story
from game.core.record import Record
from game.loading.loader import Memo, read_build
from game.loading.nodes import StoryBuild

#: lines searched below a reference's mark for the id itself (a multi-line expression is
#: marked at its first line)
_SEARCH_LINES = 40


class Site(Record):
    """Where an id is written: a resolved path and a 0-based line and column."""

    path: str
    line: int
    col: int


@dataclass
class Index:
    """Every id the last check declared and every place one is named."""

    # Not a Record: built in place from a check's findings, then carried over between checks.

    defs: dict[str, tuple[str, Site]] = field(default_factory=dict)  # id -> (kind, where)
    refs: list[tuple[str, tuple[str, ...], Site]] = field(default_factory=list)  # (id, kinds, mark)
    elements: dict[str, Any] = field(default_factory=dict)  # id -> its model record
    flags: set[str] = field(default_factory=set)

    def of_kinds(self, kinds: tuple[str, ...]) -> list[str]:
        """The ids declared as one of ``kinds``, in the order they were read."""
        return [name for name, (kind, _) in self.defs.items() if kind in kinds]


def word_pattern(name: str) -> re.Pattern[str]:
    """``name`` as a whole id (ids may hold dots and dashes)."""
    return re.compile(r"(?<![A-Za-z0-9_.\-])" + re.escape(name) + r"(?![A-Za-z0-9_\-]|\.[A-Za-z0-9_])")


class Workspace:
    """One story folder, the editor's open documents over it, and the latest check."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder).resolve()
        self.overlay: dict[str, str] = {}  # resolved path -> unsaved text
        self.memo: Memo = {}
        self.findings: dict[str, list[Finding]] = {}  # resolved path -> its findings
        self.index = Index()
        self.story: Optional[Story] = None
        self.manifest: Optional[Path] = None

    def owns(self, path: str) -> bool:
        """Whether ``path`` lies inside the story folder."""
        real = Path(path).resolve()
        return real == self.folder or self.folder in real.parents

    def text(self, path: str) -> str:
        """A file's text as the editor has it (the unsaved buffer, else the disk)."""
        if path in self.overlay:
            return self.overlay[path]
        try:
            return Path(path).read_text("utf-8", "replace")
        except OSError:
            return ""

    def check(self) -> dict[str, list[Finding]]:
        """Validate and lint the story as edited; the findings by resolved path."""
        story, build, manifest = read_build(self.folder, self.overlay, self.memo)
        findings = list(build.findings)
        if story is not None:
            findings = sorted(findings + lint(story), key=lambda f: (f.path, f.line, f.col, f.code))
        # the memo keeps only what the story is made of now: memory stays flat over a session
        live = set(build.files.values())
        for key in [k for k in self.memo if k[0] not in live]:
            del self.memo[key]
        self.story, self.manifest = story, manifest
        self.index = _keep_broken(_index(build), self.index, self._unparsed(build))
        by_path: dict[str, list[Finding]] = {}
        for f in findings:
            by_path.setdefault(os.path.realpath(f.path), []).append(f)
        self.findings = by_path
        return by_path

    def _unparsed(self, build: StoryBuild) -> set[str]:
        """The files read whose YAML did not compose (typing leaves a file broken for a while)."""
        broken = {digest for (digest, _shown), hit in self.memo.items() if hit[0] is None}
        return {path for path, digest in build.files.items() if digest in broken}

    def files(self) -> list[str]:
        """The story's files as of the last check."""
        return sorted({site.path for _, site in self.index.defs.values()} | set(self.findings))

    def locate(self, name: str, site: Site) -> Optional[Site]:
        """The exact place of ``name`` at or after a mark (a quoted scalar's mark is its quote,
        an expression's may be its first line)."""
        lines = self.text(site.path).split("\n")
        pattern = word_pattern(name)
        for number in range(site.line, min(len(lines), site.line + _SEARCH_LINES)):
            found = pattern.search(lines[number], site.col if number == site.line else 0)
            if found:
                return Site(site.path, number, found.start())
        return None

    def definition(self, name: str) -> Optional[Site]:
        found = self.index.defs.get(name)
        return None if found is None else (self.locate(name, found[1]) or found[1])

    def references(self, name: str, declaration: bool = True) -> list[Site]:
        """Every place ``name`` is written as an id: its declaration and every reference."""
        out = [s for s in [self.definition(name)] if s is not None and declaration]
        for ref_name, _kinds, mark in self.index.refs:
            if ref_name == name:
                site = self.locate(name, mark)
                if site is not None and site not in out:
                    out.append(site)
        return out

    def at(self, path: str, line: int, col: int) -> Optional[str]:
        """The id under a position, when it is one the story declares or names."""
        lines = self.text(path).split("\n")
        if not 0 <= line < len(lines):
            return None
        for found in re.finditer(r"[A-Za-z][A-Za-z0-9_.\-]*", lines[line]):
            if found.start() <= col <= found.end():
                word = found.group().rstrip(".-")
                if word in self.index.defs or any(word == r[0] for r in self.index.refs):
                    return word
        return None


def _index(build: StoryBuild) -> Index:
    index = Index(flags=set(build.flags))
    real: dict[str, str] = {}  # a mark's shown path -> resolved: a few files, a thousand marks

    def site(mark: Any) -> Site:
        path = real.get(mark.path) or real.setdefault(mark.path, os.path.realpath(mark.path))
        return Site(path, max(mark.line - 1, 0), max(mark.col - 1, 0))

    for name, (kind, mark) in build.ids.items():
        index.defs[name] = (kind, site(mark))
    for ref in build.refs:
        index.refs.append((ref.name, ref.kinds, site(ref.mark)))
    for table in build.tables.values():
        index.elements.update(table)
    return index


def _keep_broken(new: Index, old: Index, broken: set[str]) -> Index:
    """While a file does not parse, the ids it declared at its last good parse still complete
    and navigate (its findings say it is broken; nothing else is taken from the old index)."""
    for name, (kind, site) in old.defs.items():
        if site.path in broken and name not in new.defs:
            new.defs[name] = (kind, site)
            if name in old.elements:
                new.elements.setdefault(name, old.elements[name])
    return new
