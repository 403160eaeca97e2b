"""Keys that misfired in blind play-tests (issue 11, loop brief items 1-3), through the real
loop and in a real pseudo-terminal at 40, 60 and 100 columns:

1. Ctrl-C asks "Quit the game?"; what is typed next means what the screen behind it offers
   (a ``1`` on the title screen is New game), never eaten.
2. Keys typed while a view pages are kept for the prompt, never swallowed by the pager.
3. A lone ``q`` or Esc right after a view closes it (the scene again), never quits and never
   glues onto the next command ("q2").
"""

from __future__ import annotations

import pytest

from game.core import engine as e
from game.ui.quitting import QuitAnswer, quit_answer
from game.ui.title import TitleInfo, title_menu
from game.ui.look import Look
from tests.ui.helpers import hall, run_game, sample

WIDTHS = (40, 60, 100)
CTRL_C = object()  # in a script: the read raises KeyboardInterrupt


def keys(*lines):
    """A read(prompt) that answers ``lines`` in turn (CTRL_C raises KeyboardInterrupt), then EOF."""
    queue = list(lines)

    def read(prompt: str) -> str:
        if not queue:
            raise EOFError
        line = queue.pop(0)
        if line is CTRL_C:
            raise KeyboardInterrupt
        return line

    return read


def answers(*replies):
    """A confirm() that reads each reply as the question's answer (None: a second Ctrl-C)."""
    queue = list(replies)

    def confirm() -> QuitAnswer:
        reply = queue.pop(0)
        return QuitAnswer(True) if reply is None else quit_answer(reply)

    return confirm


# -- 1. Ctrl-C, then what the screen shows ---------------------------------------------------


@pytest.mark.parametrize("typed,meaning", [("y", QuitAnswer(True)), ("YES ", QuitAnswer(True)),
                                           ("quit", QuitAnswer(True)), ("", QuitAnswer(False)),
                                           ("n", QuitAnswer(False)), ("1", QuitAnswer(False, "1")),
                                           ("notes", QuitAnswer(False, "notes")),
                                           ("\x1b[31m", QuitAnswer(False, "\x1b[31m"))])
def test_the_quit_question_hands_back_what_is_not_an_answer(typed, meaning):
    assert quit_answer(typed) == meaning


def _title(*lines, confirm):
    said = []
    info = TitleInfo("Tiny", endings=(("done", "Done"),))
    result = title_menu(said.append, keys(*lines), info, Look(plain=True), lambda slot: None, confirm=confirm)
    return result, said


def test_a_number_typed_at_the_title_screens_quit_question_is_the_menus_choice():
    assert _title(CTRL_C, confirm=answers("1"))[0] == "new"
    assert _title(CTRL_C, confirm=answers("new"))[0] == "new"
    assert _title(CTRL_C, "1", confirm=answers(""))[0] == "new"  # Enter: back to the menu, then 1
    assert _title(CTRL_C, confirm=answers("y"))[0] == "quit"
    assert _title(CTRL_C, confirm=answers(None))[0] == "quit"  # a second Ctrl-C
    result, said = _title(CTRL_C, "1", confirm=answers("zzz"))  # nonsense: refused by the menu
    assert result == "new" and any("Type a number from 1 to" in str(s) for s in said)
    assert _title(CTRL_C, confirm=answers(""))[0] == "quit"  # then end of input: leaves cleanly


@pytest.mark.parametrize("width", WIDTHS)
def test_a_command_typed_at_the_games_quit_question_is_the_command(width):
    story = sample()
    from game.play.session import Game, Session
    from game.ui.render import Renderer
    from tests.ui.helpers import console

    out = console(width)
    game = Game(Session(story, hall(story)), Renderer(story, out, True), keys(CTRL_C, CTRL_C, CTRL_C),
                confirm_quit=answers("notes", "", "y"))
    assert game.run(()) == 0
    text = out.file.getvalue()
    assert "A torn page" in text and "Notebook" in text  # 'notes' at the question showed the notes
    assert text.count("Goodbye.") == 1 and "Interrupted" not in text and game.state == hall(story)


