"""The save file format: building, checking, migrating and reading one save document. Pure.

A save is one JSON object::

    {"format": "ghostlight-save", "version": 1, "story_id": ..., "story_hash": ...,
     "saved_at": "2025-11-25T17:18:00Z", "slot": ..., "summary": {...},
     "state": {...}, "undo": [{"label": ..., "diff": {...}}, ...], "checksum": "<sha256>"}

``checksum`` is the SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of every
other field, so a truncated or hand-damaged file is caught before anything in it is used.
``undo`` holds the session's earlier states, oldest first, each as a diff against the state
after it (the last one against ``state``), with the label of the action that followed it.

Every reader path turns bad input into :class:`SaveError` with a message for a person.
Older format versions are brought up to date by the explicit functions in :data:`MIGRATIONS`.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import datetime, timezone
from typing import Any, Callable, Optional, Sequence

from game.core.record import Record, field
from game.core.errors import SaveError
from game.core.model import Story
from game.saves import branches as save_branches
from game.saves.fit import fit_state
from game.saves.codec import (
    check_state_json, need_id, need_list, need_object, need_text, state_from_json, state_to_json,
)
from game.saves.history import UNDO_CAP, Budget, diff_states, rebuild_history
from game.core.state import GameState

FORMAT = "ghostlight-save"
VERSION = 1
LABEL_LIMIT = 200  # characters kept of each action label in the undo history


class SaveRefused(SaveError):
    """A readable save this game must not load; its backup is not tried instead."""


class NewerSaveError(SaveRefused):
    """A file written by a newer version of the game: refused, and never overwritten blindly."""


class ForeignSaveError(SaveRefused):
    """A save made with another story."""


class BranchMissingError(SaveRefused):
    """A save made with a branch that is not enabled (see :mod:`game.saves.branches`)."""


# --- canonical JSON and the checksum -----------------------------------------------------


def canonical(data: Any) -> bytes:
    """The one byte form of ``data`` the checksum is taken over."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def checksum(document: dict) -> str:
    """SHA-256 (hex) over the canonical JSON of ``document`` without its ``checksum`` field."""
    content = {k: v for k, v in document.items() if k != "checksum"}
    return hashlib.sha256(canonical(content)).hexdigest()


