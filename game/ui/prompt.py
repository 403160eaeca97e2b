"""The interactive prompt: prompt_toolkit, with completion that follows the game state
(:mod:`game.ui.completion`). The bottom toolbar shows where and when the player is; function keys type the view commands (listed in
:mod:`game.ui.help`, which ``help`` shows). Input and output are parameters, so tests drive
it with ``create_pipe_input()`` and ``DummyOutput()``.
"""

from __future__ import annotations

from typing import Callable, Optional, Sequence

from prompt_toolkit import PromptSession
from prompt_toolkit.application.current import get_app
from prompt_toolkit.completion import Completer
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import AnyFormattedText, StyleAndTextTuples
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input, create_input
from prompt_toolkit.input.typeahead import get_typeahead, store_typeahead
from prompt_toolkit.key_binding.key_processor import KeyPress
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import Output
from prompt_toolkit.selection import SelectionType
from prompt_toolkit.styles import Style

from game.core.engine import clock_text
from game.core.model import Story
from game.core.state import GameState, Testifying
from game.ui.completion import Playing, game_completer
from game.ui.help import FUNCTION_KEYS, CommandRow
from game.ui.kept import typed_lines
from game.ui.pager import Typeahead, toolbar_rows
from game.ui.look import Look
from game.ui.quitting import QUESTION, QuitAnswer, quit_answer
from game.ui.scene import place_shown, status_parts
from game.ui.text import LINE_LIMIT

STYLE = Style.from_dict({
    "bottom-toolbar": "noreverse bg:#202020 #c0c0c0",
    "bottom-toolbar.key": "bold #ffd75f",
    "bottom-toolbar.place": "bold #ffffff",
    "kept": "italic #c0c0c0",
})
#: said above a prompt that starts with a line typed at a "more" line: it is the player's, and it
#: waits for their Enter (a key typed over a page must not pick a choice unseen: game/ui/kept.py).
#: Without it, the Enter typed with it seemed lost (T17).
KEPT_NOTE = "You typed this early: Enter sends it."  # one line of a 40-column terminal


#: toolbar parts, most important first: the narrowest terminal keeps the first ones. The clock
#: before the place: the scene's panel names the place, and nothing else on screen at the prompt
#: tells the hour (T17, T19, T23, T27 at 40 columns had the place and no clock); a short place
#: still fits beside it.
TOOLBAR_PRIORITY = ("help", "time", "credibility", "clock", "place", "clues", "act")


#: the short form a part takes before any part is dropped (T11 at 40 columns kept only "25
#: turns left": the place and the clue count went for want of a few letters)
SHORT_FORMS = {"time": (" turns left", " turns"), "clues": (" clues", ""),
               "credibility": ("credibility ", "cred. ")}


def toolbar_parts(session: "Playing") -> list[tuple[str, str, str]]:
    """``(kind, style, text)`` for each part of the toolbar, in the order shown."""
    story, state = session.story, session.state
    parts: list[tuple[str, str, str]] = []
    act = story.acts.get(state.act)
    if act:
        parts.append(("act", "", f"Act {act.number}"))
    where = place_shown(story, state)
    if where:
        parts.append(("place", "class:bottom-toolbar.place", where))
    clock = clock_text(story, state)
    if clock:
        parts.append(("clock", "", clock))
    parts.append(("time", "", status_parts(story, state, Look(), place=False)[-1]))
    parts.append(("clues", "", f"{len(state.clues)}/{len(story.clues)} clues"))
    if isinstance(state.mode, Testifying):
        parts.append(("credibility", "", f"credibility {state.credibility}"))
    return parts


def toolbar(session: "Playing", width: Optional[int] = None) -> StyleAndTextTuples:
    """Place, act, clock, turns left, clues found, and the help key, in ``width`` columns (the
    terminal's when not given): parts are dropped least important first, never cut mid-word,
    and "F1 help" always stays. Below :data:`~game.ui.pager.TWO_LINE_TOOLBAR_BELOW` columns it
    takes two lines, where (act, place) over when (clock, turns, clues) and the help key: on one
    line a 40-column terminal kept the clock or the place, never both (T17 to T29)."""
    if width is None:
        width = _columns()
    parts = toolbar_parts(session)
    if toolbar_rows(width) == 1:
        return _fitted(parts, width, with_help=True)
    where = [p for p in parts if p[0] in ("act", "place")]
    when = [p for p in parts if p[0] not in ("act", "place")]
    return [*_fitted(where, width, with_help=False), ("", "\n"), *_fitted(when, width, with_help=True)]