def test_enter_at_the_quit_question_shows_the_menu_again():
    """T13: Ctrl-C, then Enter to keep playing, left a bare prompt; the menu comes back."""
    story = sample()
    from game.play.session import Game, Session
    from game.ui.render import Renderer
    from tests.ui.helpers import console

    out = console(100)
    game = Game(Session(story, hall(story)), Renderer(story, out, True), keys(CTRL_C, CTRL_C),
                confirm_quit=answers("", "y"))
    assert game.run(()) == 0
    text = out.file.getvalue()
    first = text.index("1. ")
    kept = text[first + 3:]
    assert "1. " in kept[:kept.index("Goodbye.")]  # the menu again after the Enter
    assert text.count("You keep playing.") == 1  # said, once: T50 read the question going as nothing


# -- in a real terminal ------------------------------------------------------------------------

from tests.ui.terminal import SAMPLE, Terminal  # noqa: E402


def _terminal(tmp_path, *args, columns=100, lines=40):
    return Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves"), *args], columns=columns,
                    lines=lines)


@pytest.mark.slow
@pytest.mark.parametrize("columns", WIDTHS)
def test_ctrl_c_on_the_title_screen_then_1_starts_a_new_game(tmp_path, columns):
    terminal = _terminal(tmp_path, columns=columns)
    try:
        terminal.wait_for("1. New game", "Choose:")
        terminal.key(b"\x03")
        terminal.wait_for("Quit the game?")
        terminal.type("1")  # what the title screen shows: New game
        terminal.wait_for("Go in", "F1 help")
        terminal.clear()
        terminal.key(b"\x03")
        terminal.wait_for("Quit the game?")
        terminal.clear()
        terminal.type("notes")  # in the game: the command, not "no"
        terminal.wait_for("notebook is empty", "F1 help")  # (and the prompt back, to take the next Ctrl-C)
        terminal.clear()
        terminal.key(b"\x03")
        terminal.wait_for("Quit the game?")
        terminal.key(b"\x04")  # end of input at the question: quits, saved
        terminal.wait_for("Goodbye")
        assert terminal.exit_code() == 0 and "Traceback" not in terminal.text()
    finally:
        terminal.close()


# -- 3. q or Esc right after a view ------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lone_q_or_esc_after_a_view_shows_the_scene_again_and_never_quits(width):
    story = sample()
    state = hall(story)
    text, game = run_game(story, state, ["notes", "q", "board", "\x1b", "map", "Q "], width=width)
    text = " ".join(text.split())  # unwrapped
    assert text.count("(The view is closed. To leave the game, type 'quit'.)") == 2
    assert text.count("The hall again.") == 4  # the start, then each close shows the scene
    assert text.endswith("Goodbye.") and game.state == state  # only the end of input left


@pytest.mark.parametrize("width", WIDTHS)
def test_a_q_glued_to_the_next_line_after_a_view_is_dropped(width):
    story = sample()
    state = hall(story)
    # the piano, looked under, keeps its line 1 ("(done)"): the pianist is 2 (core.menu.with_done)
    text, game = run_game(story, state, ["timeline", "q2"], width=width)
    assert "I don't understand" not in text
    assert game.state != state and game.session.transcript == ["Talk to the pianist"]
    text, game = run_game(story, state, ["help", "\x1b2"], width=width)  # Esc glued, in the plain look
    assert game.session.transcript == ["Talk to the pianist"]


def test_q_and_q_glued_mean_what_they_did_when_no_view_was_shown():
    story = sample()
    state = hall(story)
    text, game = run_game(story, state, ["q1", "quit"])
    assert "I don't understand 'q1'" in text and game.state == state
    text, game = run_game(story, state, ["2", "q", "Q", " q "])  # 2: the pianist (1 is done)  # q never quits: it shows the scene
    assert text.count("(q closes a view. To leave the game, type 'quit'.)") == 3
    assert game.session.transcript == ["Talk to the pianist"]
    text, game = run_game(story, state, ["notes", "quit"])  # quit itself always quits
    assert "Goodbye." in text and "The view is closed" not in text
    text, game = run_game(story, state, ["notes", "qzzz", "\x1b\x1b\x1b", "\x1bzzz", "q"])  # nonsense
    assert "I don't understand 'qzzz'" in text and "I don't understand 'zzz'" in text
    assert "Traceback" not in text and game.state == state


