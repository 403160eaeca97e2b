"""The notebook: clues grouped by tag, each with the game's one clue number
(:func:`game.core.mystery.numbered_clues`), which ``present N`` and the board use too."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import mystery
from game.core.model import Story
from game.core.state import GameState
from game.ui.look import Hanging, Look, frame
from game.ui.text import clean, paragraphs, story_text


class Notebook:
    """Every held clue under each of its tags; a clue's text is shown the first time it appears."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look

    def renderable(self) -> RenderableType:
        story, state, look = self.story, self.state, self.look
        numbers = {c: n for n, c in mystery.numbered_clues(story, state)}
        if not numbers:
            return Text("Your notebook is empty. Look around; talk to people.", style=look.style("notice"))
        parts: list[RenderableType] = []
        described: dict[str, str] = {}  # clue id -> the heading its text is under
        for tag, clues in mystery.notebook(story, state):
            heading = f"{clean(tag).capitalize()} ({len(clues)})"
            parts.append(Text(heading + ":" if look.plain else heading.upper(), style=look.style("tag")))
            # Each clue once per heading, in the game's one numbering (the order found).
            for clue in sorted({c.id: c for c in clues}.values(), key=lambda c: numbers[c.id]):
                number = numbers[clue.id]
                line = story_text(clue.name, look.style("title"))
                if clue.time:
                    line.append(f"  at {clue.time}" if look.plain else f"  ◷ {clue.time}", style=look.style("time"))
                about = [clean(story.name_of(p)) for p in clue.about if p in story.people]
                if about:
                    line.append(f"  (about {', '.join(about)})", style=look.style("dim"))
                if clue.id in described:
                    line.append(f"  (text under {described[clue.id]} above)", style=look.style("dim"))
                elif clue.text:
                    line.append("\n")
                    line.append_text(story_text(paragraphs(clue.text)))
                described.setdefault(clue.id, clean(tag).capitalize() if look.plain else clean(tag).upper())
                parts.append(Hanging(Text(f"{number}. ", style=look.style("number")), line))
        if state.items:
            names = ", ".join(clean(story.items[i].name) for i in sorted(state.items))
            parts.append(Text(f"Carrying: {names}", style=look.style("dim")))
        parts.append(Text("Type 'present N' during a testimony to show clue N.", style=look.style("dim")))
        title = Text(f"Notebook: {len(state.clues)} of {len(story.clues)} clues", style=look.style("title"))
        return frame(look, Group(*parts), title)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()
