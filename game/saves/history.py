"""A save's undo history: each earlier state kept as a diff against the state after it, and
rebuilt from those diffs on load within one budget of ids.

Consecutive states differ in a few fields, so :func:`diff_states` keeps only those, and
:func:`apply_diff` turns a diff back into the earlier state. Rebuilding shares every field a
step leaves alone with the state after it, and pays for each field it does build from one
:class:`Budget` before building it, so no file within the size limit can make loading take
more than a bounded amount of work and memory (issue 13).
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from game.core.errors import SaveError
from game.core.words import quoted
# The id checks are the codec's own (one rule for what an id is); this module only adds diffs.
from game.saves.codec import (
    FIELDS, MAP_FIELDS, SET_FIELDS, _fail, _ids, _sorted_unique, check_field, need_list, need_object,
    need_text,
)

UNDO_CAP = 200  # earlier states kept in a save; more than a session's worth of "undo"
#: ids held by the saved state and by every set and table rebuilt from its undo history, all
#: added up. A field an undo step does not change is shared with the state after it, so only
#: changed fields count. Checked before each field is built, so a small file cannot make load
#: rebuild millions of ids. A real game holds a few hundred ids and changes a few per step.
MAX_HISTORY_IDS = 200_000


def diff_states(older: Mapping[str, Any], newer: Mapping[str, Any]) -> dict:
    """What to change in ``newer`` (JSON) to get ``older`` back; only the fields that differ.

    Sets become ``{"+": [ids to add], "-": [ids to remove]}``, tables
    ``{"+": {id: value}, "-": [ids to remove]}``; other fields are given whole.
    """
    diff: dict[str, Any] = {}
    for name in FIELDS:
        old, new = older[name], newer[name]
        if old == new:
            continue
        if name in SET_FIELDS:
            old_set, new_set = set(old), set(new)
            change: dict[str, Any] = {}
            if old_set - new_set:
                change["+"] = sorted(old_set - new_set)
            if new_set - old_set:
                change["-"] = sorted(new_set - old_set)
            diff[name] = change
        elif name in MAP_FIELDS:
            change = {}
            put = {k: v for k, v in old.items() if new.get(k) != v}
            gone = sorted(k for k in new if k not in old)
            if put:
                change["+"] = put
            if gone:
                change["-"] = gone
            diff[name] = change
        else:
            diff[name] = old
    return diff


class Budget:
    """What is left of :data:`MAX_HISTORY_IDS` while one save's undo history is rebuilt."""

    def __init__(self, limit: int = MAX_HISTORY_IDS) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, count: int, where: str) -> None:
        """Take ``count`` ids from the budget before building them; SaveError when it runs out."""
        self.left -= count
        if self.left < 0:
            raise SaveError(f"The save is too large to load: its state and undo history would hold more "
                            f"than {self.limit:,} ids in all (the limit), reached at {where}.")

    def spend_state(self, value: Any, where: str = "state") -> None:
        """Take the ids of an unchecked saved state from the budget, before it is checked."""
        if isinstance(value, dict):
            for name in SET_FIELDS + MAP_FIELDS:
                field_value = value.get(name)
                if isinstance(field_value, (list, dict)):
                    self.spend(len(field_value), f"{where}.{name}")


def apply_diff(newer: Mapping[str, Any], diff: Any, where: str, budget: Optional[Budget] = None) -> dict:
    """The earlier state (JSON) that ``diff`` describes. ``newer`` must be checked already;
    only what the diff changes is checked here, so a long history loads quickly. Fields the
    diff leaves alone are the same objects as in ``newer`` (shared, not copied); the size of
    each field that is rebuilt is taken from ``budget`` before it is built."""
    change_set = need_object(diff, where)
    budget = budget if budget is not None else Budget()
    out = dict(newer)
    for name, change in change_set.items():
        if name in SET_FIELDS:
            change = need_object(change, f"{where}.{name}")
            plus = need_list(change.get("+", []), f"{where}.{name}.+")
            minus = need_list(change.get("-", []), f"{where}.{name}.-")
            budget.spend(len(out[name]) + len(plus) + len(minus), f"{where}.{name}")
            gone = set(_ids(minus, f"{where}.{name}.-"))
            kept = [x for x in out[name] if x not in gone] if gone else list(out[name])
            added = _ids(plus, f"{where}.{name}.+")
            # Both lists are sorted: sorting them joined is a linear merge, not a full sort.
            out[name] = _sorted_unique(kept + added) if added else kept
        elif name in MAP_FIELDS:
            change = need_object(change, f"{where}.{name}")
            put = need_object(change.get("+", {}), f"{where}.{name}.+")
            minus = need_list(change.get("-", []), f"{where}.{name}.-")
            budget.spend(len(out[name]) + len(put) + len(minus), f"{where}.{name}")
            table = dict(out[name])
            for key in _ids(minus, f"{where}.{name}.-"):
                table.pop(key, None)
            table.update(check_field(name, put, f"{where}.{name}.+"))
            out[name] = table
        elif name in FIELDS:
            out[name] = check_field(name, change, f"{where}.{name}")
        else:
            raise _fail(where, f"changes an unknown field {quoted(name)}")
    return out


def rebuild_history(state_json: dict, undo: Any, budget: Optional[Budget] = None) -> tuple[list[dict], list[str]]:
    """The JSON states of a save's undo history, oldest first, ending with ``state_json``, and
    their labels. One pass from the newest state back; only the newest :data:`UNDO_CAP` steps
    are kept, and every field rebuilt is paid for from one :class:`Budget` before it is built."""
    entries = need_list(undo, "undo", 10 * UNDO_CAP)
    first = max(0, len(entries) - UNDO_CAP)  # older steps than the cap are never rebuilt
    budget = budget if budget is not None else Budget()
    chain = [state_json]
    labels: list[str] = []
    for index in range(len(entries) - 1, first - 1, -1):
        entry = need_object(entries[index], f"undo[{index}]")
        chain.append(apply_diff(chain[-1], entry.get("diff"), f"undo[{index}].diff", budget))
        labels.append(need_text(entry.get("label", ""), f"undo[{index}].label", 1000))
    chain.reverse()
    labels.reverse()
    return chain, labels
