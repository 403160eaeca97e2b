"""Issue 11 (blind tester T8): a wrong check on the board says how many of the deduction's parts
hold, never which; the count is the engine's (``DeductionRejected.right``/``of``), computed by the
judgement of the check itself. And the engine refuses a check of a deduction not on the board
(unknown, or its ``if:`` false): no time spent, state unchanged. Through the engine and the real
loop in piped plain mode."""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.core import mystery
from game.loading.loader import read_story
from game.ui.counting import number_word, parts_fit
from tests.ui.helpers import run_game

STORY = """
id: board_feedback
title: Board Feedback
start: hall
include: [parts/*.yaml]
acts:
  one: {title: One, time: 8, start: hall, on_timeout: late}
endings:
  late: {title: Late, text: Too late.}
  solved: {title: Solved, text: Solved., if: accused(ann)}
  wrong: {title: Wrong, text: Wrong.}
"""
PARTS = """
scenes:
  hall:
    text: A hall.
    choices:
      - {text: Look at the note, once: true, do: [{gain: note}]}
      - {text: Look at the glove, once: true, do: [{gain: glove}]}
      - {text: Open the door, once: true, do: [{set: opened}]}
clues:
  note: {name: A note, text: A note.}
  glove: {name: A glove, text: A glove.}
flags: [opened]
suspects:
  ann:
    name: Ann Bell
    motive: {note: m, shown_by: [note]}
    means: {note: m, shown_by: [note]}
    opportunity: {note: m, shown_by: [note]}
  bob:
    name: Bob Cole
    motive: {note: m, shown_by: [note]}
    means: {note: m, shown_by: [note]}
    opportunity: {note: m, shown_by: [note]}
deductions:
  who:
    title: Who wrote it
    slots:
      - {id: who.who, prompt: It was, suspect: [ann]}
      - {id: who.proof, prompt: Proof, clue: [note]}
      - id: who.why
        prompt: Because
        options: {greed: for money, love: for love}
        answer: greed
  door:
    title: The door
    if: flag(opened)
    slots:
      - {id: door.proof, prompt: Proof, clue: [glove]}
accusation:
  culprit: Who?
  endings: [solved, wrong]
"""


@pytest.fixture
def story(write_story):
    folder = write_story({"story.yaml": STORY, "parts/a.yaml": PARTS})
    story, findings = read_story(folder)
    assert story is not None, findings
    return story


def _holding(story, *choices: str):
    state, _ = e.new_game(story)
    for choice in choices:
        state, _ = e.step(story, state, e.Choose(f"hall#{choice}"))
    return state


def _said(story, state, lines: list[str]) -> tuple[str, object]:
    text, game = run_game(story, state, lines)
    return " ".join(text.split()), game  # as read, whatever the wrapping


ALL_BUT_ONE = (("who.who", "ann"), ("who.proof", "note"), ("who.why", "love"))
SOME = (("who.who", "bob"), ("who.proof", "note"), ("who.why", "love"))
NONE = (("who.who", "bob"), ("who.proof", "glove"), ("who.why", "love"))


@pytest.mark.parametrize("answers, right", [(ALL_BUT_ONE, 2), (SOME, 1), (NONE, 0)])
def test_the_engine_counts_the_parts_that_hold(story, answers, right) -> None:
    state = _holding(story, "look-at-the-note", "look-at-the-glove")
    after, events = e.step(story, state, e.Deduce("who", answers))
    rejected = next(x for x in events if isinstance(x, e.DeductionRejected))
    assert (rejected.right, rejected.of) == (right, 3)
    assert after.time == state.time - 1 and "who" not in after.confirmed  # still costs its turn


def test_a_right_check_is_the_count_of_every_part(story) -> None:
    state = _holding(story, "look-at-the-note", "look-at-the-glove")
    right = (("who.who", "ann"), ("who.proof", "note"), ("who.why", "greed"))
    after, events = e.step(story, state, e.Deduce("who", right))
    assert "who" in after.confirmed and not any(isinstance(x, e.DeductionRejected) for x in events)


# deduce 1; suspects: 1 Ann, 2 Bob; clues: 1 the note, 2 the glove; options: 1 money, 2 love
@pytest.mark.parametrize("picks, said", [
    (["1", "1", "2"], "two of its three parts fit, one doesn't."),
    (["2", "1", "2"], "one of its three parts fits, two don't."),
    (["2", "2", "2"], "none of its parts fit."),
])
def test_the_real_loop_says_how_many_parts_hold_never_which(story, picks, said) -> None:
    state = _holding(story, "look-at-the-note", "look-at-the-glove")
    text, game = _said(story, state, ["deduce 1", *picks])
    assert f"You turn it over. It doesn't hold together: {said}" in text
    after = text.split("doesn't hold together")[1]
    assert not any(word in after.split("(")[0] for word in ("It was", "Proof", "Because", "note", "Ann", "Bob"))
    assert game.state.time == state.time - 1 and "who" not in game.state.confirmed


