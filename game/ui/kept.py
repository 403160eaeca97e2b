"""Keys typed while the game was not asking (at a pager's "more" line): kept, never acted on
unseen (issue 11, item 13).

The pager keeps what it reads that is not its own (:class:`game.ui.pager.Typeahead`); the next
prompt starts with it *in its input line*, one line at a time, for the player to send with
Enter or edit. An Enter typed with those keys ends a line; it does not send it: "1⏎" typed
while the intro paged must not pick choice 1 before the menu is on screen. Over a view (notes,
board, map, help) nothing unseen is left, so a line typed there, Enter and all, is sent as it
shows (T24 read the waiting line as an Enter lost).
"""

from __future__ import annotations

from prompt_toolkit.input.vt100_parser import Vt100Parser
from prompt_toolkit.key_binding.key_processor import KeyPress
from prompt_toolkit.keys import Keys

from game.ui.text import LINE_LIMIT

_ENTER = (Keys.Enter, Keys.ControlM, Keys.ControlJ)
_RUB = (Keys.Backspace, Keys.ControlH)
MAX_LINES = 8  # a bound on what is kept: more lines typed blind than this are not commands


def kept_lines(text: str) -> list[str]:
    """The lines in ``text`` (as read from a terminal) as the player would see them typed:
    characters kept, Backspace applied, Enter ends a line, other keys (arrows, function
    keys) dropped; empty lines dropped; each line within LINE_LIMIT, at most MAX_LINES."""
    return [line for line, _ended in typed_lines(text)]


def typed_lines(text: str) -> list[tuple[str, bool]]:
    """:func:`kept_lines`, each with whether an Enter typed after it ended it (a line typed
    over a view, Enter and all, may be sent: see game/ui/prompt.py)."""
    keys: list[KeyPress] = []
    parser = Vt100Parser(keys.append)
    parser.feed(text)
    parser.flush()
    lines: list[tuple[str, bool]] = []
    line = ""
    for key in keys:
        if key.key in _ENTER:
            lines.append((line, True))
            line = ""
        elif key.key in _RUB:
            line = line[:-1]
        elif key.key == Keys.BracketedPaste:
            *whole, line = (line + key.data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
            lines.extend((x, True) for x in whole)
        elif not isinstance(key.key, Keys) and key.data.isprintable():
            line += key.data
    lines.append((line, False))
    return [(x[:LINE_LIMIT], ended) for x, ended in ((s.strip(), e) for s, e in lines) if x][:MAX_LINES]
