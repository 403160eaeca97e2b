"""The prompt session driven through prompt_toolkit's pipe input, drawing to a dummy output."""

from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from game.play.registry import command_table
from game.play.session import Session
from game.ui.prompt import GamePrompt, game_completer, toolbar_text

MAIN_PROMPT = "> "  # the play loop's prompt (Game.prompt)

from tests.ui.helpers import hall, play, sample


@contextmanager
def prompt_for(session, **kwargs):
    with create_pipe_input() as pipe:
        yield GamePrompt(session, commands=command_table(), input=pipe, output=DummyOutput(), **kwargs), pipe


def completions(session, text: str, slots=lambda: ()) -> list[str]:
    completer = game_completer(session, command_table(), slots)
    return [c.text for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))]


@pytest.fixture
def session():
    story = sample()
    return Session(story, hall(story))


def test_reads_a_line(session):
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("notes\r")
        assert prompt.read(MAIN_PROMPT) == "notes"


def test_history_recalls_the_previous_line(session):
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("board\r")
        assert prompt.read(MAIN_PROMPT) == "board"
        pipe.send_text("\x1b[A\r")  # Up, Enter
        assert prompt.read(MAIN_PROMPT) == "board"


def test_ctrl_d_and_ctrl_c(session):
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("\x04")
        with pytest.raises(EOFError):
            prompt.read(MAIN_PROMPT)
        pipe.send_text("\x03")
        with pytest.raises(KeyboardInterrupt):
            prompt.read(MAIN_PROMPT)


def test_confirm_quit(session):
    from game.ui.quitting import QuitAnswer

    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("\r")
        assert prompt.confirm() == QuitAnswer(False)  # Enter keeps playing
        pipe.send_text("y\r")
        assert prompt.confirm() == QuitAnswer(True)
        pipe.send_text("\x03")
        assert prompt.confirm() == QuitAnswer(True)  # a second Ctrl-C means yes
        pipe.send_text("1\r")
        assert prompt.confirm() == QuitAnswer(False, "1")  # not an answer: handed back to the screen
        pipe.send_text("\x04")
        assert prompt.confirm() == QuitAnswer(True)  # end of input at the question: yes


@pytest.mark.parametrize("key,command", [("\x1bOP", "help"), ("\x1bOQ", "notes"), ("\x1bOR", "map"),
                                         ("\x1bOS", "board"), ("\x1b[15~", "timeline"), ("\x1b[17~", "suspects")])
def test_function_keys_type_their_command(session, key, command):
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text(key)
        assert prompt.read(MAIN_PROMPT) == command


def test_completion_follows_the_state(session):
    assert "notes" in completions(session, "no")
    assert "piano" not in completions(session, "pia")  # that choice was taken (once only)
    assert "pianist" in completions(session, "pia")
    assert completions(session, "present a") == ["A torn page"]
    assert completions(session, "suspects pa") == ["Paul Reed"]
    assert completions(session, "deduce ") == ["1"]
    assert completions(session, "load au", lambda: ["autosave", "quick"]) == ["autosave"]
    story = session.story
    testimony, _ = play(story, ("go in",), ("pianist",), ("afternoon",))
    assert "press" in completions(Session(story, testimony), "pr")


def test_examine_completes_clues_people_and_the_things_the_choices_name(session):
    # T15: Tab after `examine` offered only clue names, not what the menu lets you look at.
    assert completions(session, "examine a") == ["A torn page"]
    assert "Paul Reed" in completions(session, "examine pa")
    assert "pianist" in completions(session, "examine pia")  # "Talk to the pianist"
    assert "piano" not in completions(session, "examine pia")  # a done line names nothing
    assert completions(session, "examine zzq") == []