def test_a_one_part_deduction_still_names_its_title(story) -> None:
    state = _holding(story, "look-at-the-note", "look-at-the-glove", "open-the-door")
    text, game = _said(story, state, ["deduce 2", "1"])  # the note, where the glove is the proof
    assert "You turn it over. It doesn't hold together: 'The door' is not confirmed." in text
    assert "parts" not in text.split("doesn't hold together")[1]


def test_counts_in_words() -> None:
    assert parts_fit(3, 4) == "three of its four parts fit, one doesn't"
    assert parts_fit(1, 2) == "one of its two parts fits, one doesn't"
    assert parts_fit(0, 5) == "none of its parts fit"
    assert number_word(12) == "twelve" and number_word(13) == "13"


@pytest.mark.parametrize("deduction", ["door", "nowhere"])
def test_the_engine_refuses_a_check_of_a_deduction_not_on_the_board(story, deduction) -> None:
    # "door" is in the story but its `if:` is false; "nowhere" is not in the story at all
    state = _holding(story, "look-at-the-glove")
    assert deduction not in {d.id for _n, d in mystery.board(story, state)}
    after, events = e.step(story, state, e.Deduce(deduction, (("door.proof", "glove"),)))
    assert after is state and len(events) == 1 and isinstance(events[0], e.Rejected)
    assert events[0].reason == "There is no such deduction on the board."  # names nothing hidden
    assert not e.on_board(story, state, deduction)


def test_the_same_check_is_taken_once_the_deduction_is_on_the_board(story) -> None:
    state = _holding(story, "look-at-the-glove", "open-the-door")
    assert e.on_board(story, state, "door")
    after, events = e.step(story, state, e.Deduce("door", (("door.proof", "glove"),)))
    assert "door" in after.confirmed and isinstance(events[0], e.DeductionConfirmed)


def test_the_real_loop_cannot_reach_a_deduction_off_the_board(story) -> None:
    state = _holding(story, "look-at-the-glove")
    text, game = _said(story, state, ["deduce 2"])
    assert "The door" not in text and game.state.time == state.time and not game.state.confirmed


def test_the_explorer_checks_only_deductions_on_the_board(story) -> None:
    # the explorer asks the engine what is on the board, so it never sends a check the engine
    # refuses (a refused macro step would be a ReplayError in a walkthrough)
    from game.authoring.moves import Rules, moves

    rules, door = Rules(story), story.deductions["door"]
    hidden = _holding(story, "look-at-the-glove")
    shown = _holding(story, "look-at-the-glove", "open-the-door")
    assert rules.correct_answers(door, hidden) is None and not rules.confirmable("door", hidden)
    assert rules.correct_answers(door, shown) == (("door.proof", "glove"),) and rules.confirmable("door", shown)
    for move, new in moves(rules, hidden):
        assert not (isinstance(move, e.Deduce) and move.deduction == "door"), move


def test_random_playthroughs_send_no_check_the_engine_refuses(story, monkeypatch) -> None:
    from game.authoring import coverage

    refused: list[e.Action] = []
    real = e.step

    def watching(story_, state, action):
        new, events = real(story_, state, action)
        if isinstance(action, e.Deduce) and any(isinstance(x, e.Rejected) for x in events):
            refused.append(action)
        return new, events

    monkeypatch.setattr(coverage.e, "step", watching)
    coverage.playthroughs(story, runs=20, max_steps=60)
    assert not refused



@pytest.mark.parametrize("right, of, counted", [(1, 2, False), (0, 2, False), (1, 1, False), (0, 1, False),
                                                (2, 3, True), (0, 3, True), (3, 4, True)])
def test_only_a_deduction_of_three_parts_or_more_says_how_many_fit(right, of, counted) -> None:
    # T20: with two parts, "one of its two parts fits" says which, one changed part at a time.
    from game.ui.look import PLAIN
    from game.ui.scene import event_view
    from tests.ui.helpers import render

    event = e.DeductionRejected("d", "The title", turns=1, minutes=30, right=right, of=of)
    shown = event_view(None, None, event, PLAIN)  # type: ignore[arg-type]  # this event reads neither
    assert shown is not None
    text = " ".join(render(shown[0]).split())
    assert ("parts fit" in text or "parts fits" in text) == counted
    assert ("'The title' is not confirmed." in text) == (not counted)
