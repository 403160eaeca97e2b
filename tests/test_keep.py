"""The proof without search that no deduction is lost except to the clock (game/authoring/keep.py).

Checked against the definition itself on small stories: a search with no reductions builds
every state, and a step *loses a deduction structurally* when the deduction could be confirmed
before the step, cannot after it, and still cannot from the state after it with the act's full
time on the clock. Whenever the proof says "proved", that search must find no such step.
"""

from __future__ import annotations

from collections import deque
from game.core.record import replace
from itertools import product

import pytest

from game.core import engine as e
from game.loading.loader import load_story
from game.core.state import Accusing
from game.authoring.explore import explore
from game.authoring.facts import collect
from game.authoring.keep import prove_kept
from game.authoring.reach import reach
from tests.conftest import BUNDLED, SAMPLE
from tests.test_explore import RICH, SOFTLOCK, ghostlight

KEEP = {"story.yaml": """
id: keep
title: Keep
start: a.hall
first_act: one
include: [parts/*.yaml]
flags: [lamp, bell]
acts:
  one: {title: One, time: 3, start: a.hall, on_timeout: a.dusk}
  two: {title: Two, time: TWO_TIME, start: b.hall, on_timeout: late}
accusation:
  if: act == 2
  culprit: Who did it?
  endings: [solved, wrong]
endings:
  solved: {title: Solved, text: Yes., if: accused(ann) and confirmed(d1)}
  wrong: {title: Wrong, text: No.}
  late: {title: Late, text: Too late.}
""", "parts/a.yaml": """
clues:
  ring: {name: A ring}
  note: {name: A note}
suspects:
  ann: {name: Ann, motive: {note: m, shown_by: [note]}, means: {note: m, shown_by: [ring]}, opportunity: {note: o}}
  bo: {name: Bo, motive: {note: m}, means: {note: m}, opportunity: {note: o}}
deductions:
  d1:
    title: Ann did it
    slots:
      - {id: d1.who, prompt: Who, suspect: [ann]}
      - {id: d1.proof, prompt: Proof, clue: [ring, note]}
EVENTS
scenes:
  a.hall:
    text: A hall.
    exits: [a.study]
    choices:
      - {text: Burn the letters, once: true, do: [{set: lamp}]}
      - {text: Ring the bell, once: true, do: [{set: bell}]}
  a.study:
    text: A study.
    exits: [a.hall]
    choices:
      - {text: Search the desk, once: true, cost: 1, if: not flag(lamp), do: [{gain: note}]}
  a.dusk:
    text: Dusk.
    choices:
      - {text: Go on, do: DUSK_DO}
  b.hall:
    text: Night hall.
    on_enter: HALL_ENTER
    exits: [b.cellar]
    choices: HALL_CHOICES
  b.cellar:
    text: Cellar.
    exits: [b.hall]
    choices:
      - {text: Dig, if: DIG_IF, cost: 1, do: [{gain: ring}]}
  b.pit:
    text: A pit.
    choices:
      - {text: Climb out, cost: 2, goto: b.hall}
"""}


def keep_story(two_time: int = 5, dig_if: str = "not has(ring)", events: str = "", hall: str = "[]",
               dusk: str = "[{start_act: two}]", hall_enter: str = "[]") -> dict[str, str]:
    """The two-act story above: act one can burn its only source; act two has the cellar."""
    part = KEEP["parts/a.yaml"]
    for mark, text in (("DIG_IF", dig_if), ("EVENTS", events), ("HALL_CHOICES", hall), ("DUSK_DO", dusk),
                       ("HALL_ENTER", hall_enter)):
        part = part.replace(mark, text)
    return {"story.yaml": KEEP["story.yaml"].replace("TWO_TIME", str(two_time)), "parts/a.yaml": part}


TRAPDOOR = "[{text: Jump into the pit, goto: b.pit}]"  # free, and two turns to climb back out


