"""The save format's versions: its name, the version this game writes, the form of its times,
and the migrations that bring an older document up to date. Pure: JSON in, JSON out.

:func:`migrate` is called by :func:`game.saves.document.check_document` once a document's
format, version and checksum are checked; each step raises :class:`SaveError` with a message
for a person when the older document is damaged.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from game.core.errors import SaveError
from game.saves.codec import check_state_json, need_id, need_list, need_object, need_text
from game.saves.history import UNDO_CAP, diff_states

FORMAT = "ghostlight-save"
VERSION = 1  # the version this game writes: one past the last of MIGRATIONS


# --- times --------------------------------------------------------------------------------
#
# ``saved_at`` is written this way from version 1 on (version 0 wrote epoch seconds).


def timestamp(epoch: float) -> str:
    """``epoch`` seconds as an ISO 8601 UTC time, to the second."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> Optional[datetime]:
    """The time a saved ``saved_at`` names, or None if it is not one this format writes."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except (ValueError, TypeError):
        return None


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
