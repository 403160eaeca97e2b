"""Typed answers (issue 11: the menu typed the laptop password for the player): a choice with
``answer:`` is taken only by typing an accepted answer. The engine, the loader, the play loop
(piped plain mode), the prompt, saves and the tools that play without a player."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from game.core import answers
from game.core import engine as e
from game.core.errors import StoryError
from game.loading.cache import load_story_cached
from game.loading.loader import load_story, read_story
from game.play.keeper import SaveKeeper
from game.play.session import Game, Session
from game.ui.prompt import GamePrompt
from game.ui.render import Renderer
from tests.conftest import BUNDLED
from tests.ui.helpers import script

SAFE = """
scenes:
  a.start:
    text: A locked safe. A note says the code is the year of the flood.
    choices:
      - text: Read the plaque
        say: "Founded 1889, the year of the flood."
      - text: Open the safe
        id: open_safe
        if: not flag(open)
        once: true
        cost: 2
        answer:
          prompt: Code
          accept: ["1889", eighteen eighty-nine]
          wrong: The dial clicks back to zero.
        say: The door swings open.
        do: [{set: open}, {goto: a.inside}]
  a.inside:
    text: Papers, and dust.
    choices:
      - text: Leave
        goto: done
flags: [open]
"""


@pytest.fixture
def safe(write_story):
    return load_story(write_story({"parts/a.yaml": SAFE}))


def opening(story):
    state, _ = e.new_game(story)
    return state


def menu_action(story, state, label: str) -> e.Action:
    return next(a for a in e.menu_actions(story, state) if a.label == label)


# --- the rule: what matches ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["auditorium", "AUDITORIUM", "  the Auditorium ", "Audítórium!", "*auditorium*",
                                   "The Auditorium.", "\u201cauditorium\u201d"])
def test_case_accents_spaces_the_and_edge_punctuation_do_not_count(typed) -> None:
    assert answers.normal(typed) == "auditorium"


def test_inner_words_and_punctuation_still_count() -> None:
    assert answers.normal("Auditorium   Theatre") == "auditorium theatre"
    assert answers.normal("auditor ium") != answers.normal("auditorium")
    assert answers.normal("theatre") == "theatre"  # only a leading "the " word is dropped
    assert answers.normal("o'hare") == "o'hare"


def test_answers_that_cannot_be_judged_say_why_and_the_length_is_checked_first() -> None:
    assert "at most 60" in answers.problem("x" * 61) and answers.problem("x" * 60) == ""
    assert "at most 60" in answers.problem("!" * 1_000_000)  # long: refused before it is folded
    assert "no answer" in answers.problem("  ?! ")
    assert "no answer" in answers.problem("the")


# --- the engine -----------------------------------------------------------------------------


def test_the_menu_offers_the_choice_without_its_answer(safe) -> None:
    state = opening(safe)
    action = menu_action(safe, state, "Open the safe")
    assert action == e.Typed("open_safe") and action.text == ""
    assert all("1889" not in a.label for a in e.menu_actions(safe, state))
    # Choosing it as an ordinary choice is refused, plainly; nothing changes.
    new, events = e.step(safe, state, e.Choose("open_safe"))
    assert new is state and "asks for an answer" in events[0].reason


@pytest.mark.parametrize("typed", ["1889", " 1889. ", "Eighteen  Eighty-Nine"])
def test_a_right_answer_takes_the_choice_with_its_cost(safe, typed) -> None:
    state = opening(safe)
    new, events = e.step(safe, state, e.Typed("open_safe", typed))
    assert new.scene == "a.inside" and "open" in new.flags and "open_safe" in new.taken
    assert new.time == state.time - 2 and new.turn == state.turn + 1
    assert any(isinstance(x, e.Narration) and x.text == "The door swings open." for x in events)


def test_a_wrong_answer_costs_nothing_and_changes_nothing(safe) -> None:
    state = opening(safe)
    new, events = e.step(safe, state, e.Typed("open_safe", "1890"))
    assert new is state  # the same value: no turn, no time, nothing for undo or a save
    assert events == (e.WrongAnswer("open_safe", "1890", "The dial clicks back to zero."),)
    assert e.Typed("open_safe") in e.menu_actions(safe, new)  # still offered: try again


@pytest.mark.parametrize("typed, said", [("9" * 61, "at most 60"), ("x" * 100_000, "at most 60"),
                                         ("", "no answer"), ("...", "no answer")])
def test_an_answer_too_long_or_empty_is_refused_before_any_work(safe, typed, said) -> None:
    state = opening(safe)
    new, events = e.step(safe, state, e.Typed("open_safe", typed))
    assert new is state and isinstance(events[0], e.Rejected) and said in events[0].reason


def test_an_answer_for_a_choice_not_offered_is_refused(safe) -> None:
    state = opening(safe)
    for action in (e.Typed("nope", "1889"), e.Typed("a.start#read-the-plaque", "1889")):
        new, events = e.step(safe, state, action)
        assert new is state and events == (e.Rejected("You can't do that now."),)
    inside, _ = e.step(safe, state, e.Typed("open_safe", "1889"))
    assert e.step(safe, inside, e.Typed("open_safe", "1889"))[1] == (e.Rejected("You can't do that now."),)


def test_tools_type_the_first_accepted_answer(safe) -> None:
    state = opening(safe)
    assert e.Typed("open_safe", "1889") in e.proof_actions(safe, state)
    assert e.Typed("open_safe") in e.available_actions(safe, state)  # the player's menu: no answer


# --- the loader -----------------------------------------------------------------------------


def _error(write_story, answer_yaml: str) -> str:
    body = SAFE.replace("""        answer:
          prompt: Code
          accept: ["1889", eighteen eighty-nine]
          wrong: The dial clicks back to zero.
