"""GameState to JSON and back, written out field by field: no pickle, no eval, no reflection.

A saved state names everything by author-written ids, never by list position, so it still
means the same thing after the story is edited. The one positional field of the engine's
state, ``Testifying.index``, is saved as the statement's id and turned back into a position
against the story when the save is loaded.

Reading is done in three steps so that each can be tested alone:

1. :func:`check_state_json` checks the shape of untrusted JSON and returns a normalised copy
   (sets as sorted lists of ids, counters and visits as ``{id: int}``) or raises SaveError;
2. :func:`game.saves.fit.fit_state` fits that copy to the story as it is now;
3. :func:`state_from_json` builds the immutable :class:`GameState`.

Undo history is stored compactly, as diffs: see :mod:`game.saves.history`.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Optional

from game.core.errors import SaveError
from game.core.model import Story
from game.core.state import Accusing, Ended, Exploring, GameState, Mode, Talking, Testifying, Verdict

#: fields holding sets of ids, saved as sorted lists
SET_FIELDS = ("clues", "items", "flags", "taken", "asked", "pressed", "broken", "confirmed", "fired",
              "silenced", "heard")
#: fields holding ``id -> int`` tables, saved as JSON objects
MAP_FIELDS = ("counters", "visits", "left_at")
#: fields holding ids in an order, saved as lists: ``found`` the clues as they were found (the
#: notebook's numbers), ``talk_order`` the talk menus' lines as first seen, ``talk_seen`` those on the
#: talk menu last chosen from
ORDER_FIELDS = ("found", "talk_order", "talk_seen")
#: fields holding one id
ID_FIELDS = ("scene", "act")
#: fields holding one integer
INT_FIELDS = ("time", "credibility", "seed", "turn")
#: every field of a saved state; ``mode`` and ``verdict`` are small objects; ``found`` lists
#: clue ids in the order they were found (the notebook's numbers)
FIELDS = ID_FIELDS + INT_FIELDS + ("mode",) + SET_FIELDS + MAP_FIELDS + ("verdict",) + ORDER_FIELDS
#: fields a save may lack, and what they read as then (the migration for saves made before
#: the field was kept: no recorded order, so the clues are numbered in story order)
OPTIONAL: dict[str, Any] = {"found": [], "heard": [], "left_at": {}, "talk_order": [], "talk_seen": []}  # "heard":
# statements shown (marks only); "left_at": where each testimony was left; "talk_order": menu order only

# Bounds on untrusted input. They are far above anything a story produces and exist so that a
# hand-edited or hostile file cannot make the game allocate or compute absurdly.
MAX_ID = 200  # characters in one id
MAX_IDS = 100_000  # entries in one set or table
MAX_INT = 2**53  # the largest integer every JSON reader agrees on
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


# --- checking untrusted JSON -------------------------------------------------------------


def _fail(where: str, what: str) -> SaveError:
    return SaveError(f"The save is damaged: {where} {what}.")


def need_object(value: Any, where: str) -> dict:
    """``value`` if it is a JSON object, else a SaveError naming ``where``."""
    if not isinstance(value, dict):
        raise _fail(where, f"should be an object, not {_kind(value)}")
    return value


def need_list(value: Any, where: str, limit: int = MAX_IDS) -> list:
    """``value`` if it is a JSON array of at most ``limit`` entries."""
    if not isinstance(value, list):
        raise _fail(where, f"should be a list, not {_kind(value)}")
    if len(value) > limit:
        raise _fail(where, f"has {len(value)} entries, more than the {limit} allowed")
    return value


def need_id(value: Any, where: str, *, empty: bool = False) -> str:
    """``value`` if it is a string usable as an id (bounded, no control characters)."""
    if not isinstance(value, str):
        raise _fail(where, f"should be a name, not {_kind(value)}")
    if not value and not empty:
        raise _fail(where, "is empty")
    if len(value) > MAX_ID or _CONTROL.search(value):
        raise _fail(where, "is not a valid name")
    return value


def need_int(value: Any, where: str, low: int = -MAX_INT, high: int = MAX_INT) -> int:
    """``value`` if it is an integer (not a boolean, not a float) within ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"should be a whole number, not {_kind(value)}")
    if not low <= value <= high:
        raise _fail(where, f"is out of range ({value})")
    return value


def need_text(value: Any, where: str, limit: int = 10_000) -> str:
    """``value`` if it is a string of at most ``limit`` characters (any text)."""
    if not isinstance(value, str):
        raise _fail(where, f"should be text, not {_kind(value)}")
    if len(value) > limit:
        raise _fail(where, f"is longer than {limit} characters")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _ids(value: Any, where: str) -> list[str]:
    items = need_list(value, where)
    # One pass over the whole list for the common case (every entry a short clean name);
    # only a list with a bad entry is checked entry by entry, to say which one.
    if not all(type(v) is str and 0 < len(v) <= MAX_ID for v in items) or _CONTROL.search("".join(items)):
        items = [need_id(v, f"{where}[{i}]") for i, v in enumerate(items)]
    return _sorted_unique(items)


