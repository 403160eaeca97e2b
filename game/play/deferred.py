"""The game's prompt, built the first time it is needed rather than before the first screen.

Importing prompt_toolkit and building its session takes about as long as everything else the
game does before its first screen, so the scene (or the title menu) is drawn first and the
prompt comes up while the player starts reading it. Keys typed in that moment are not lost:
they wait in the terminal's input queue, and the prompt reads them as soon as it is up.
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Callable, Optional, Sequence

from game.play.registry import command_table
from game.ui.quitting import QuitAnswer

if TYPE_CHECKING:
    from game.play.session import Session
    from game.ui.pager import Typeahead
    from game.ui.prompt import GamePrompt


def _hold_interrupts() -> Optional[set]:
    if not hasattr(signal, "pthread_sigmask"):  # Windows: nothing to hold
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_interrupts(held: Optional[set]) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class DeferredPrompt:
    """Stands in for :class:`game.ui.prompt.GamePrompt` until its first question."""

    def __init__(self, build: Optional[Callable[..., "GamePrompt"]] = None, *,
                 typeahead: Optional["Typeahead"] = None,
                 reading: Callable[[Callable[..., str]], Callable[..., str]] = lambda read: read) -> None:
        # ``build(session, commands=..., slots=...)`` makes the real prompt; tests pass one with
        # pipe input. ``commands`` is the registry's table, which the completer offers.
        # ``typeahead``: keys the pager read that were not its own (GamePrompt's argument).
        self._build = build
        self._typeahead = typeahead
        self._prompt: Optional["GamePrompt"] = None
        self._session: Optional["Session"] = None
        self._slots: Callable[[], Sequence[str]] = lambda: ()
        # ``reading(read)``: ``read`` marked as waiting for keys (game.ui.keys.Interrupts.reader),
        # so a Ctrl-C pressed while the game printed is raised at the question, which asks.
        self._reading = reading

    @property
    def prompt(self) -> "GamePrompt":
        """The real prompt (prompt_toolkit is imported on the first call)."""
        if self._prompt is None:
            # Ctrl-C while prompt_toolkit loads must not cut an import in half: hold the signal
            # until the prompt is built; it then arrives as a Ctrl-C at the prompt (which asks).
            held = _hold_interrupts()
            try:
                build = self._build
                if build is None:
                    from game.ui.prompt import GamePrompt as build
                self._prompt = build(self._session, commands=command_table(), slots=self._slots)
                if self._typeahead is not None:
                    self._prompt.typeahead = self._typeahead
            finally:
                _release_interrupts(held)
        return self._prompt

    def attach(self, session: "Session", slots: Optional[Callable[[], Sequence[str]]] = None) -> None:
        """The game whose state the completion and the toolbar follow (see GamePrompt.attach)."""
        if self._prompt is not None:
            self._prompt.attach(session, slots)
            return
        self._session = session
        if slots is not None:
            self._slots = slots

    def holds_keys(self) -> bool:
        """See GamePrompt.holds_keys; nothing is held before the prompt is built."""
        return self._prompt is not None and self._prompt.holds_keys()

    def read(self, prompt: str) -> str:
        return self._reading(self.prompt.read)(prompt)

    def answer(self, prompt: str) -> str:
        return self._reading(self.prompt.answer)(prompt)

    def typed(self, prompt: str) -> str:
        return self._reading(self.prompt.typed)(prompt)

    def menu(self, prompt: str) -> str:
        return self._reading(self.prompt.menu)(prompt)

    def confirm(self) -> "QuitAnswer":
        try:
            return self._reading(self.prompt.confirm)()
        except KeyboardInterrupt:  # a second Ctrl-C, kept from before the question: yes
            return QuitAnswer(True)
