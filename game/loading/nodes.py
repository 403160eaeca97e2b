"""YAML nodes -> plain values, each checked and located: the reader's primitives.

Every value is read by hand from composed nodes, keeping its line and column, so that each
finding can say exactly where it is; nothing is constructed from YAML tags. References found
along the way are collected in the :class:`StoryBuild` and resolved by
:mod:`game.loading.loader` once every file is read. Which key holds which kind of value is
not decided here but in :mod:`game.loading.spec`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from game.core import expr
from game.core.errors import Finding
from game.core.model import Add, Branch, Effect, Mark, Say, Spend
from game.core.words import clip, did_you_mean
from game.loading.spec import CONDITION, EFFECTS_SPEC, REF, SECTIONS, Element
from game.loading.yamlwords import cut_warning

MAX_EFFECT_DEPTH = 16

ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*\Z")
# C0 and C1 controls other than tab and newline: terminal escapes start with these.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)\Z")

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"

#: effects that name one id, from the spec: key -> (the kinds that id may be, the record it builds)
_ID_EFFECTS: dict[str, tuple[tuple[str, ...], Any]] = {
    e.name: (e.ids, e.record) for e in EFFECTS_SPEC.values() if e.type == REF}
_BRANCH = next(e.name for e in EFFECTS_SPEC.values() if e.type == CONDITION)


@dataclass
class PendingRef:
    """A reference to resolve once every file is read. A builder's work item, not a Record: a
    large story makes ~100,000 of them, and a dataclass builds five times faster than a Record
    (tests/perf/bench_records.py)."""

    kinds: tuple[str, ...]
    name: str
    mark: Mark
    what: str


@dataclass
class StoryBuild:
    """Everything gathered while reading the files of one story."""

    # Not a Record: the builder every reader adds to in place.

    findings: list[Finding] = field(default_factory=list)
    ids: dict[str, tuple[str, Mark]] = field(default_factory=dict)
    refs: list[PendingRef] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=lambda: {k: {} for k in SECTIONS.values()})
    flags: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    accusation: Optional[Any] = None  # the story's one Accusation, once read
    act_count: int = 0
    files: dict[str, str] = field(default_factory=dict)  # path -> sha256 of its bytes
    globs: list[tuple[str, list[str]]] = field(default_factory=list)  # pattern -> matches
    tags: set[str] = field(default_factory=set)
    #: "choice"/"topic" -> each id a ``was:`` of that kind lists -> (whose, where it is listed)
    former: dict[str, dict[str, tuple[str, Mark]]] = field(default_factory=lambda: {"choice": {}, "topic": {}})
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



class NodeReader:
    """Reads the nodes of one file into checked values, reporting into a shared build."""

    def __init__(self, build: StoryBuild, path: str) -> None:
        self.b = build
        self.path = path
        self.cuts: dict[tuple[int, int], str] = {}  # where a ' #' comment ends plain text (the loader fills it)

    # -- primitive readers ----------------------------------------------------------------

    def mark(self, node: Node) -> Mark:
        return Mark(self.path, node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, node: Node, code: str, message: str) -> None:
        self.b.error(self.mark(node), code, message)

    def fields(self, node: Node, element: Element, what: str) -> Optional[dict[str, Node]]:
        """The keys of a mapping node, checked against the spec of ``element``."""
        if not isinstance(node, MappingNode):
            self.error(node, "E110", f"{what} must be a mapping of keys, not {describe(node)}")
            return None
        allowed, required = _keys(element)
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
                self.error(key_node, "E111", f"{what}: unknown key '{key}'{did_you_mean(key, element.names)}")
                continue
            out[key] = value_node
        for key in required:
            if key not in out:
                self.error(node, "E112", f"{what}: missing required key '{key}'")
        return out

    def pairs(self, node: Node, what: str) -> list[tuple[str, Node, Node]]:
        """The entries of a mapping of ids, each id checked for form."""
        if not isinstance(node, MappingNode):
            self.error(node, "E110", f"{what} must be a mapping of ids, not {describe(node)}")
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
            self.error(node, "E110", f"{what} must be text, not {describe(node)}")
            return default
        if node.tag == NULL and node.value in ("", "~", "null", "Null", "NULL"):
            return default
        value = node.value
        cut = cut_warning(node, self.cuts, what)
        if cut:
            self.b.findings.append(Finding(self.path, node.start_mark.line + 1, node.start_mark.column + 1, "W131", cut))
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
            self.error(node, "E110", f"{what} must be a whole number, not {describe(node)}")
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
            self.error(node, "E110", f"{what} must be true or false, not {describe(node)}")
            return default
        return node.value.lower() in ("true", "yes", "on", "y")

    def sequence(self, node: Optional[Node], what: str, allow_empty: bool = False) -> list[Node]:
        """The items of a list node; a missing list is empty, anything else is reported."""
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what} must be a list, not {describe(node)}")
            return []
        if not node.value and not allow_empty:
            self.error(node, "E115", f"{what} must not be empty")
        return node.value

    def ident(self, node: Node, what: str) -> Optional[str]:
        if not isinstance(node, ScalarNode) or not ID_PATTERN.match(node.value):
            shown = f"'{node.value}'" if isinstance(node, ScalarNode) else describe(node)
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
                self.error(node, "E110", f"{what} must be a list of ids, not {describe(node)}")
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
            self.error(node, "E110", f"{what} must be a list, not {describe(node)}")
            return ()
        out = []
        for item in node.value:
            word = self.ident(item, what)
            if word is not None:
                out.append(word)
        return tuple(out)

    def phrases(self, node: Optional[Node], what: str) -> tuple[str, ...]:
        """A list of short texts, each a scalar (a bare text is taken as a list of one)."""
        if node is None:
            return ()
        if isinstance(node, ScalarNode) and node.tag != NULL:
            return (self.text(node, what),)
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what} must be a list of texts, not {describe(node)}")
            return ()
        out = []
        for item in node.value:
            if not isinstance(item, ScalarNode) or item.tag == NULL:
                self.error(item, "E110", f"{what} must be a list of texts, not a list holding {describe(item)}")
                continue
            out.append(self.text(item, what))
        return tuple(out)

    def condition(self, node: Optional[Node], what: str) -> Optional[expr.Condition]:
        if node is None:
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, "E110", f"{what} must be an expression, not {describe(node)}")
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

    def clock(self, node: Optional[Node], what: str) -> Optional[str]:
        """A time of day as ``"HH:MM"``; read from the raw scalar, since YAML 1.1 would turn an
        unquoted 21:30 into 1290."""
        if node is None:
            return None
        match = CLOCK.match(self.text(node, what))
        if not match:
            self.error(node, "E116", f'{what} must be a time like "21:30"')
            return None
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    def grid(self, node: Optional[Node], what: str) -> Optional[tuple[int, int]]:
        """A ``[column, row]`` pair."""
        if node is None:
            return None
        if (isinstance(node, SequenceNode) and len(node.value) == 2
                and all(isinstance(v, ScalarNode) and v.tag == INT for v in node.value)):
            return (int(node.value[0].value), int(node.value[1].value))
        self.error(node, "E110", f"{what} must be [column, row]")
        return None

    # -- effects --------------------------------------------------------------------------

    def effects(self, node: Optional[Node], what: str, depth: int = 0) -> tuple[Effect, ...]:
        if node is None:
            return ()
        if not isinstance(node, SequenceNode):
            self.error(node, "E110", f"{what} must be a list of effects such as [{{gain: clue}}], "
                                     f"not {describe(node)}")
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
                                     f"not {describe(node)}")
            return None
        keys = {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}
        if _BRANCH in keys:
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
        self.error(key_node, "E118", f"{what}: unknown effect '{key}'{did_you_mean(key, EFFECTS_SPEC)}")
        return None


_KEYS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {}


def _keys(element: Element) -> tuple[frozenset[str], tuple[str, ...]]:
    """The keys ``element`` allows and those it requires (computed once per kind)."""
    keys = _KEYS.get(element.kind)
    if keys is None:
        keys = _KEYS[element.kind] = (frozenset(element.names), element.required)
    return keys


def describe(node: Node) -> str:
    """A node as a message names it: "a list", "nothing", or its value clipped."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL:
        return "nothing"
    return f"'{clip(node.value, 30)}'"

