"""A story with branches layered over it: the case read first, then each branch in order.

A branch is a folder with a manifest, ``branch.yaml``::

    branch: costume-store     # the branch's id; saves remember it
    title: The Costume Store
    extends: lumen            # the id of the story it plugs into
    written_for: 1            # the story version(s) it was written against
    include: ["*.yaml"]

Branches are read and applied in the order of their ids, whatever order they are named in, so the same
set of branches always makes the same story (and the same content hash in a save). Every id
lives in one table, so an id a branch adds that the case or an earlier branch already has is
reported with both places. See story/README.md, "Writing a branch".
"""

from __future__ import annotations

import functools
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, ScalarNode
from typing import Iterable, Optional

from game.core import words
from game.core.errors import Finding, StoryError
from game.core.model import Mark, Story
from game.core.record import Record, replace
from game.loading.extend import Additions, BranchReader, Layer
from game.loading.loader import Sources, _display, _finish, _walk, content_hash, find_manifest
from game.loading.locate import BRANCH_MANIFEST, find_branch
from game.loading.nodes import StoryBuild
from game.loading.yamlsafe import compose, decode

MAX_MANIFEST_BYTES = 64 * 1024  # read ahead for its id; a bigger manifest is read only once


class BranchInfo(Record):
    """A branch as it was applied: its manifest's words and its own content hash."""

    id: str
    title: str
    extends: str
    written_for: tuple[int, ...]
    description: str
    folder: str
    content_hash: str


@dataclass
class Layered:
    """What layering found: the branches applied, in order, and what each one added."""

    # Not a Record: an accumulator, filled in place as each branch is layered.

    branches: list[BranchInfo] = field(default_factory=list)
    additions: Additions = field(default_factory=Additions)

    def origin(self, element_id: str) -> Optional[str]:
        """The branch that added ``element_id``, or None for the case's own."""
        return self.additions.origin.get(element_id)

    def graph_marks(self) -> dict[str, str]:
        """What ``graph`` marks: id -> branch, and ``exit:SCENE>GOAL`` -> branch for added exits."""
        marks = dict(self.additions.origin)
        marks.update({f"exit:{scene}>{goal}": b for (scene, goal), b in self.additions.exits.items()})
        return marks


def read_layered(story_path: str | os.PathLike, branch_paths: Iterable[str | os.PathLike] = ()
                 ) -> tuple[Optional[Story], list[Finding], Optional[Sources], Layered]:
    """The story at ``story_path`` with the branches at ``branch_paths`` over it, every finding,
    the files read (for the compiled cache) and what each branch added. The story is None
    when there are errors."""
    build, layered = StoryBuild(), Layered()
    try:
        manifest = find_manifest(story_path).resolve()
        branch_manifests = [find_branch(p).resolve() for p in branch_paths]
        if len(branch_manifests) > 1:  # one branch needs no order: spare it the read-ahead
            branch_manifests.sort(key=_stated_id)
    except StoryError as exc:
        return None, exc.findings, None, layered
    # As the loader does: no cyclic garbage is made while reading, so the collector only costs.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        # One suggestion budget for the whole load, case and branches, as read_story has.
        with words.budget():
            _walk(manifest, build, is_manifest=True, chain=())
            layers = _read_branches(build, branch_manifests, layered.additions)
            _check_manifests(build, layers)
            story = _finish(build, manifest.parent)
    finally:
        if was_enabled:
            gc.enable()
    sources = Sources(str(manifest), dict(build.files), list(build.globs))
    if story is None:
        if not any(f.is_error for f in build.findings):
            build.findings.append(Finding(_display(manifest), 1, 1, "E100", "the story could not be built"))
        return None, build.findings, sources, layered
    for layer, files in layers:
        m = layer.manifest
        layered.branches.append(BranchInfo(layer.id, m["title"] or layer.id, m["extends"], layer.versions,
                                           m["description"], layer.folder, content_hash(files, Path(layer.folder))))
    if layered.branches:
        story = replace(story, branches=tuple((b.id, b.content_hash) for b in layered.branches))
    return story, build.findings, sources, layered


