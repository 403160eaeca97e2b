"""Completion at the game's prompt, following the game state: small completers merged into
one (:func:`game_completer`): command names (the first word), the people a choice talks to
(after ``talk``), the argument of a command (clue names after ``present``, deductions after
``deduce``, people after ``suspects``, slots after ``save``/``load``), and the words of the
choices on the menu now. prompt_toolkit's own shape: each a ``Completer``, merged."""

from __future__ import annotations

import re
from typing import Callable, Iterable, Protocol, Sequence

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, merge_completers
from prompt_toolkit.document import Document

from game.core.engine import is_done, menu_actions, number_of
from game.core import mystery
from game.core.mystery import numbered_clues
from game.core.model import Story
from game.core.people import NAMING_TALK, called, talk_choices
from game.core.state import GameState
from game.ui.help import CommandRow
from game.ui.text import clean, shown

_WORD = re.compile(r"[\w'’-]+")


class Playing(Protocol):
    """What the prompt follows of the game in progress (the play loop's session has both)."""

    @property
    def story(self) -> Story: ...

    @property
    def state(self) -> GameState: ...


def _first_word(document: Document) -> tuple[str, bool]:
    """The first word typed, and whether the cursor is past it (completing an argument)."""
    before = document.text_before_cursor.lstrip()
    word, space, _rest = before.partition(" ")
    return word.lower(), bool(space)


class CommandCompleter(Completer):
    """Command names while the first word is being typed (the loop's command table)."""

    def __init__(self, commands: Sequence[CommandRow]) -> None:
        self.commands = tuple(commands)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        word, past = _first_word(document)
        if past:
            return
        for name, args, text, _completes in self.commands:
            if name.startswith(word):
                # A command that takes words gets its space too: T26's "exa", Tab, then "all"
                # ran on as "examineall".
                yield Completion(name + " " if args else name, start_position=-len(word), display=name,
                                 display_meta=text)


class ChoiceCompleter(Completer):
    """Words from the choices on the menu now (a unique word picks its choice); during a
    testimony these include press, next, previous and stop."""

    def __init__(self, session: "Playing", commands: Sequence[CommandRow]) -> None:
        self.session = session
        self.names = frozenset(row[0] for row in commands)
        self.with_argument = frozenset(row[0] for row in commands if row[1])

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        first, past = _first_word(document)
        if past and (first in self.with_argument or first in NAMING_TALK):
            return  # the argument's own completer answers (TalkCompleter after "talk")
        word = document.get_word_before_cursor(WORD=True).lower()
        if word.isdigit():
            return
        for token, label in choice_words(self.session.story, self.session.state):
            if token.startswith(word) and token not in self.names:
                yield Completion(token, start_position=-len(word), display_meta=label)


def choice_words(story: Story, state: GameState) -> list[tuple[str, str]]:
    """(word, the choice it is from) for each word of three letters or more in the menu's
    choices now, once each; lines kept only for their number ("(done)") give none."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for action in menu_actions(story, state):
        if is_done(story, state, action):
            continue  # a line kept on the menu only for its number: nothing to complete to
        for token in _WORD.findall(clean(action.label).lower()):
            if len(token) > 2 and token not in seen:
                seen.add(token)
                out.append((token, shown(action.label, 40)))
    return out


class TalkCompleter(Completer):
    """After ``talk`` (or ``talk to``): the people a choice on the menu talks to now, as the
    player calls them (T18: ``talk `` and Tab offered the words of every choice)."""

    def __init__(self, session: "Playing") -> None:
        self.session = session

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        first, past = _first_word(document)
        if not past or first not in NAMING_TALK:
            return
        rest = document.text_before_cursor.lstrip()[len(first):].lstrip()
        head, space, tail = rest.partition(" ")
        if space and head.lower() in ("to", "with"):
            rest = tail
        for number, name in people_to_talk_to(self.session.story, self.session.state):
            if name.lower().startswith(rest.lower()):
                yield Completion(name, start_position=-len(rest), display_meta=f"choice {number}")


def people_to_talk_to(story: Story, state: GameState) -> list[tuple[int, str]]:
    """(menu number, what the player calls them) for each person a choice on the menu now
    opens a conversation with."""
    actions = menu_actions(story, state)
    return [(number_of(actions, action), called(story, state, person))
            for action, person in talk_choices(story, state, actions) if not is_done(story, state, action)]


class ArgumentCompleter(Completer):
    """The argument of a command whose row says what it names: a clue, a deduction, a person
    or a save slot."""

    def __init__(self, session: "Playing", commands: Sequence[CommandRow],
                 slots: Callable[[], Sequence[str]] = lambda: ()) -> None:
        self.session = session
        self.kinds = {row[0]: row[3] for row in commands if row[3]}
        self.slots = slots

    def candidates(self, kind: str) -> list[tuple[str, str]]:
        """(text to insert, note) pairs for an argument of ``kind``."""
        story, state = self.session.story, self.session.state
        if kind == "clue":
            return [(clean(story.clues[c].name), f"clue {n}") for n, c in numbered_clues(story, state)]
        if kind == "deduction":
            return [(str(n), clean(d.title)) for n, d in mystery.board(story, state)
                    if d.id not in state.confirmed]
        if kind == "person":
            return [(clean(p.name), clean(p.role)) for p in mystery.known_people(story, state)]
        if kind == "sight":  # what `examine` looks at: clues, people known, the things the choices name (T15)
            return [*self.candidates("clue"), *self.candidates("person"), *choice_words(story, state)]
        if kind == "slot":
            try:
                return [(clean(s), "slot") for s in self.slots()]
            except Exception:  # a listing problem must never break typing; `saves` will say why
                return []
        return []

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        first, past = _first_word(document)
        if not past or first not in self.kinds:
            return
        typed = document.text_before_cursor.lstrip()[len(first):].lstrip()
        for text, note in self.candidates(self.kinds[first]):
            if text.lower().startswith(typed.lower()) or any(w.startswith(typed.lower()) for w in text.lower().split()):
                yield Completion(text, start_position=-len(typed), display_meta=note)


def game_completer(session: "Playing", commands: Sequence[CommandRow],
                   slots: Callable[[], Sequence[str]] = lambda: ()) -> Completer:
    """The completers as one, over the loop's command table."""
    return merge_completers([CommandCompleter(commands), ArgumentCompleter(session, commands, slots),
                             TalkCompleter(session), ChoiceCompleter(session, commands)])
