"""Blind round 15's left items (issue 11): a line typed over a view is sent as it shows."""

from __future__ import annotations

import pytest
from rich.text import Text

from game.ui.pager import MORE_VIEW
from game.ui.prompt import KEPT_NOTE
from tests.ui.helpers import SAMPLE, hall, sample
from tests.ui.terminal import Terminal
from tests.ui.test_loop_keys import _pager

WIDTHS = (40, 60, 100)


def test_only_a_line_typed_over_a_view_is_marked_to_send():
    lines = [Text(f"line {n}") for n in range(30)]
    pager, _out = _pager(60, ["look\r"])
    assert pager.show(lines, closable=True) == "closed"
    assert pager.typeahead.typed_over_view()
    assert pager.typeahead.take() == "look\r" and not pager.typeahead.typed_over_view()  # once
    pager, _out = _pager(60, ["q"])  # q closes a view with nothing typed: nothing to send
    assert pager.show(lines, closable=True) == "closed" and not pager.typeahead.typed_over_view()
    pager, _out = _pager(60, ["look\r"])  # over the story's own text: kept, never sent unseen
    assert pager.show(lines) == "rest" and not pager.typeahead.typed_over_view()


def _prompt(pipe, kept: list[str], over_view: bool):
    from prompt_toolkit.output import DummyOutput

    from game.play.registry import command_table
    from game.play.session import Session
    from game.ui.pager import Typeahead
    from game.ui.prompt import GamePrompt

    story = sample()
    typeahead = Typeahead()
    for text in kept:
        typeahead.keep(text)
    if over_view:
        typeahead.close_view()  # what is kept closed a view (as the pager marks it)
    return GamePrompt(Session(story, hall(story)), commands=command_table(), input=pipe, output=DummyOutput(),
                      typeahead=typeahead)


def test_a_line_typed_over_a_view_with_its_enter_is_sent_without_another():
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["notes\rmap\r"], over_view=True)
        assert prompt.read("> ") == "notes"  # no key sent: the kept line went by itself
        pipe.send_text("\r")  # the second line was typed blind: it waits for its own Enter
        assert prompt.read("> ") == "map"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["not"], over_view=True)  # no Enter yet: the player goes on typing
        pipe.send_text("es\r")
        assert prompt.read("> ") == "notes"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["1\r"], over_view=False)  # over the story's text: never sent unseen
        pipe.send_text("\x7f2\r")
        assert prompt.read("> ") == "2"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["notes\r"], over_view=True)
        pipe.send_text("\r")
        assert not prompt.confirm().quit  # the Ctrl-C question is never answered by it
        pipe.send_text("\r")  # after the question it is kept, and waits for the player's Enter
        assert prompt.read("> ") == "notes"


@pytest.mark.slow
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_command_typed_at_a_views_more_line_runs_at_once(tmp_path, columns):
    game = Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves"), "--new"],
                    columns=columns, lines=10)
    try:
        game.wait_for(" --")
        game.key(b"q")  # the rest of the opening
        screen = game.wait_for("F1 help")
        lines = screen.rstrip().splitlines()
        if columns < 60:  # the toolbar's two lines: where, then when and the help key (T29)
            assert lines[-2].strip() == "Act 1 · The Hall" and "14:00 · 8 turns" in lines[-1]
        else:
            assert "Act 1 · " in lines[-1] and "Hall · 14:00 · 8 turns" in lines[-1]  # one line
        game.clear()
        game.type("help")  # longer than 10 rows: its "more" line
        game.wait_for(MORE_VIEW)
        game.clear()
        game.key(b"wibble\r")  # typed over the view, Enter and all, in one burst (T24)
        screen = game.wait_for("I don't understand")
        assert KEPT_NOTE not in " ".join(screen.split())
        game.type("quit")
        assert game.exit_code() == 0 and b"Traceback" not in game.raw
    finally:
        game.close()


# -- blind round 16 (T26, T27): typed words that meant something else ------------------------------

from game.cli.playtools import start_state  # noqa: E402
from tests.test_story_round6 import _flat, case  # noqa: E402,F401  (case: the bundled story, a fixture)
from tests.ui.helpers import run_game  # noqa: E402


