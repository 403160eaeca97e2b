"""A branch's files, read over a story: new elements, and the additive ``extend:`` vocabulary.

A branch file is read like a story file (the same sections, the same checks, ids declared in
the same table, so an id the case already has is reported with both places). Its ``extend:``
entries are applied once the whole branch is read, each to the element it names, always by
appending: choices after the scene's own, more clues that fill a square or a slot or break a
statement, new topics and events. Nothing can be removed or rewritten, so branches compose and
the case can change under them. The vocabulary is declared in :data:`game.loading.spec.EXTENSIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from yaml.nodes import Node, SequenceNode

from game.core.model import Choice, Event, Mark, Topic
from game.core.record import replace
from game.core.words import did_you_mean
from game.loading import spec as S
from game.loading.clue_lists import check_near
from game.loading.nodes import StoryBuild
from game.loading.reader import FileReader, former

#: extend's sections: section key -> the kind of element it names (as in a story's sections)
_TARGETS = {name: S.SECTIONS[name] for name in S.EXTENSIONS["extend"].names}
_CELLS = ("motive", "means", "opportunity")


@dataclass
class Layer:
    """One branch as it is read: its manifest's values and what it adds."""

    # Not a Record: the branch's reader fills it in as it reads the manifest and extensions.

    folder: str
    manifest: dict[str, Any] = field(default_factory=dict)
    root: Optional[Node] = None
    reader: Optional["BranchReader"] = None
    versions: tuple[int, ...] = ()
    extensions: list[tuple["BranchReader", Node]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.manifest.get("branch") or ""


@dataclass
class Additions:
    """What every branch has added so far: who owns an added choice, and what the graph marks."""

    # Not a Record: an accumulator, added to in place as each branch is read.

    #: id -> the branch that added it (elements, topics, events, choices)
    origin: dict[str, str] = field(default_factory=dict)
    #: (scene, choice id) -> (branch, where): to tell two branches' conflicting choices apart
    choices: dict[tuple[str, str], tuple[str, Mark]] = field(default_factory=dict)
    #: scene -> (branch, where) of a fallback choice a branch added
    fallbacks: dict[str, tuple[str, Mark]] = field(default_factory=dict)
    #: (scene, exit) -> the branch that added the exit
    exits: dict[tuple[str, str], str] = field(default_factory=dict)
    #: element id -> the branches that extended it, in order
    extended: dict[str, list[str]] = field(default_factory=dict)


class BranchReader(FileReader):
    """Reads one file of a branch into the shared build: its sections, and its extensions
    (kept in its :class:`Layer` and applied by :meth:`apply` once the whole branch is read)."""

    def __init__(self, build: StoryBuild, path: str, layer: Layer) -> None:
        super().__init__(build, path)
        self.layer = layer

    def read_file(self, root: Node, is_manifest: bool) -> list[tuple[str, Node]]:
        element = S.BRANCH_MANIFEST if is_manifest else S.BRANCH_FILE
        f = self.fields(root, element, "the branch manifest" if is_manifest else "a branch file")
        if f is None:
            return []
        if is_manifest:
            self.layer.manifest = self.values(f, element, "branch manifest", only=S.BRANCH_MANIFEST_ONLY)
            self.layer.versions = self.versions(f.get("written_for"))
            self.layer.root, self.layer.reader = root, self
        if "extend" in f:
            self.layer.extensions.append((self, f["extend"]))
        return self.read_sections(f)

    def versions(self, node: Optional[Node]) -> tuple[int, ...]:
        if node is None:
            return ()
        items = node.value if isinstance(node, SequenceNode) else [node]
        return tuple(self.integer(item, "branch manifest: written_for", 1, minimum=1) for item in items)

    # -- extend: ---------------------------------------------------------------------------

    def apply(self, node: Node, adds: Additions) -> None:
        """Apply one ``extend:`` mapping to the build's elements."""
        f = self.fields(node, S.EXTENSIONS["extend"], "extend")
        for section, sub in (f or {}).items():
            kind = _TARGETS[section]
            for name, key_node, body in self.pairs(sub, f"extend: {section}"):
                table = self.b.tables[kind]
                target = table.get(name)
                if target is None:
                    self.error(key_node, "E203", f"extend: {section}: the story has no {_word(kind)} '{name}'"
                                                 f"{did_you_mean(name, table)}")
                    continue
                made = getattr(self, f"extend_{kind}")(name, target, body, adds)
                if made is not None:
                    table[name] = made
                    adds.extended.setdefault(name, []).append(self.layer.id)

    def _ext(self, body: Node, kind: str, what: str) -> Optional[dict[str, Node]]:
        return self.fields(body, S.EXTENSIONS[kind], what)

    def extend_scene(self, name: str, scene: Any, body: Node, adds: Additions) -> Any:
        what = f"extend: scene '{name}'"
        f = self._ext(body, "scene_extension", what)
        if f is None:
            return None
        v = self.values(f, S.EXTENSIONS["scene_extension"], what, name, only=("exits", "extra"))
        choices = self.added_choices(name, scene, f.get("choices"), adds)
        exits = [e for e in v["exits"] if e not in scene.exits]
        for e in exits:
            adds.exits[(name, e)] = self.layer.id
        return replace(scene, choices=scene.choices + choices, exits=scene.exits + tuple(dict.fromkeys(exits)),
                       extra=scene.extra + v["extra"])

    def added_choices(self, name: str, scene: Any, node: Optional[Node], adds: Additions) -> tuple[Choice, ...]:
        """Choices after the scene's own. One the scene already offers (the same text, from the
        case or another branch), or a second fallback, is an error: the lists would conflict."""
        if node is None:
            return ()
        shared: dict[str, Any] = {"used": {c.id for c in scene.choices}}
        offered = {c.text: c for c in scene.choices}
        out: list[Choice] = []
        start = len(scene.choices)  # ids made from a position never repeat the case's
        for index, item in enumerate(self.sequence(node, f"extend: scene '{name}': choices")):
            choice = self.item_choice(name, start + index, item, f"scene '{name}'", shared)
            if choice is None:
                continue
            mark = self.mark(item)
            same = offered.get(choice.text)
            if same is not None:
                self._conflict(item, name, f"the choice '{choice.text}'", adds.choices.get((name, same.id)))
            if choice.fallback:
                first = next((c for c in (*scene.choices, *out) if c.fallback), None)
                if first is not None:
                    self._conflict(item, name, "a fallback choice", adds.choices.get((name, first.id)))
            adds.choices[(name, choice.id)] = (self.layer.id, mark)
            adds.origin[choice.id] = self.layer.id
            offered[choice.text] = choice
            out.append(choice)
        return tuple(out)

    def _conflict(self, item: Node, scene: str, what: str, owner: Optional[tuple[str, Mark]]) -> None:
        """Report a choice that conflicts with one the scene already has, saying whose and where."""
        if owner is None:
            where, whose = self.b.ids[scene][1], "the story"
        else:
            where, whose = owner[1], f"branch '{owner[0]}'"
        self.error(item, "E133", f"extend: scene '{scene}': {whose} already has {what} here "
                                 f"({where.path}:{where.line}:{where.col}); branches only add to a scene's "
                                 "choices, so the two would conflict")

    def extend_person(self, name: str, person: Any, body: Node, adds: Additions) -> Any:
        what = f"extend: suspect '{name}'"
        f = self._ext(body, "person_extension", what)
        if f is None:
            return None
        if "topics" in f:
            element = S.EXTENSIONS["person_topic"]
            for tid, key_node, tbody in self.pairs(f["topics"], f"{what}: topics"):
                tf = self.fields(tbody, element, f"topic '{tid}'")
                if tf is not None and self.b.declare("topic", tid, self.mark(key_node)):
                    was = former(self, tf.get("was"), "topic", tid, f"topic '{tid}': was")
                    self.b.tables["topic"][tid] = Topic(id=tid, person=name, was=was,
                                                        **self.values(tf, element, f"topic '{tid}'", tid))
                    adds.origin[tid] = self.layer.id
        cells = {}
        for square in _CELLS:
            if square in f:
                more = self._more(f[square], "cell_extension", "shown_by", f"{what}: {square}")
                old = getattr(person, square)
                cells[square] = replace(old, shown_by=old.shown_by + tuple(c for c in more if c not in old.shown_by))
        return replace(person, **cells)

    def _more(self, node: Node, kind: str, key: str, what: str) -> tuple[str, ...]:
        f = self._ext(node, kind, what)
        if f is None or key not in f:
            return ()
        return self.value(S.EXTENSIONS[kind].key(key), f[key], what, "")  # ids, or a statement's pairs

    def _parts(self, node: Node, parts: dict[str, Any], what: str, noun: str) -> Iterator[tuple[str, Any, Node]]:
        """Each (id, part, body) of a mapping naming parts of an element (slots, statements);
        a part that element does not have is E203 with the nearest id."""
        for pid, key_node, body in self.pairs(node, f"{what}: {noun}s"):
            if pid in parts:
                yield pid, parts[pid], body
            else:
                self.error(key_node, "E203", f"{what}: it has no {noun} '{pid}'{did_you_mean(pid, parts)}")

    def _extend_parts(self, name: str, element: Any, body: Node, kind: str, section: str,
                      add: Callable[[str, Any, Node, str], Any]) -> Any:
        """``element`` with ``add`` applied to each of its parts (slots, statements) the
        extension names by id, in their places; None when it names none."""
        what = f"extend: {kind.split('_')[0]} '{name}'"
        f = self._ext(body, kind, what)
        if f is None or section not in f:
            return None
        parts = {p.id: p for p in getattr(element, section)}
        for pid, part, pbody in self._parts(f[section], parts, what, section[:-1]):
            made = add(pid, part, pbody, what)
            if made is not None:
                parts[pid] = made
        return replace(element, **{section: tuple(parts.values())})

    def extend_deduction(self, name: str, deduction: Any, body: Node, adds: Additions) -> Any:
        return self._extend_parts(name, deduction, body, "deduction_extension", "slots", self._more_answers)

    def _more_answers(self, sid: str, slot: Any, body: Node, what: str) -> Any:
        if slot.kind != "clue":
            self.error(body, "E119", f"{what}: slot '{sid}' is answered by {slot.kind}; "
                                     "a branch can add clues only to a clue slot")
            return None
        more = self._more(body, "slot_extension", "clue", f"{what}: slot '{sid}'")
        return replace(slot, answers=slot.answers | frozenset(more))

    def extend_testimony(self, name: str, testimony: Any, body: Node, adds: Additions) -> Any:
        return self._extend_parts(name, testimony, body, "testimony_extension", "statements", self._more_breaks)

    def _more_breaks(self, sid: str, statement: Any, body: Node, what: str) -> Any:
        # clue ids or {clue, with, broken} entries, and {clue, reply} near: entries, read as a
        # statement's own; a break already there is kept once; near: clues are checked as the
        # statement's own are (clue_lists.check_near), against those it already answers too
        what = f"{what}: statement '{sid}'"
        f = self._ext(body, "statement_extension", what)
        if f is None:
            return None
        if not f:
            self.error(body, "E112", f"{what}: give contradicted_by, near, or both")
            return None
        v = self.values(f, S.EXTENSIONS["statement_extension"], what)
        answered = frozenset(n.clue for n in statement.near)
        statement = replace(statement, contradicted_by=statement.contradicted_by + tuple(
            c for c in v["contradicted_by"] if c not in statement.contradicted_by))
        for clue in sorted(c for c in answered if statement.broken_by(c, frozenset({c}))):
            # a clue the statement answers (near:) that the added breaks now break it with alone
            self.error(f["contradicted_by"], "E119", f"{what}: '{clue}' is one the statement answers "
                                                      "without breaking (its near:), so that reply would never "
                                                      "be said: break it with: another clue, or leave it near")
        check_near(self, statement, f.get("near"), what, answered=answered)
        return replace(statement, near=statement.near + v["near"])

    def extend_act(self, name: str, act: Any, body: Node, adds: Additions) -> None:
        what = f"extend: act '{name}'"
        f = self._ext(body, "act_extension", what)
        element = S.EXTENSIONS["act_event"]
        for eid, key_node, ebody in (self.pairs(f["events"], f"{what}: events") if f and "events" in f else []):
            ef = self.fields(ebody, element, f"event '{eid}'")
            if ef is None or not self.b.declare("event", eid, self.mark(key_node)):
                continue
            v = self.values(ef, element, f"event '{eid}'", eid)
            if v["condition"] is not None:
                self.b.tables["event"][eid] = Event(id=eid, act=name, **v)
                adds.origin[eid] = self.layer.id
        return None  # the act itself is unchanged: its events live in the story's table


def _word(kind: str) -> str:
    return "suspect" if kind == "person" else kind


__all__ = ["Layer", "Additions", "BranchReader"]
