"""Long text shown a screen at a time: the ending is never scrolled away unread.

Only a terminal in the rich look pages; a pipe or the plain look (screen readers) gets every
line at once. The key wait is injected (:func:`tty_key` for a real terminal) so tests run
without one. A page is the terminal's height less the prompt's lines: after a page comes the
"more" line, after the last one the prompt and its toolbar (two lines in a narrow terminal), and
the terminal scrolls on a line of its own. (Less two, a 38-line help at 40 rows was printed whole and its first line scrolled away.)
"""

from __future__ import annotations

import os
import re
from typing import Callable, Optional, Sequence

from rich.console import Console, Group, RenderableType
from rich.control import Control, ControlType
from rich.segment import Segment, Segments
from rich.text import Text

from game.ui.text import LINE_LIMIT

#: waits for a key; returns what was read (a key, or keys typed ahead with it), or raises
#: EOFError (end of input) / KeyboardInterrupt (Ctrl-C)
KeyWait = Callable[[], str]
#: short: it must fit one line of a 40-column terminal (39 characters). "q: all" read as
#: nothing in particular (issue 11, ui5 item 6): q prints the rest without stopping.
MORE = "-- Space: next page, q: all the rest --"
#: the "more" line of a view (notes, board, map, help): q closes it, as in other pagers (T11:
#: q after `board` printed the rest and the board's top scrolled away). A view is shown again by
#: its command, so nothing is lost; the story's own text is never cut short this way.
MORE_VIEW = "-- Space: next page, q: close --"
#: the last page of a view that took more than one: it waits too, so the key that closes it is
#: the pager's (T55, T58, T59: a Space or q pressed there, with the prompt already up, leaked
#: into the next command, "qboard")
MORE_END = "-- end: Space or q to close --"
CURSOR_ANSWERS = re.compile(rb"(?:\x1b\[\d+;\d+R)+")  # cursor-position reports, one or more
MIN_PAGE = 3  # a terminal shorter than this still gets a few lines per key
TURN = (" ", "\r", "\n")  # the keys that turn a page
_SEQUENCE = re.compile(r"\x1b(?:\[[0-9;]*[~A-Za-z]|O.)")  # an arrow, Page Down, a function key
KEPT_LIMIT = 2 * LINE_LIMIT  # typed-ahead text kept for the prompt: a bound, checked as it is kept


#: below this many columns the prompt's toolbar takes two lines (where, then when and the help
#: key): on one line a 40-column terminal kept the clock or the place, never both (T17 to T29)
TWO_LINE_TOOLBAR_BELOW = 60


def toolbar_rows(width: int) -> int:
    """How many lines the prompt's toolbar takes in a terminal ``width`` columns wide: the one
    rule the toolbar and the page height both read."""
    return 2 if width < TWO_LINE_TOOLBAR_BELOW else 1


class Typeahead:
    """What was typed while the pager waited that is not a pager key (a command typed ahead):
    kept here and handed to the next prompt (``GamePrompt`` takes it), so nothing typed is lost."""

    def __init__(self) -> None:
        self._text = ""
        self._over_view = False  # what is kept was typed over a view and closed it (see typed_over_view)
        # Whether the prompt already holds keys typed after its last line (a line typed ahead
        # in the same burst as the command that shows this view); set by the game's wiring.
        self.held: Callable[[], bool] = lambda: False

    def pending(self) -> bool:
        """Keys are waiting for the prompt: the player has typed on, past what is on screen."""
        return bool(self._text) or self.held()

    def keep(self, text: str) -> None:
        self._text = (self._text + text)[:KEPT_LIMIT]

    def close_view(self) -> None:
        """What is kept was typed over a view's "more" line and closed the view."""
        self._over_view = bool(self._text)

    def typed_over_view(self) -> bool:
        """Whether what :meth:`take` gives next closed a view: a line of it ended by Enter may
        be sent as it is shown (game/ui/kept.py); ask before taking."""
        return self._over_view

    def take(self) -> str:
        text, self._text = self._text, ""
        self._over_view = False
        return text


def page_key(typed: str) -> tuple[str, str]:
    """What ``typed`` (read at a "more" line) means, and what is left of it for the prompt:
    ``("key", rest)`` turn the page (Space, Enter, an arrow, Page Down), ``("q", rest)`` show
    the rest at once (q, Esc), ``("typed", typed)`` the start of a command: all of it is kept."""
    if not typed or typed[0] in TURN:
        return "key", typed[1:]
    if typed[:4].lower() == "quit" and not typed[4:5].isalnum():
        return "typed", typed  # the one command that starts with q (T48: q closed, "uit" was left)
    if typed[0] in "qQ":
        return "q", typed[1:]
    if typed[0] == "\x1b":
        sequence = _SEQUENCE.match(typed)
        return ("key", typed[sequence.end():]) if sequence else ("q", typed[1:])
    return "typed", typed


