"""Keys that reach the terminal while the game prints, between two questions (issue 11, ui5
item 7): they mean what they mean at a prompt, and nothing typed is lost.

Two things went wrong there. Ctrl-C raised wherever the game happened to be printing, so it
left through the last line of defence ("Interrupted.") instead of asking; and in a terminal's
rich look a Ctrl-D typed while the terminal was in line mode became the line discipline's
end-of-file mark, which vanished when prompt_toolkit switched to raw mode for its next prompt.

* :class:`Interrupts` keeps a Ctrl-C that comes while nothing reads and hands it to the next
  read, which raises it as if it had been pressed there (the loop then asks). A second Ctrl-C
  before that read interrupts at once: a way out if the game ever stops answering.
* :func:`between_prompts` sets the terminal as the game wants it between questions: no line
  mode and no echo in the rich look (Ctrl-D stays a key, 0x04, which the next prompt reads as
  end of input on an empty line; keys typed ahead are not echoed into the game's text), and in
  every look no flush of typed keys or printed text when Ctrl-C is pressed (NOFLSH). The plain
  look keeps line mode, and the line discipline keeps a Ctrl-D for the next read by itself.
* :func:`line_from_terminal` is the plain look's prompt. Not ``input()``: a Ctrl-C that lands
  after the prompt is drawn but before the blocking read starts runs Python's handler only when
  that read returns, so the quit question waited for a key (a pty test hung under load).
"""

from __future__ import annotations

import os
import select
import signal
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional, TypeVar

T = TypeVar("T")


class Interrupts:
    """Ctrl-C between questions, kept for the next one (see the module's notes)."""

    def __init__(self) -> None:
        self.pending = False  # a Ctrl-C came while nothing read; the next read raises it
        self.reading = 0  # reads in progress (a read may ask a question of its own)

    def handle(self, signum: int, frame: object) -> None:
        """The SIGINT handler."""
        if self.reading or self.pending:
            self.pending = False
            raise KeyboardInterrupt
        self.pending = True

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """While the player's keys are read: a Ctrl-C kept from before is raised as this
        starts; one pressed inside is raised at once, as Python would."""
        # Counted as reading before the kept Ctrl-C is checked: checked first, a Ctrl-C landing
        # between the check and the count was only kept, and the read then blocked with it
        # (Python retries a read its handler interrupted), so the question never came.
        self.reading += 1
        try:
            if self.pending:
                self.pending = False
                raise KeyboardInterrupt
            yield
        finally:
            self.reading -= 1

    def reader(self, read: Callable[..., T]) -> Callable[..., T]:
        """``read`` (anything that waits for the player's keys) inside :meth:`waiting`."""
        def wrapped(*args: Any, **kwargs: Any) -> T:
            with self.waiting():
                return read(*args, **kwargs)
        return wrapped

    def settle(self, fd: int, *, line_mode: bool) -> Callable[[], None]:
        """For a game in the terminal ``fd``: :meth:`install`, then :func:`between_prompts`;
        returns what undoes both, in the reverse order."""
        undo = [self.install()]
        restore = between_prompts(fd, line_mode=line_mode)
        if restore is not None:
            undo.append(restore)

        def done() -> None:
            for step in reversed(undo):
                step()
        return done

    def install(self) -> Callable[[], None]:
        """Make :meth:`handle` the SIGINT handler; returns what puts the previous one back."""
        previous = signal.signal(signal.SIGINT, self.handle)

        def restore() -> None:
            signal.signal(signal.SIGINT, previous)
        return restore


def between_prompts(fd: int, *, line_mode: bool) -> Optional[Callable[[], None]]:
    """Set the terminal ``fd`` for the time between questions (see the module's notes);
    returns what puts it back as it was, or ``None`` when ``fd`` is not a terminal."""
    try:
        import termios
    except ImportError:  # not a POSIX system: nothing to set
        return None
    try:
        saved = termios.tcgetattr(fd)
    except (termios.error, OSError):
        return None
    mode = termios.tcgetattr(fd)
    lflag = mode[3] | termios.NOFLSH
    if not line_mode:
        lflag &= ~(termios.ICANON | termios.ECHO)
        mode[6][termios.VMIN] = 1
        mode[6][termios.VTIME] = 0
    mode[3] = lflag
    # TCSANOW: keys already typed stay in the queue for the next question (never flushed).
    termios.tcsetattr(fd, termios.TCSANOW, mode)

    def restore() -> None:
        try:
            termios.tcsetattr(fd, termios.TCSANOW, saved)
        except (termios.error, OSError):
            pass  # the terminal is gone: nothing to put back
    return restore


#: how long the plain look's read waits before Python looks at signals again (seconds)
WAKE_EVERY = 0.2
#: the longest line read at once (a terminal in line mode holds at most 4096 bytes)
LINE_BYTES = 65536


def line_from_terminal(prompt: str, fd: Optional[int] = None) -> str:
    """One line typed at the terminal ``fd`` (standard input) in line mode, after ``prompt``;
    raises ``EOFError`` at end of input, and ``KeyboardInterrupt`` from the SIGINT handler.

    It waits in ``select`` a fifth of a second at a time, so a Ctrl-C that came between the
    prompt and the wait is acted on at once, never held until the next key. In line mode the
    terminal answers only whole lines (or a Ctrl-D), so the read never blocks."""
    fd = sys.stdin.fileno() if fd is None else fd
    sys.stdout.write(prompt)
    sys.stdout.flush()
    while not select.select([fd], [], [], WAKE_EVERY)[0]:
        pass  # Python runs a pending signal handler here, between two waits
    data = os.read(fd, LINE_BYTES)
    if not data:
        raise EOFError
    text = data.decode(getattr(sys.stdin, "encoding", None) or "utf-8", "replace")
    return text[:-1] if text.endswith("\n") else text