def test_the_game_line_completes_whatever_its_prompt_says(session):
    # Completion follows what is asked (a game line or an answer), never the prompt's text.
    with prompt_for(session) as (prompt, pipe):
        for shown in (MAIN_PROMPT, "Act 1 > ", "slot> ", ""):
            pipe.send_text("x\r")
            prompt.read(shown)
            assert prompt.prompt_session.completer is prompt.completer, shown
            pipe.send_text("x\r")
            prompt.answer(shown)
            assert prompt.prompt_session.completer is None, shown


def test_sub_prompts_do_not_complete(session):
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("no\t\r")
        assert prompt.answer("slot> ") == "no"


def test_a_broken_slot_listing_does_not_break_typing(session):
    def broken():
        raise OSError("disk gone")

    assert completions(session, "load a", broken) == []


def test_toolbar_shows_place_act_time_clues_and_help(session):
    text = toolbar_text(session)
    for part in ("Act 1", "The Hall", "turns left", "2/3 clues", "F1", "help"):
        assert part in text


def test_menu_prompt_before_a_session_exists():
    with create_pipe_input() as pipe:
        prompt = GamePrompt(input=pipe, output=DummyOutput())
        pipe.send_text("1\r")
        assert prompt.menu("Choose: ") == "1"


def test_a_100_kb_paste_is_cut_at_the_line_limit(session):
    # A terminal sends a paste as one bracketed block, which the editor inserts at once, up to
    # the line limit (issue 13: every typed or pasted line has a length limit).
    # Sent from a thread: 100 KB is more than an OS pipe holds until the prompt starts reading.
    from game.ui.text import LINE_LIMIT

    with prompt_for(session) as (prompt, pipe):
        sender = threading.Thread(target=pipe.send_text, args=("\x1b[200~" + "x" * 100_000 + "\x1b[201~\r",))
        sender.start()
        assert prompt.read(MAIN_PROMPT) == "x" * LINE_LIMIT
        sender.join(timeout=30)


def test_a_bracketed_paste_of_several_lines_keeps_the_first(session):
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("\x1b[200~look\nquit\x1b[201~\r")
        assert prompt.read(MAIN_PROMPT) == "look"


def test_unicode_and_right_to_left(session):
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("😀 مرحبا שלום\r")
        assert prompt.read(MAIN_PROMPT) == "😀 مرحبا שלום"


