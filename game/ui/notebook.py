"""The notebook: the held clues in the order they were found, each with the game's one clue
number (:func:`game.core.mystery.numbered_clues`), which ``present N`` and the board use too.

No grouping and no labels that interpret: the author's tags (means, opportunity, alibi...) and
``about`` say what a clue proves and against whom, which is the player's work (issue 11, item 3).
The tags still feed the timeline and the authoring tools."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import mystery
from game.core.model import Story
from game.core.state import GameState
from game.ui.look import Look, frame, numbered
from game.ui.text import clean, paragraphs, story_text


class Notebook:
    """Every held clue once, numbered, with its time and text: what the player saw, no verdict."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look

    def renderable(self) -> RenderableType:
        story, state, look = self.story, self.state, self.look
        numbered_clues = mystery.numbered_clues(story, state)
        if not numbered_clues:
            return Text("Your notebook is empty. Look around; talk to people.", style=look.style("notice"))
        parts: list[RenderableType] = [
            Text("In the order you found them:", style=look.style("dim"))]
        for number, clue_id in numbered_clues:
            clue = story.clues[clue_id]
            line = story_text(clue.name, look.style("title"))
            if clue.time:
                line.append(f"  at {clue.time}" if look.plain else f"  ◷ {clue.time}", style=look.style("time"))
            if clue.text:
                line.append("\n")
                line.append_text(story_text(paragraphs(clue.text)))
            parts.append(numbered(number, line, look, len(numbered_clues)))
        if state.items:
            names = ", ".join(clean(story.items[i].name) for i in sorted(state.items))
            parts.append(Text(f"Carrying: {names}", style=look.style("dim")))
        parts.append(Text("Type 'present N' during a testimony to show clue N.", style=look.style("dim")))
        title = Text(f"Notebook: {len(state.clues)} of {len(story.clues)} clues", style=look.style("title"))
        return frame(look, Group(*parts), title)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()