def encode(document: dict) -> bytes:
    """The bytes written to disk: compact JSON in the document's own key order, one line."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8") + b"\n"


def timestamp(epoch: float) -> str:
    """``epoch`` seconds as an ISO 8601 UTC time, to the second."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> Optional[datetime]:
    """The time a saved ``saved_at`` names, or None if it is not one this format writes."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except (ValueError, TypeError):
        return None


# --- summary ------------------------------------------------------------------------------


def summarise(story: Story, state: GameState, played: float) -> dict:
    """What a listing shows without reading the state: act, place, clues found, play time."""
    act = story.acts.get(state.act)
    scene = story.scenes.get(state.scene)
    place = ""
    if scene is not None:
        place = story.place_name(state.scene)
    ending = story.endings.get(state.ending) if state.ending else None
    return {
        "act": state.act,
        "act_number": act.number if act else 0,
        "act_title": act.title if act else "",
        "scene": state.scene,
        "place": place,
        "clues": len(state.clues),
        "clues_total": len(story.clues),
        "turn": state.turn,
        "played": max(0, int(played)),
        "ending": ending.title if ending else None,
    }


class Summary(Record):
    """A checked summary; fields a damaged or older save lacks take empty values."""

    act: str = ""
    act_number: int = 0
    act_title: str = ""
    scene: str = ""
    place: str = ""
    clues: int = 0
    clues_total: int = 0
    turn: int = 0
    played: int = 0
    ending: Optional[str] = None


def read_summary(value: Any) -> Summary:
    """A :class:`Summary` from saved JSON, leniently: it is for display, never for play."""
    if not isinstance(value, dict):
        return Summary()

    def text(key: str) -> str:
        v = value.get(key)
        return v[:200] if isinstance(v, str) else ""

    def number(key: str) -> int:
        v = value.get(key)
        return v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**53 else 0

    ending = value.get("ending")
    return Summary(text("act"), number("act_number"), text("act_title"), text("scene"), text("place"),
                   number("clues"), number("clues_total"), number("turn"), number("played"),
                   ending[:200] if isinstance(ending, str) else None)


# --- building -----------------------------------------------------------------------------


class StateCache:
    """Remembers the JSON of states and the diffs between them across saves.

    States are immutable and a session's undo list only grows at its end, so an autosave
    after each step needs only the newest state and one new diff; the rest is reused. Keys
    are object ids, and each entry keeps its states alive so an id is never reused while
    cached.
    """

    def __init__(self) -> None:
        self._json: dict[int, tuple[GameState, dict]] = {}
        self._diffs: dict[tuple[int, int], tuple[GameState, GameState, dict]] = {}

    def json(self, state: GameState, story: Story) -> dict:
        hit = self._json.get(id(state))
        if hit is not None and hit[0] is state:
            return hit[1]
        data = state_to_json(state, story)
        self._json[id(state)] = (state, data)
        return data

    def diff(self, older: GameState, newer: GameState, story: Story) -> dict:
        key = (id(older), id(newer))
        hit = self._diffs.get(key)
        if hit is not None and hit[0] is older and hit[1] is newer:
            return hit[2]
        data = diff_states(self.json(older, story), self.json(newer, story))
        self._diffs[key] = (older, newer, data)
        return data

    def keep_only(self, states: Sequence[GameState]) -> None:
        """Forget everything about states not in ``states`` (after undo or load)."""
        alive = {id(s) for s in states}
        self._json = {k: v for k, v in self._json.items() if k in alive}
        self._diffs = {k: v for k, v in self._diffs.items() if k[0] in alive and k[1] in alive}

    def trim(self, states: Sequence[GameState]) -> None:
        """Forget states no longer in use once the cache has grown well past ``states``
        (undo and the cap make old entries dead; trimming only now and then keeps saves cheap)."""
        if len(self._json) > 4 * (len(states) + 8):
            self.keep_only(states)


def build_save(story: Story, state: GameState, undo: Sequence[GameState], labels: Sequence[str], *,
               slot: str, saved_at: float, played: float, cache: Optional[StateCache] = None) -> dict:
    """The save document for a session. ``saved_at`` (epoch seconds) and ``played`` (seconds
    of play) come from the caller, so this stays a pure function of its arguments.

    ``labels`` is the session transcript; its last ``len(undo)`` entries label the undo steps.
    With a ``cache``, the document shares its parts with it: treat it as read-only.
    """
    cache = cache if cache is not None else StateCache()
    kept = list(undo[-UNDO_CAP:])
    kept_labels = list(labels[-len(kept):]) if kept else []
    kept_labels = [""] * (len(kept) - len(kept_labels)) + kept_labels
    entries = []
    chain = kept + [state]
    for index, older in enumerate(kept):
        entries.append({"label": kept_labels[index][:LABEL_LIMIT],
                        "diff": cache.diff(older, chain[index + 1], story)})
    cache.trim(chain)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "story_id": story.id,
        "story_hash": story.content_hash,
        "saved_at": timestamp(saved_at),
        "slot": slot,
        "summary": summarise(story, state, played),
        "state": cache.json(state, story),
        "undo": entries,
    }
    if story.branches:  # only then, so a save without branches reads as before
        document["branches"] = save_branches.record(story)
    document["checksum"] = checksum(document)
    return document


# --- reading ------------------------------------------------------------------------------


class SaveHeader(Record):
    """What a save says about itself, read without the story (for listings)."""

    slot: str
    story_id: str
    story_hash: str
    saved_at: str
    summary: Summary
    version: int

    @property
    def moment(self) -> Optional[datetime]:
        """When the save was made (UTC), or None if ``saved_at`` is not a time this format writes."""
        return parse_timestamp(self.saved_at)


class LoadedSave(Record):
    """A save read and fitted to the story: ready to become the session."""

    header: SaveHeader
    state: GameState
    undo: list[GameState]
    transcript: list[str]
    notices: list[str] = field(default_factory=list)
    migrated_from: Optional[int] = None
    from_backup: bool = False

    @property
    def played(self) -> int:
        return self.header.summary.played


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a save")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 reads as infinity, which JSON cannot write back
        raise ValueError("an infinite number is not allowed in a save")
    return value


def parse_json(data: bytes) -> Any:
    """Bytes to JSON, or SaveError: not UTF-8, not JSON, cut short, too deeply nested."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError("This is not a Ghost Light save: it is not text.") from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark added by a text editor is harmless
    if not text.strip():
        raise SaveError("The save is empty (the file holds nothing).")
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except RecursionError:
        raise SaveError("The save is damaged: it is nested too deeply to be a save.") from None
    except ValueError as exc:  # JSONDecodeError, and int() refusing a 5000-digit number
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        # Cut short: the error is at the very end, a string never closes (its error points at
        # the string's start, however near the end the file was cut), or the file does not end
        # with the "}" that every save this game writes ends with.
        if isinstance(exc, json.JSONDecodeError) and (exc.pos >= len(text.rstrip())
                                                      or exc.msg.startswith("Unterminated string")
                                                      or not text.rstrip().endswith("}")):
            raise SaveError("The save is damaged: the file stops part way (it was cut short).") from None
        raise SaveError(f"The save is damaged: it is not valid JSON{where}.") from None


