"""Keys that reach the terminal while the game prints, between two questions (issue 11, ui5
item 7): Ctrl-D stays end of input for the next prompt, Ctrl-C is kept and asks at the next
question, nothing printed or typed is thrown away. On a real pseudo-terminal where it matters."""

from __future__ import annotations

import io
import os
import signal
import threading

import pytest

termios = pytest.importorskip("termios")

from game.ui.keys import Interrupts, between_prompts  # noqa: E402
from tests.ui.helpers import console, play, sample  # noqa: E402

LAST_CHOICE = "5. Go to The Study"


@pytest.fixture
def pty_pair():
    master, slave = os.openpty()
    yield master, slave
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


def _typed_between_then_raw(master: int, slave: int) -> bytes:
    """Type Ctrl-D while nothing reads, then switch to raw mode as a prompt does, and read."""
    import select
    import tty

    os.write(master, b"\x04")
    # Wait until the terminal has taken the key in (readable: in line mode an end-of-file mark
    # is), so the switch to raw mode comes after, as it does in play; without the wait the
    # switch could win the race under load and the key would arrive as typed.
    select.select([slave], [], [], 5)  # a safety net only
    tty.setraw(slave, termios.TCSANOW)
    ready, _, _ = select.select([slave], [], [], 5)  # a safety net only: the byte is there or not
    assert ready, "nothing to read after the switch (safety net fired)"
    return os.read(slave, 16)


def test_in_line_mode_a_ctrl_d_typed_between_prompts_is_lost(pty_pair):
    """The misfire itself, kept as a test of the terminal: line mode turns Ctrl-D into an
    end-of-file mark, which a prompt in raw mode reads as a NUL byte."""
    master, slave = pty_pair
    assert _typed_between_then_raw(master, slave) == b"\x00"


def test_between_prompts_a_ctrl_d_stays_a_key(pty_pair):
    master, slave = pty_pair
    between_prompts(slave, line_mode=False)
    assert _typed_between_then_raw(master, slave) == b"\x04"


def test_the_next_prompt_reads_that_ctrl_d_as_end_of_input(pty_pair):
    from prompt_toolkit import PromptSession
    from prompt_toolkit.input.vt100 import Vt100Input
    from prompt_toolkit.output import DummyOutput

    master, slave = pty_pair
    between_prompts(slave, line_mode=False)
    os.write(master, b"\x04")  # typed while the game printed
    stdin = os.fdopen(os.dup(slave), "r")
    # Safety net, not a verdict: if the key were lost the prompt would wait for ever, so after a
    # while an Enter is typed, and the prompt then returns a line instead of raising EOFError.
    net = threading.Timer(20, lambda: os.write(master, b"\r"))
    net.start()
    try:
        session: PromptSession[str] = PromptSession(input=Vt100Input(stdin), output=DummyOutput())
        with pytest.raises(EOFError):
            session.prompt("> ")
    finally:
        net.cancel()
        stdin.close()


@pytest.mark.parametrize("line_mode", [True, False])
def test_ctrl_c_never_flushes_and_everything_is_put_back(pty_pair, line_mode):
    _master, slave = pty_pair
    before = termios.tcgetattr(slave)
    restore = between_prompts(slave, line_mode=line_mode)
    assert restore is not None
    during = termios.tcgetattr(slave)
    assert during[3] & termios.NOFLSH  # Ctrl-C keeps what was typed and what was printed
    assert bool(during[3] & termios.ICANON) == line_mode  # the plain look's input() keeps line mode
    assert bool(during[3] & termios.ISIG)  # Ctrl-C, Ctrl-Z still signal
    restore()
    assert termios.tcgetattr(slave) == before


def test_not_a_terminal_is_left_alone(tmp_path):
    with open(tmp_path / "file", "w") as handle:
        assert between_prompts(handle.fileno(), line_mode=False) is None


# -- Ctrl-C while nothing reads: kept for the next read ------------------------------------------


@pytest.fixture
def interrupts():
    keys = Interrupts()
    restore = keys.install()
    yield keys
    restore()


def test_a_ctrl_c_while_printing_is_raised_at_the_next_read(interrupts):
    calls = []
    read = interrupts.reader(lambda prompt: calls.append(prompt) or "look")
    os.kill(os.getpid(), signal.SIGINT)  # while the game prints: no exception here
    assert interrupts.pending
    with pytest.raises(KeyboardInterrupt):
        read("> ")
    assert calls == [] and not interrupts.pending  # raised as the read began, once
    assert read("> ") == "look"  # the read after that reads


def test_a_ctrl_c_during_a_read_raises_at_once(interrupts):
    def read(prompt):
        os.kill(os.getpid(), signal.SIGINT)
        return "never"

    with pytest.raises(KeyboardInterrupt):
        interrupts.reader(read)("> ")


def test_a_second_ctrl_c_while_printing_interrupts_at_once(interrupts):
    os.kill(os.getpid(), signal.SIGINT)
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGINT)  # the way out of a game that stopped answering
    assert not interrupts.pending


def test_install_puts_the_previous_handler_back():
    before = signal.getsignal(signal.SIGINT)
    restore = Interrupts().install()
    assert signal.getsignal(signal.SIGINT) != before
    restore()
    assert signal.getsignal(signal.SIGINT) == before


class _InterruptingFile(io.StringIO):
    """Console output that presses Ctrl-C once, in the middle of the game's printing."""

    def __init__(self, after: str) -> None:
        super().__init__()
        self.after, self.fired = after, False

    def write(self, text: str) -> int:
        written = super().write(text)
        if not self.fired and self.after in self.getvalue():
            self.fired = True
            os.kill(os.getpid(), signal.SIGINT)
        return written


