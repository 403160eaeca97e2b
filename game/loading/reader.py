"""One story file's nodes -> model elements, as :mod:`game.loading.spec` declares them.

Each key is read by its spec: its type picks the primitive (:mod:`game.loading.nodes`), its
default fills a missing value, its id kinds become references to resolve, and its field names
the record argument it fills. What is written here by hand is only what no table says: ids made
up for choices and slots, an act's number and clock, which kind of answer a slot holds.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core import answers
from game.core.model import Accusation, Act, Choice, Clue, ClueTime, Near, Question, Slot, Statement, Topic
from game.core.words import did_you_mean, first_line
from game.loading import spec as S
from game.loading.clue_lists import breakers, check_near
from game.loading.nodes import (  # noqa: F401  (StoryBuild and PendingRef are the loader's API)
    NULL, PendingRef, NodeReader, StoryBuild, describe,
)

#: how a section's element is named in messages, when not by its kind
_CALLED = {"person": "suspect"}
_CONDITIONAL = ("extra", "epilogue")  # lists of {if, text}


class FileReader(NodeReader):
    """Reads the nodes of one file into model elements, reporting into a shared build."""

    # -- values by the spec ---------------------------------------------------------------

    def values(self, f: dict[str, Node], element: S.Element, what: str, name: str = "",
               only: Optional[Iterable[str]] = None) -> dict[str, Any]:
        """Each key of ``element`` (or of ``only``) read by its type: record field -> value."""
        out: dict[str, Any] = {}
        for key_name, target, absent, key in _plan(element):
            if only is not None and key_name not in only:
                continue
            node = f.get(key_name)
            # Most keys are left out; their value is known without building a label.
            out[target] = absent if node is None else self.value(key, node, what, name)
        return out

    def value(self, key: S.Key, node: Optional[Node], what: str, name: str) -> Any:
        label = f"{what}: {key.name}"
        kind = key.type
        if kind == S.TEXT:
            return self.required_text(node, label) if key.required else self.text(node, label, key.default)
        if kind == S.WHOLE:
            return self.integer(node, label, key.default, key.minimum)
        if kind == S.BOOL:
            return self.boolean(node, label, key.default)
        if kind == S.REF:
            found = self.ref(node, key.ids, label)
            return (found or "") if key.required else found
        if kind == S.ID:
            return self.ident(node, label) if node is not None else None
        if kind == S.REFS:
            return self.ref_list(node, key.ids, label)
        if kind == S.LIST:
            return self.elements(node, key, what, name)
        if kind == S.ONE:
            return self.one(node, key, label)
        read: Optional[Callable[..., Any]] = _PRIMITIVES.get(kind)
        if read is None:
            raise ValueError(f"the spec's type '{kind}' for key '{key.name}' is read by hand")
        return read(self, node, label)

    def one(self, node: Optional[Node], key: S.Key, what: str) -> Any:
        """One nested element (a grid cell); absent or unreadable, the record's own default."""
        element = S.ELEMENTS[key.of]
        assert element.record is not None
        f = self.fields(node, element, what) if node is not None else None
        return element.record() if f is None else element.record(**self.values(f, element, what))

    def elements(self, node: Optional[Node], key: S.Key, what: str, name: str) -> tuple:
        """A list of nested elements, each read by ``item_<kind>``."""
        if node is None:
            return ()
        if key.of in _CONDITIONAL:
            label = f"{what}: {key.name}"  # the key as written: a place's notice is read as an extra
            if not isinstance(node, SequenceNode):
                self.error(node, "E110", f"{label} must be a list of {{if: ..., text: ...}}, not {describe(node)}")
                return ()
            items = node.value
        else:
            label = f"{what}: {key.name}"
            items = self.sequence(node, label, allow_empty=not key.required)
        read = getattr(self, f"item_{key.of}", None) or self.item_conditional
        shared: dict[str, Any] = {"kind": key.of, "label": label}
        found = (read(name, index, item, what, shared) for index, item in enumerate(items))
        return tuple(x for x in found if x is not None)

    def element(self, kind: str, name: str, node: Node) -> Any:
        """A section's element: its keys read by the spec, then finished by ``build_<kind>``."""
        element = S.ELEMENTS[kind]
        what = f"{_CALLED.get(kind, kind)} '{name}'"
        f = self.fields(node, element, what)
        if f is None:
            return None
        build = getattr(self, f"build_{kind}", None)
        if build is not None:
            return build(name, f, what)
        assert element.record is not None
        return element.record(id=name, **self.values(f, element, what, name))

    # -- the file -------------------------------------------------------------------------

    def read_file(self, root: Node, is_manifest: bool) -> list[tuple[str, Node]]:
        """Read every section of a file; returns its include patterns with their nodes."""
        f = self.fields(root, S.MANIFEST if is_manifest else S.FILE,
                        "the manifest" if is_manifest else "a story file")
        if f is None:
            return []
        if is_manifest:
            self.b.manifest = self.values(f, S.MANIFEST, "manifest", only=S.MANIFEST_ONLY)
            self.b.manifest["_node"] = root
            self.b.manifest["_reader"] = self
        return self.read_sections(f)

    def read_sections(self, f: dict[str, Node]) -> list[tuple[str, Node]]:
        """The sections of a file's checked keys (a story's or a branch's); returns its includes."""
        for section, kind in S.SECTIONS.items():
            node = f.get(section)
            if node is None:
                continue
            for name, key_node, body in self.pairs(node, section):
                if self.b.declare(kind, name, self.mark(key_node)):
                    made = self.element(kind, name, body)
                    if made is not None:
                        self.b.tables[kind][name] = made
        if "flags" in f:
            self.read_flags(f["flags"])
        if "counters" in f:
            for name, key_node, value in self.pairs(f["counters"], "counters"):
                if self.b.declare("counter", name, self.mark(key_node)):
                    self.b.counters[name] = self.integer(value, f"counter '{name}'", 0, minimum=-1_000_000)
        if "accusation" in f:
            if self.b.accusation is not None:
                self.error(f["accusation"], "E122", "the accusation is defined twice")
            else:
                self.b.accusation = self.read_accusation(f["accusation"])
        return self.includes(f.get("include"))

    def read_flags(self, node: Node) -> None:
        for key_node in (node.value if isinstance(node, SequenceNode) else []):
            name = self.ident(key_node, "flags")
            if name and (self.b.declare("flag", name, self.mark(key_node)) or name in self.b.flags):
                self.b.flags.add(name)
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"flags must be a list of names, not {describe(node)}")

    def includes(self, node: Optional[Node]) -> list[tuple[str, Node]]:
        if node is None:
            return []
        out = []
        for item in (node.value if isinstance(node, SequenceNode) else [node]):
            if isinstance(item, ScalarNode) and item.value.strip():
                out.append((item.value, item))
            else:
                self.error(item, "E110", "include takes file names or glob patterns")
        return out

    # -- what the spec cannot say ---------------------------------------------------------

    def build_act(self, name: str, f: dict[str, Node], what: str) -> Act:
        self.b.act_count += 1
        v = self.values(f, S.ELEMENTS["act"], what)
        clock = v["clock"]
        return Act(id=name, number=self.b.act_count, **{
            **v, "fallback": v["fallback"] or v["start"],
            "clock": None if clock is None else int(clock[:2]) * 60 + int(clock[3:])})

    def build_clue(self, name: str, f: dict[str, Node], what: str) -> Clue:
        clue = Clue(id=name, **self.values(f, S.ELEMENTS["clue"], what))
        self.b.tags.update(clue.tags)
        return clue

    def build_topic(self, name: str, f: dict[str, Node], what: str) -> Topic:
        return Topic(id=name, was=former(self, f.get("was"), "topic", name, f"{what}: was"),
                     **self.values(f, S.ELEMENTS["topic"], what, name))

    def build_event(self, name: str, f: dict[str, Node], what: str) -> Any:
        v = self.values(f, S.ELEMENTS["event"], what)
        return S.ELEMENTS["event"].record(id=name, **v) if v["condition"] is not None else None  # type: ignore[misc]

    def item_conditional(self, parent: str, index: int, node: Node, what: str, shared: dict) -> Any:
        element = S.ELEMENTS[shared["kind"]]
        f = self.fields(node, element, shared["label"])
        return None if f is None else element.record(**self.values(f, element, shared["label"]))  # type: ignore[misc]

    def item_choice(self, scene: str, index: int, node: Node, what: str, shared: dict) -> Optional[Choice]:
        what = f"scene '{scene}': choice {index + 1}"
        element = S.ELEMENTS["choice"]
        f = self.fields(node, element, what)
        if f is None:
            return None
        text = self.required_text(f.get("text"), f"{what}: text")
        if text:
            what = f"scene '{scene}': choice '{first_line(text)}'"
        used: set[str] = shared.setdefault("used", set())
        if "id" in f:
            choice_id = self.ident(f["id"], f"{what}: id") or f"{scene}#{index + 1}"
            self.b.declare("choice", choice_id, self.mark(f["id"]))
        else:
            base = f"{scene}#{_slug(text) or index + 1}"
            choice_id, suffix = base, index + 1
            while choice_id in used:  # "Look", "Look" after "Look 3": look, look-3 is taken, look-4
                choice_id = f"{base}-{suffix}"
                suffix += 1
        used.add(choice_id)
        was = former(self, f.get("was"), "choice", choice_id, f"{what}: was")
        return Choice(id=choice_id, text=text, was=was, **self.values(f, element, what, only=_NOT_TEXT))

    def item_statement(self, testimony: str, index: int, node: Node, what: str, shared: dict) -> Optional[Statement]:
        element = S.ELEMENTS["statement"]
        f = self.fields(node, element, f"{what}: statement")
        if f is None or "id" not in f:
            return None
        sid = self.ident(f["id"], f"{what}: statement id")
        if sid is None or not self.b.declare("statement", sid, self.mark(f["id"])):
            return None
        statement = Statement(id=sid, **self.values(f, element, f"statement '{sid}'"))
        check_near(self, statement, f.get("near"), f"statement '{sid}'")
        return statement

    def item_near(self, statement: str, index: int, node: Node, what: str, shared: dict) -> Optional[Near]:
        element = S.ELEMENTS["near"]
        f = self.fields(node, element, f"{what}: near")
        return None if f is None else Near(**self.values(f, element, f"{what}: near"))

    def item_slot(self, deduction: str, index: int, node: Node, what: str, shared: dict) -> Optional[Slot]:
        what = f"deduction '{deduction}': slot {index + 1}"
        f = self.fields(node, S.ELEMENTS["slot"], what)
        if f is None:
            return None
        slot_id = f"{deduction}.{index + 1}"
        if "id" in f:
            slot_id = self.ident(f["id"], f"{what}: id") or slot_id
            self.b.declare("slot", slot_id, self.mark(f["id"]))
        prompt = self.values(f, S.ELEMENTS["slot"], what)["prompt"]
        kinds = [k for k in ("options", "clue", "suspect") if k in f]
        if len(kinds) != 1:
            self.error(node, "E119", f"{what}: give exactly one of options (with answer), clue, or suspect")
            return None
        kind = kinds[0]
        among = self.among(f.get("among"), kind, what)
        if kind == "options":
            options = [(key, self.required_text(value, f"{what}: option '{key}'"))
                       for key, _key_node, value in self.pairs(f["options"], f"{what}: options")]
            answer = f.get("answer")
            keys = [k for k, _ in options]
            if answer is None:
                self.error(node, "E112", f"{what}: a slot with options needs an answer")
                return None
            answers = self.words(answer, f"{what}: answer") if isinstance(answer, SequenceNode) else (
                (self.ident(answer, f"{what}: answer") or ""),)
            for a in answers:
                if a not in keys:
                    self.error(answer, "E201", f"{what}: answer '{a}' is not one of the options{did_you_mean(a, keys)}")
            return Slot(slot_id, prompt, "options", frozenset(answers), tuple(options))
        if "answer" in f:
            self.error(f["answer"], "E119", f"{what}: answer goes with options; a {kind} slot lists its answers itself")
        key = S.ELEMENTS["slot"].key(kind)
        answers = self.ref_list(f[kind], key.ids, f"{what}: {kind}")
        if not answers:
            self.error(f[kind], "E115", f"{what}: {kind} must name at least one right answer")
        for a in (a for a in answers if among and a not in among):  # the right answer must be offered
            self.error(f["among"], "E119", f"{what}: the right answer '{a}' is not among the people it offers "
                                           f"({', '.join(among)}): add it to among")
        return Slot(slot_id, prompt, kind, frozenset(answers), among=among)

    def among(self, node: Optional[Node], kind: str, what: str) -> tuple[str, ...]:
        """A suspect slot's ``among``: a list (never a bare id) of at least one person, each
        resolved with the other references (an unknown one is E201 with the nearest id)."""
        if node is None:
            return ()
        if kind != "suspect":
            self.error(node, "E119", f"{what}: among goes only with suspect; a {kind} slot offers "
                                     f"{'its options' if kind == 'options' else 'the clues in the notebook'}")
        elif not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what}: among must be a list of suspect ids, like [pell, harrow], "
                                     f"not {describe(node)}")
        elif not node.value:
            self.error(node, "E115", f"{what}: among must list at least one suspect (leave it out to offer every suspect)")
        else:
            return self.ref_list(node, ("person",), f"{what}: among")
        return ()

    def item_question(self, parent: str, index: int, node: Node, what: str, shared: dict) -> Optional[Question]:
        element = S.ELEMENTS["question"]
        f = self.fields(node, element, "accusation: question")
        if f is None or "id" not in f:
            return None
        qid = self.ident(f["id"], "accusation: question id")
        if qid is None or not self.b.declare("question", qid, self.mark(f["id"])):
            return None
        options = []
        for key, key_node, value in (self.pairs(f["options"], f"question '{qid}': options") if "options" in f else []):
            if self.b.declare("option", key, self.mark(key_node)):
                options.append((key, self.required_text(value, f"question '{qid}': option '{key}'")))
        return Question(id=qid, options=tuple(options), **self.values(f, element, f"question '{qid}'"))

    def read_accusation(self, node: Node) -> Optional[Accusation]:
        element = S.ELEMENTS["accusation"]
        f = self.fields(node, element, "the accusation")
        if f is None:
            return None
        v = self.values(f, element, "accusation")
        evidence = S.ELEMENTS["evidence"]
        ev = {k.name: k.default for k in evidence.keys}
        if "evidence" in f:
            ef = self.fields(f["evidence"], evidence, "accusation: evidence")
            if ef is not None:
                ev = self.values(ef, evidence, "accusation: evidence")
        if "endings" in f and not v["endings"]:
            self.error(f["endings"], "E115", "accusation: endings must name at least one ending")
        return Accusation(evidence_prompt=ev["prompt"], evidence_count=ev["count"], **v)


