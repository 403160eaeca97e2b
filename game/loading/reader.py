"""YAML nodes -> model elements, checked against one schema table.

Every value is read by hand from composed nodes, keeping its line and column, so that each
finding can say exactly where it is; nothing is constructed from YAML tags. The references
found along the way are resolved by :mod:`game.loading.loader` once every file is read.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core import expr
from game.core.errors import Finding
from game.core.model import (
    Accusation, Act, Add, Branch, Cell, Choice, Clue, ClearFlag, ConditionalText, Deduction, Effect, Ending,
    EFFECT_KEYS, Event, Gain, Goto, Item, Lose, Mark, Person, Place, Question, Say, Scene, SetFlag,
    Slot, Spend, StartAct, Statement, Talk, Testimony, Topic,
)

MAX_EFFECT_DEPTH = 16

#: effects that name one id: key -> (the kinds that id may be, the effect it builds)
_ID_EFFECTS: dict[str, tuple[tuple[str, ...], Any]] = {
    "gain": (("clue", "item"), Gain), "lose": (("item", "clue"), Lose),
    "set": (("flag",), SetFlag), "clear": (("flag",), ClearFlag),
    "goto": (("scene", "ending"), Goto), "start_act": (("act",), StartAct), "talk": (("person",), Talk),
}

ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*\Z")
# C0 and C1 controls other than tab and newline: terminal escapes start with these.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)\Z")

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"

#: top-level sections and the kind of element each holds
SECTIONS = {
    "acts": "act", "places": "place", "scenes": "scene", "clues": "clue", "items": "item",
    "suspects": "person", "topics": "topic", "testimonies": "testimony",
    "deductions": "deduction", "events": "event", "endings": "ending",
}
MANIFEST_KEYS = ("id", "title", "version", "start", "first_act", "include")
FILE_KEYS = tuple(SECTIONS) + ("flags", "counters", "accusation", "include")

#: allowed keys per element; ``!`` marks a required key. Kept here, in one place, so the
#: unknown-key check, the did-you-mean and the editor schema all read the same list.
SCHEMA: dict[str, tuple[str, ...]] = {
    "act": ("!title", "!time", "!start", "fallback", "on_timeout", "credibility", "travel", "clock", "minutes"),
    "place": ("!name", "text", "map", "open"),
    "scene": ("place", "title", "!text", "revisit", "extra", "on_enter", "choices", "exits"),
    "choice": ("!text", "id", "goto", "if", "once", "fallback", "cost", "say", "do"),
    "clue": ("!name", "text", "tags", "time", "about"),
    "item": ("!name", "text"),
    "person": ("!name", "role", "text", "alibi", "suspect", "motive", "means", "opportunity", "extra"),
    "cell": ("note", "shown_by", "ruled_out_by"),
    "topic": ("!suspect", "!title", "!text", "if", "cost", "do"),
    "testimony": ("!suspect", "!title", "!statements", "if"),
    "statement": ("!id", "!text", "press", "contradicted_by", "broken", "on_break"),
    "deduction": ("!title", "question", "!slots", "text", "on_confirm", "extra"),
    "slot": ("!prompt", "id", "options", "answer", "clue", "suspect"),
    "event": ("!if", "act", "text", "do", "once"),
    "ending": ("!title", "!text", "if", "epilogues"),
    "epilogue": ("!text", "if"),
    "extra": ("!if", "!text"),
    "accusation": ("!culprit", "!endings", "if", "text", "questions", "evidence"),
    "question": ("!id", "!prompt", "!options"),
    "evidence": ("!count", "prompt"),
    "manifest": MANIFEST_KEYS + FILE_KEYS[:-1],
    "file": FILE_KEYS,
}


def _keys(kind: str) -> tuple[list[str], list[str]]:
    spec = SCHEMA[kind]
    return [k.lstrip("!") for k in spec], [k[1:] for k in spec if k.startswith("!")]


_SPECS = {kind: _keys(kind) for kind in SCHEMA}


@dataclass
class PendingRef:
    """A reference to resolve once every file is read."""

    kinds: tuple[str, ...]
    name: str
    mark: Mark
    what: str


@dataclass
class StoryBuild:
    """Everything gathered while reading the files of one story."""

    findings: list[Finding] = field(default_factory=list)
    ids: dict[str, tuple[str, Mark]] = field(default_factory=dict)
    refs: list[PendingRef] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=lambda: {k: {} for k in SECTIONS.values()})
    flags: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    accusation: Optional[Accusation] = None
    act_count: int = 0
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256 of its bytes
    globs: list[tuple[str, list[str]]] = field(default_factory=list)  # pattern -> matches
    tags: set[str] = field(default_factory=set)
    #: a file could not be read: ids it would have declared are unknown, so "unknown id"
    #: findings would only repeat that one error many times over
    incomplete: bool = False

    def error(self, mark: Mark, code: str, message: str) -> None:
        self.findings.append(Finding(mark.path, mark.line, mark.col, code, message))

    def declare(self, kind: str, name: str, mark: Mark) -> bool:
        """Register a global id; report a duplicate with where the first one was."""
        previous = self.ids.get(name)
        if previous is not None:
            if kind in ("flag", "counter") and previous[0] == kind:
                return False
            first = previous[1]
            self.error(mark, "E122", f"duplicate id '{name}': already used for a {previous[0]} at "
                                     f"{first.path}:{first.line}:{first.col}")
            return False
        self.ids[name] = (kind, mark)
        return True


def _mark(path: str, node: Node) -> Mark:
    return Mark(path, node.start_mark.line + 1, node.start_mark.column + 1)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when one of ``choices`` is close to ``name``, else ``""``."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class FileReader:
    """Reads the nodes of one file into model elements, reporting into a shared build."""

    def __init__(self, build: StoryBuild, path: str) -> None:
        self.b = build
        self.path = path

    # -- primitive readers ----------------------------------------------------------------

    def mark(self, node: Node) -> Mark:
        return Mark(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: Node, code: str, message: str) -> None:
        self.b.error(self.mark(node), code, message)

    def fields(self, node: Node, kind: str, what: str) -> Optional[dict[str, Node]]:
        """The keys of a mapping node, checked against the schema of ``kind``."""
        if not isinstance(node, MappingNode):
            self.error(node, "E110", f"{what} must be a mapping of keys, not {_describe(node)}")
            return None
        allowed, required = _SPECS[kind]
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, "E110", f"{what}: a key must be a plain word")
                continue
            key = key_node.value
            if key in out:
                self.error(key_node, "E114", f"{what}: key '{key}' is given twice")
                continue
            if key not in allowed:
                self.error(key_node, "E111", f"{what}: unknown key '{key}'{did_you_mean(key, allowed)}")
                continue
            out[key] = value_node
        for key in required:
            if key not in out:
                self.error(node, "E112", f"{what}: missing required key '{key}'")
        return out

    def pairs(self, node: Node, what: str) -> list[tuple[str, Node, Node]]:
        """The entries of a mapping of ids, each id checked for form."""
        if not isinstance(node, MappingNode):
            self.error(node, "E110", f"{what} must be a mapping of ids, not {_describe(node)}")
            return []
        out = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or not ID_PATTERN.match(key_node.value):
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
                self.error(key_node, "E113", f"{what}: '{shown}' is not a valid id (letters, digits, "
                                             "'_', '.', '-', starting with a letter)")
                continue
            if key_node.value in seen:
                self.error(key_node, "E114", f"{what}: '{key_node.value}' is given twice")
                continue
            seen.add(key_node.value)
            out.append((key_node.value, key_node, value_node))
        return out

    def text(self, node: Optional[Node], what: str, default: str = "") -> str:
        if node is None:
            return default
        if not isinstance(node, ScalarNode):
            self.error(node, "E110", f"{what} must be text, not {_describe(node)}")
            return default
        if node.tag == NULL and node.value in ("", "~", "null", "Null", "NULL"):
            return default
        value = node.value
        bad = CONTROL.search(value)
        if bad:
            self.error(node, "E106", f"{what} contains the control character "
                                     f"U+{ord(bad.group()):04X}; terminal escapes are not allowed in story text")
            return CONTROL.sub("", value)
        return value

    def required_text(self, node: Optional[Node], what: str) -> str:
        value = self.text(node, what)
        if node is not None and isinstance(node, ScalarNode) and not value.strip():
            self.error(node, "E115", f"{what} must not be empty")
        return value

    def integer(self, node: Optional[Node], what: str, default: int, minimum: int = 0) -> int:
        if node is None:
            return default
        if not isinstance(node, ScalarNode) or node.tag != INT:
            self.error(node, "E110", f"{what} must be a whole number, not {_describe(node)}")
            return default
        try:
            value = int(node.value.replace("_", ""), 0)
        except ValueError:
            self.error(node, "E110", f"{what} must be a whole number, not '{node.value}'")
            return default
        if value < minimum or value > 1_000_000:
            self.error(node, "E116", f"{what} must be between {minimum} and 1000000, not {value}")
            return default
        return value

    def boolean(self, node: Optional[Node], what: str, default: bool) -> bool:
        if node is None:
            return default
        if not isinstance(node, ScalarNode) or node.tag != BOOL:
            self.error(node, "E110", f"{what} must be true or false, not {_describe(node)}")
            return default
        return node.value.lower() in ("true", "yes", "on", "y")

    def sequence(self, node: Optional[Node], what: str, allow_empty: bool = False) -> list[Node]:
        """The items of a list node; a missing list is empty, anything else is reported."""
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what} must be a list, not {_describe(node)}")
            return []
        if not node.value and not allow_empty:
            self.error(node, "E115", f"{what} must not be empty")
        return node.value

    def ident(self, node: Node, what: str) -> Optional[str]:
        if not isinstance(node, ScalarNode) or not ID_PATTERN.match(node.value):
            shown = f"'{node.value}'" if isinstance(node, ScalarNode) else _describe(node)
            self.error(node, "E113", f"{what}: {shown} is not a valid id")
            return None
        return node.value

    def ref(self, node: Optional[Node], kinds: tuple[str, ...], what: str) -> Optional[str]:
        if node is None:
            return None
        name = self.ident(node, what)
        if name is not None:
            self.b.refs.append(PendingRef(kinds, name, self.mark(node), what))
        return name

    def ref_list(self, node: Optional[Node], kinds: tuple[str, ...], what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        items = node.value if isinstance(node, SequenceNode) else None
        if items is None:
            if isinstance(node, ScalarNode) and node.tag != NULL:
                items = [node]  # a single id where a list was expected is unambiguous
            else:
                self.error(node, "E110", f"{what} must be a list of ids, not {_describe(node)}")
                return ()
        out = []
        for item in items:
            name = self.ref(item, kinds, what)
            if name is not None:
                out.append(name)
        return tuple(out)

    def words(self, node: Optional[Node], what: str) -> tuple[str, ...]:
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what} must be a list, not {_describe(node)}")
            return ()
        out = []
        for item in node.value:
            word = self.ident(item, what)
            if word is not None:
                out.append(word)
        return tuple(out)

    def condition(self, node: Optional[Node], what: str) -> Optional[expr.Condition]:
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, "E110", f"{what} must be an expression, not {_describe(node)}")
            return None
        source = node.value if node.tag != BOOL else node.value.lower()
        try:
            cond, refs = expr.condition(source)
        except expr.ExprError as exc:
            self.b.error(self._expr_mark(node, exc.offset), exc.code, f"{what}: {exc.message}")
            return None
        for ref in refs:
            kinds = ref.kinds
            self.b.refs.append(PendingRef(kinds, ref.name, self._expr_mark(node, ref.offset),
                                    f"{what}: {ref.function}()"))
        return cond

    def _expr_mark(self, node: ScalarNode, offset: int) -> Mark:
        """The file position of a column inside an expression scalar."""
        mark = self.mark(node)
        if node.style in ('"', "'"):
            offset += 1
        if node.style in ("|", ">") or "\n" in node.value[:offset]:
            return mark  # multi-line scalars: point at the scalar itself
        return Mark(mark.path, mark.line, mark.col + offset)

    def conditional_texts(self, node: Optional[Node], kind: str, what: str) -> tuple[ConditionalText, ...]:
        """A list of ``{if: condition, text: ...}`` entries."""
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what} must be a list of {{if: ..., text: ...}}, not {_describe(node)}")
            return ()
        out = []
        for item in node.value:
            f = self.fields(item, kind, what)
            if f is not None:
                out.append(ConditionalText(self.condition(f.get("if"), f"{what}: if"),
                                           self.required_text(f.get("text"), f"{what}: text")))
        return tuple(out)

    # -- effects --------------------------------------------------------------------------

    def effects(self, node: Optional[Node], what: str, depth: int = 0) -> tuple[Effect, ...]:
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what} must be a list of effects such as [{{gain: clue}}], "
                                     f"not {_describe(node)}")
            return ()
        if depth > MAX_EFFECT_DEPTH:
            self.error(node, "E117", f"{what}: effects nest more than {MAX_EFFECT_DEPTH} deep")
            return ()
        out = []
        for item in node.value:
            effect = self.effect(item, what, depth)
            if effect is not None:
                out.append(effect)
        return tuple(out)

    def effect(self, node: Node, what: str, depth: int) -> Optional[Effect]:
        if not isinstance(node, MappingNode) or not node.value:
            self.error(node, "E110", f"{what}: an effect is a one-key mapping such as {{gain: clue}}, "
                                     f"not {_describe(node)}")
            return None
        keys = {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}
        if "if" in keys:
            extra = set(keys) - {"if", "then", "else"}
            if extra:
                self.error(node, "E111", f"{what}: an 'if' effect takes only if, then and else, "
                                         f"not '{sorted(extra)[0]}'")
            cond = self.condition(keys["if"], f"{what}: if")
            then = self.effects(keys.get("then"), f"{what}: then", depth + 1)
            otherwise = self.effects(keys.get("else"), f"{what}: else", depth + 1)
            return Branch(cond, then, otherwise) if cond is not None else None
        if len(node.value) != 1:
            self.error(node, "E110", f"{what}: an effect has exactly one key, like {{gain: clue}}")
            return None
        key_node, value = node.value[0]
        key = key_node.value if isinstance(key_node, ScalarNode) else ""
        label = f"{what}: {key}"
        if key in _ID_EFFECTS:
            kinds, make = _ID_EFFECTS[key]
            name = self.ref(value, kinds, label)
            return make(name) if name else None
        if key == "add":
            if isinstance(value, ScalarNode) and value.tag == STR:
                name = self.ref(value, ("counter",), label)
                return Add(name, 1) if name else None
            if not isinstance(value, MappingNode) or len(value.value) != 1:
                self.error(value, "E110", f"{label} takes {{counter: amount}}")
                return None
            counter_node, amount_node = value.value[0]
            name = self.ref(counter_node, ("counter",), label)
            if not isinstance(amount_node, ScalarNode) or amount_node.tag != INT:
                self.error(amount_node, "E110", f"{label}: the amount must be a whole number")
                return None
            return Add(name, int(amount_node.value)) if name else None
        if key == "spend":
            return Spend(self.integer(value, label, 1, minimum=0))
        if key == "say":
            return Say(self.required_text(value, label))
        self.error(key_node, "E118", f"{what}: unknown effect '{key}'{did_you_mean(key, EFFECT_KEYS)}")
        return None

    # -- sections -------------------------------------------------------------------------

    def read_file(self, root: Node, is_manifest: bool) -> list[tuple[str, Node]]:
        """Read every section of a file; returns its include patterns with their nodes."""
        f = self.fields(root, "manifest" if is_manifest else "file",
                        "the manifest" if is_manifest else "a story file")
        if f is None:
            return []
        if is_manifest:
            self.b.manifest = {k: f.get(k) for k in MANIFEST_KEYS}
            self.b.manifest["_node"] = root
            self.b.manifest["_reader"] = self
        for section, kind in SECTIONS.items():
            node = f.get(section)
            if node is None:
                continue
            reader = getattr(self, f"read_{kind}")
            for name, key_node, body in self.pairs(node, section):
                if self.b.declare(kind, name, self.mark(key_node)):
                    element = reader(name, body, self.mark(key_node))
                    if element is not None:
                        self.b.tables[kind][name] = element
        if "flags" in f:
            for key_node in (f["flags"].value if isinstance(f["flags"], SequenceNode) else []):
                name = self.ident(key_node, "flags")
                if name and (self.b.declare("flag", name, self.mark(key_node)) or name in self.b.flags):
                    self.b.flags.add(name)
            if not isinstance(f["flags"], SequenceNode):
                self.error(f["flags"], "E110", f"flags must be a list of names, not {_describe(f['flags'])}")
        if "counters" in f:
            for name, key_node, value in self.pairs(f["counters"], "counters"):
                if self.b.declare("counter", name, self.mark(key_node)):
                    self.b.counters[name] = self.integer(value, f"counter '{name}'", 0, minimum=-1_000_000)
        if "accusation" in f:
            if self.b.accusation is not None:
                self.error(f["accusation"], "E122", "the accusation is defined twice")
            else:
                self.b.accusation = self.read_accusation(f["accusation"])
        includes = f.get("include")
        if includes is None:
            return []
        items = includes.value if isinstance(includes, SequenceNode) else [includes]
        out = []
        for item in items:
            if isinstance(item, ScalarNode) and item.value.strip():
                out.append((item.value, item))
            else:
                self.error(item, "E110", "include takes file names or glob patterns")
        return out

    def read_act(self, name: str, node: Node, mark: Mark) -> Optional[Act]:
        f = self.fields(node, "act", f"act '{name}'")
        if f is None:
            return None
        what = f"act '{name}'"
        self.b.act_count += 1
        start = self.ref(f.get("start"), ("scene",), f"{what}: start") or ""
        fallback = self.ref(f.get("fallback"), ("scene",), f"{what}: fallback") or start
        clock = None
        if "clock" in f:
            # Read the raw scalar: YAML 1.1 would otherwise turn an unquoted 21:30 into 1290.
            match = CLOCK.match(self.text(f["clock"], f"{what}: clock"))
            if match:
                clock = int(match.group(1)) * 60 + int(match.group(2))
            else:
                self.error(f["clock"], "E116", f"{what}: clock must be a time like \"21:30\"")
        return Act(
            id=name, number=self.b.act_count, title=self.required_text(f.get("title"), f"{what}: title"),
            time=self.integer(f.get("time"), f"{what}: time", 10, minimum=1),
            credibility=self.integer(f.get("credibility"), f"{what}: credibility", 3),
            start=start, fallback=fallback,
            on_timeout=self.ref(f.get("on_timeout"), ("scene", "ending"), f"{what}: on_timeout"),
            travel=self.integer(f.get("travel"), f"{what}: travel", 1),
            clock=clock, minutes=self.integer(f.get("minutes"), f"{what}: minutes", 0),
        )

    def read_place(self, name: str, node: Node, mark: Mark) -> Optional[Place]:
        f = self.fields(node, "place", f"place '{name}'")
        if f is None:
            return None
        what = f"place '{name}'"
        grid = None
        if "map" in f:
            m = f["map"]
            if (isinstance(m, SequenceNode) and len(m.value) == 2
                    and all(isinstance(v, ScalarNode) and v.tag == INT for v in m.value)):
                grid = (int(m.value[0].value), int(m.value[1].value))
            else:
                self.error(m, "E110", f"{what}: map must be [column, row]")
        return Place(name, self.required_text(f.get("name"), f"{what}: name"),
                     self.text(f.get("text"), f"{what}: text"), grid,
                     self.condition(f.get("open"), f"{what}: open"))

    def read_scene(self, name: str, node: Node, mark: Mark) -> Optional[Scene]:
        f = self.fields(node, "scene", f"scene '{name}'")
        if f is None:
            return None
        what = f"scene '{name}'"
        place = self.ref(f.get("place"), ("place",), f"{what}: place")
        choices = []
        node_choices = f.get("choices")
        if node_choices is not None:
            if isinstance(node_choices, SequenceNode):
                used: set[str] = set()
                for index, item in enumerate(node_choices.value):
                    choice = self.read_choice(name, index, item, used)
                    if choice is not None:
                        choices.append(choice)
            else:
                self.error(node_choices, "E110", f"{what}: choices must be a list, not {_describe(node_choices)}")
        return Scene(
            id=name, place=place, title=self.text(f.get("title"), f"{what}: title"),
            text=self.required_text(f.get("text"), f"{what}: text"),
            revisit=self.text(f.get("revisit"), f"{what}: revisit"),
            extra=self.conditional_texts(f.get("extra"), "extra", f"{what}: extra"),
            on_enter=self.effects(f.get("on_enter"), f"{what}: on_enter"),
            choices=tuple(choices),
            exits=self.ref_list(f.get("exits"), ("scene",), f"{what}: exits"),
        )

    def read_choice(self, scene: str, index: int, node: Node, used: set[str]) -> Optional[Choice]:
        what = f"scene '{scene}': choice {index + 1}"
        f = self.fields(node, "choice", what)
        if f is None:
            return None
        text = self.required_text(f.get("text"), f"{what}: text")
        if text:
            what = f"scene '{scene}': choice '{_short(text)}'"
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
        return Choice(
            id=choice_id, text=text,
            goto=self.ref(f.get("goto"), ("scene", "ending"), f"{what}: goto"),
            condition=self.condition(f.get("if"), f"{what}: if"),
            once=self.boolean(f.get("once"), f"{what}: once", False),
            fallback=self.boolean(f.get("fallback"), f"{what}: fallback", False),
            cost=self.integer(f.get("cost"), f"{what}: cost", 0),
            say=self.text(f.get("say"), f"{what}: say"),
            effects=self.effects(f.get("do"), f"{what}: do"),
        )

    def read_clue(self, name: str, node: Node, mark: Mark) -> Optional[Clue]:
        f = self.fields(node, "clue", f"clue '{name}'")
        if f is None:
            return None
        what = f"clue '{name}'"
        time = None
        if "time" in f:
            time = self.text(f["time"], f"{what}: time")
            if not CLOCK.match(time):
                self.error(f["time"], "E116", f"{what}: time must be a time like \"23:38\"")
                time = None
            elif len(time) == 4:
                time = "0" + time
        tags = self.words(f.get("tags"), f"{what}: tags")
        self.b.tags.update(tags)
        return Clue(name, self.required_text(f.get("name"), f"{what}: name"),
                    self.text(f.get("text"), f"{what}: text"), tags, time,
                    self.ref_list(f.get("about"), ("person",), f"{what}: about"))

    def read_item(self, name: str, node: Node, mark: Mark) -> Optional[Item]:
        f = self.fields(node, "item", f"item '{name}'")
        if f is None:
            return None
        return Item(name, self.required_text(f.get("name"), f"item '{name}': name"),
                    self.text(f.get("text"), f"item '{name}': text"))

    def read_person(self, name: str, node: Node, mark: Mark) -> Optional[Person]:
        f = self.fields(node, "person", f"suspect '{name}'")
        if f is None:
            return None
        what = f"suspect '{name}'"
        cells = {}
        for key in ("motive", "means", "opportunity"):
            cells[key] = Cell()
            if key in f:
                cf = self.fields(f[key], "cell", f"{what}: {key}")
                if cf is not None:
                    cells[key] = Cell(
                        self.text(cf.get("note"), f"{what}: {key}: note"),
                        self.ref_list(cf.get("shown_by"), ("clue",), f"{what}: {key}: shown_by"),
                        self.ref_list(cf.get("ruled_out_by"), ("clue",), f"{what}: {key}: ruled_out_by"),
                    )
        return Person(name, self.required_text(f.get("name"), f"{what}: name"),
                      self.text(f.get("role"), f"{what}: role"), self.text(f.get("text"), f"{what}: text"),
                      self.text(f.get("alibi"), f"{what}: alibi"),
                      self.boolean(f.get("suspect"), f"{what}: suspect", True), **cells,
                      extra=self.conditional_texts(f.get("extra"), "extra", f"{what}: extra"))

    def read_topic(self, name: str, node: Node, mark: Mark) -> Optional[Topic]:
        f = self.fields(node, "topic", f"topic '{name}'")
        if f is None:
            return None
        what = f"topic '{name}'"
        return Topic(name, self.ref(f.get("suspect"), ("person",), f"{what}: suspect") or "",
                     self.required_text(f.get("title"), f"{what}: title"),
                     self.required_text(f.get("text"), f"{what}: text"),
                     self.condition(f.get("if"), f"{what}: if"),
                     self.integer(f.get("cost"), f"{what}: cost", 0),
                     self.effects(f.get("do"), f"{what}: do"))

    def read_testimony(self, name: str, node: Node, mark: Mark) -> Optional[Testimony]:
        f = self.fields(node, "testimony", f"testimony '{name}'")
        if f is None:
            return None
        what = f"testimony '{name}'"
        statements = []
        for item in self.sequence(f.get("statements"), f"{what}: statements"):
            sf = self.fields(item, "statement", f"{what}: statement")
            if sf is None or "id" not in sf:
                continue
            sid = self.ident(sf["id"], f"{what}: statement id")
            if sid is None or not self.b.declare("statement", sid, self.mark(sf["id"])):
                continue
            sw = f"statement '{sid}'"
            statements.append(Statement(
                sid, self.required_text(sf.get("text"), f"{sw}: text"), self.text(sf.get("press"), f"{sw}: press"),
                self.ref_list(sf.get("contradicted_by"), ("clue",), f"{sw}: contradicted_by"),
                self.text(sf.get("broken"), f"{sw}: broken"), self.effects(sf.get("on_break"), f"{sw}: on_break"),
            ))
        return Testimony(name, self.ref(f.get("suspect"), ("person",), f"{what}: suspect") or "",
                         self.required_text(f.get("title"), f"{what}: title"), tuple(statements),
                         self.condition(f.get("if"), f"{what}: if"))

    def read_deduction(self, name: str, node: Node, mark: Mark) -> Optional[Deduction]:
        f = self.fields(node, "deduction", f"deduction '{name}'")
        if f is None:
            return None
        what = f"deduction '{name}'"
        slots = []
        for index, item in enumerate(self.sequence(f.get("slots"), f"{what}: slots")):
            slot = self.read_slot(name, index, item)
            if slot is not None:
                slots.append(slot)
        return Deduction(name, self.required_text(f.get("title"), f"{what}: title"),
                         self.text(f.get("question"), f"{what}: question"), tuple(slots),
                         self.text(f.get("text"), f"{what}: text"),
                         self.effects(f.get("on_confirm"), f"{what}: on_confirm"),
                         self.conditional_texts(f.get("extra"), "extra", f"{what}: extra"))

    def read_slot(self, deduction: str, index: int, node: Node) -> Optional[Slot]:
        what = f"deduction '{deduction}': slot {index + 1}"
        f = self.fields(node, "slot", what)
        if f is None:
            return None
        slot_id = f"{deduction}.{index + 1}"
        if "id" in f:
            slot_id = self.ident(f["id"], f"{what}: id") or slot_id
            self.b.declare("slot", slot_id, self.mark(f["id"]))
        prompt = self.required_text(f.get("prompt"), f"{what}: prompt")
        kinds = [k for k in ("options", "clue", "suspect") if k in f]
        if len(kinds) != 1:
            self.error(node, "E119", f"{what}: give exactly one of options (with answer), clue, or suspect")
            return None
        kind = kinds[0]
        if kind == "options":
            options = []
            for key, key_node, value in self.pairs(f["options"], f"{what}: options"):
                options.append((key, self.required_text(value, f"{what}: option '{key}'")))
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
        kinds_ref = ("clue",) if kind == "clue" else ("person",)
        answers = self.ref_list(f[kind], kinds_ref, f"{what}: {kind}")
        if not answers:
            self.error(f[kind], "E115", f"{what}: {kind} must name at least one right answer")
        return Slot(slot_id, prompt, kind, frozenset(answers))

    def read_event(self, name: str, node: Node, mark: Mark) -> Optional[Event]:
        f = self.fields(node, "event", f"event '{name}'")
        if f is None:
            return None
        what = f"event '{name}'"
        cond = self.condition(f.get("if"), f"{what}: if")
        if cond is None:
            return None
        return Event(name, cond, self.ref(f.get("act"), ("act",), f"{what}: act"),
                     self.text(f.get("text"), f"{what}: text"), self.effects(f.get("do"), f"{what}: do"),
                     self.boolean(f.get("once"), f"{what}: once", True))

    def read_ending(self, name: str, node: Node, mark: Mark) -> Optional[Ending]:
        f = self.fields(node, "ending", f"ending '{name}'")
        if f is None:
            return None
        what = f"ending '{name}'"
        return Ending(name, self.required_text(f.get("title"), f"{what}: title"),
                      self.required_text(f.get("text"), f"{what}: text"),
                      self.condition(f.get("if"), f"{what}: if"),
                      self.conditional_texts(f.get("epilogues"), "epilogue", f"{what}: epilogue"))

    def read_accusation(self, node: Node) -> Optional[Accusation]:
        f = self.fields(node, "accusation", "the accusation")
        if f is None:
            return None
        questions = []
        nodes = f.get("questions")
        if nodes is not None and not isinstance(nodes, SequenceNode):
            self.error(nodes, "E110", f"accusation: questions must be a list, not {_describe(nodes)}")
        elif nodes is not None:
            for item in nodes.value:
                qf = self.fields(item, "question", "accusation: question")
                if qf is None or "id" not in qf:
                    continue
                qid = self.ident(qf["id"], "accusation: question id")
                if qid is None or not self.b.declare("question", qid, self.mark(qf["id"])):
                    continue
                options = []
                for key, key_node, value in (self.pairs(qf["options"], f"question '{qid}': options")
                                             if "options" in qf else []):
                    if self.b.declare("option", key, self.mark(key_node)):
                        options.append((key, self.required_text(value, f"question '{qid}': option '{key}'")))
                questions.append(Question(qid, self.required_text(qf.get("prompt"), f"question '{qid}': prompt"),
                                          tuple(options)))
        prompt, count = "Lay out your evidence.", 0
        if "evidence" in f:
            ef = self.fields(f["evidence"], "evidence", "accusation: evidence")
            if ef is not None:
                prompt = self.text(ef.get("prompt"), "accusation: evidence: prompt", prompt)
                count = self.integer(ef.get("count"), "accusation: evidence: count", 0)
        endings = self.ref_list(f.get("endings"), ("ending",), "accusation: endings")
        if "endings" in f and not endings:
            self.error(f["endings"], "E115", "accusation: endings must name at least one ending")
        return Accusation(self.condition(f.get("if"), "accusation: if"), self.text(f.get("text"), "accusation: text"),
                          self.required_text(f.get("culprit"), "accusation: culprit"), tuple(questions),
                          prompt, count, endings)


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing"
    value = node.value if len(node.value) <= 30 else node.value[:27] + "..."
    return f"'{value}'"


def _short(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 40 else line[:37] + "..."


_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:40]


# --- files --------------------------------------------------------------------------------