def test_esc_cancels_a_board_slot():
    story = sample()
    state = hall(story)
    text, game = run_game(story, state, ["deduce 1", "\x1b", "look"])
    assert "You leave the board as it was." in text and game.state == state


# -- 2. keys typed while a view pages -----------------------------------------------------------


@pytest.mark.parametrize("typed,meaning", [
    (" ", ("key", "")), ("\r", ("key", "")), ("\n", ("key", "")), ("", ("key", "")),
    ("q", ("q", "")), ("Q", ("q", "")), ("\x1b", ("q", "")), ("\x1b[B", ("key", "")), ("\x1b[6~", ("key", "")),
    ("deduce 2\r", ("typed", "deduce 2\r")), ("2", ("typed", "2")), (" notes\r", ("key", "notes\r")),
    ("qnotes\r", ("q", "notes\r")), ("\x1b[Bmap\r", ("key", "map\r")), ("é", ("typed", "é")),
    ("\x1b2", ("q", "2")),
    ("quit\r", ("typed", "quit\r")), ("Quit", ("typed", "Quit")),  # T48: the command, whole
    ("quitx", ("q", "uitx")), ("qu", ("q", "u")),
])
def test_what_a_key_at_the_more_line_means(typed, meaning):
    from game.ui.pager import page_key

    assert page_key(typed) == meaning


def _pager(width, presses, height=8):
    from game.ui.pager import Pager, Typeahead
    from tests.ui.helpers import console

    out = console(width, height=height)
    queue = list(presses)

    def wait() -> str:
        press = queue.pop(0)
        if isinstance(press, BaseException):
            raise press
        return press

    return Pager(out, wait, typeahead=Typeahead()), out


@pytest.mark.parametrize("width", WIDTHS)
def test_a_command_typed_at_the_pager_is_kept_for_the_prompt_and_the_rest_printed(width):
    from rich.text import Text

    from game.ui.pager import MORE

    pager, out = _pager(width, ["deduce 2\r"])
    lines = [Text(f"line {n}") for n in range(30)]
    assert pager.show(lines) == "rest"
    text = out.file.getvalue()
    assert text.count(MORE) == 1 and "line 29" in text  # asked once, then everything
    assert pager.typeahead.take() == "deduce 2\r" and pager.typeahead.take() == ""
    pager, out = _pager(width, [" ", "q"])  # its own keys are its own: nothing kept
    assert pager.show(lines) == "rest" and pager.typeahead.take() == ""
    pager, out = _pager(width, [" x", EOFError()])  # a page turned, and a key typed ahead with it:
    assert pager.show(lines) == "rest" and pager.typeahead.take() == "x"  # no more waiting over it
    assert "line 29" in out.file.getvalue()


@pytest.mark.parametrize("width", WIDTHS)
def test_q_closes_a_view_but_shows_the_rest_of_the_story(width):
    """T11 pressed q at the board's more line to get out; it printed the rest and the board's
    top scrolled away. In a view q closes (the command shows it again); in the story's own
    text q still shows all the rest, so no narration is skipped unread."""
    from rich.text import Text

    from game.ui.pager import MORE, MORE_VIEW

    lines = [Text(f"line {n}") for n in range(30)]
    pager, out = _pager(width, ["q"])
    assert pager.show(lines, closable=True) == "closed"
    text = out.file.getvalue()
    assert text.count(MORE_VIEW) == 1 and MORE not in text and "line 0" in text and "line 29" not in text
    pager, out = _pager(width, ["\x1b"])  # Esc closes a view too
    assert pager.show(lines, closable=True) == "closed" and "line 29" not in out.file.getvalue()
    pager, out = _pager(width, ["q"])  # the story's text: q is "all the rest"
    assert pager.show(lines) == "rest" and "line 29" in out.file.getvalue()
    # A command typed over a view closes it, kept for the prompt: the rest is not poured out
    # unread (T21: a "5" at the notes' second page printed some 400 lines).
    pager, out = _pager(width, ["deduce 2\r"])
    assert pager.show(lines, closable=True) == "closed" and "line 29" not in out.file.getvalue()
    assert pager.typeahead.take() == "deduce 2\r"
    pager, out = _pager(width, ["deduce 2\r"])  # over the story's own text: the rest, then the prompt
    assert pager.show(lines) == "rest" and "line 29" in out.file.getvalue()
    assert len(MORE_VIEW) < 40  # one line of a 40-column terminal