def _accept(reader: FileReader, node: Optional[Node], what: str) -> tuple[str, ...]:
    """A typed answer's accepted answers: texts, each with something left once folded
    (:func:`game.core.answers.normal`), none longer than a player may type, none twice."""
    if node is None:
        return ()
    items = node.value if isinstance(node, SequenceNode) else [node]
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        text = reader.text(item, what)
        folded = answers.normal(text)
        if not isinstance(item, ScalarNode):
            continue  # reported by text()
        if not folded:
            reader.error(item, "E124", f"{what}: '{first_line(text)}' has nothing left to type once "
                                       "case, spaces, 'the' and punctuation are set aside")
        elif len(text) > answers.MAX_ANSWER:
            reader.error(item, "E124", f"{what}: an answer is at most {answers.MAX_ANSWER} characters "
                                       f"(a player cannot type more), not {len(text)}")
        elif folded in seen:
            reader.error(item, "E124", f"{what}: '{first_line(text)}' is the same answer as an earlier one")
        else:
            seen.add(folded)
            out.append(text)
    if not items:
        reader.error(node, "E115", f"{what} must name at least one answer")
    return tuple(out)


#: an id a choice may have had: a declared id, or SCENE#slug (the id of a choice without `id:`);
#: a topic's ids are always declared ones
_FORMER_ID = {"choice": re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*(#[a-z0-9][a-z0-9\-]*)?\Z"),
              "topic": re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*\Z")}


def former(reader: FileReader, node: Optional[Node], kind: str, whose: str, what: str) -> tuple[str, ...]:
    """A choice's or topic's ``was:``, the ids it had before: each a valid id of its kind, listed
    under one element only (a save's old id must lead to one), at most ``MAX_FORMER`` of them.
    Recorded in the build so that the loader can refuse one that is still a live id (``_finish``)."""
    if node is None:
        return ()
    items: Optional[list] = node.value if isinstance(node, SequenceNode) else None
    if items is None and isinstance(node, ScalarNode) and node.tag != NULL:
        items = [node]  # one old id where a list was expected is unambiguous
    if items is None:
        reader.error(node, "E110", f"{what} must be a list of the ids the {kind} had before, not {describe(node)}")
        return ()
    if len(items) > S.MAX_FORMER:
        reader.error(node, "E125", f"{what} lists {len(items)} ids; at most {S.MAX_FORMER}")
        return ()
    seen = reader.b.former[kind]
    out: list[str] = []
    for item in items:
        if not isinstance(item, ScalarNode) or item.tag == NULL or not _FORMER_ID[kind].match(item.value):
            shown = f"'{item.value}'" if isinstance(item, ScalarNode) else describe(item)
            reader.error(item, "E113", f"{what}: {shown} is not a valid {kind} id")
        elif item.value == whose:
            reader.error(item, "E125", f"{what}: '{item.value}' is this {kind}'s own id")
        elif item.value in seen:
            other, first = seen[item.value]
            reader.error(item, "E125", f"{what}: '{item.value}' is already listed under {kind} '{other}' "
                                       f"at {first.path}:{first.line}:{first.col}: an old id leads to one {kind}")
        else:
            seen[item.value] = (whose, reader.mark(item))
            out.append(item.value)
    return tuple(out)


def _times(reader: FileReader, node: Optional[Node], what: str) -> tuple[ClueTime, ...]:
    """A clue's times: one quoted clock ("23:38"), or a list of {at, what}."""
    if node is None:
        return ()
    if isinstance(node, ScalarNode):
        at = reader.clock(node, what)
        return () if at is None else (ClueTime(at),)
    element = S.ELEMENTS["clue_time"]
    out = []
    for item in reader.sequence(node, what):
        f = reader.fields(item, element, what)
        if f is not None:
            values = reader.values(f, element, what)
            if values["at"] is not None:
                out.append(ClueTime(**values))
    return tuple(out)


_PRIMITIVES: dict[str, Callable[..., Any]] = {
    S.ACCEPT: _accept, S.BREAKERS: breakers, S.TIMES: _times, S.WORDS: FileReader.words, S.PHRASES: FileReader.phrases,
    S.CONDITION: FileReader.condition,
    S.EFFECTS: FileReader.effects, S.CLOCK: FileReader.clock, S.GRID: FileReader.grid,
}


def _absent(key: S.Key) -> Any:
    """The value of a key that is not written."""
    if key.type == S.ONE:
        element = S.ELEMENTS.get(key.of) or S.EXTENSIONS[key.of]
        # Records are immutable: one shared default is safe. A branch's extend: has no record,
        # and an element with required keys (a choice's answer) is absent, not empty.
        return None if element.record is None or element.required else element.record()
    if key.type == S.REF and key.required:
        return ""  # reported missing already; the element is still built, for later checks
    if key.type in (S.TEXT, S.WHOLE, S.BOOL):
        return key.default
    if key.type in (S.REFS, S.BREAKERS, S.WORDS, S.PHRASES, S.EFFECTS, S.LIST, S.TIMES, S.ACCEPT):
        return ()
    return None


_PLANS: dict[str, tuple[tuple[str, str, Any, S.Key], ...]] = {}


def _plan(element: S.Element) -> tuple[tuple[str, str, Any, S.Key], ...]:
    """(key, record field, value when absent, spec) for the keys of ``element`` read by the spec."""
    plan = _PLANS.get(element.kind)
    if plan is None:
        plan = _PLANS[element.kind] = tuple((k.name, k.target, _absent(k), k) for k in element.keys if k.field != "-")
    return plan


_NOT_TEXT = tuple(n for n in S.ELEMENTS["choice"].names if n != "text")
_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:40]
