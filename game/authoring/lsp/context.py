"""What the cursor is on in a story file: which element's keys, which kinds of id.

The kinds come from the one story spec (:mod:`game.loading.spec`: each key's ``ids``, each
effect's ``ids``) and from the expression language's own table of functions
(:data:`game.core.expr.FUNCTIONS`); nothing here keeps a second table of them. The YAML around
the cursor is read by indentation, since the text being typed is seldom valid YAML.
"""

from __future__ import annotations

import re
from typing import Optional, Union

from game.core.record import Record
from game.core import expr
from game.loading import spec as S

_KEY_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<dash>(?:-[ \t]+)*)(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*:(?:[ \t]|$)")
_ITEM_LINE = re.compile(r"^(?P<indent>[ \t]*)-[ \t]*")
_PARTIAL = r"(?P<partial>[A-Za-z0-9_.\-]*)$"
_CALL = re.compile(r"(?P<fn>[A-Za-z_]+)\(\s*" + _PARTIAL)
_VALUE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_]*):[ \t]*(?:\[(?:[^\]\[]*,)?[ \t]*)?[\"']?" + _PARTIAL)
_ITEM_VALUE = re.compile(r"^[ \t]*-[ \t]*[\"']?" + _PARTIAL)
_BARE_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)*(?P<partial>[A-Za-z_][A-Za-z0-9_]*)?$")

#: the effects' keys, as an element-like table (an effect list holds these)
EFFECTS = "effects"
Where = Union[S.Element, str, None]


class Wanted(Record):
    """Ids of ``kinds`` wanted at the cursor; the typed part starts at ``start``."""

    kinds: tuple[str, ...]
    start: int
    partial: str


def _key_of(line: str) -> Optional[tuple[int, str, bool]]:
    """(the column its key starts at, the key, whether it is a list item) for a `key:` line."""
    found = _KEY_LINE.match(line)
    if found is None:
        return None
    return len(found.group("indent")) + len(found.group("dash")), found.group("key"), bool(found.group("dash"))


def parents(lines: list[str], line: int) -> list[str]:
    """The keys that lead from the top of the file down to the line's mapping, outermost first."""
    text = lines[line] if line < len(lines) else ""
    own = _key_of(text)
    item = _ITEM_LINE.match(text)
    if own is not None:
        indent = own[0]
        if own[2]:  # `- key:` starts a new item: its parent is above the dash
            indent = len(item.group("indent")) if item else own[0]
            return _climb(lines, line, indent, through_items=True)
    else:
        indent = len(text) - len(text.lstrip(" \t"))
        if item:
            return _climb(lines, line, len(item.group("indent")), through_items=True)
    return _climb(lines, line, indent, through_items=False)


def _climb(lines: list[str], line: int, indent: int, through_items: bool) -> list[str]:
    out: list[str] = []
    for number in range(line - 1, -1, -1):
        text = lines[number]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        found = _key_of(text)
        if found is None:
            continue
        col, key, is_item = found
        dash = len(text) - len(text.lstrip(" \t"))
        if col < indent or (through_items and col == indent and not is_item and text.rstrip().endswith(":")):
            out.append(key)
            indent = dash if is_item else col
            through_items = False
            if is_item:  # the item's own keys are siblings of this one; climb past its dash
                through_items = True
        if indent == 0 and not through_items:
            break
    return list(reversed(out))


def element_at(path: list[str], is_manifest: bool) -> Where:
    """The element whose keys are written under ``path`` (None when the spec says nothing)."""
    where: Where = S.MANIFEST if is_manifest else S.FILE
    pending_id = False
    for key in path:
        if pending_id:  # a section's id: the element's own keys follow
            pending_id = False
            continue
        if where == EFFECTS:
            if key in ("then", "else"):
                continue
            return None
        if not isinstance(where, S.Element) or key not in where.names:
            return None
        spec = where.key(key)
        if spec.type == S.SECTION:
            where, pending_id = S.ELEMENTS[spec.of], True
        elif spec.type in (S.LIST, S.ONE):
            where = S.ELEMENTS[spec.of]
        elif spec.type == S.EFFECTS:
            where = EFFECTS
        else:
            return None
    return None if pending_id else where


def key_kinds(where: Where, key: str) -> tuple[str, ...]:
    """The kinds of id the value of ``key`` names there, from the spec (effects included)."""
    effect = S.EFFECTS_SPEC.get(key)
    if where == EFFECTS or (where is None and effect is not None):
        return effect.ids if effect is not None else ()
    if isinstance(where, S.Element) and key in where.names:
        found = where.key(key)
        if found.ids:
            return found.ids
        if found.type == S.EFFECTS:
            return ()
    if effect is not None:  # an inline effect, {talk: pell}, in a `do:` list
        return effect.ids
    return ()


def wanted(lines: list[str], line: int, col: int, is_manifest: bool) -> Optional[Wanted]:
    """Which ids the cursor wants, if it is where an id is written."""
    text = lines[line][:col] if line < len(lines) else ""
    call = _CALL.search(text)
    if call and call.group("fn") in expr.FUNCTIONS:
        return Wanted(expr.FUNCTIONS[call.group("fn")][0], call.start("partial"), call.group("partial"))
    value = None
    for value in _VALUE.finditer(text):
        pass
    if value is not None and value.end() == len(text):
        where = element_at(parents(lines, line), is_manifest)
        kinds = key_kinds(where, value.group("key"))
        if kinds:
            return Wanted(kinds, value.start("partial"), value.group("partial"))
    item = _ITEM_VALUE.match(text)
    if item and item.end() == len(text):
        above = parents(lines, line)
        if above:
            where = element_at(above[:-1], is_manifest)
            kinds = key_kinds(where, above[-1])
            if kinds:
                return Wanted(kinds, item.start("partial"), item.group("partial"))
    return None


def keys_wanted(lines: list[str], line: int, col: int, is_manifest: bool) -> Optional[tuple[list[S.Key | S.EffectSpec], int]]:
    """The keys that may be written at the cursor, with the column the typed part starts at."""
    text = lines[line][:col] if line < len(lines) else ""
    bare = _BARE_KEY.match(text)
    if bare is None:
        return None
    where = element_at(parents(lines, line), is_manifest)
    start = bare.start("partial") if bare.group("partial") else col
    if where == EFFECTS:
        return list(S.EFFECTS_SPEC.values()), start
    if isinstance(where, S.Element):
        return list(where.keys), start
    return None


def function_at(line: str, col: int) -> Optional[str]:
    """The expression function named under the cursor (``has`` in ``has(x)``)."""
    for found in re.finditer(r"([A-Za-z_]+)\(", line):
        if found.start() <= col <= found.end(1) and found.group(1) in expr.FUNCTIONS:
            return found.group(1)
    return None


def key_at(lines: list[str], line: int, col: int, is_manifest: bool) -> Optional[tuple[str, str]]:
    """(the key, its description) when the cursor is on a key the spec knows."""
    if line >= len(lines):
        return None
    text = lines[line]
    for found in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*:(?:[ \t]|$)", text):
        if found.start(1) <= col <= found.end(1):
            key = found.group(1)
            where = element_at(parents(lines, line), is_manifest)
            if isinstance(where, S.Element) and key in where.names:
                return key, where.key(key).doc
            if key in S.EFFECTS_SPEC:
                return key, S.EFFECTS_SPEC[key].doc
            if key in S.BRANCH_KEYS:
                return key, S.BRANCH_KEYS[key]
    return None