def _sorted_unique(items: list[str]) -> list[str]:
    """``items`` sorted without repeats; linear when they are sorted already (as saves write them)."""
    ordered = sorted(items)
    return [x for i, x in enumerate(ordered) if not i or ordered[i - 1] != x]


def _table(value: Any, where: str) -> dict[str, int]:
    table = need_object(value, where)
    if len(table) > MAX_IDS:
        raise _fail(where, "has too many entries")
    return {need_id(k, f"{where} key"): need_int(v, f"{where}[{k!r}]") for k, v in sorted(table.items())}


# --- modes -------------------------------------------------------------------------------
# Each mode has an explicit writer and reader. The JSON names the mode by ``kind``; readers
# take the story because ``Testifying`` is saved by statement id, not by position.


def _exploring_to_json(mode: Exploring, story: Story) -> dict:
    return {"kind": "exploring"}


def _talking_to_json(mode: Talking, story: Story) -> dict:
    return {"kind": "talking", "person": mode.person}


def _testifying_to_json(mode: Testifying, story: Story) -> dict:
    testimony = story.testimonies.get(mode.testimony)
    statement = None
    if testimony is not None and 0 <= mode.index < len(testimony.statements):
        statement = testimony.statements[mode.index].id
    return {"kind": "testifying", "testimony": mode.testimony, "statement": statement}


def _accusing_to_json(mode: Accusing, story: Story) -> dict:
    return {"kind": "accusing", "culprit": mode.culprit, "answers": list(mode.answers),
            "evidence": list(mode.evidence)}


def _ended_to_json(mode: Ended, story: Story) -> dict:
    return {"kind": "ended", "ending": mode.ending}


_MODE_WRITERS: dict[type, Callable[[Any, Story], dict]] = {
    Exploring: _exploring_to_json, Talking: _talking_to_json, Testifying: _testifying_to_json,
    Accusing: _accusing_to_json, Ended: _ended_to_json,
}


def mode_to_json(mode: Mode, story: Story) -> dict:
    """The JSON form of one mode."""
    return _MODE_WRITERS[type(mode)](mode, story)


def check_mode_json(value: Any, where: str = "state.mode") -> dict:
    """A normalised copy of a saved mode, or SaveError if its shape is wrong."""
    data = need_object(value, where)
    kind = data.get("kind")
    if kind == "exploring":
        return {"kind": "exploring"}
    if kind == "talking":
        return {"kind": "talking", "person": need_id(data.get("person"), f"{where}.person")}
    if kind == "testifying":
        statement = data.get("statement")
        return {"kind": "testifying", "testimony": need_id(data.get("testimony"), f"{where}.testimony"),
                "statement": None if statement is None else need_id(statement, f"{where}.statement")}
    if kind == "accusing":
        culprit = data.get("culprit")
        return {"kind": "accusing",
                "culprit": None if culprit is None else need_id(culprit, f"{where}.culprit"),
                "answers": [need_id(a, f"{where}.answers") for a in need_list(data.get("answers", []), f"{where}.answers", 1000)],
                "evidence": [need_id(c, f"{where}.evidence") for c in need_list(data.get("evidence", []), f"{where}.evidence", 1000)]}
    if kind == "ended":
        return {"kind": "ended", "ending": need_id(data.get("ending"), f"{where}.ending")}
    raise _fail(f"{where}.kind", "is not one of exploring, talking, testifying, accusing, ended")


def mode_from_json(data: Mapping[str, Any], story: Story) -> Mode:
    """The mode a checked and fitted JSON mode stands for (see :func:`check_mode_json`)."""
    kind = data["kind"]
    if kind == "exploring":
        return Exploring()
    if kind == "talking":
        return Talking(data["person"])
    if kind == "testifying":
        testimony = story.testimonies.get(data["testimony"])
        if testimony is None:
            raise _fail("state.mode.testimony", f"names a testimony the story does not have ({data['testimony']!r})")
        ids = [s.id for s in testimony.statements]
        if data["statement"] not in ids:
            raise _fail("state.mode.statement", "names a statement the testimony does not have")
        return Testifying(testimony.id, ids.index(data["statement"]))
    if kind == "accusing":
        return Accusing(data["culprit"], tuple(data["answers"]), tuple(data["evidence"]))
    if kind == "ended":
        return Ended(data["ending"])
    raise _fail("state.mode.kind", f"is unknown ({kind!r})")


# --- verdict ------------------------------------------------------------------------------


def verdict_to_json(verdict: Optional[Verdict]) -> Optional[dict]:
    """The JSON form of the accusation as made, or None before it is made."""
    if verdict is None:
        return None
    return {"culprit": verdict.culprit, "answers": sorted(verdict.answers), "evidence": sorted(verdict.evidence)}