def _fitted(parts: list[tuple[str, str, str]], width: int, *, with_help: bool) -> StyleAndTextTuples:
    """One line of the toolbar: ``parts`` in their short forms and then fewer (least important
    first) until they fit ``width``, then the help key."""
    help_cells = len(" F1 help ") if with_help else 0

    def cells(kept: list[tuple[str, str, str]]) -> int:
        return 1 + sum(len(text) for _k, _s, text in kept) + 3 * max(0, len(kept) - 1) + 2 + help_cells

    if cells(parts) >= width:  # first the short forms, so no part goes for want of a few letters
        parts = [(kind, style, _short(kind, text)) for kind, style, text in parts]
    for kind in reversed(TOOLBAR_PRIORITY):
        if cells(parts) < width:
            break
        parts = [p for p in parts if p[0] != kind]
    out: StyleAndTextTuples = [("", " ")]
    for number, (_kind, style, text) in enumerate(parts):
        if number:
            out.append(("", " · "))
        out.append((style, text))
    if with_help:
        out.append(("", "  " if parts else ""))
        out.append(("class:bottom-toolbar.key", "F1"))
        out.append(("", " help "))
    return out


def _short(kind: str, text: str) -> str:
    """``text`` in its short form (:data:`SHORT_FORMS`): "12 turns", "4/37", "cred. 2"."""
    if kind == "place":  # "The Wellness Suite" -> "Wellness Suite" (T13 at 40 columns lost the place)
        return text[4:] if text.startswith("The ") else text
    if kind not in SHORT_FORMS:
        return text
    long, short = SHORT_FORMS[kind]
    return text.replace(long, short, 1)


def _columns() -> int:
    """The terminal's width as prompt_toolkit sees it (80 outside a running prompt)."""
    try:
        from prompt_toolkit.application.current import get_app_or_none

        app = get_app_or_none()
        return app.output.get_size().columns if app is not None else 80
    except Exception:  # the toolbar must never break the prompt; a wide default is harmless
        return 80


def toolbar_text(session: "Playing", width: Optional[int] = None) -> str:
    """The toolbar as plain text (for tests and screen readers)."""
    return "".join(fragment[1] for fragment in toolbar(session, width))


def limit_keys(keys: list[KeyPress], used: int) -> list[KeyPress]:
    """``keys`` without the typed characters that would take the line past :data:`LINE_LIMIT`
    (``used`` characters are on it already); Enter and every other key are kept.

    A paste without bracketed paste arrives as one key per character, and prompt_toolkit does
    work for each key it is given; dropping the surplus here, before the keys reach it, keeps
    100k pasted characters from freezing the game. The check is a count per batch.
    """
    room = LINE_LIMIT - used
    kept = []
    for key in keys:
        if not isinstance(key.key, Keys):  # a typed character
            if room <= 0:
                continue
            room -= 1
        elif key.key in (Keys.Enter, Keys.ControlM, Keys.ControlJ):
            room = LINE_LIMIT  # a new line starts empty
        kept.append(key)
    return kept


def _limited(source: Input) -> Input:
    """``source`` with :func:`limit_keys` applied to every batch of keys it reads."""
    read, flush = source.read_keys, source.flush_keys

    def used() -> int:
        try:
            return len(get_app().current_buffer.text)
        except Exception:  # no application running: nothing typed yet
            return 0

    source.read_keys = lambda: limit_keys(read(), used())  # type: ignore[method-assign]
    source.flush_keys = lambda: limit_keys(flush(), used())  # type: ignore[method-assign]
    return source