def test_look_at_a_persons_name_shows_the_person_not_a_clue_named_after_them(case):
    state, _ = start_state(case, "act3.wellness", "act3,band_aid_nickname")
    for line in ("look at pell", "x pell", "examine dr. pell"):
        text, _game = run_game(case, state, [line])
        shown = _flat(text)
        # T26: `look at pell` opened "What the students call Dr. Pell"; the dossier instead, and
        # the clue said to be in the notes
        assert "Your notes also have clue" in shown and "What the students call Dr. Pell" in shown, line
        assert "Band-Aid" not in shown.split("Your notes also have")[1], line  # the clue's text is not shown
        assert "Wellness clinician" in shown or "wellness" in shown.lower(), line
    text, _game = run_game(case, state, ["x band-aid"])  # words of the clue, not a name: the clue
    assert "Band-Aid" in _flat(text) and "Your notes also have" not in _flat(text)


def test_talk_to_someone_who_stopped_takes_the_free_line_that_tries_them_again(case):
    # T26: "not one to talk with now" while "Try Dr. Pell again" was on the menu; round 16 named
    # the line, and T40 had to type it again: it is free and only has her answer, so it is taken
    state, _ = start_state(case, "act3.wellness", "act3,pell_stopped")
    text, game = run_game(case, state, ["talk to pell"])
    shown = _flat(text)
    assert "I said I'd like to stop, Neveah." in shown
    assert "That is choice" not in shown and "not one to talk with now" not in shown
    assert game.state.scene == "act3.wellness" and game.state.time == state.time  # free, as the line is


def test_talk_to_names_a_naming_line_that_does_more_than_answer(write_story):
    from game.loading.loader import load_story
    story = load_story(write_story({"parts/a.yaml": """
suspects:
  kim: {name: Kim Lo}
scenes:
  a.start:
    text: A hall. Kim is by the door.
    choices:
      - {text: Follow Kim outside, cost: 1, say: She walks fast., goto: a.yard}
  a.yard:
    text: A yard.
    choices:
      - {text: Go back, goto: a.start}
"""}))
    state, _ = start_state(story, "a.start", "")
    text, game = run_game(story, state, ["talk to kim"])
    assert "That is choice" in _flat(text) and "Follow Kim outside" in _flat(text)  # it costs and moves: named
    assert game.state.scene == "a.start"


def test_sleep_names_the_one_choice_that_ends_the_night(case):
    state, _ = start_state(case, "act1.dorm", "act1")
    text, game = run_game(case, record_time(state, 5), ["sleep"])
    shown = _flat(text)
    number = next(n for n, a in enumerate(e_menu(case, game.state), 1) if "let the night end" in a.label)
    assert f"That is choice {number}, 'Get into Cassie's bed and let the night end' (ends the act)." in shown
    assert game.state.scene == "act1.dorm"  # named, not taken: it ends the act
    assert state.time > 10  # early in the night the bed is not offered yet: it comes later, and says so
    text, _game = run_game(case, state, ["sleep"])
    assert "Not yet: 'Get into Cassie's bed and let the night end' is offered here from 22:30." in _flat(text)
    state, _ = start_state(case, "act1.courtyard", "act1")
    text, _game = run_game(case, state, ["sleep"])
    assert "You can't sleep here" in _flat(text)


def test_x_a_line_already_done_says_what_it_put_in_the_notes(case):
    state, _ = start_state(case, "act3.roof", "act3,breathwork_rota")  # the sheet by the tubs read
    text, _game = run_game(case, state, ["ask the crew", "x gap"])
    shown = _flat(text)
    # T27: "Anything it gave you is in your notes", and nothing was
    assert "You've already done that" in shown and "It put no clue in your notes." in shown
    assert "Anything it gave you" not in shown
    text, _game = run_game(case, state, ["lift the tarp", "x tubs"])  # one that did (round 30)
    done = _flat(text)
    assert "What it gave you is in your notes: clue " in done and " 'The crew's missing cones'." in done
    state, _ = start_state(case, "act1.dorm", "act1")
    text, game = run_game(case, state, ["planner", "x open cassie's planner"])
    shown = _flat(text)
    assert "You've already done that" in shown and "What it gave you is in your notes: clue 1 '" in shown
    assert game.state.clues == {"cassie_planner"}


def record_time(state, time: int):
    from game.core import record

    return record.replace(state, time=time)


def e_menu(case, state):
    from game.core import engine

    return engine.menu_actions(case, state)


