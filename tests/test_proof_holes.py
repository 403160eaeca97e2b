"""Stories two reviews built to break the proofs without search (game/authoring/escape.py for
soft-locks, game/authoring/keep.py for lost deductions). Each once passed a proof while a search
with no reductions found the fault; each must now be refused, and the fault must still be real.
"""

from __future__ import annotations

import pytest

from game.loading.loader import load_story
from game.authoring.escape import prove
from game.authoring.facts import collect
from game.authoring.keep import prove_kept
from game.authoring.reach import reach
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
topics:  # Bo has something to say: a talk with nothing to offer ends by itself (engine.step)
  bo.hi: {suspect: bo, title: Hello, text: Hello.}
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
    # an act that can start again: its places count as "time-out fired", yet the first time
    # through the time-out still comes (review 3)
    "restart-timeout": {"story.yaml": """
id: t
title: T
start: a.start
first_act: one
include: [parts/*.yaml]
acts:
  one: {title: One, time: 3, start: a.start, on_timeout: done}
  two: {title: Two, time: 2, start: b.hall, on_timeout: b.pit}
endings:
  done: {title: Done, text: The end.}
""", "parts/a.yaml": """
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Night falls, do: [{start_act: two}]}
      - {text: Finish, goto: done}
  b.hall:
    text: Night hall.
    choices:
      - {text: Start the night over, do: [{start_act: two}]}
      - {text: Finish, goto: done}
      - {text: Wait, cost: 1}
  b.pit:
    text: A pit.
    choices:
      - {text: Wait, cost: 1}
"""},
    # what a scene does on entry (here: open a talk whose topic is a trapdoor) was never counted
    # as something that happens (review 3)
    "entry-talk": {"parts/a.yaml": """
suspects:
  carl: {name: Carl, suspect: false}
topics:
  carl.t: {suspect: carl, title: Trapdoor, text: Down you go., do: [{goto: a.pit}]}
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Enter the study, goto: a.study}
      - {text: Finish, goto: done}
  a.study:
    text: Carl waits.
    on_enter: [{talk: carl}]
    choices:
      - {text: Finish, goto: done}
  a.pit:
    text: A pit.
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
        events="topics:\n  bo.hi: {suspect: bo, title: Hello, text: Hello.}\n"
               "events:\n  trap: {act: one, if: flag(bell), once: false, do: [{goto: a.room}]}"), """  a.room:
    text: A room.
    on_enter: [{talk: bo}]
    choices:
      - {text: Go on, do: [{start_act: two}]}
"""),
}


THREE_ACTS = """
id: t
title: T
start: a.start
first_act: one
include: [parts/*.yaml]
acts:
  one: {title: One, time: 2, start: a.start}
  two: {title: Two, time: 2, start: b.hall, on_timeout: b.pit}
  three: {title: Three, time: 3, start: c.hall, on_timeout: late}
accusation:
  if: act == 3
  culprit: Who did it?
  endings: [solved, wrong]
endings:
  solved: {title: Solved, text: Yes., if: accused(ann)}
  wrong: {title: Wrong, text: No.}
  late: {title: Late, text: Too late.}
"""
LOSSES["restart-timeout"] = {"story.yaml": THREE_ACTS, "parts/a.yaml": """
clues:
  c1: {name: C1}
suspects:
  ann: {name: Ann, motive: {note: m}, means: {note: m}, opportunity: {note: o}}
deductions:
  d:
    title: D
    slots: [{id: d.c, prompt: P, clue: [c1]}]
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Night falls, do: [{start_act: two}]}
  b.hall:
    text: Night hall.
    choices:
      - {text: Start the night over, do: [{start_act: two}]}
      - {text: Morning, do: [{start_act: three}]}
      - {text: Wait, cost: 1}
  b.pit:
    text: A pit.
    choices:
      - {text: Wait, cost: 1}
  c.hall:
    text: Day hall.
    choices:
      - {text: Look, if: not has(c1), do: [{gain: c1}]}
"""}
LOSSES["entry-talk"] = {"story.yaml": ONE_ACT, "parts/a.yaml": PEOPLE + """
topics:
  carl.t: {suspect: carl, title: Trapdoor, text: Down you go., do: [{goto: a.pit}]}
deductions:
  d2:
    title: D2
    slots: [{id: d2.c, prompt: P, clue: [c2]}]
scenes:
  a.hall:
    text: A hall.
    exits: [a.study]
    choices:
      - {text: Search, if: not has(c2), do: [{gain: c2}]}
  a.study:
    text: Carl waits.
    on_enter: [{talk: carl}]
    exits: [a.hall]
  a.pit:
    text: A pit.
    choices:
      - {text: Wait, cost: 1}
"""}


# the last act started through another act's start scene, then the rest of the choice spends
# its clock (review 4)
_MIDDLE = keep_story(dusk="[{start_act: mid}, {spend: 3}]")
LOSSES["through-another-act"] = _with_scene(
    {**_MIDDLE, "story.yaml": _MIDDLE["story.yaml"].replace(  # third, so that act == 2 is still two
        "on_timeout: late}\n", "on_timeout: late}\n  mid: {title: Mid, time: 3, start: m.portal}\n")}, """  m.portal:
    text: A portal.
    on_enter: [{start_act: two}]
""")
# a suspect slot whose only right answer is someone the board never offers (review 4)
LOSSES["unoffered-answer"] = {"story.yaml": ONE_ACT, "parts/a.yaml": """
suspects:
  ann: {name: Ann, motive: {note: m}, means: {note: m}, opportunity: {note: o}}
  carl: {name: Carl, suspect: false}
deductions:
  d:
    title: D
    slots: [{id: d.who, prompt: Who helped?, suspect: [carl]}]
scenes:
  a.hall:
    text: A hall.
    choices:
      - {text: Wait, cost: 1}
"""}


def test_choices_with_the_same_words_get_ids_of_their_own(write_story) -> None:
    # "Look 3", "Look", "Look" once gave the third the id of the first (review 3): the engine
    # then ran the wrong choice, and the proofs reasoned about the right one.
    from game.core import engine as e

    story = load_story(write_story({"parts/a.yaml": """
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Wait 3}
      - {text: Wait}
      - {text: Wait, goto: done}
"""}))
    ids = [c.id for c in story.scenes["a.start"].choices]
    assert len(set(ids)) == 3
    state, _ = e.new_game(story)
    state, _ = e.step(story, state, e.Choose(ids[2]))
    assert state.ending == "done"
    assert not naive(story)[2]


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_the_keep_proof_refuses_what_review_found(name, write_story) -> None:
    story = load_story(write_story(LOSSES[name]))
    facts = collect(story)
    assert structural_losses(story) or claim_violations(story), "the story really loses a deduction"
    proof = prove_kept(story, facts, reach(story, facts))
    assert not proof.proved and proof.reason