def _select_all() -> None:
    """Select the input line in shift-selection mode, as a dialog's default is: a key typed
    replaces it (prompt_toolkit's own binding), Enter accepts it, an arrow keeps it to edit."""
    buffer = get_app().current_buffer
    buffer.cursor_position = 0
    buffer.start_selection(SelectionType.CHARACTERS)
    if buffer.selection_state is not None:
        buffer.selection_state.enter_shift_mode()
    buffer.cursor_position = len(buffer.text)


def key_bindings() -> KeyBindings:
    """Function keys that type a command and press Enter (the list lives in help, shown to players)."""
    bindings = KeyBindings()
    for key, _shown, command in FUNCTION_KEYS:
        def typed(event, command: str = command) -> None:
            buffer = event.app.current_buffer
            buffer.text = command
            buffer.validate_and_handle()

        bindings.add(key)(typed)

    @bindings.add(Keys.BracketedPaste)
    def _paste(event) -> None:
        # A bracketed paste comes as one event: only its first line, and only what fits.
        buffer = event.current_buffer
        room = max(0, LINE_LIMIT - len(buffer.text))
        data = event.data.replace("\r\n", "\n").replace("\r", "\n").split("\n", 1)[0]
        buffer.insert_text(data[:room])

    @bindings.add(Keys.Escape, eager=True)
    def _escape(event) -> None:
        # Esc at once, never as a prefix: otherwise "Esc 2" is Emacs's "repeat 2" and the 2 is
        # lost. On an empty line Esc is an answer of its own (the loop shows the scene again: a
        # player closing a view, as in a pager); on a typed line it closes the completions, and
        # pressed again (or with none open) clears the half-typed line (T7 expected it to).
        buffer = event.current_buffer
        if buffer.complete_state is not None:
            buffer.cancel_completion()
        elif buffer.text:
            buffer.reset()
        else:
            event.app.exit(result="\x1b")

    @bindings.add(Keys.Vt100MouseEvent)
    def _typed_escape(event) -> None:
        # A typed "ESC [ 3 1 m" parses as a mouse report, and prompt_toolkit's own handler
        # fails on it with a traceback. The game never turns the mouse on, so any "mouse event"
        # is typed bytes: drop it and keep the line as it was.
        pass

    return bindings