class Pager:
    """Prints renderables a page at a time on ``console``, waiting on ``wait_key`` between pages."""

    def __init__(self, console: Console, wait_key: KeyWait, *, style: str = "",
                 typeahead: Optional[Typeahead] = None) -> None:
        self.console = console
        self.wait_key = wait_key
        self.style = style
        self.typeahead = typeahead if typeahead is not None else Typeahead()
        # Lines printed since the last wait (the last page): what is still on screen above
        # whatever comes next (the renderer folds a menu that would push them off).
        self.tail = 0

    def page_height(self) -> int:
        """The lines a page may fill: the screen less the prompt's line, its toolbar's
        (:func:`toolbar_rows`) and the line the terminal scrolls on."""
        return max(MIN_PAGE, self.console.height - 2 - toolbar_rows(self.console.width))

    def show(self, renderables: Sequence[RenderableType], *, always: bool = False, closable: bool = False,
             hold: bool = False) -> str:
        """Print ``renderables`` a page at a time. Returns ``"done"`` when every page was
        turned, ``"rest"`` when the player asked for the rest at once (``q``, or by typing a
        command, which is kept for the prompt), ``"eof"`` when the input ended and
        ``"interrupt"`` on Ctrl-C; in every case each line is printed, so nothing is lost.
        With ``always`` (the ending) each page waits for a key even over a line typed ahead:
        what was typed ahead is dropped, as the title screen after it drops it (issue 11, T3-10).
        With ``closable`` (a view, not the story's text) q, Esc or a command typed over it close
        it: the rest is not printed (a command is kept for the prompt) and ``"closed"`` is
        returned; a view of more than one page waits on its last page too (:data:`MORE_END`),
        and the key that closes it returns ``"closed"``. With ``hold`` (a new act's opening)
        each page waits even over a line typed ahead, and a command typed at its "more" line
        turns one page and is kept whole for the prompt (T39 typed "xyz" as Friday began: its
        title and new turn length ran past unread)."""
        if always:
            self.typeahead.take()
        console = self.console
        lines = console.render_lines(Group(*renderables), console.options, pad=False)
        height = self.page_height()
        outcome = "done"
        start = 0
        waited = False
        while start < len(lines):
            chunk = lines[start:start + height]
            start += len(chunk)
            self._print(chunk)
            self.tail = len(chunk)
            if start >= len(lines) and closable and waited and outcome == "done" and not self.typeahead.pending():
                return self._close_at_end()
            if start >= len(lines) or outcome != "done":
                continue
            if not (always or hold) and self.typeahead.pending():
                outcome = "rest"  # the next command is typed already: never wait on a key over it
                continue
            # The ending (``always``): a letter typed at its "more" line turns one page, as Space
            # does; it must not pour out the rest unread (T33 typed "xyz" and the last paragraphs
            # scrolled away). q still shows the rest at once.
            outcome = self.more(MORE_VIEW if closable else MORE, any_key=always, keep=hold)
            waited = True
            if outcome in ("q", "typed") and closable:
                # A view closes on q, and on a command typed over it, which is kept for the
                # prompt: the rest of a view is not poured out unread (T21: a "5" at the notes'
                # second page printed some 400 lines). Its command shows it again.
                if outcome == "typed":
                    self.typeahead.close_view()
                return "closed"
            if outcome in ("q", "typed"):
                outcome = "rest"
            elif outcome == "key":
                outcome = "done"
        return outcome

    def _close_at_end(self) -> str:
        """The last page of a view read to its end: a key closes it (``"closed"``); a command
        typed there closes it too and is kept for the prompt; the end of input or Ctrl-C leave
        it shown (``"done"``), as everything is printed."""
        outcome = self.more(MORE_END)
        if outcome == "typed":
            self.typeahead.close_view()
        return "closed" if outcome in ("key", "q", "typed") else "done"

    def more(self, prompt: str, *, any_key: bool = False, keep: bool = False) -> str:
        """Show ``prompt``, wait for a key, erase the prompt. ``"key"``, ``"q"``, ``"typed"``
        (not a pager key: what was typed is kept for the prompt, see :func:`page_key`),
        ``"eof"`` or ``"interrupt"``. With ``any_key`` the first key read is the pager's,
        whatever it is; keys typed ahead with it are still kept."""
        console = self.console
        try:
            # One line, never wrapped: erasing it afterwards clears one line only. Printed inside
            # the try: a Ctrl-C that comes as it appears (before the key wait) is the same Ctrl-C.
            console.print(Text(prompt, style=self.style), end="", no_wrap=True, overflow="ellipsis")
            result, rest = page_key(self.wait_key())
            if any_key and result == "typed":
                result, rest = "key", rest[1:]
            elif keep and result == "typed":  # a page turned, and the command kept whole (see show)
                result = "key"
            self.typeahead.keep(rest)
        except EOFError:
            result = "eof"
        except KeyboardInterrupt:
            result = "interrupt"
        console.control(Control.move_to_column(0), Control((ControlType.ERASE_IN_LINE, 2)))
        return result

    def _print(self, chunk: Sequence[list[Segment]]) -> None:
        print_lines(self.console, chunk)


def print_lines(console: Console, lines: Sequence[list[Segment]]) -> None:
    """Print lines already laid out (``console.render_lines``), so nothing is laid out twice:
    the pager's pages and the renderer's counted output (game/ui/render.py) both print so."""
    segments: list[Segment] = []
    for line in lines:
        segments.extend(s for s in line if not s.control)
        segments.append(Segment.line())
    console.print(Segments(segments), end="")


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
            if not CURSOR_ANSWERS.fullmatch(data) or not data:
                break
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    if not data or data == b"\x04":
        raise EOFError
    if data == b"\x03":  # cbreak keeps signals, but be sure
        raise KeyboardInterrupt
    # All of it: keys typed ahead with the one pressed are the player's too (Pager.more keeps
    # what is not its own for the prompt).
    return data.decode("utf-8", "replace")