def test_held_choices_are_compared_by_their_words_and_numbers_as_the_moved_notice_is():
    """A line typed and shown done is another action record but the same line on screen
    (T25); the held-choices guard refused a remembered number for it. Words and numbers now."""
    from game.core import engine
    from game.ui.render import Renderer
    from tests.ui.helpers import console

    story = sample()
    renderer = Renderer(story, console(60), False)
    typed = (engine.Choose("password", "Type a password"), engine.Go("lobby", "Go to the lobby"))
    done = (engine.Choose("password.done", "Type a password"), engine.Go("lobby", "Go to the lobby"))
    renderer.menu_held, renderer._seen_choices, renderer._held_choices = True, typed, done
    assert not renderer.held_choices_changed(1) and not renderer.held_choices_changed(2)
    renderer._held_choices = tuple(reversed(done))  # the same words under other numbers: changed
    assert renderer.held_choices_changed(1) and renderer.held_choices_changed(2)
    renderer._held_choices = (*done, engine.Go("roof", "Go to the roof"))  # a line more: that one changed,
    assert renderer.held_choices_changed(3)  # the lines above it did not (T41: 12 refused for line 1)
    assert not renderer.held_choices_changed(1) and not renderer.held_choices_changed(2)
    renderer.menu_held = False  # nothing held: a number is the menu's on screen
    assert not renderer.held_choices_changed(3)


def test_esc_in_a_talk_leaves_it_as_0_does_and_elsewhere_shows_the_scene():
    from game.core import engine
    from game.core.state import Exploring, Talking, Testifying
    from game.play.commands import Command, understand

    story = sample()
    state = hall(story)
    assert isinstance(state.mode, Exploring)
    assert understand(story, state, "\x1b") == Command("look")
    talk = next(a for a in engine.menu_actions(story, state) if isinstance(a, engine.Choose) and "Talk" in a.label)
    talking = engine.step(story, state, talk)[0]
    assert isinstance(talking.mode, (Talking, Testifying))
    left = understand(story, talking, "\x1b")
    assert isinstance(left, engine.Leave)  # T22 pressed Esc to leave and nothing showed
    assert understand(story, talking, "\x1b look") != left  # Esc then words: the words


def test_a_whole_line_typed_early_is_offered_selected_so_typing_again_replaces_it():
    """T27 typed "0" at a "more" line, saw it waiting, typed "0" again and sent "00": one leave
    where two were meant. A whole line kept (its Enter typed with it) is selected: a key typed
    replaces it, Enter sends it; a line typed in part is continued, as before."""
    from prompt_toolkit.input import create_pipe_input

    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["0\r"], over_view=False)
        pipe.send_text("0\r")
        assert prompt.read("> ") == "0"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["look\r"], over_view=False)
        pipe.send_text("\r")  # Enter alone sends what was kept
        assert prompt.read("> ") == "look"
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["look\r"], over_view=False)
        pipe.send_text("\x1b[D\x7fk x\r")  # an arrow first: the kept line is the player's to edit
        assert prompt.read("> ") == "lok xk"  # Left kept it, moved before the k; Backspace took an o
    with create_pipe_input() as pipe:
        prompt = _prompt(pipe, ["loo"], over_view=False)  # no Enter: still being typed
        pipe.send_text("k\r")
        assert prompt.read("> ") == "look"


def test_a_number_at_the_first_held_menu_is_told_as_not_yet_seen_not_as_changed():
    """Round 16 (the lead's own play at 60x20): "1" typed over the opening's "more" line was
    refused with "The choices have changed since you last saw them" before any menu had shown."""
    from game.ui.choices import HELD
    from tests.ui.test_menu_fit import loop

    printed, game = loop(["1"], width=60, height=20)
    assert HELD in printed[0]  # the first menu waits for an Enter under the opening
    said = " ".join(printed[1].split())
    assert "The choices were not on screen yet, so nothing was chosen. Here they are:" in said
    assert "changed since you last saw them" not in said
    assert game.state.scene == e_start(game)


def e_start(game):
    return game.story.start


