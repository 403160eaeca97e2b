"""The one loop: read a line, understand it, step the engine, draw what happened.

The loop owns no I/O of its own: it is handed a ``read`` function (which may raise
``EOFError`` or ``KeyboardInterrupt``) and a :class:`Renderer`, so tests drive it with lists
of lines and a Console writing to a buffer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from game import engine as e
from game import mystery
from game.model import Story
from game.state import GameState, Testifying
from game.ui.commands import Command, Problem, understand
from game.ui.render import Renderer

Reader = Callable[[str], str]


class QuitGame(Exception):
    """The player asked to leave."""


@dataclass
class Session:
    """A game in progress: the story, the current state, and what came before (for undo)."""

    story: Story
    state: GameState
    undo: list[GameState] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    hint_level: int = 0

    def apply(self, action: e.Action) -> tuple[e.GameEvent, ...]:
        new, events = e.step(self.story, self.state, action)
        if new is not self.state:
            self.undo.append(self.state)
            self.transcript.append(action.label or type(action).__name__)
            self.state = new
        return events


class Game:
    """Runs a :class:`Session` against a reader and a renderer until the player stops."""

    def __init__(self, session: Session, renderer: Renderer, read: Reader, *,
                 confirm_quit: Optional[Callable[[], bool]] = None) -> None:
        self.session = session
        self.r = renderer
        self.read = read
        self.confirm_quit = confirm_quit

    @property
    def story(self) -> Story:
        return self.session.story

    @property
    def state(self) -> GameState:
        return self.session.state

    def run(self, opening: tuple[e.GameEvent, ...] = ()) -> int:
        """Play until the story ends, the input ends, or the player quits; returns an exit code."""
        self.r.events(opening, self.state)
        if not opening:
            self.look()
        self.show_menu()
        while True:
            try:
                line = self.read(self.prompt())
            except EOFError:
                self.r.say()
                self.r.notice("Goodbye.")
                return 0
            except KeyboardInterrupt:
                if self.confirm_quit is not None and not self.confirm_quit():
                    continue
                self.r.say()
                self.r.notice("Interrupted. Goodbye.")
                return 0
            try:
                self.handle(line)
            except QuitGame:
                self.r.notice("Goodbye.")
                return 0
            if self.state.ended:
                return 0

    def prompt(self) -> str:
        return "> "

    # -- one line ---------------------------------------------------------------------------

    def handle(self, line: str) -> None:
        understood = understand(self.story, self.state, line)
        if isinstance(understood, Problem):
            self.r.notice(understood.message)
            return
        if isinstance(understood, Command):
            self.command(understood)
            return
        self.act(understood)

    def act(self, action: e.Action) -> None:
        events = self.session.apply(action)
        self.r.events(events, self.state)
        if not self.state.ended:
            self.show_menu()

    def show_menu(self) -> None:
        if not self.state.ended:
            self.r.menu(self.state, e.available_actions(self.story, self.state))

    def look(self) -> None:
        scene = self.story.scenes[self.state.scene]
        title = scene.title or (self.story.places[scene.place].name if scene.place else scene.id)
        self.r.heading(title, self.r.status(self.state))
        text = scene.revisit if self.state.visit_count(scene.id) > 1 and scene.revisit else scene.text
        self.r.event(e.Narration(text, "scene"), self.state)

    def command(self, command: Command) -> None:
        name, arg = command.name, command.arg
        if name == "quit":
            raise QuitGame()
        if name == "look":
            self.look()
            self.show_menu()
        elif name == "notes":
            self.r.notes(self.state)
        elif name == "suspects":
            self.r.suspects(self.state)
        elif name == "board":
            self.r.board(self.state)
        elif name == "timeline":
            self.r.timeline(self.state)
        elif name == "map":
            self.r.map(self.state)
        elif name == "help":
            self.r.help()
        elif name == "history":
            self.r.history(self.session.transcript)
        elif name == "hint":
            self.hint()
        elif name == "undo":
            self.undo()
        elif name == "present":
            self.present(arg)
        elif name == "accuse":
            self.act(e.Accuse())
        elif name == "deduce":
            self.deduce(arg)
        else:
            self.r.notice(f"'{name}' is not available in this version of the game.")

    # -- commands with arguments ------------------------------------------------------------

    def find_clue(self, text: str) -> Optional[str]:
        """A held clue by its notebook number, its id, or words of its name."""
        held = self.r.clue_order(self.state)
        text = text.strip()
        if re.fullmatch(r"\d+", text):
            number = int(text)
            return held[number - 1] if 1 <= number <= len(held) else None
        if text in self.story.clues:
            return text
        words = text.lower().split()
        found = [c for c in held if all(w in self.story.clues[c].name.lower() for w in words)]
        return found[0] if len(found) == 1 else None

    def present(self, arg: str) -> None:
        if not isinstance(self.state.mode, Testifying):
            self.r.notice("There is no statement in front of you. Open a testimony first.")
            return
        if not arg:
            self.r.notice("Present which clue? Type 'present N' with N from your notes.")
            self.r.notes(self.state)
            return
        clue = self.find_clue(arg)
        if clue is None:
            self.r.notice(f"No clue in your notebook matches '{arg[:40]}'. Type 'notes' to see them numbered.")
            return
        self.act(e.Present(clue, f"Present {self.story.clues[clue].name}"))

    def deduce(self, arg: str) -> None:
        deductions = list(self.story.deductions.values())
        if not deductions:
            self.r.notice("This story has no board.")
            return
        arg = arg.strip()
        chosen = None
        if re.fullmatch(r"\d+", arg) and 1 <= int(arg) <= len(deductions):
            chosen = deductions[int(arg) - 1]
        elif arg in self.story.deductions:
            chosen = self.story.deductions[arg]
        if chosen is None:
            self.r.board(self.state)
            self.r.notice(f"Type 'deduce N' with N from 1 to {len(deductions)}.")
            return
        if chosen.id in self.state.confirmed:
            self.r.notice(f"'{chosen.title}' is already confirmed.")
            return
        self.r.heading(chosen.title, chosen.question)
        answers = []
        for slot in chosen.slots:
            value = self.ask_slot(slot)
            if value is None:
                self.r.notice("You leave the board as it was.")
                return
            answers.append((slot.id, value))
        self.act(e.Deduce(chosen.id, tuple(answers), f"Deduce: {chosen.title}"))

    def ask_slot(self, slot) -> Optional[str]:
        """Ask for one board slot; None when the player cancels or the input ends."""
        if slot.kind == "options":
            options = list(slot.options)
        elif slot.kind == "suspect":
            options = [(p.id, p.name) for p in self.story.suspects]
        else:
            options = [(c, self.story.clues[c].name) for c in self.r.clue_order(self.state)]
            if not options:
                self.r.notice("Your notebook is empty: find clues first.")
                return None
        while True:
            self.r.say(slot.prompt)
            for number, (_value, text) in enumerate(options, 1):
                self.r.say(f"  {number}. {text}")
            self.r.say("  (blank line to cancel)")
            try:
                line = self.read("slot> ").strip()
            except (EOFError, KeyboardInterrupt):
                return None
            if not line:
                return None
            if re.fullmatch(r"\d+", line) and 1 <= int(line) <= len(options):
                return options[int(line) - 1][0]
            self.r.notice(f"Choose a number from 1 to {len(options)}, or a blank line to cancel.")

    def hint(self) -> None:
        self.session.hint_level = min(2, self.session.hint_level + 1)
        found = mystery.hint(self.story, self.state, self.session.hint_level)
        if found is None:
            self.r.notice("Every deduction is on the board. When you are ready, make your accusation.")
        else:
            self.r.notice(found.text)

    def undo(self) -> None:
        if not self.session.undo:
            self.r.notice("There is nothing to undo.")
            return
        self.session.state = self.session.undo.pop()
        if self.session.transcript:
            taken = self.session.transcript.pop()
            self.r.notice(f"Undone: {taken}")
        self.look()
        self.show_menu()
