"""Stories two reviews built to break the proofs without search (game/tools/escape.py for
soft-locks, game/tools/keep.py for lost deductions). Each once passed a proof while a search
with no reductions found the fault; each must now be refused, and the fault must still be real.
"""

from __future__ import annotations

import pytest

from game.loader import load_story
from game.tools.escape import prove
from game.tools.facts import collect
from game.tools.keep import prove_kept
from game.tools.reach import reach
from tests.test_explore import naive
from tests.test_keep import claim_violations, keep_story, structural_losses

# --- soft-locks ---------------------------------------------------------------------------

SOFTLOCKS = {
    # a deduction's on_confirm opens a talk, and that person's topic drops the player in a pit
    "board-talk": {"parts/a.yaml": """
clues:
  c: {name: C}
suspects:
  carl: {name: Carl, suspect: false}
topics:
  carl.t: {suspect: carl, title: Trapdoor, text: Down you go., do: [{goto: a.pit}]}
deductions:
  d:
    title: D
    slots:
      - {id: d.c, prompt: P, clue: [c]}
    on_confirm: [{talk: carl}]
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Look, once: true, do: [{gain: c}]}
      - {text: Finish, goto: done}
  a.pit:
    text: A pit.
"""},
    # scenes that goto each other on entry: the engine gives up after MAX_CHAIN entries, on a
    # scene that depends on how deep the chain started
    "entry-loop": {"parts/a.yaml": """
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Step in, do: [{goto: a.x}]}
  a.x:
    text: X.
    on_enter: [{goto: a.y}]
    choices:
      - {text: Finish, goto: done}
  a.y:
    text: Y.
    on_enter: [{goto: a.x}]
"""},
    # a talk opened after start_act in the same effects happens in the new act
    "talk-after-start": {"story.yaml": """
id: acttalk
title: Act talk
start: a.start
first_act: one
include: [parts/*.yaml]
acts:
  one: {title: One, time: 3, start: a.start, on_timeout: done}
  two: {title: Two, time: 3, start: b.hall}
endings:
  done: {title: Done, text: The end.}
""", "parts/a.yaml": """
suspects:
  carl: {name: Carl, suspect: false}
topics:
  carl.t: {suspect: carl, title: Trapdoor, text: Down you go., do: [{goto: pit}]}
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Night falls, do: [{start_act: two}, {talk: carl}]}
      - {text: Finish, goto: done}
  b.hall:
    text: Night hall.
    choices:
      - {text: Finish, goto: done}
  pit:
    text: A pit.
    choices:
      - {text: Wait, cost: 1}
"""},
    # an event that fires on every step sends the player to a room that opens a talk on entry
    "reopening-talk": {"parts/a.yaml": """
flags: [bell]
suspects:
  bo: {name: Bo, suspect: false}
events:
  trap: {if: flag(bell), once: false, do: [{goto: a.room}]}
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Ring the bell, once: true, do: [{set: bell}]}
      - {text: Finish, goto: done}
  a.room:
    text: A room.
    on_enter: [{talk: bo}]
    choices:
      - {text: Finish, goto: done}
"""},
}


@pytest.mark.parametrize("name", sorted(SOFTLOCKS))
def test_the_soft_lock_proof_refuses_what_review_found(name, write_story) -> None:
    story = load_story(write_story(SOFTLOCKS[name]))
    facts = collect(story)
    assert naive(story)[2], "the story really soft-locks"
    assert not prove(story, facts, reach(story, facts))[0]


# --- lost deductions ----------------------------------------------------------------------

ONE_ACT = """
id: k
title: K
start: a.hall
first_act: one
include: [parts/*.yaml]
acts:
  one: {title: One, time: 4, start: a.hall, on_timeout: late}
accusation:
  culprit: Who did it?
  endings: [solved, wrong]
endings:
  solved: {title: Solved, text: Yes., if: accused(ann)}
  wrong: {title: Wrong, text: No.}
  late: {title: Late, text: Too late.}
"""
PEOPLE = """
clues:
  c1: {name: C1}
  c2: {name: C2}
suspects:
  ann: {name: Ann, motive: {note: m}, means: {note: m}, opportunity: {note: o}}
  carl: {name: Carl, suspect: false}
"""


def _with_scene(files: dict[str, str], scene: str) -> dict[str, str]:
    return {**files, "parts/a.yaml": files["parts/a.yaml"] + scene}


LOSSES = {
    "board-talk": {"story.yaml": ONE_ACT, "parts/a.yaml": PEOPLE + """
topics:
  carl.t: {suspect: carl, title: Trapdoor, text: Down you go., do: [{goto: a.pit}]}
deductions:
  d1:
    title: D1
    slots: [{id: d1.c, prompt: P, clue: [c1]}]
    on_confirm: [{talk: carl}]
  d2:
    title: D2
    slots: [{id: d2.c, prompt: P, clue: [c2]}]
scenes:
  a.hall:
    text: A hall.
    choices:
      - {text: Look, if: not has(c1), do: [{gain: c1}]}
      - {text: Search, if: not has(c2), do: [{gain: c2}]}
  a.pit:
    text: A pit.
    choices:
      - {text: Wait, cost: 1}
"""},
    "entry-loop": {"story.yaml": ONE_ACT, "parts/a.yaml": PEOPLE + """
deductions:
  d2:
    title: D2
    slots: [{id: d2.c, prompt: P, clue: [c2]}]
scenes:
  a.hall:
    text: A hall.
    choices:
      - {text: Step in, do: [{goto: a.x}]}
      - {text: Search, if: not has(c2), do: [{gain: c2}]}
  a.x:
    text: X.
    on_enter: [{goto: a.y}]
    choices:
      - {text: Back, goto: a.hall}
  a.y:
    text: Y.
    on_enter: [{goto: a.x}]
    choices:
      - {text: Wait, cost: 1}
"""},
    # act two starts inside a scene reached by a goto; the rest of the choice then spends its clock
    "portal": _with_scene(keep_story(dusk="[{goto: a.portal}, {spend: 3}]"), """  a.portal:
    text: A portal.
    on_enter: [{start_act: two}]
"""),
    "reopening-talk": _with_scene(keep_story(
        events="events:\n  trap: {act: one, if: flag(bell), once: false, do: [{goto: a.room}]}"), """  a.room:
    text: A room.
    on_enter: [{talk: bo}]
    choices:
      - {text: Go on, do: [{start_act: two}]}
"""),
}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_the_keep_proof_refuses_what_review_found(name, write_story) -> None:
    story = load_story(write_story(LOSSES[name]))
    facts = collect(story)
    assert structural_losses(story) or claim_violations(story), "the story really loses a deduction"
    proof = prove_kept(story, facts, reach(story, facts))
    assert not proof.proved and proof.reason