def test_tab_after_talk_completes_the_people_a_choice_talks_to(case):
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from game.play.registry import command_table
    from game.play.session import Session
    from game.ui.prompt import game_completer

    state, _ = start_state(case, "act3.wellness", "act3")
    completer = game_completer(Session(case, state), command_table())

    def completions(text: str) -> list[str]:
        return [c.text for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]

    assert completions("talk ") == ["Dr. Nadia Pell"]  # the one she talks to here, not choice words (T18)
    assert completions("talk to ") == completions("speak with ") == ["Dr. Nadia Pell"]
    assert completions("talk to dr") == ["Dr. Nadia Pell"] and completions("talk to zzz") == []
    assert "sign" in completions("read ")  # other verbs still complete the choices' words
    stopped, _ = start_state(case, "act3.wellness", "act3,pell_stopped")  # no talk on offer: nobody
    completer = game_completer(Session(case, stopped), command_table())
    assert completions("talk ") == []
    text, _game = run_game(case, state, ["talk to Dr. Nadia Pell"])  # what Tab gives is understood
    assert "Talking with Dr. Nadia Pell" in _flat(text)


def test_a_topic_chosen_again_says_it_was_said_before(case):
    from game.ui.scene import AGAIN

    state, _ = start_state(case, "act1.arrival", "act1")  # Dr. Pell at the door, before she goes
    text, game = run_game(case, state, ["talk pell", "name"])
    assert AGAIN not in _flat(text)  # the first time is just the reply
    text, game = run_game(case, state, ["talk pell", "name", "name"])
    shown = _flat(text)
    assert shown.count(AGAIN) == 1  # T27: a "(told)" line chosen again replayed as if new
    after = shown.split(AGAIN)[1]
    assert "Neveah" in after  # and the reply follows it
    assert len(AGAIN) < 40


def test_a_testimony_heard_again_begins_at_its_first_and_says_where_it_was_left():
    """T28 stepped to statement 5 of Dr. Pell's, left, came back and presented at once at
    statement 1; when it began where they had left it instead, three testers (T30, T32, T33)
    counted "next" from 1. It begins at the first, says where it was left, and a clue presented
    before moving on is confirmed with the statement's words (tests/ui/test_round20_lead.py)."""
    from tests.ui.test_round12_lead import _in_a_testimony, _testimony_lines, run

    text, game = run(_in_a_testimony())
    count = _testimony_lines(game)
    steps = min(2, count - 1)
    hear_again = [*_in_a_testimony(), *["next"] * steps, "leave"]
    text, game = run(hear_again)
    actions = engine_menu(game)
    number = next(n for a, n in zip(actions, menu_numbers(actions)) if type(a).__name__ == "Hear")
    text, game = run([*hear_again, str(number)])
    assert game.state.mode.index == 0  # the first, as the first time
    assert (f"(Heard again from the start: statement 1 of {count}. You had left it at statement {steps + 1}."
            in _flat(text))


def engine_menu(game):
    from game.core import engine

    return engine.menu_actions(game.story, game.state)


def menu_numbers(actions):
    from game.core import engine

    return engine.menu_numbers(actions)


def test_the_first_turn_of_an_act_with_longer_turns_says_so_again(case):
    """T28: "Each turn is 30 minutes now" had scrolled away with the act card, and the clock's
    jump from 08:00 to 08:30 read as a bug. The first turn spent in the act says it again."""
    state, _ = start_state(case, "act2.lobby", "act2")
    text, game = run_game(case, state, ["go green room", "go lobby"])
    shown = _flat(text)
    assert shown.count("(30 minutes pass: each turn is 30 minutes now, not 15 as before.)") == 1  # the first only
    state, _ = start_state(case, "act1.lobby", "act1")  # act 1: no act before it, nothing to say
    text, game = run_game(case, state, ["go courtyard"])
    assert "minutes pass" not in _flat(text)


def test_once_folded_in_a_room_the_exits_stay_folded_there():
    """T27, T29: in one room the exits folded on one screen, then came back in full on the next,
    then folded again; the menu's shape changing under the player read as a glitch."""
    from tests.ui.test_menu_fit import loop, moves_until

    lines = moves_until("file")
    printed, _game = loop([*lines, "wait"], width=40, height=42)
    assert "Go to (1 turn each):" in printed[-3]  # folded under the long text
    after = printed[-2]  # a short answer: the full menu would fit, and stays folded here
    assert "Go to (1 turn each):" in after and "Go to The Director's Office" not in after
    printed, game = loop([*lines, "wait", "10"], width=40, height=42)  # another room starts afresh:
    assert game.story.place_name(game.state.scene) == "The Director's Office"
    assert {where[0] for where in game.r._folded_here} <= {game.state.scene}  # the last room's is gone