def check_document(document: Any) -> dict:
    """Format, version and checksum checked; older versions migrated. Returns a current document."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SaveError("This is not a Ghost Light save (it does not say it is one).")
    version = document.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise SaveError("The save is damaged: its format version is not a number.")
    if version > VERSION:
        raise NewerSaveError(f"This save was made by a newer Ghost Light (save format {version}; this game "
                        f"reads up to {VERSION}). Update the game to load it; the file is left as it is.")
    if version >= 1:
        # Checked before anything else in the file is trusted, even its story id.
        written = document.get("checksum")
        try:
            expected = checksum(document)
        except (RecursionError, ValueError):
            raise SaveError("The save is damaged: its content cannot be checked.") from None
        if not isinstance(written, str) or written != expected:
            raise SaveError("The save is damaged: its checksum does not match its content "
                            "(the file was changed or cut short after it was written).")
    return migrate(document)


def read_header(data: bytes) -> SaveHeader:
    """The header of a save (checked and migrated), without reading its state."""
    document = check_document(parse_json(data))
    return header_of(document)


def header_of(document: dict) -> SaveHeader:
    """The header of a checked, current document."""
    return SaveHeader(
        slot=need_text(document.get("slot", ""), "slot", 100),
        story_id=need_text(document.get("story_id"), "story_id", 200),
        story_hash=need_text(document.get("story_hash", ""), "story_hash", 200),
        saved_at=need_text(document.get("saved_at", ""), "saved_at", 100),
        summary=read_summary(document.get("summary")),
        version=document["version"],
    )


def check_save(data: bytes) -> SaveHeader:
    """Every check a load makes that needs no story (header, checksum, state, undo history,
    within the same budget); returns the header. For listings that must not call a damaged
    save healthy."""
    document = check_document(parse_json(data))
    header = header_of(document)
    budget = Budget()
    budget.spend_state(document.get("state"))
    rebuild_history(check_state_json(document.get("state"), "state"), document.get("undo", []), budget)
    return header


def parse_save(data: bytes, story: Story) -> LoadedSave:
    """Read a whole save for ``story``: every check, every migration, fitted to the story."""
    raw = parse_json(data)
    original = raw.get("version") if isinstance(raw, dict) else None
    document = check_document(raw)
    header = header_of(document)
    if header.story_id != story.id:
        raise ForeignSaveError(f"This save belongs to another story ({header.story_id[:60]!r}), "
                        f"not to {story.title!r}. Load it with that story.")
    try:
        branch_notices = save_branches.compare(document, story)
    except save_branches.MissingBranch as exc:
        raise BranchMissingError(str(exc)) from None
    except ValueError as exc:
        raise SaveError(f"The save is damaged: {exc}.") from None
    budget = Budget()
    budget.spend_state(document.get("state"))
    state_json = check_state_json(document.get("state"), "state")
    chain, labels = rebuild_history(state_json, document.get("undo", []), budget)
    shared: dict = {}  # fields the states have in common are fitted and built once
    fitted, notices = fit_state(chain[-1], story, shared)
    state = state_from_json(fitted, story, shared)
    # Earlier states are fitted the same way; what they had to drop is already said above.
    undo = [state_from_json(fit_state(s, story, shared)[0], story, shared) for s in chain[:-1]]
    migrated = original if isinstance(original, int) and original != VERSION else None
    return LoadedSave(header, state, undo, labels, branch_notices + notices, migrated)


# --- migrations ---------------------------------------------------------------------------
#
# MIGRATIONS[n] turns a version-n document into a version-(n+1) one. Each is a plain function
# over JSON, checked by tests with a hand-written file of that version (tests/saves/).
#
# Version 0 (the engine's first draft, before the release format) differed from version 1:
#   - no ``checksum`` and no ``summary``;
#   - ``saved_at`` was epoch seconds (a number);
#   - the state kept clues and items under ``inventory: {clues: [...], items: [...]}``;
#   - ``counters`` and ``visits`` were lists of ``[name, value]`` pairs;
#   - the mode was ``{"name": "Exploring" | "Talking" | ..., ...fields}``;
#   - ``undo`` was a list of whole states (no labels, no diffs).


def _v0_state(value: Any, where: str) -> dict:
    state = dict(need_object(value, where))
    inventory = need_object(state.pop("inventory", {}), f"{where}.inventory")
    state["clues"] = inventory.get("clues", [])
    state["items"] = inventory.get("items", [])
    for name in ("counters", "visits"):
        pairs = need_list(state.get(name, []), f"{where}.{name}")
        table: dict[str, Any] = {}
        for index, pair in enumerate(pairs):
            if not isinstance(pair, list) or len(pair) != 2:
                raise SaveError(f"The save is damaged: {where}.{name}[{index}] should be a [name, value] pair.")
            table[need_id(pair[0], f"{where}.{name}[{index}]")] = pair[1]
        state[name] = table
    mode = dict(need_object(state.get("mode"), f"{where}.mode"))
    name = mode.pop("name", None)
    kinds = {"Exploring": "exploring", "Talking": "talking", "Testifying": "testifying",
             "Accusing": "accusing", "Ended": "ended"}
    if name not in kinds:
        raise SaveError(f"The save is damaged: {where}.mode has an unknown name.")
    state["mode"] = {"kind": kinds[name], **mode}
    return check_state_json(state, where)


def migrate_0_to_1(document: dict) -> dict:
    """Version 0 to 1: see the notes above. The summary is rebuilt from the state by id."""
    state = _v0_state(document.get("state"), "state")
    olds = [_v0_state(s, f"undo[{i}]") for i, s in enumerate(need_list(document.get("undo", []), "undo"))]
    olds = olds[-UNDO_CAP:]
    chain = olds + [state]
    undo = [{"label": "", "diff": diff_states(older, chain[i + 1])} for i, older in enumerate(olds)]
    saved_at = document.get("saved_at", 0)
    if isinstance(saved_at, bool) or not isinstance(saved_at, (int, float)) or not math.isfinite(saved_at):
        saved_at = 0
    saved_at = min(max(saved_at, 0), 253402300799)  # within what datetime can show
    summary = {"act": state["act"], "scene": state["scene"], "clues": len(state["clues"]),
               "turn": state["turn"], "played": 0,
               "ending": state["mode"].get("ending") if state["mode"]["kind"] == "ended" else None}
    return {
        "format": FORMAT, "version": 1,
        "story_id": need_text(document.get("story_id"), "story_id", 200),
        "story_hash": need_text(document.get("story_hash", ""), "story_hash", 200),
        "saved_at": timestamp(saved_at),
        "slot": need_text(document.get("slot", ""), "slot", 100),
        "summary": summary, "state": state, "undo": undo,
    }


MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: migrate_0_to_1}


def migrate(document: dict) -> dict:
    """``document`` brought up to :data:`VERSION` through each migration in turn."""
    version = document["version"]
    while version < VERSION:
        document = MIGRATIONS[version](document)
        version += 1
        assert document["version"] == version, "a migration must raise the version by one"
    return document
