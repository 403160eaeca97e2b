"""Fitting a saved state to the story as it is now, after an author may have edited it.

Pure: takes a checked JSON state (see :func:`game.saves.codec.check_state_json`) and the story,
returns a state the engine can run and the notices to show the player. The rules:

- ids the story no longer has (clues, items, flags, topics, ...) are dropped, and listed;
  but a choice taken (a topic asked) under an id a choice (a topic) of the story now lists in
  its ``was:`` is the same one renamed: it stays taken (asked) under its new id, silently (the
  loader makes sure an old id is listed once and is no live id);
- counters the story has added take their declared defaults;
- a saved act that is gone becomes the first act; a saved scene that is gone becomes the
  act's declared ``fallback`` scene, and the player is told where they are now;
- a mode that refers to something gone (a person, a testimony, an ending, the accusation)
  falls back to exploring the scene.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional

from game.core.model import Story
from game.core.rules import timeout_key
from game.core.words import quoted

#: set fields and what they hold, in the order a notice lists them, with the word it uses
_KINDS = (
    ("clues", "clues"), ("items", "items"), ("flags", "flags"), ("asked", "topics asked"),
    ("confirmed", "deductions"), ("broken", "broken statements"), ("pressed", "pressed statements"),
    ("taken", "choices taken"), ("fired", "events"), ("silenced", "people"),
)


def _known(story: Story) -> dict[str, Iterable[str]]:
    return {
        "clues": story.clues, "items": story.items, "flags": story.flags, "asked": story.topics,
        "confirmed": story.deductions, "broken": story.statements, "pressed": story.statements,
        "taken": story.choices, "silenced": story.people,
        # Act time-outs are remembered as "timeout:<act>" next to the story's own events.
        "fired": set(story.events) | {timeout_key(act) for act in story.acts},
    }


def fit_state(data: Mapping[str, Any], story: Story, shared: Optional[dict] = None) -> tuple[dict, list[str]]:
    """``data`` fitted to ``story``, and what the player should be told about it.

    ``shared`` (one dict per loaded save, see :func:`game.saves.codec.state_from_json`) lets the
    states of an undo history reuse the fitting of the fields they share with the next state,
    so loading a long history costs what its changes cost, not its length times its size.
    """
    out = dict(data)
    notices: list[str] = []
    memo: dict = {} if shared is None else shared.setdefault("fit", {})
    known = memo.get("known")
    if known is None:
        known = memo["known"] = _known(story)
        memo["renamed"] = {"taken": {old: c.id for _s, c in story.choices.values() for old in c.was},
                           "asked": {old: t.id for t in story.topics.values() for old in t.was}}
    renamed: dict[str, dict[str, str]] = memo["renamed"]

    dropped: list[str] = []
    for name, word in _KINDS:
        value = out[name]
        hit = memo.get(id(value))
        if hit is not None and hit[0] is value:
            out[name] = hit[1]
            if hit[2]:
                dropped.append(f"{word} {_listed(hit[2])}")
            continue
        have = known[name]
        gone = [x for x in value if x not in have]
        kept = value
        if gone and name in renamed:
            kept, gone = _follow(value, gone, renamed[name])
        if gone:
            kept = [x for x in kept if x in have]
            dropped.append(f"{word} {_listed(gone)}")
        out[name] = kept
        memo[id(value)] = (value, out[name], gone)  # keeps ``value`` alive, so its id stays unique
    value = out["counters"]
    hit = memo.get(id(value))
    if hit is None or hit[0] is not value:
        hit = memo[id(value)] = (value, *_fit_counters(value, story))
    out["counters"], gone_counters = hit[1], hit[2]
    if gone_counters:
        dropped.append(f"counters {_listed(gone_counters)}")
    # Visits of scenes that are gone mean nothing any more; they are not worth a notice.
    value = out["visits"]
    hit = memo.get(id(value))
    if hit is None or hit[0] is not value:
        hit = memo[id(value)] = (value, {k: v for k, v in value.items() if k in story.scenes})
    out["visits"] = hit[1]
    # Statements heard only mark the talk menu; those gone from the story are not worth a notice.
    out["heard"] = [s for s in out["heard"] if s in story.statements]
    # Where a testimony was left only says where it begins again: kept where it still is one
    # and the statement still there, else dropped (it then begins at its first), unsaid.
    out["left_at"] = {t: i for t, i in out["left_at"].items()
                      if t in story.testimonies and 0 <= i < len(story.testimonies[t].statements)}
    # The talk menus' order: lines gone from the story are dropped, unsaid (it only orders menus).
    for name in ("talk_order", "talk_seen"):
        out[name] = [k for k in out[name] if k in story.topics or k in story.testimonies]
    if dropped:
        notices.append("The story has changed since this game was saved. No longer in the story, "
                       "so left out: " + "; ".join(dropped) + ".")

    if out["act"] not in story.acts:
        first = story.acts[story.first_act]
        notices.append(f"The act you were in ({quoted(out['act'])}) is no longer in the story: "
                       f"you continue in Act {first.number}, {first.title}.")
        out["act"] = first.id
    if out["scene"] not in story.scenes:
        act = story.acts[out["act"]]
        fallback = act.fallback if act.fallback in story.scenes else story.start
        notices.append(f"The scene you were in ({quoted(out['scene'])}) is no longer in the story: "
                       f"you are at {_scene_name(story, fallback)} instead.")
        out["scene"] = fallback
        out["mode"] = {"kind": "exploring"}
        if fallback not in out["visits"]:
            out["visits"] = {**out["visits"], fallback: 1}

    mode, why = _fit_mode(out["mode"], out, story)
    if why:
        notices.append(why)
    out["mode"] = mode
    out["verdict"] = _fit_verdict(out["verdict"], story)
    return out, notices


def _follow(value: list, gone: list, renamed: Mapping[str, str]) -> tuple[list, list]:
    """``value`` with each gone id that was renamed replaced by its new id (once), and the ids
    still gone."""
    if not any(x in renamed for x in gone):
        return value, gone
    out: list = []
    for x in value:
        x = renamed.get(x, x)
        if x not in out:
            out.append(x)
    return out, [x for x in gone if x not in renamed]


def _fit_counters(saved: Mapping[str, int], story: Story) -> tuple[dict, list[str]]:
    """The saved counters the story still has, with counters added since at their defaults;
    and the names of those that are gone."""
    counters = {k: v for k, v in saved.items() if k in story.counters}
    gone = sorted(set(saved) - set(counters))
    for name, default in story.counters.items():
        # A counter the save does not mention was added to the story since: it starts at its
        # declared default, exactly as in a new game.
        if name not in counters and default:
            counters[name] = default
    return counters, gone


def _fit_mode(mode: Mapping[str, Any], state: Mapping[str, Any], story: Story) -> tuple[dict, str]:
    """The saved mode, or exploring with the reason when it points at something gone."""
    exploring = {"kind": "exploring"}
    kind = mode["kind"]
    if kind == "talking":
        if mode["person"] not in story.people:
            return exploring, f"The person you were talking to ({quoted(mode['person'])}) is no longer in the story."
    elif kind == "testifying":
        testimony = story.testimonies.get(mode["testimony"])
        if testimony is None:
            return exploring, f"The testimony you were hearing ({quoted(mode['testimony'])}) is no longer in the story."
        if mode["statement"] not in {s.id for s in testimony.statements}:
            if testimony.person in story.people:
                return ({"kind": "talking", "person": testimony.person},
                        f"The testimony '{testimony.title}' has changed: you are back in conversation.")
            return exploring, f"The testimony '{testimony.title}' has changed."
    elif kind == "accusing":
        if not _accusation_fits(mode, state, story):
            return exploring, "The accusation has changed in the story: you have set yours aside for now."
    elif kind == "ended":
        if mode["ending"] not in story.endings:
            return exploring, f"The ending you reached ({quoted(mode['ending'])}) is no longer in the story: you are back in play."
    return dict(mode), ""


def _accusation_fits(mode: Mapping[str, Any], state: Mapping[str, Any], story: Story) -> bool:
    acc = story.accusation
    if acc is None:
        return False
    if mode["culprit"] is not None and mode["culprit"] not in {p.id for p in story.suspects}:
        return False
    if len(mode["answers"]) > len(acc.questions):
        return False
    for answer, question in zip(mode["answers"], acc.questions):
        if answer not in dict(question.options):
            return False
    if mode["answers"] and mode["culprit"] is None:
        return False
    clues = set(state["clues"])
    return len(mode["evidence"]) <= acc.evidence_count and all(c in clues for c in mode["evidence"])


def _fit_verdict(verdict: Any, story: Story) -> Any:
    if verdict is None:
        return None
    return {"culprit": verdict["culprit"],
            "answers": [a for a in verdict["answers"] if a in story.options],
            "evidence": [c for c in verdict["evidence"] if c in story.clues]}


def _scene_name(story: Story, scene_id: str) -> str:
    return story.place_name(scene_id)


def _listed(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(quoted(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")