""", answer_yaml)
    with pytest.raises(StoryError) as caught:
        load_story(write_story({"parts/a.yaml": body}))
    return str(caught.value)


@pytest.mark.parametrize("answer_yaml, code, says", [
    ("        answer: {prompt: Code}\n", "E112", "accept"),
    ("        answer: {accept: []}\n", "E115", "at least one answer"),
    ("        answer: {accept: ['the !!']}\n", "E124", "nothing left to type"),
    ("        answer: {accept: [" + "x" * 61 + "]}\n", "E124", "at most 60 characters"),
    ("        answer: {accept: [Paris, ' the paris.']}\n", "E124", "same answer as an earlier one"),
    ("        answer: {accept: [[1, 2]]}\n", "E110", "must be text"),
    ("        answer: yes please\n", "E110", ""),
    ("        answer: {accept: [x], wrnog: no}\n", "E111", "wrong"),
])
def test_bad_answers_in_yaml_are_one_line_each_with_a_place(write_story, answer_yaml, code, says) -> None:
    message = _error(write_story, answer_yaml)
    line = next(x for x in message.splitlines() if code in x)
    assert "parts/a.yaml:" in line and says in line
    assert line.split("parts/a.yaml:")[1].split(":")[0].isdigit()  # file:line:col


def test_a_single_text_is_a_list_of_one_and_the_cache_keeps_the_answer(write_story, tmp_path) -> None:
    folder = write_story({"parts/a.yaml": SAFE.replace('accept: ["1889", eighteen eighty-nine]', "accept: 1889")})
    story = load_story(folder)
    choice = story.scenes["a.start"].choices[1]
    assert choice.answer is not None and choice.answer.accept == ("1889",)
    assert story.scenes["a.start"].choices[0].answer is None  # no answer key: no answer asked
    load_story_cached(folder, tmp_path / "cache")
    cached = load_story_cached(folder, tmp_path / "cache")  # the second load is served from the cache
    assert cached.scenes["a.start"].choices[1] == choice


def test_the_laptop_password_is_typed_and_the_menu_never_holds_it() -> None:
    story, findings = read_story(BUNDLED)
    assert story is not None, findings
    for scene_id in ("act2.dorm", "act3.dorm"):
        typed = [c for c in story.scenes[scene_id].choices if c.answer is not None]
        assert len(typed) == 1 and typed[0].answer.accept[0] == "auditorium"
        assert "auditorium" not in typed[0].text.lower() and "auditorium" not in typed[0].say.lower()
        assert "auditorium" not in typed[0].answer.prompt.lower() + typed[0].answer.wrong.lower()


# --- the play loop (piped plain mode) --------------------------------------------------------


def run(story, lines, state=None, **game_options):
    out = Console(file=io.StringIO(), width=100, color_system=None, force_terminal=False)
    session = Session(story, state or opening(story))
    game = Game(session, Renderer(story, out, True), script(lines), **game_options)
    game.run(())
    return out.file.getvalue(), game


def test_picking_the_choice_asks_for_the_answer_and_a_wrong_one_says_it_cost_nothing(safe) -> None:
    text, game = run(safe, ["2", "[bold]1890[/bold]", "2", "The 1889!"])
    assert "Type your answer" in text
    assert "The dial clicks back to zero." in text
    assert "'[bold]1890[/bold]' is not it. A wrong answer costs nothing: no time passed." in text
    assert game.state.scene == "a.inside" and game.session.undo[0] == opening(safe)
    assert len(game.session.undo) == 1  # the wrong answer left nothing to undo


@pytest.mark.parametrize("after", [[""], ["   "]])
def test_an_empty_answer_leaves_it_and_spends_nothing(safe, after) -> None:
    text, game = run(safe, ["2", *after, "look"])
    assert "You leave it for now. Nothing was spent." in text
    assert game.state == opening(safe) and not game.session.undo
    assert text.count("Open the safe") >= 2  # the menu again


def test_end_of_input_at_the_answer_leaves_it_then_the_game_saves_and_ends(safe, tmp_path) -> None:
    keeper = SaveKeeper(tmp_path / "saves", safe)
    text, game = run(safe, ["2"], saves=keeper)
    assert "You leave it for now. Nothing was spent." in text and "Goodbye." in text
    assert game.state == opening(safe)


def test_ctrl_c_at_the_answer_leaves_it_and_the_game_goes_on(safe) -> None:
    lines = iter(["2", KeyboardInterrupt, "1"])

    def read(prompt: str) -> str:
        line = next(lines, EOFError)
        if isinstance(line, type):
            raise line()
        return line

    out = Console(file=io.StringIO(), width=100, color_system=None)
    game = Game(Session(safe, opening(safe)), Renderer(safe, out, True), read)
    game.run(())
    text = out.file.getvalue()
    assert "You leave it for now. Nothing was spent." in text and "Founded 1889" in text
    assert "Interrupted" not in text


def test_an_over_long_answer_is_refused_plainly(safe) -> None:
    text, game = run(safe, ["2", "1889" * 40])
    assert "That answer is 160 characters long; an answer here is at most 60. Nothing was tried." in text
    assert game.state == opening(safe)


def test_undo_after_the_right_answer_and_the_history_keeps_it(safe, tmp_path) -> None:
    keeper = SaveKeeper(tmp_path / "saves", safe)
    text, game = run(safe, ["open", "1889", "save typed"], saves=keeper)
    assert game.state.scene == "a.inside"
    fresh = Session(safe, opening(safe))
    keeper.load("typed", fresh)
    assert fresh.state == game.state and fresh.undo == [opening(safe)]
    assert fresh.transcript == ["Open the safe: 1889"]
    text, game = run(safe, ["undo"], state=fresh.state)  # a loaded game, then undo
    text, again = run(safe, ["load typed", "undo"], saves=keeper)
    assert "Undone: Open the safe: 1889" in text and again.state == opening(safe)


# --- the prompt in a terminal ----------------------------------------------------------------


def test_escape_leaves_a_typed_answer_and_only_there(safe) -> None:
    session = Session(safe, opening(safe))
    with create_pipe_input() as pipe:
        prompt = GamePrompt(session, input=pipe, output=DummyOutput())
        pipe.send_text("18\x1b")
        assert prompt.typed("Code: ") == ""
        pipe.send_text("1889\r")
        assert prompt.typed("Code: ") == "1889"
        pipe.send_text("\x03")
        with pytest.raises(KeyboardInterrupt):
            prompt.typed("Code: ")
        pipe.send_text("\x04")
        with pytest.raises(EOFError):
            prompt.typed("Code: ")
        assert prompt.escape_leaves is False


# --- the tools ------------------------------------------------------------------------------


def test_walkthrough_lines_pick_the_choice_then_type_the_answer(safe) -> None:
    from game.authoring.walkthrough import input_lines

    state = opening(safe)
    typed = e.typed_right(safe, state, e.Typed("open_safe"))
    lines, end = input_lines(safe, [typed, e.Choose("a.inside#leave")])
    assert lines == ["2", "1889", "1"] and end.ended
    text, game = run(safe, lines)
    assert game.state.ended and "THE END: Done" in text


def test_explore_reaches_the_ending_behind_a_typed_answer(safe) -> None:
    from game.authoring.explore import explore

    result = explore(safe)
    assert result.endings["done"] is not None  # a path to it, through the typed answer


# --- lint: the menu never holds the answer ----------------------------------------------------


@pytest.mark.parametrize("old, new, where", [
    ("text: Open the safe", "text: Type 1889 into the safe", "text"),
    ("prompt: Code", "prompt: Code (1889?)", "prompt"),
    ("wrong: The dial clicks back to zero.", "wrong: Not that. Try Eighteen Eighty-Nine.", "wrong"),
])
def test_lint_warns_when_the_choice_gives_its_answer_away(write_story, old, new, where) -> None:
    from game.authoring.lint import lint

    story = load_story(write_story({"parts/a.yaml": SAFE.replace(old, new)}))
    found = [f for f in lint(story) if f.code == "W423"]
    assert len(found) == 1 and f"its {where} gives away the answer" in found[0].message
    assert found[0].path.endswith("a.yaml") and found[0].line > 0


def test_lint_is_quiet_when_only_the_narration_after_a_right_answer_names_it(safe) -> None:
    from game.authoring.lint import lint

    assert not [f for f in lint(safe) if f.code == "W423"]
    assert not [f for f in lint(load_story(BUNDLED)) if f.code == "W423"]


# --- an old save ----------------------------------------------------------------------------


def test_a_save_made_before_typed_answers_loads_and_the_password_is_typed(tmp_path) -> None:
    # Written by the game before this change (commit 8b76752), on the case as it was then: the
    # laptop's hint seen, the old menu line "Type the name of the theatre..." on screen.
    import shutil

    folder = tmp_path / "saves"
    folder.mkdir()
    shutil.copy(Path(__file__).parent / "saves" / "case_before_laptop.json", folder / "before-laptop.json")
    story = load_story(BUNDLED)
    keeper = SaveKeeper(folder, story)
    session = Session(story, opening(story))
    loaded = keeper.load("before-laptop", session)
    assert session.state.scene == "act2.dorm" and "act2.laptop_hint" in session.state.flags
    assert len(session.undo) > 30  # its history came along
    offered = [a for a in e.menu_actions(story, session.state) if isinstance(a, e.Typed)]
    assert [a.label for a in offered] == ["Type a password into Cassie's laptop"]
    menu = e.menu_actions(story, session.state)  # its number by the engine's numbering
    n = str(e.menu_numbers(menu)[menu.index(offered[0])])
    # then the thread by its words: the password line keeps its number, done (core.menu.with_done)
    text, game = run(story, [n, "cassie", n, "Auditorium", "thread"], state=session.state)
    assert "'cassie' is not it." in text and "opens like a door" in text
    assert "act2.laptop_open" in game.state.flags and "bandage_text" in game.state.clues
    assert loaded.header.slot == "before-laptop"
