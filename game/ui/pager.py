"""Long text shown a screen at a time: the ending is never scrolled away unread.

Only a terminal in the rich look pages; a pipe or the plain look (screen readers) gets every
line at once. The key wait is injected (:func:`tty_key` for a real terminal) so tests run
without one. A page is the terminal's height less two lines, for the "more" line and the
line the terminal scrolls on.
"""

from __future__ import annotations

import os
import re
from typing import Callable, Sequence

from rich.console import Console, Group, RenderableType
from rich.control import Control, ControlType
from rich.segment import Segment, Segments
from rich.text import Text

#: waits for one key; returns it, or raises EOFError (end of input) / KeyboardInterrupt (Ctrl-C)
KeyWait = Callable[[], str]
MORE = "-- more: press a key (q: all) --"  # short: it must fit one line of a 40-column terminal
_ANSWERS = re.compile(rb"(?:\x1b\[\d+;\d+R)+")  # cursor-position reports, one or more
MIN_PAGE = 3  # a terminal shorter than this still gets a few lines per key


class Pager:
    """Prints renderables a page at a time on ``console``, waiting on ``wait_key`` between pages."""

    def __init__(self, console: Console, wait_key: KeyWait, *, style: str = "") -> None:
        self.console = console
        self.wait_key = wait_key
        self.style = style

    def page_height(self) -> int:
        return max(MIN_PAGE, self.console.height - 2)

    def show(self, renderables: Sequence[RenderableType]) -> str:
        """Print ``renderables`` a page at a time. Returns ``"done"`` when every page was
        turned, ``"rest"`` when the player asked for the rest at once (``q``), ``"eof"`` when
        the input ended and ``"interrupt"`` on Ctrl-C; in every case each line is printed,
        so nothing is lost."""
        console = self.console
        lines = console.render_lines(Group(*renderables), console.options, pad=False)
        height = self.page_height()
        outcome = "done"
        start = 0
        while start < len(lines):
            chunk = lines[start:start + height]
            start += len(chunk)
            self._print(chunk)
            if start >= len(lines) or outcome != "done":
                continue
            outcome = self.more(MORE)
            if outcome == "q":
                outcome = "rest"
            elif outcome == "key":
                outcome = "done"
        return outcome

    def more(self, prompt: str) -> str:
        """Show ``prompt``, wait for a key, erase the prompt. ``"key"``, ``"q"``, ``"eof"`` or
        ``"interrupt"``."""
        console = self.console
        # One line, never wrapped: erasing it afterwards clears one line only.
        console.print(Text(prompt, style=self.style), end="", no_wrap=True, overflow="ellipsis")
        try:
            key = self.wait_key()
            result = "q" if key.lower() in ("q", "\x1b") else "key"
        except EOFError:
            result = "eof"
        except KeyboardInterrupt:
            result = "interrupt"
        console.control(Control.move_to_column(0), Control((ControlType.ERASE_IN_LINE, 2)))
        return result

    def _print(self, chunk: Sequence[list[Segment]]) -> None:
        segments: list[Segment] = []
        for line in chunk:
            segments.extend(s for s in line if not s.control)
            segments.append(Segment.line())
        self.console.print(Segments(segments), end="")


def tty_key(fd: int) -> str:
    """One key from a POSIX terminal, in cbreak mode (Ctrl-C still interrupts). Ctrl-D or a
    closed terminal raise EOFError."""
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        # TCSANOW, not the default TCSAFLUSH: a key pressed just before this point must be
        # read, not thrown away (that would leave the player pressing a key twice).
        tty.setcbreak(fd, termios.TCSANOW)
        while True:
            data = os.read(fd, 64)
            # A terminal's late answer to the prompt's "where is the cursor?" is not a key.
            if not _ANSWERS.fullmatch(data) or not data:
                break
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    if not data or data == b"\x04":
        raise EOFError
    if data == b"\x03":  # cbreak keeps signals, but be sure
        raise KeyboardInterrupt
    return data.decode("utf-8", "replace")[:1]