@pytest.mark.parametrize("width", WIDTHS)
def test_a_view_of_several_pages_waits_on_its_last_page_for_the_key_that_closes_it(width):
    """T55, T58 and T59 pressed Space or q at a view's last page after the prompt was already up:
    the key leaked into the next command ("qboard"). The last page waits too (only a view, only
    after a page was turned), and what is typed there is kept for the prompt."""
    from rich.text import Text

    from game.ui.pager import MORE, MORE_END, MORE_VIEW, Pager, Typeahead
    from tests.ui.helpers import console

    def paged(at_end):
        """A pager that turns every page with Space and answers its end line with ``at_end``."""
        out = console(width, height=8)

        def wait() -> str:
            if MORE_END not in out.file.getvalue().rsplit("\n", 1)[-1]:
                return " "  # a page's own more line: turn it
            if isinstance(at_end, BaseException):
                raise at_end
            return at_end
        return Pager(out, wait, typeahead=Typeahead()), out

    lines = [Text(f"line {n}") for n in range(30)]
    for key in (" ", "q", "\x1b"):
        pager, out = paged(key)
        assert pager.show(lines, closable=True) == "closed", key
        text = out.file.getvalue()
        assert text.count(MORE_END) == 1 and "line 29" in text and text.index("line 29") < text.index(MORE_END)
    pager, out = paged("board\r")  # a command typed at the end: kept, and it closed a view
    assert pager.show(lines, closable=True) == "closed" and pager.typeahead.typed_over_view()
    assert pager.typeahead.take() == "board\r"
    pager, out = paged(EOFError())  # end of input there: everything was printed
    assert pager.show(lines, closable=True) == "done" and "line 29" in out.file.getvalue()
    pager, out = paged(" ")  # one page: printed at once, nothing to close
    assert pager.show(lines[:2], closable=True) == "done" and MORE_END not in out.file.getvalue()
    pager, out = paged(" ")  # the story's own text: no wait at its end
    assert pager.show(lines) == "done" and MORE_END not in out.file.getvalue()
    first, out = _pager(width, ["q"])  # q at the first page closes at once: no end line
    assert first.show(lines, closable=True) == "closed" and MORE_END not in out.file.getvalue()
    assert len(MORE_END) < 40 and MORE_END not in (MORE, MORE_VIEW)


def test_typed_ahead_text_is_bounded():
    from game.ui.pager import KEPT_LIMIT, Typeahead

    typeahead = Typeahead()
    for _ in range(100):
        typeahead.keep("x" * 1000)
    assert len(typeahead.take()) == KEPT_LIMIT


def test_the_prompt_starts_with_what_the_pager_kept():
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from game.play.registry import command_table
    from game.play.session import Session
    from game.ui.pager import Typeahead
    from game.ui.prompt import GamePrompt

    story = sample()
    kept = Typeahead()
    kept.keep("notes\rmap\r")
    with create_pipe_input() as pipe:
        prompt = GamePrompt(Session(story, hall(story)), commands=command_table(), input=pipe,
                            output=DummyOutput(), typeahead=kept)
        pipe.send_text("\r")  # the kept line waits in the input line: only this Enter sends it
        assert prompt.read("> ") == "notes"
        pipe.send_text("\r")
        assert prompt.read("> ") == "map"  # the rest of what was kept, still in order, one a prompt
        kept.keep("1\r")
        pipe.send_text("\x7f2\r")  # the kept "1" is the player's to edit before sending
        assert prompt.read("> ") == "2"
        pipe.send_text("bo")
        kept.keep("\x1b[D\x1b[D")  # keys (arrows) as a terminal sends them, then typed text
        pipe.send_text("ard\r")
        assert prompt.read("> ") == "board"
        kept.keep("x" * 100_000)  # bounded like typing: the line stops at its limit
        pipe.send_text("\r")
        from game.ui.text import LINE_LIMIT

        assert prompt.read("> ") == "x" * LINE_LIMIT


