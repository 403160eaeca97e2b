"""What the player typed, understood: a menu action, a command, or a helpful refusal."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional, Union

from game.engine import Action, Leave, Next, Press, Previous, available_actions
from game.model import Story
from game.state import GameState, Testifying

MAX_LINE = 500

#: command -> one line of help; the order is the order `help` lists them
COMMANDS: dict[str, str] = {
    "look": "show the scene again",
    "notes": "your notebook of clues, by kind",
    "suspects": "the people in the case and what you know of each",
    "board": "the deductions; `deduce N` to try one",
    "deduce": "fill and check a deduction on the board: deduce N",
    "timeline": "the night, rebuilt from the clues you hold",
    "map": "the school, and which places are open",
    "present": "present a clue against the statement in front of you: present N or present NAME",
    "accuse": "make the accusation (once only)",
    "hint": "a nudge toward what to look for next",
    "save": "save the game: save [slot]",
    "load": "load a saved game: load [slot]",
    "saves": "list your saved games",
    "undo": "take back your last action",
    "history": "what has happened so far",
    "help": "this list",
    "quit": "save and leave the game",
}
#: commands that take an argument; the others, followed by more words, may be a choice instead
ARGUMENT_COMMANDS = {"present", "deduce", "save", "load"}
ALIASES = {"clues": "notes", "notebook": "notes", "l": "look", "?": "help", "exit": "quit", "q": "quit",
           "people": "suspects", "h": "help", "m": "map", "n": "notes", "b": "board", "u": "undo"}
# Words that act on a testimony directly, when that action is offered.
TESTIMONY_WORDS = {"press": Press, "next": Next, "prev": Previous, "previous": Previous,
                   "back": Previous, "leave": Leave, "stop": Leave}


@dataclass(frozen=True)
class Command:
    """A command that is not a story action: ``name`` from :data:`COMMANDS`, ``arg`` the rest."""

    name: str
    arg: str = ""


@dataclass(frozen=True)
class Problem:
    """Input that could not be understood, with what to say to the player."""

    message: str


Understood = Union[Action, Command, Problem]


def understand(story: Story, state: GameState, line: str,
               actions: Optional[tuple[Action, ...]] = None) -> Understood:
    """Turn a typed line into an action from the menu, a command, or a :class:`Problem`."""
    if actions is None:
        actions = available_actions(story, state)
    text = line.strip()
    if not text:
        return Problem(_menu_hint(actions))
    if len(text) > MAX_LINE:
        return Problem(f"That is {len(text)} characters; nothing here needs more than {MAX_LINE}.")
    if re.fullmatch(r"[+-]?\d+", text):
        number = int(text)
        if 1 <= number <= len(actions):
            return actions[number - 1]
        if not actions:
            return Problem("There is nothing to choose now. Type 'help' for commands.")
        return Problem(f"Choose a number from 1 to {len(actions)}.")
    word, _, rest = text.partition(" ")
    word = word.lower()
    word = ALIASES.get(word, word)
    if word in TESTIMONY_WORDS and isinstance(state.mode, Testifying) or word in ("leave", "stop"):
        wanted = TESTIMONY_WORDS[word]
        for action in actions:
            if isinstance(action, wanted):
                return action
    if word in COMMANDS:
        if rest.strip() and word not in ARGUMENT_COMMANDS:
            # "look under the piano" is a choice, not the `look` command with stray words.
            matches = _by_words(text, actions)
            if len(matches) == 1:
                return matches[0]
        return Command(word, rest.strip())
    matches = _by_words(text, actions)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(f"{actions.index(a) + 1}" for a in matches[:6])
        return Problem(f"That matches more than one choice ({listed}); type its number.")
    return Problem(_unknown(word, actions))


def _by_words(text: str, actions: tuple[Action, ...]) -> list[Action]:
    """Actions whose label contains every typed word (a unique word picks a choice)."""
    words = [w for w in re.findall(r"[\w']+", text.lower()) if w]
    if not words:
        return []
    found = []
    for action in actions:
        label_words = re.findall(r"[\w']+", getattr(action, "label", "").lower())
        if all(any(lw.startswith(w) for lw in label_words) for w in words):
            found.append(action)
    return found


def _menu_hint(actions: tuple[Action, ...]) -> str:
    if actions:
        return f"Type a number from 1 to {len(actions)}, a word from a choice, or 'help'."
    return "Type 'help' for the commands."


def _unknown(word: str, actions: tuple[Action, ...]) -> str:
    vocabulary = list(COMMANDS) + sorted({w for a in actions for w in re.findall(r"[a-z']+", a.label.lower())
                                          if len(w) > 3})
    close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.7)
    shown = word if len(word) <= 30 else word[:27] + "..."
    suggestion = f" Did you mean '{close[0]}'?" if close else ""
    return f"I don't understand '{shown}'.{suggestion} {_menu_hint(actions)}"
