"""A grid square may be shown by a deduction once it is confirmed (``shown_by`` takes clue and
deduction ids), so the suspects grid never contradicts the board: T67 confirmed "What she knew
had Dr. Pell's name on it" and read Dr. Pell's motive still "unknown" beside Ms. Harrow's shown.
Loaded from YAML (bad ids at file:line:col), read by the grid, and checked by the quoting lint."""

from __future__ import annotations

from game.authoring.lint import lint
from game.cli.playtools import start_state
from game.core import engine as e
from game.core import mystery, record
from game.loading.loader import load_story, read_story
from tests.conftest import BUNDLED
from tests.test_loader import SCENE

STORY = SCENE + """clues:
  note: {name: A torn note, text: "A torn note: 'the score went to her rival'.", facts: [rival]}
  other: {name: A ticket, text: A ticket stub.}
suspects:
  ann:
    name: Ann Reed
    motive: {note: MOTIVE_NOTE, shown_by: [SHOWN_BY]}
deductions:
  d1:
    title: Why
    slots:
      - id: d1.who
        prompt: It was
        suspect: ann
      - id: d1.proof
        prompt: Proof
        clue: [note]
"""


def _story(write_story, shown_by: str = "d1", note: str = "She had a reason.") -> tuple:
    text = STORY.replace("SHOWN_BY", shown_by).replace("MOTIVE_NOTE", note)
    return read_story(write_story({"parts/a.yaml": text}))


def test_a_square_shown_by_a_deduction_fills_once_it_is_confirmed_and_not_before(write_story) -> None:
    story, found = _story(write_story)
    assert story is not None, [str(f) for f in found]
    ann = story.people["ann"]
    state, _ = e.new_game(story)
    held = record.replace(state, clues=frozenset({"note"}))
    assert mystery.grid(ann, held)["motive"] == (mystery.UNKNOWN, "")  # the clue alone is not in shown_by
    confirmed, _ = e.step(story, held, e.Deduce("d1", (("d1.who", "ann"), ("d1.proof", "note"))))
    assert "d1" in confirmed.confirmed
    assert mystery.grid(ann, confirmed)["motive"] == (mystery.SHOWN, "She had a reason.")


def test_shown_by_naming_something_neither_clue_nor_deduction_is_an_error_at_the_id(write_story) -> None:
    story, found = _story(write_story, shown_by="a.start")
    errors = [str(f) for f in found if f.is_error]
    assert story is None and len(errors) == 1
    assert "E202" in errors[0] and "'a.start' is a scene, not a clue or deduction" in errors[0]
    story, found = _story(write_story, shown_by="d2")
    errors = [str(f) for f in found if f.is_error]
    assert story is None and "E201" in errors[0] and "shown_by: unknown clue or deduction 'd2'" in errors[0]
    assert "parts/a.yaml:13:50: E201" in errors[0]  # path:line:col of the unknown id itself


def test_a_note_shown_by_a_deduction_may_quote_only_what_its_proofs_all_say(write_story) -> None:
    # Confirming d1 takes the note, so the note's fact may be quoted; a fact of a clue the
    # deduction never asks for (the ticket's) may not be.
    story, _ = _story(write_story, note="The score went to her rival.")
    assert story is not None
    assert not [f for f in lint(story) if f.code == "W420"]
    story, _ = _story(write_story, shown_by="d1, other", note="The score went to her rival.")
    assert story is not None
    assert [f for f in lint(story) if f.code == "W420" and "motive note of 'ann'" in str(f)]


def test_dr_pells_motive_shows_once_what_cassie_knew_is_confirmed_from_the_draft() -> None:
    case = load_story(BUNDLED)
    pell = case.people["pell"]
    state, _ = start_state(case, "act2.lobby", "act2,tribune_draft")
    state = state.with_visit("act2.wellness")
    assert mystery.grid(pell, state)["motive"][0] == mystery.UNKNOWN
    picks = (("d5_motive.secret", "clearances"), ("d5_motive.whose", "pell"), ("d5_motive.proof", "tribune_draft"))
    after, _ = e.step(case, state, e.Deduce("d5_motive", picks))
    status, note = mystery.grid(pell, after)["motive"]
    assert "d5_motive" in after.confirmed and status == mystery.SHOWN and "clearance to dance" in note