def check_verdict_json(value: Any, where: str = "state.verdict") -> Optional[dict]:
    """A normalised copy of a saved verdict (or None), or SaveError."""
    if value is None:
        return None
    data = need_object(value, where)
    return {"culprit": need_id(data.get("culprit"), f"{where}.culprit"),
            "answers": _ids(data.get("answers", []), f"{where}.answers"),
            "evidence": _ids(data.get("evidence", []), f"{where}.evidence")}


def verdict_from_json(data: Optional[Mapping[str, Any]]) -> Optional[Verdict]:
    """The :class:`Verdict` a checked JSON verdict stands for."""
    if data is None:
        return None
    return Verdict(data["culprit"], frozenset(data["answers"]), frozenset(data["evidence"]))


# --- the whole state ----------------------------------------------------------------------


def state_to_json(state: GameState, story: Story) -> dict:
    """The JSON form of ``state``: ids and numbers only, sets sorted so equal states save equal."""
    data: dict[str, Any] = {
        "scene": state.scene,
        "act": state.act,
        "time": state.time,
        "credibility": state.credibility,
        "seed": state.seed,
        "turn": state.turn,
        "mode": mode_to_json(state.mode, story),
    }
    for name in SET_FIELDS:
        data[name] = sorted(getattr(state, name))
    data["counters"] = dict(state.counters)
    data["visits"] = dict(state.visits)
    data["left_at"] = dict(state.left_at)
    data["verdict"] = verdict_to_json(state.verdict)
    data["found"] = list(state.found)
    data["talk_order"] = list(state.talk_order)
    data["talk_seen"] = list(state.talk_seen)
    return data


def check_field(name: str, value: Any, where: str) -> Any:
    """A normalised copy of one saved state field, or SaveError naming it."""
    if name in ID_FIELDS:
        return need_id(value, where, empty=True)
    if name in INT_FIELDS:
        return need_int(value, where, 0 if name == "turn" else -MAX_INT)
    if name == "mode":
        return check_mode_json(value, where)
    if name in SET_FIELDS:
        return _ids(value, where)
    if name in MAP_FIELDS:
        table = _table(value, where)
        return {k: v for k, v in table.items() if v > 0} if name == "visits" else table
    if name == "verdict":
        return check_verdict_json(value, where)
    if name in ORDER_FIELDS:  # an order, so a list with its duplicates dropped, not a sorted set
        items = need_list(value, where)
        return list(dict.fromkeys(need_id(v, f"{where}[{i}]") for i, v in enumerate(items)))
    raise _fail(where, "is not a field of a saved state")


def check_state_json(value: Any, where: str = "state") -> dict:
    """A normalised copy of an untrusted saved state, or SaveError saying what is wrong.

    Unknown fields are ignored (a later version may add some); every field this version
    knows must be present with the right type.
    """
    data = need_object(value, where)
    missing = [name for name in FIELDS if name not in data and name not in OPTIONAL]
    if missing:
        raise _fail(where, f"lacks {', '.join(missing)}")
    return {name: check_field(name, data.get(name, OPTIONAL.get(name)), f"{where}.{name}") for name in FIELDS}


def state_from_json(data: Mapping[str, Any], story: Story, shared: Optional[dict] = None) -> GameState:
    """The :class:`GameState` a checked and fitted JSON state stands for.

    ``shared`` (one dict per loaded save) lets states rebuilt from an undo history share the
    frozensets of fields they have in common, instead of building each one again.
    """
    def ids(name: str) -> frozenset:
        value = data[name]
        if shared is None:
            return frozenset(value)
        hit = shared.get(id(value))
        if hit is None or hit[0] is not value:
            hit = shared[id(value)] = (value, frozenset(value))  # keeps ``value`` alive: ids stay unique
        return hit[1]

    def table(name: str) -> tuple:
        # The engine keeps counters it has set (zeros included) and non-zero visits, sorted: do
        # the same so a loaded state compares equal to the one that was saved.
        value = data[name]
        hit = shared.get(id(value)) if shared is not None else None
        if hit is not None and hit[0] is value:
            return hit[1]
        pairs = tuple(sorted((k, v) for k, v in value.items() if v or name in ("counters", "left_at")))
        if shared is not None:
            shared[id(value)] = (value, pairs)
        return pairs

    fields: dict[str, Any] = {name: ids(name) for name in SET_FIELDS}
    fields.update((name, table(name)) for name in MAP_FIELDS)
    return GameState(
        scene=data["scene"],
        act=data["act"],
        time=data["time"],
        credibility=data["credibility"],
        mode=mode_from_json(data["mode"], story),
        **fields,
        verdict=verdict_from_json(data["verdict"]),
        seed=data["seed"],
        turn=data["turn"],
        found=tuple(data.get("found", ())),
        talk_order=tuple(data.get("talk_order", ())),
        talk_seen=tuple(data.get("talk_seen", ())),
    )
