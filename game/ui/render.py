"""Engine events and views of the case as Rich renderables.

Two looks from the same code: ``plain`` (no colour, no box drawing, one idea per line, for
pipes and screen readers) and the default, which frames scenes in panels. Every string from
the story or the player goes through :mod:`game.ui.text`, so none is read as markup.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from game import engine as e
from game import mystery
from game.model import Story
from game.state import Accusing, GameState, Talking, Testifying
from game.ui.commands import COMMANDS
from game.ui.text import clean, paragraphs, plain, story_text

STATUS_MARK = {mystery.SHOWN: "yes", mystery.RULED_OUT: "ruled out", mystery.UNKNOWN: "?"}


class Renderer:
    """Draws onto ``console``; ``plain`` chooses the screen-reader friendly look."""

    def __init__(self, story: Story, console: Console, plain_mode: bool) -> None:
        self.story = story
        self.console = console
        self.plain = plain_mode

    # -- primitives -------------------------------------------------------------------------

    def say(self, renderable: RenderableType | str = "") -> None:
        if isinstance(renderable, str):
            renderable = plain(renderable)
        self.console.print(renderable)

    def notice(self, message: str) -> None:
        """A short reply from the game itself (not the story)."""
        self.say(Text(clean(message), style="" if self.plain else "yellow"))

    def heading(self, title: str, subtitle: str = "") -> None:
        if self.plain:
            self.say(Text(f"{clean(title)}" + (f" ({clean(subtitle)})" if subtitle else "")))
        else:
            line = Text(clean(title), style="bold")
            if subtitle:
                line.append(f"  {clean(subtitle)}", style="dim")
            self.say(line)

    # -- events -----------------------------------------------------------------------------

    def events(self, events: Iterable[e.GameEvent], state: GameState) -> None:
        for event in events:
            self.event(event, state)

    def event(self, event: e.GameEvent, state: GameState) -> None:
        story = self.story
        if isinstance(event, e.SceneEntered):
            self.say()
            self.heading(event.title, self.status(state))
        elif isinstance(event, e.Narration):
            body = story_text(paragraphs(event.text))
            if event.speaker and not self.plain and event.kind in ("reply", "press", "break"):
                self.say(Panel(body, title=Text(story.name_of(event.speaker)), title_align="left",
                               border_style="cyan"))
            elif event.speaker and event.kind in ("reply", "press", "break"):
                self.say(Text(f"{story.name_of(event.speaker)}:"))
                self.say(body)
            elif event.kind == "event":
                self.say(Text.assemble(("* ", ""), body) if self.plain else Text.assemble(body, style="italic magenta"))
            else:
                self.say(body)
        elif isinstance(event, e.ClueFound):
            self.say(Text(f"Clue added to your notebook: {clean(event.name)}", style="" if self.plain else "bold green"))
        elif isinstance(event, e.ItemGained):
            self.say(Text(f"You take: {clean(event.name)}", style="" if self.plain else "green"))
        elif isinstance(event, e.ItemLost):
            self.say(Text(f"You no longer have: {clean(event.name)}"))
        elif isinstance(event, e.TimePassed):
            pass  # the status line shows time; a line per step would be noise
        elif isinstance(event, e.TimeRanOut):
            self.notice(f"Time is up for {story.acts[event.act].title}.")
        elif isinstance(event, e.ActStarted):
            self.say()
            title = f"Act {event.number}: {clean(event.title)}"
            self.say(Text(title) if self.plain else Panel(Text(title, justify="center", style="bold")))
        elif isinstance(event, e.ConversationStarted):
            self.say()
            self.heading(f"Talking with {event.name}")
        elif isinstance(event, e.ConversationEnded):
            self.say(Text(f"You leave {story.name_of(event.person)}."))
        elif isinstance(event, e.StatementShown):
            self.say(Text(f"Statement {event.index + 1} of {event.count}:"))
            self.say(story_text(f'"{event.text}"', "" if self.plain else "bold"))
        elif isinstance(event, e.StatementBroken):
            self.say(Text(f"Contradiction! {story.name_of(event.clue)} breaks the statement.",
                          style="" if self.plain else "bold red"))
        elif isinstance(event, e.WrongPresentation):
            self.notice(f"That proves nothing here. Credibility left: {event.credibility}.")
        elif isinstance(event, e.Silenced):
            self.notice(f"{event.name} has stopped listening to you for the rest of the act.")
        elif isinstance(event, e.DeductionConfirmed):
            self.say(Text(f"Confirmed on the board: {clean(event.title)}", style="" if self.plain else "bold green"))
            if event.text:
                self.say(story_text(paragraphs(event.text)))
        elif isinstance(event, e.DeductionRejected):
            self.notice(f"The pieces don't fit together yet: '{event.title}' is not confirmed.")
        elif isinstance(event, e.AccusationOpened):
            self.say()
            self.heading("The accusation")
            if event.text:
                self.say(story_text(paragraphs(event.text)))
            self.notice("You can take it back until you make it final.")
        elif isinstance(event, e.AccusationRetracted):
            self.notice("You hold your tongue, for now.")
        elif isinstance(event, e.EndingReached):
            self.say()
            title = f"THE END: {clean(event.title)}"
            self.say(Text(title) if self.plain else Panel(Text(title, justify="center", style="bold")))
            self.say(story_text(paragraphs(event.text)))
            self.say(Text(f"(ending: {event.ending})"))
        elif isinstance(event, e.Rejected):
            self.notice(event.reason)

    # -- status and menu --------------------------------------------------------------------

    def status(self, state: GameState) -> str:
        story = self.story
        act = story.acts.get(state.act)
        parts = []
        if act:
            parts.append(f"Act {act.number}")
        scene = story.scenes.get(state.scene)
        if scene and scene.place:
            parts.append(story.places[scene.place].name)
        clock = e.clock_text(story, state)
        if clock:
            parts.append(clock)
        parts.append(f"{state.time} turn{'s' if state.time != 1 else ''} left")
        return " · ".join(parts) if not self.plain else ", ".join(parts)

    def menu(self, state: GameState, actions: Sequence[e.Action]) -> None:
        story = self.story
        mode = state.mode
        if isinstance(mode, Testifying):
            testimony = story.testimonies[mode.testimony]
            statement = testimony.statements[mode.index]
            mark = " (broken)" if statement.id in state.broken else ""
            self.say(Text(f"[{mode.index + 1}/{len(testimony.statements)}]{mark} ", style="dim").append(
                story_text(f'"{statement.text}"')))
            self.say(Text(f"Credibility: {state.credibility}. Type 'present N' to show clue N from your notes."))
        elif isinstance(mode, Talking):
            self.say(Text(f"{story.name_of(mode.person)} is listening.", style="" if self.plain else "dim"))
        elif isinstance(mode, Accusing):
            kind, prompt = e.accusation_step(story, mode)
            self.say(story_text(prompt, "" if self.plain else "bold"))
        if not actions:
            return
        for number, action in enumerate(actions, 1):
            label = action.label or type(action).__name__
            if isinstance(action, e.Ask) and action.topic in state.asked:
                label += " (asked)"
            line = Text(f"{number:>2}. " if not self.plain else f"{number}. ")
            line.append(story_text(label))
            self.say(line)

    # -- views ------------------------------------------------------------------------------

    def notes(self, state: GameState) -> None:
        groups = mystery.notebook(self.story, state)
        if not groups:
            self.notice("Your notebook is empty. Look around; talk to people.")
            return
        self.heading("Notebook", f"{len(state.clues)} of {len(self.story.clues)} clues")
        for number, clue_id in enumerate(self.clue_order(state), 1):
            clue = self.story.clues[clue_id]
            tags = ", ".join(clue.tags)
            head = Text(f"{number}. ", style="bold" if not self.plain else "")
            head.append(story_text(clue.name, "" if self.plain else "bold"))
            if tags:
                head.append(f"  [{tags}]" if self.plain else f"  {tags}", style="" if self.plain else "dim")
            if clue.time:
                head.append(f"  at {clue.time}")
            self.say(head)
            if clue.text:
                self.say(Text("   ").append(story_text(paragraphs(clue.text))))
        if state.items:
            self.say(Text("Carrying: " + ", ".join(clean(self.story.items[i].name) for i in sorted(state.items))))

    def clue_order(self, state: GameState) -> list[str]:
        """Held clues in story order: the numbering `present N` and the board use."""
        return [c for c in self.story.clues if c in state.clues]

    def suspects(self, state: GameState) -> None:
        story = self.story
        people = [p for p in story.people.values()]
        if not people:
            self.notice("There is no one in this case yet.")
            return
        for person in people:
            self.say()
            self.heading(person.name, person.role)
            if person.text:
                self.say(story_text(paragraphs(person.text)))
            if person.alibi:
                self.say(Text("Claims: ").append(story_text(person.alibi)))
            if not person.suspect:
                continue
            for key, (status, note) in mystery.grid(person, state).items():
                line = Text(f"  {key}: {STATUS_MARK[status]}")
                if note:
                    line.append(" - ").append(story_text(note))
                self.say(line)

    def board(self, state: GameState) -> None:
        story = self.story
        if not story.deductions:
            self.notice("This story has no board.")
            return
        self.heading("The board", f"{len(state.confirmed)} of {len(story.deductions)} confirmed")
        for number, deduction in enumerate(story.deductions.values(), 1):
            done = deduction.id in state.confirmed
            mark = "confirmed" if done else "open"
            line = Text(f"{number}. [{mark}] " if self.plain else f"{number}. ", style="")
            if not self.plain:
                line.append("✔ " if done else "… ", style="green" if done else "dim")
            line.append(story_text(deduction.title, "" if self.plain else "bold"))
            self.say(line)
            if deduction.question and not done:
                self.say(Text("   ").append(story_text(deduction.question)))
        self.say(Text("Type 'deduce N' to fill in deduction N."))

    def timeline(self, state: GameState) -> None:
        clues = mystery.timeline(self.story, state)
        if not clues:
            self.notice("No times yet. Clues with a time on them will build the night here.")
            return
        self.heading("The night, as far as you can tell")
        for clue in clues:
            self.say(Text(f"{clue.time}  ").append(story_text(clue.name)))

    def map(self, state: GameState) -> None:
        story = self.story
        open_now = set(mystery.open_places(story, state))
        here = story.scenes[state.scene].place if state.scene in story.scenes else None
        self.heading("The school")
        for place in story.places.values():
            marks = []
            if place.id == here:
                marks.append("you are here")
            marks.append("open" if place.id in open_now else "closed")
            self.say(Text(f"- {clean(place.name)} ({', '.join(marks)})"))

    def help(self) -> None:
        self.heading("Commands")
        for name, text in COMMANDS.items():
            self.say(Text(f"  {name:<9} {text}"))
        self.say(Text("Choose a numbered choice by its number or by a word from it."))

    def history(self, lines: Sequence[str]) -> None:
        if not lines:
            self.notice("Nothing has happened yet.")
            return
        self.heading("So far")
        for number, line in enumerate(lines, 1):
            self.say(Text(f"{number}. {clean(line)}"))

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A small table: boxed in the rich look, one line per row in plain."""
        if self.plain:
            self.heading(title)
            for row in rows:
                self.say(Text(", ".join(f"{c}: {clean(v)}" for c, v in zip(columns, row))))
            return
        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(Text(clean(v)) for v in row))
        self.say(table)


def group(*items: RenderableType) -> Group:
    return Group(*items)