def test_the_deferred_prompt_loads_prompt_toolkit_only_when_first_asked():
    import subprocess
    import sys

    code = ("import sys\nfrom game.play.deferred import DeferredPrompt\nprompt = DeferredPrompt()\n"
            "prompt.attach(None)\nprint('prompt_toolkit' in sys.modules)\nprompt.prompt\n"
            "print('prompt_toolkit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_the_deferred_prompt_passes_on_what_was_attached_before_it_was_built(session):
    from game.play.deferred import DeferredPrompt

    with create_pipe_input() as pipe:
        built = []
        deferred = DeferredPrompt(lambda s, commands, slots: built.append(
            GamePrompt(s, commands=commands, input=pipe, output=DummyOutput(), slots=slots)) or built[-1])
        deferred.attach(session, lambda: ["first"])
        assert not built  # attaching builds nothing
        pipe.send_text("look\r")
        assert deferred.read(MAIN_PROMPT) == "look"
        assert len(built) == 1 and built[0].session is session and built[0].slots() == ["first"]
        deferred.attach(session, lambda: ["second"])  # once built, attach goes straight through
        assert built[0].slots() == ["second"]
        pipe.send_text("notes\r")
        assert deferred.read(MAIN_PROMPT) == "notes" and len(built) == 1


def test_ctrl_c_while_the_prompt_is_built_arrives_once_it_is_up(session):
    import os
    import signal

    from game.play.deferred import DeferredPrompt

    with create_pipe_input() as pipe:
        builds = []

        def build(s, commands, slots):
            builds.append(1)
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the middle of loading
            return GamePrompt(s, commands=commands, input=pipe, output=DummyOutput(), slots=slots)

        deferred = DeferredPrompt(build)
        deferred.attach(session)
        with pytest.raises(KeyboardInterrupt):
            deferred.read(MAIN_PROMPT)  # held until built, then a Ctrl-C at the prompt
        pipe.send_text("notes\r")
        assert deferred.read(MAIN_PROMPT) == "notes"
        assert len(builds) == 1  # built whole the first time, not cut short and built again


@pytest.mark.parametrize("width", [40, 60, 100])
def test_the_toolbar_keeps_f1_help_and_drops_whole_parts_at_every_width(session, width):
    from game.ui.prompt import _short, toolbar_parts

    from game.ui.pager import toolbar_rows

    text = toolbar_text(session, width)
    lines = text.split("\n")
    assert len(lines) == toolbar_rows(width)  # one line, or two below 60 columns
    assert all(len(line) < width for line in lines), text  # nothing wraps or is cut by the terminal
    assert text.rstrip().endswith("F1 help")
    whole = [t for _k, _s, t in toolbar_parts(session)]
    short = [_short(k, t) for k, _s, t in toolbar_parts(session)]
    shown = [part for line in lines for part in line.split("  F1")[0].strip().split(" · ") if part]
    assert all(part in whole or part in short for part in shown), (shown, whole)  # no part cut mid-word
    if width >= 100:
        assert shown == whole
    if width == 40:
        # Two lines: where (act, place) over when (turns, clues) and the help key; every part
        # kept, where one line kept only some (T17 to T29)
        assert lines[0].strip() == "Act 1 · The Hall" and " turns" in lines[1] and "F1 help" in lines[1]
        assert len(shown) == len(whole)


def test_a_narrow_toolbar_shortens_parts_before_it_drops_any(session):
    """T11 at 40 columns saw only "25 turns left  F1 help": the place and the clue count went
    for want of a few letters. Short forms come first ("12 turns", "4/37"), then drops."""
    from game.ui.prompt import toolbar_parts

    parts = toolbar_parts(session)
    whole = " · ".join(t for _k, _s, t in parts)
    wide = len(f" {whole}  F1 help ") + 2  # the toolbar keeps a cell spare at the right edge
    assert toolbar_text(session, wide).strip() == f"{whole}  F1 help"  # room: every long form
    narrow = toolbar_text(session, wide - 1)
    assert "turns left" not in narrow and " clues" not in narrow  # shortened, ...
    assert narrow.count(" · ") == whole.count(" · ")  # ... and nothing dropped for it
    from game.ui.prompt import _short
    assert _short("place", "The Wellness Suite") == "Wellness Suite" and _short("place", "Room 4C") == "Room 4C"


def test_even_a_tiny_terminal_keeps_f1_help(session):
    assert toolbar_text(session, 12).split("\n")[-1].strip() == "F1 help"


def test_escape_clears_a_half_typed_line_then_a_new_line_is_read(session):
    # round 6 (T7): Esc on a half-typed line clears it; on the empty line it is an answer
    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("talk to marg")
        pipe.send_text("\x1b")
        pipe.send_text("notes\r")
        assert prompt.read(MAIN_PROMPT) == "notes"
        pipe.send_text("zzz\x1b\x1b")
        assert prompt.read(MAIN_PROMPT) == "\x1b"  # cleared, then Esc on the empty line


def test_no_bottom_bar_for_a_game_that_has_ended(session):
    """T44: the Ctrl-C question at the title after the ending still showed the finished game's
    "Act 3 · The Reception Hall · 15:20 · 12 turns left"."""
    from game.core.record import replace
    from game.core.state import Ended

    with prompt_for(session) as (prompt, pipe):
        pipe.send_text("\r")
        prompt.confirm()
        assert prompt.prompt_session.bottom_toolbar is not None  # in play: the bar is there
        session.state = replace(session.state, mode=Ended("lost"))
        pipe.send_text("\r")
        prompt.confirm()
        assert prompt.prompt_session.bottom_toolbar is None
