"""The optional text-reveal effect: the author's prose typed out a few words at a time.

Off unless the player asks for it (``--reveal`` or ``GHOSTLIGHT_REVEAL=1``), never in the
plain look, and any key (or Ctrl-C) shows the rest at once. The key check is injected so
tests run without a terminal.
"""

from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, ContextManager, Iterator, Optional, Union

from rich.console import Console, RenderableType
from rich.segment import Segment, Segments

from game.ui.pager import CURSOR_ANSWERS, page_key

if TYPE_CHECKING:
    from game.ui.pager import Typeahead

#: whether a key was pressed: the keys read (a str, kept for the prompt) or True/False
KeyCheck = Callable[[], Union[bool, str]]
_PIECES = re.compile(r"\S+\s*|\s+")


class Reveal:
    """Prints renderables word by word, ``delay`` seconds apart, until a key is pressed.

    ``keys`` opens the keyboard for the length of one reveal and yields a :data:`KeyCheck`
    (see :func:`tty_keys`); tests pass a fake. ``typeahead`` (the pager's
    :class:`game.ui.pager.Typeahead`) keeps what was typed for the next prompt, as the pager
    does: Space, Enter or q only show the rest; a command typed over the text is kept whole.
    """

    def __init__(self, console: Console, keys: Callable[[], ContextManager[KeyCheck]], *,
                 delay: float = 0.018, sleep: Callable[[float], None] = time.sleep,
                 typeahead: Optional["Typeahead"] = None) -> None:
        self.console = console
        self.keys = keys
        self.delay = delay
        self.sleep = sleep
        self.typeahead = typeahead

    def print(self, renderable: RenderableType) -> None:
        try:
            with self.keys() as pressed:
                self._print(renderable, pressed)
        except OSError:
            # The terminal went away or refused cbreak mode: show the text the ordinary way.
            self.console.print(renderable)

    def _print(self, renderable: RenderableType, key_pressed: KeyCheck) -> None:
        console = self.console
        lines = console.render_lines(renderable, console.options, pad=False)
        # Every line cut into words (with their styles), so a skip can print exactly the rest.
        pieces: list[Segment] = []
        for line in lines:
            for segment in line:
                if segment.control:
                    continue
                pieces.extend(Segment(m.group(), segment.style) for m in _PIECES.finditer(segment.text))
            pieces.append(Segment.line())
        for index, piece in enumerate(pieces):
            try:
                console.print(Segments([piece]), end="")
                if piece.text.strip():
                    self.sleep(self.delay)
                    typed = key_pressed()
                    if typed:
                        self._keep(typed)
                        break
            except KeyboardInterrupt:
                # Ctrl-C during the effect means "enough", not "quit": the rest appears at once.
                break
        else:
            return
        console.print(Segments(pieces[index + 1:]), end="")


    def _keep(self, typed: Union[bool, str]) -> None:
        """What was typed to stop the effect, for the next prompt (never acted on unseen: the
        prompt shows it in its input line, game/ui/kept.py), less a key that only skips."""
        if isinstance(typed, str) and self.typeahead is not None:
            _meaning, rest = page_key(typed)
            self.typeahead.keep(rest)


def wanted(flag: bool, environ: Optional[dict] = None) -> bool:
    """Whether the player asked for the effect: the flag, or ``GHOSTLIGHT_REVEAL`` set to 1/yes/on."""
    env = os.environ if environ is None else environ
    return flag or env.get("GHOSTLIGHT_REVEAL", "").strip().lower() in ("1", "yes", "on", "true")


@contextmanager
def tty_keys(fd: int) -> Iterator[KeyCheck]:
    """A key check for a POSIX terminal: cbreak mode while the effect runs; keys are consumed."""
    import select
    import termios
    import tty

    saved = termios.tcgetattr(fd)
    try:
        # TCSANOW, not the default TCSAFLUSH, which would throw away keys typed between two
        # reveals (the command a player types over the text; seen lost under load in a test).
        tty.setcbreak(fd, termios.TCSANOW)

        def pressed() -> str:
            ready, _, _ = select.select([fd], [], [], 0)
            if not ready:
                return ""
            data = os.read(fd, 1024)
            if not data:  # the terminal closed: show the rest
                return " "
            if CURSOR_ANSWERS.fullmatch(data):  # the terminal's late answer to "where is the cursor?"
                return ""
            return data.decode("utf-8", "replace")  # every key: the prompt gets what is not a skip

        yield pressed
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