@pytest.mark.parametrize("answer, quits", [("n", False), ("y", True)])
def test_through_the_loop_a_ctrl_c_while_printing_asks_and_nothing_is_lost(interrupts, answer, quits):
    from game.play.session import Game, Session
    from game.ui.quitting import QuitAnswer, quit_answer
    from game.ui.render import Renderer
    from tests.ui.helpers import script

    story = sample()
    state, _ = play(story, ("Go in",))
    out = console(100)
    out.file = _InterruptingFile(after="1. Look under the piano")  # Ctrl-C as the menu prints
    lines = script(["look", "zzz"])
    asked = []

    def confirm() -> QuitAnswer:
        asked.append(True)
        return quit_answer(answer)

    game = Game(Session(story, state), Renderer(story, out, True), interrupts.reader(lines), confirm_quit=confirm)
    assert game.run(()) == 0
    text = out.file.getvalue()
    assert out.file.fired and asked == [True]  # asked once, at the question after the printing
    first_menu = text[text.index("1. Look under the piano"):]
    assert LAST_CHOICE in first_menu  # the menu printed whole, though Ctrl-C came in its middle
    if quits:
        assert text.rstrip().endswith("Goodbye.") and "Interrupted" not in text and "I don't understand" not in text
    else:
        assert "I don't understand 'zzz'" in text  # the game went on; "look" was still read
        assert text.rstrip().endswith("Goodbye.")


# -- 8. keys typed over the --reveal effect go to the prompt, as the pager's do -------------------


@pytest.mark.parametrize("typed, kept", [
    ("notes\r", ["notes"]),  # a command typed over the text: kept whole, never sent unseen
    (" ", []),  # Space only shows the rest
    ("\rmap", ["map"]),  # Enter shows the rest; what follows is kept
    ("q", []),
    (True, []),  # a key check that cannot say which key
])
def test_keys_that_stop_the_reveal_are_kept_for_the_prompt(typed, kept):
    from contextlib import contextmanager

    from rich.text import Text

    from game.ui.kept import kept_lines
    from game.ui.pager import Typeahead
    from game.ui.reveal import Reveal

    presses = iter(["", typed])

    @contextmanager
    def keys():
        yield lambda: next(presses, "")

    out, typeahead = console(40), Typeahead()
    Reveal(out, keys, sleep=lambda s: None, typeahead=typeahead).print(Text("one two three four five"))
    assert out.file.getvalue() == "one two three four five\n"  # all of it, the rest at once
    assert kept_lines(typeahead.take()) == kept


@pytest.mark.slow
def test_a_command_typed_during_the_reveal_reaches_the_prompt(tmp_path):
    from tests.ui.terminal import SAMPLE, Terminal

    game = Terminal(["play", "--new", "--reveal", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")],
                    env={"GHOSTLIGHT_REVEAL": "1"})
    try:
        game.wait_for("The")  # the first words are being typed out
        game.type("notes", enter=False)  # typed over the text: kept, shown at the prompt, not sent
        screen = game.wait_for("> notes", "F1 help")
        assert "notebook is empty" not in screen.lower()
        game.type("")  # Enter sends it now
        game.wait_for("notebook is empty")
        game.key(b"\x04")
        game.wait_for("Goodbye.")
        assert game.exit_code() == 0
    finally:
        game.close()


def test_settle_sets_both_and_undoes_both(pty_pair):
    _master, slave = pty_pair
    before_attrs, before_handler = termios.tcgetattr(slave), signal.getsignal(signal.SIGINT)
    keys = Interrupts()
    done = keys.settle(slave, line_mode=False)
    assert signal.getsignal(signal.SIGINT) == keys.handle and termios.tcgetattr(slave) != before_attrs
    done()
    assert termios.tcgetattr(slave) == before_attrs and signal.getsignal(signal.SIGINT) == before_handler


def test_the_plain_prompt_answers_a_ctrl_c_that_did_not_interrupt_its_wait(pty_pair):
    """A SIGINT handled off the read (here: delivered to another thread, as one landing between
    the prompt and a blocking read is) must still reach the prompt at once. ``input()`` waited
    for the next key there, and the quit question never came (a pty test hung under load)."""
    from game.ui.keys import line_from_terminal

    master, slave = pty_pair
    keys = Interrupts()
    undo = keys.install()
    # Safety net: if the interrupt waited for a key (as with input()), a line arrives after a
    # while, the read takes it, and only then does the interrupt come: the key was needed.
    fired = threading.Event()
    net = threading.Timer(20, lambda: (fired.set(), os.write(master, b"late\n")))
    elsewhere = threading.Timer(0.3, lambda: signal.pthread_kill(threading.get_ident(), signal.SIGINT))
    net.start()
    elsewhere.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            keys.reader(line_from_terminal)("> ", slave)
        assert not fired.is_set(), "the interrupt came only after a line was typed (safety net fired)"
    finally:
        net.cancel()
        elsewhere.cancel()
        undo()


def test_the_plain_prompt_reads_a_line_and_end_of_input(pty_pair):
    from game.ui.keys import line_from_terminal

    master, slave = pty_pair
    os.write(master, "café au lait\n".encode())
    assert line_from_terminal("> ", slave) == "café au lait"
    os.write(master, b"\x04")  # Ctrl-D on an empty line, in line mode
    with pytest.raises(EOFError):
        line_from_terminal("> ", slave)
