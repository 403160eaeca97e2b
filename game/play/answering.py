"""Asking the player for a typed answer (a password); whether they are sure of a presentation
is asked in game/play/presenting.py.

The engine offers a choice that asks for an answer as :class:`game.core.engine.Typed` with no
text; when the player picks it, :func:`ask_answer` asks for the text and hands back the action
to play, or ``None`` when the player cancels (Esc, Ctrl-C, end of input, an empty line):
then nothing is spent and the menu is shown again. Whether the answer is right is the
engine's to say (:mod:`game.core.answers`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from game.core import engine as e
from game.ui.text import shown

if TYPE_CHECKING:
    from game.play.session import Game

CANCELLED = "You leave it for now. Nothing was spent."


def ask_answer(game: "Game", action: e.Typed) -> Optional[e.Typed]:
    """The answer the player types for ``action``'s choice, as the action to play; ``None`` when
    they cancel. The prompt is the story's; the typed text is never read as markup."""
    scene = game.story.scenes[game.state.scene]
    choice = next((c for c in scene.choices if c.id == action.choice), None)
    if choice is None or choice.answer is None:
        return None
    game.r.notice("Type your answer and press Enter (an empty line, Esc or Ctrl-C leaves it).")
    try:
        text = game.ask_text(f"{shown(choice.answer.prompt, 60)}: ")
    except (EOFError, KeyboardInterrupt):
        text = ""
    if not text.strip():
        game.r.notice(CANCELLED)
        return None
    return e.Typed(action.choice, text.strip(), f"{action.label}: {shown(text, 40)}")


__all__ = ["ask_answer", "CANCELLED"]