def _stated_id(manifest: Path) -> tuple[str, str]:
    """The id a branch manifest states (read ahead, so that branches are read in the order of
    their ids: the same set makes the same story); a manifest that cannot say sorts by path."""
    return (manifest_words(manifest).get("branch", ""), str(manifest))


def manifest_words(manifest: Path) -> dict[str, str]:
    """The plain top-level words of a branch manifest (branch, title, description, ...), read
    ahead without the story: for sorting, and for lists of installed branches. Empty when the
    file cannot be read; its problems are reported when the branch is read for real."""
    try:
        if manifest.stat().st_size > MAX_MANIFEST_BYTES:
            return {}
        text = decode(manifest.read_bytes(), str(manifest), _ignore)
    except OSError:
        return {}
    root = compose(text, str(manifest), _ignore) if text is not None else None
    if not isinstance(root, MappingNode):
        return {}
    return {k.value: v.value for k, v in root.value
            if isinstance(k, ScalarNode) and isinstance(v, ScalarNode) and isinstance(v.value, str)}


def _ignore(_mark: Mark, _code: str, _message: str) -> None:
    """Problems found while reading ahead are reported when the branch is read for real."""


def _read_branches(build: StoryBuild, manifests: list[Path], adds: Additions
                   ) -> list[tuple[Layer, dict[str, str]]]:
    """Read each branch's files into ``build``, in the order of their ids; apply its extensions."""
    layers = []
    for manifest in manifests:
        if str(manifest) in build.files:
            build.error(Mark(_display(manifest), 1, 1), "E134",
                        "this file is already read (the branch is named twice, or it is the story's own file)")
            continue
        layer = Layer(str(manifest.parent))
        before_files, before_ids = set(build.files), set(build.ids)
        _walk(manifest, build, is_manifest=True, chain=(),
              make_reader=functools.partial(BranchReader, layer=layer))
        for name in set(build.ids) - before_ids:
            adds.origin[name] = layer.id or manifest.parent.name
        layers.append((layer, {p: h for p, h in build.files.items() if p not in before_files}))
    for layer, _files in layers:  # extensions apply in the stated order, after every new element
        for reader, node in layer.extensions:
            reader.apply(node, adds)
    return layers


def _check_manifests(build: StoryBuild, layers: list[tuple[Layer, dict[str, str]]]) -> None:
    """A branch for another story is an error; for another version of it, a warning."""
    story_id, version = build.manifest.get("id"), build.manifest.get("version")
    seen: dict[str, Layer] = {}
    for layer, _files in layers:
        reader, root = layer.reader, layer.root
        if reader is None or root is None:
            continue  # its manifest could not be read: already reported
        fields = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
        if layer.id in seen:
            where = seen[layer.id].reader.mark(seen[layer.id].root)  # type: ignore[union-attr]
            reader.error(fields["branch"][1], "E134", f"two enabled branches have the id '{layer.id}' "
                                                      f"(the other is at {where.path}:{where.line}:{where.col})")
        seen[layer.id] = layer
        extends = layer.manifest.get("extends")
        if story_id and extends and extends != story_id:
            reader.error(fields["extends"][1], "E130", f"branch '{layer.id}' extends the story '{extends}', "
                                                       f"but this story is '{story_id}'")
        elif layer.versions and version not in layer.versions:
            node = fields["written_for"][1]
            mark = reader.mark(node)
            wanted = ", ".join(str(v) for v in layer.versions)
            build.findings.append(Finding(mark.path, mark.line, mark.col, "W431",
                                          f"branch '{layer.id}' was written for version {wanted} of '{story_id}'; "
                                          f"this is version {version}: check that what it extends is still there"))


def load_layered(story_path: str | os.PathLike, branch_paths: Iterable[str | os.PathLike] = ()) -> Story:
    """The story with its branches, raising :class:`StoryError` with every finding on an error."""
    story, findings, _sources, _layered = read_layered(story_path, branch_paths)
    if story is None:
        raise StoryError(findings)
    return story


__all__ = ["BRANCH_MANIFEST", "BranchInfo", "Layered", "find_branch", "read_layered", "load_layered",
           "manifest_words"]