# -- 2 and 3 in a real terminal ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("columns", WIDTHS)
def test_a_command_typed_ahead_of_a_paged_view_is_not_lost(tmp_path, columns):
    from game.ui.pager import MORE_VIEW as MORE  # help is a view: its more line offers q to close

    from game.ui.pager import toolbar_rows

    # help pages at every width; the map does not (a page of 9 lines, whatever the toolbar's)
    terminal = _terminal(tmp_path, "--new", columns=columns, lines=11 + toolbar_rows(columns))
    try:
        from tests.ui.test_endings import past_opening

        past_opening(terminal, "F1 help")
        terminal.clear()
        terminal.type("help\rmap")  # typed at once: help pages, and "map" must reach the prompt
        terminal.wait_for("The school", "F1 help")
        terminal.clear()
        terminal.type("help")
        terminal.wait_for(MORE)
        terminal.clear()
        # Typed at a view's "more" line with its Enter: the view closes and the line is sent,
        # since nothing unseen is left (T24 took the waiting line for an Enter lost).
        terminal.type("timeline")
        terminal.wait_for("> timeline", "No times yet", "F1 help")
        assert "I don't understand" not in terminal.text()
        terminal.type("quit")
        assert terminal.exit_code() == 0 and b"Traceback" not in terminal.raw
    finally:
        terminal.close()


@pytest.mark.slow
@pytest.mark.parametrize("columns", WIDTHS)
def test_q_or_esc_after_a_view_that_fitted_then_a_choice(tmp_path, columns):
    terminal = _terminal(tmp_path, "--new", columns=columns)
    try:
        terminal.wait_for("1. Go in", "F1 help")
        terminal.clear()
        terminal.type("timeline")
        terminal.wait_for("No times yet", "F1 help")
        terminal.type("q", enter=False)  # as if closing a pager
        terminal.wait_for("> q")
        terminal.clear()
        terminal.type("1")  # the line is "q1": the q is dropped
        terminal.wait_for("1. Look under the piano")
        terminal.clear()
        terminal.type("notes")
        terminal.wait_for("notebook is empty", "F1 help")
        terminal.clear()
        terminal.key(b"\x1b")  # Esc on the empty line: the scene again
        terminal.wait_for("The hall", "1. Look under the piano")
        terminal.clear()
        terminal.key(b"\x1b")
        terminal.type("1")  # Esc then a choice: the choice (never Emacs's "repeat 1")
        terminal.wait_for("Clue added to your notebook")
        assert "I don't understand" not in terminal.text()
        terminal.type("quit")
        assert terminal.exit_code() == 0
    finally:
        terminal.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_view_that_would_push_its_first_line_off_under_the_prompt_is_paged(width):
    """A blind tester's 38-line help at 40 rows was printed whole; the prompt and its toolbar
    then scrolled its first line away. A page leaves room for them."""
    from rich.console import Group
    from rich.text import Text

    from game.ui.pager import MORE

    height = 12
    pager, out = _pager(width, [" "], height=height)
    rows = [Text(f"row {n}") for n in range(1, height - 1)]  # a screen less two lines
    assert pager.show([Group(*rows)]) == "done"  # the more line was shown: one press used
    first_page = out.file.getvalue().split(MORE)[0]
    assert "row 1\n" in first_page and f"row {height - 2}" not in first_page
    from game.ui.pager import toolbar_rows

    below = 2 + toolbar_rows(width)  # the prompt's line, its toolbar's (two when narrow), the scroll line
    pager, out = _pager(width, [], height=height)
    assert pager.show([Group(*rows[:height - below])]) == "done"  # leaves room for them: printed at once
    assert MORE not in out.file.getvalue()
    pager, out = _pager(width, [" "], height=height)
    assert pager.show([Group(*rows[:height - below + 1])]) == "done"  # a line more: paged
    assert MORE in out.file.getvalue()