class GamePrompt:
    """One prompt_toolkit session for the whole game: the main prompt, sub-prompts, the menu.

    ``read`` raises ``EOFError`` on Ctrl-D and ``KeyboardInterrupt`` on Ctrl-C, as ``input``
    does; the game loop decides what they mean.
    """

    def __init__(self, session: Optional["Playing"] = None, *, commands: Sequence[CommandRow] = (),
                 input: Optional[Input] = None, output: Optional[Output] = None,
                 slots: Callable[[], Sequence[str]] = lambda: (),
                 typeahead: Optional[Typeahead] = None) -> None:
        # The title menu runs before there is a game, so the session may come later (attach).
        # ``commands`` is the loop's command table: what the first word completes to.
        # ``typeahead`` (the pager's) holds keys typed while something else read the keyboard:
        # the next prompt starts with them in its input line, never sent unseen
        # (game/ui/kept.py), unless they closed a view (then a line Enter ended is sent); lines
        # beyond the first wait for the prompts after it. Without one, nothing is ever kept.
        self.session = session
        self.kept: list[tuple[str, bool]] = []  # (line, whether an Enter typed after it ended it)
        self.slots = slots
        self.typeahead = typeahead if typeahead is not None else Typeahead()
        self.completer = game_completer(self, commands, lambda: self.slots())
        self.escape_leaves = False  # while a typed answer is asked: Esc leaves it (see typed)
        bindings = key_bindings()

        @bindings.add("escape", eager=True, filter=Condition(lambda: self.escape_leaves))
        def _leave(event) -> None:
            event.app.exit(result="")

        self.prompt_session: PromptSession[str] = PromptSession(
            history=InMemoryHistory(), completer=self.completer, complete_while_typing=False,
            key_bindings=bindings, style=STYLE, input=_limited(input or create_input()), output=output,
            reserve_space_for_menu=4,
        )

    def attach(self, session: "Playing", slots: Optional[Callable[[], Sequence[str]]] = None) -> None:
        """The game whose state the completion and the toolbar follow from now on."""
        self.session = session
        if slots is not None:
            self.slots = slots

    # The completers read ``story`` and ``state`` from here, so they follow attach().
    @property
    def story(self) -> Story:
        assert self.session is not None, "attach a session before reading game lines"
        return self.session.story

    @property
    def state(self) -> GameState:
        assert self.session is not None, "attach a session before reading game lines"
        return self.session.state

    def _ask(self, prompt: str, *, completer: Optional[Completer], toolbar_on: bool, offer: bool = True) -> str:
        # ``offer``: start with a kept line (not at the Ctrl-C question: its input is y or Enter).
        # Set on the session itself: prompt()'s keyword arguments treat None as "unchanged".
        ps = self.prompt_session
        ps.completer = completer
        session = self.session
        # No bar for a game that has ended (T44: the Ctrl-C question at the title after the ending
        # still showed "Act 3 · The Reception Hall · 15:20 · 12 turns left")
        playing = session is not None and not session.state.ended
        ps.bottom_toolbar = (lambda: toolbar(session)) if toolbar_on and playing else None
        over_view = self.typeahead.typed_over_view()  # asked before take(), which forgets it
        lines = typed_lines(self.typeahead.take())
        send = over_view and offer and not self.kept and bool(lines) and lines[0][1]
        self.kept.extend(lines)
        default, ended = self.kept.pop(0) if self.kept and offer else ("", False)
        if send:  # typed over a view with its Enter: shown on the prompt line and sent (T24)
            return ps.prompt(prompt, default=default, accept_default=True)
        message: AnyFormattedText = [("class:kept", KEPT_NOTE + "\n"), ("", prompt)] if default else prompt
        # A whole line typed early (its Enter with it) is offered selected: Enter sends it, and
        # typing replaces it (T27 typed "0" again and sent "00": the second 0 seemed lost). A
        # line typed only in part is not: the player is still typing it.
        return ps.prompt(message, default=default, pre_run=_select_all if ended else None)

    def drop_kept(self) -> None:
        """A new screen (the title after an ending): what was typed at the one before is
        not for it; dropped, with any keys prompt_toolkit holds from the last line's burst."""
        self.typeahead.take()
        self.kept.clear()
        get_typeahead(self.prompt_session.input)

    def holds_keys(self) -> bool:
        """Whether keys typed past the last line wait for the next prompt (prompt_toolkit keeps
        what came in the same burst as Enter); they are left where they are."""
        source = self.prompt_session.input
        keys = get_typeahead(source)
        if keys:
            store_typeahead(source, keys)
        return bool(keys)

    def read(self, prompt: str) -> str:
        """A line for the game loop: commands, choices and arguments complete."""
        return self._ask(prompt, completer=self.completer, toolbar_on=True)

    def answer(self, prompt: str) -> str:
        """An answer to a question the game asked (a board slot): the toolbar, no completion."""
        return self._ask(prompt, completer=None, toolbar_on=True)

    def typed(self, prompt: str) -> str:
        """A typed answer (a password): no completion; Esc leaves it, as an empty line does."""
        self.escape_leaves = True
        try:
            return self._ask(prompt, completer=None, toolbar_on=True)
        finally:
            self.escape_leaves = False

    def menu(self, prompt: str) -> str:
        """A question before the game is on screen (the title menu): no toolbar, no completion;
        nothing typed at an earlier screen is offered here."""
        self.drop_kept()
        return self._ask(prompt, completer=None, toolbar_on=False)

    def confirm(self) -> QuitAnswer:
        """Asked on Ctrl-C: whether to quit. Enter or no keeps playing; anything else typed is
        handed back to the screen behind the question (see :mod:`game.ui.quitting`)."""
        try:
            typed = self._ask(QUESTION, completer=None, toolbar_on=True, offer=False)
        except (KeyboardInterrupt, EOFError):
            return QuitAnswer(True)  # a second Ctrl-C (or Ctrl-D) at the question means yes
        return quit_answer(typed)