VARIANTS = {
    "fallback": keep_story(),  # act two gives the ring to anyone who digs
    "gated": keep_story(dig_if="not has(ring) and not flag(lamp)"),  # burning closes the cellar too
    "far": keep_story(two_time=2),  # no time in act two to dig and deduce
    "pushed": keep_story(events="events:\n  shove: {act: two, if: time <= 3, do: [{goto: b.pit}]}"),
    # From the pit: climb (2) + cellar (1) + dig (1) = 4 turns, and the deduction needs a turn
    # left after the dig. Five turns in act two are enough; four are not.
    "trapdoor": keep_story(hall=TRAPDOOR),
    "trapdoor-short": keep_story(two_time=4, hall=TRAPDOOR),
    # Found by review: act two's clock is full when it starts, but not when the player can
    # first move if something spends in the same step (the start scene, or after start_act)...
    "entry-spend": keep_story(hall_enter="[{spend: 3}]"),
    "entry-spend-if": keep_story(hall_enter="[{if: flag(lamp), then: [{spend: 3}]}]"),
    "start-then-spend": keep_story(dusk="[{start_act: two}, {spend: 3}]"),
    # ... and leaving a conversation is no way out when an event opens it again on every step
    # (Bo has something to say: a talk with nothing to offer ends by itself, see engine.step).
    "talk-trap": keep_story(events="topics:\n  bo.hi: {suspect: bo, title: Hello, text: Hello.}\n"
                                   "events:\n  trap: {act: one, if: flag(bell), once: false, do: [{talk: bo}]}"),
}
PROVED = {"fallback", "trapdoor"}


def kept(story):
    facts = collect(story)
    return prove_kept(story, facts, reach(story, facts))


class TooBig(Exception):
    """The brute-force graph has more states than the caller's limit (a count)."""


def _graph(story, start, limit: int = 0):
    """Every state from ``start`` with every action and every deduction attempt (no reductions);
    with ``limit``, :class:`TooBig` past that many states."""
    # Visit counts only grow; unless a condition reads them they tell no states apart (and a
    # scene re-entered on every step would otherwise make the graph endless).
    reads_visits = any(f in ("visited", "visits") for f, _ in collect(story).reads)
    key = lambda s: replace(s, turn=0, visits=s.visits if reads_visits else ())  # noqa: E731
    seen = {key(start): start}
    succ: dict = {}
    queue = deque([start])
    while queue:
        s = queue.popleft()
        actions = list(e.available_actions(story, s))
        if not s.ended and not isinstance(s.mode, Accusing):
            for d in story.deductions.values():
                pools = [[o for o, _ in slot.options] if slot.kind == "options" else
                         [p.id for p in story.suspects] if slot.kind == "suspect" else sorted(s.clues)
                         for slot in d.slots]
                actions += [e.Deduce(d.id, tuple((slot.id, v) for slot, v in zip(d.slots, combo)))
                            for combo in product(*pools)]
            if isinstance(s.mode, e.Talking) and e.accusation_open(story, s):
                actions.append(e.Accuse())
        out = []
        for action in actions:
            new, _ = e.step(story, s, action)
            if key(new) not in seen:
                seen[key(new)] = new
                queue.append(new)
                if limit and len(seen) > limit:
                    raise TooBig(len(seen))
            out.append(key(new))
        succ[key(s)] = out
    return seen, succ


def _possible(seen, succ, deduction: str) -> set:
    """The states from which some play confirms ``deduction`` (backwards from where it is)."""
    rev: dict = {}
    for k, out in succ.items():
        for o in out:
            rev.setdefault(o, []).append(k)
    good = {k for k, s in seen.items() if deduction in s.confirmed}
    todo = list(good)
    while todo:
        for prev in rev.get(todo.pop(), ()):
            if prev not in good:
                good.add(prev)
                todo.append(prev)
    return good


def structural_losses(story) -> list[tuple[str, object, object]]:
    """Every step that loses a deduction for good, as the definition reads (see the module)."""
    start, _ = e.new_game(story)
    seen, succ = _graph(story, start)
    losses = []
    for deduction in story.deductions:
        can = _possible(seen, succ, deduction)
        for k, out in succ.items():
            if k not in can or seen[k].ended:
                continue
            for o in out:
                after = seen[o]
                if o in can or after.ended:
                    continue
                twin = replace(after, time=story.acts[after.act].time)  # the clock full
                if twin.time > after.time and _twin_can(story, twin, deduction):
                    continue  # lost to the clock
                losses.append((deduction, seen[k], after))
    return losses


def claim_violations(story) -> list[tuple[str, object]]:
    """States a play can reach from which, even with the act's clock full, a deduction cannot
    be confirmed: what keep.py claims never happens."""
    start, _ = e.new_game(story)
    seen, _ = _graph(story, start)
    out = []
    for state in seen.values():
        if state.ended:
            continue
        twin = replace(state, time=story.acts[state.act].time)
        for deduction in story.deductions:
            if deduction not in state.confirmed and not _twin_can(story, twin, deduction):
                out.append((deduction, state))
    return out


def _twin_can(story, twin, deduction: str) -> bool:
    seen, _ = _graph(story, twin)
    return any(deduction in s.confirmed for s in seen.values())


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_whenever_the_proof_holds_no_step_loses_a_deduction(name, write_story) -> None:
    story = load_story(write_story(VARIANTS[name]))
    proof = kept(story)
    losses = structural_losses(story)
    if proof.proved:
        assert not losses, f"the proof holds but {losses[0][0]} is lost"
        assert not claim_violations(story)
    assert proof.proved == (name in PROVED), proof.reason


def test_the_stories_that_fail_it_really_lose_a_deduction_or_risk_one(write_story) -> None:
    # The checker above is not vacuous: burning the letters really loses the deduction when the
    # cellar closes too, and when act two is too short to dig and deduce.
    for name in ("gated", "far"):
        story = load_story(write_story(VARIANTS[name]))
        losses = structural_losses(story)
        assert losses and all(before.act == "one" for _, before, _ in losses), name
        assert explore(story).losses  # the explorer finds it too, with a path
    for name in ("entry-spend", "entry-spend-if", "start-then-spend", "talk-trap"):
        assert structural_losses(load_story(write_story(VARIANTS[name]))), name
    # One turn short: jumping into the pit at the start of act two loses it even with a full clock.
    losses = structural_losses(load_story(write_story(VARIANTS["trapdoor-short"])))
    assert any(before.act == "two" and after.scene == "b.pit" for _, before, after in losses)


def test_why_the_proof_does_not_apply_is_said(write_story) -> None:
    reasons = {name: kept(load_story(write_story(files))).reason for name, files in VARIANTS.items()}
    assert reasons["fallback"] == ""
    assert "deduction 'd1' from scene 'b.cellar' in two: no tour" in reasons["gated"]
    assert "its tour takes 2 turns, and two allows 1" in reasons["far"]
    assert "event 'shove' can move the player" in reasons["pushed"]
    assert "from scene 'b.pit' in two: its tour takes 4 turns, and two allows 3" in reasons["trapdoor-short"]
    assert "entering two runs scene 'b.hall', which can" in reasons["entry-spend"] == reasons["entry-spend-if"]
    assert "choice 'Go on' starts two and then can" in reasons["start-then-spend"]
    assert "moves that are always offered do not surely lead into two" in reasons["talk-trap"]


def test_the_soft_lock_proof_sees_a_conversation_that_reopens_on_every_step(write_story) -> None:
    from game.authoring.escape import prove

    story = load_story(write_story(VARIANTS["talk-trap"]))
    facts = collect(story)
    assert not prove(story, facts, reach(story, facts))[0]
    assert explore(story).softlocks  # ringing the bell really traps the player with Bo
    no_accusation = kept(load_story(write_story(SOFTLOCK)))
    assert not no_accusation.proved and "the story has no accusation" in no_accusation.reason


def test_the_proof_on_the_bundled_case_and_the_sample() -> None:
    proof = kept(load_story(BUNDLED))
    assert proof.proved and proof.final_acts == ("act3",) and proof.drained == ("act1", "act2")
    assert len(proof.tours) == 6 and all(turns <= budget for turns, budget in proof.tours.values())
    sample = kept(load_story(SAMPLE))  # the sample loses who_tore by waiting for evening (test_explore)
    assert not sample.proved and "who_tore" in sample.reason


def test_a_story_whose_last_act_cannot_be_reached_is_not_proved(write_story) -> None:
    # RICH's act two has no exit and only a way to lose: the tour cannot start.
    proof = kept(load_story(write_story(RICH)))
    assert not proof.proved and proof.reason


@pytest.mark.slow
def test_the_bundled_case_is_proved_by_explore() -> None:
    # (How long it takes is a figure for bench_tools, never a verdict: budgets are counts.)
    result = ghostlight("explore", str(BUNDLED))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PROVED for every state a play can reach" in result.stdout
    assert "deductions: none lost before the accusation except to the clock, PROVED" in result.stdout


def test_lose_never_takes_a_clue_away(write_story) -> None:
    # The proof rests on clues being kept; `lose` names a clue or an item, and takes only items.
    story = load_story(write_story({"parts/a.yaml": """
clues:
  ring: {name: A ring}
items:
  key: {name: A key}
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Take both, once: true, do: [{gain: ring}, {gain: key}]}
      - {text: Drop both, once: true, do: [{lose: ring}, {lose: key}]}
      - {text: Finish, goto: done}
"""}))
    state, _ = e.new_game(story)
    for label in ("Take both", "Drop both"):
        action = next(a for a in e.available_actions(story, state) if a.label == label)
        state, _ = e.step(story, state, action)
    assert "ring" in state.clues and "key" not in state.items
