"""The board of deductions: what is confirmed, what is still open, and the blanks to fill."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from game.core import mystery
from game.core.engine import with_extras
from game.core.model import Story
from game.core.state import GameState
from game.ui.scene import wrong_check_words
from game.ui.look import Hanging, Look, bar, frame
from game.ui.text import clean, paragraphs, story_text


class Board:
    """Each deduction numbered (``deduce N``), marked ``confirmed`` or ``open`` in words and symbol."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look

    def renderable(self) -> RenderableType:
        story, state, look = self.story, self.state, self.look
        if not story.deductions:
            return Text("This story has no board.", style=look.style("notice"))
        done = sum(1 for d in story.deductions if d in state.confirmed)
        total = len(story.deductions)
        parts: list[RenderableType] = []
        if not look.plain:
            parts.append(Text(f"{bar(done, total, 12)} {done} of {total} confirmed", style=look.style("time")))
        shown = mystery.board(story, state)
        for number, deduction in shown:
            confirmed = deduction.id in state.confirmed
            if look.plain:
                prefix = Text(f"{number}. [{'confirmed' if confirmed else 'open'}] ")
            else:
                prefix = Text(f"{number}. ", style=look.style("number"))
                prefix.append("✔ " if confirmed else "○ ", style=look.style("good" if confirmed else "dim"))
            body = story_text(deduction.title, look.style("title"))
            if confirmed:
                if not look.plain:
                    body.append("  confirmed", style=look.style("good"))
                text = with_extras(story, state, deduction.text, deduction.extra)
                if text:
                    body.append("\n").append_text(story_text(paragraphs(text)))
            else:
                if deduction.question:
                    body.append("\n").append_text(story_text(deduction.question))
                blanks = " / ".join(clean(s.prompt) for s in deduction.slots)
                if blanks:
                    body.append(f"\n{len(deduction.slots)} blank{'s' if len(deduction.slots) != 1 else ''}: "
                                f"{blanks}", style=look.style("dim"))
            parts.append(Hanging(prefix, body))
        if len(shown) < total:  # the numbers are the story's, so a gap is a deduction not yet in sight
            parts.append(Text(f"{total - len(shown)} more will appear as you learn more; "
                              "each keeps its number.", style=look.style("dim")))
        open_ones = [d for _, d in shown if d.id not in state.confirmed]
        if not open_ones:
            # Nothing to fill in: say so, rather than point at a command with nothing to do
            # (a blind tester at 6 of 6 was still told to type 'deduce N').
            parts.append(Text("Every deduction on the board is confirmed." if len(shown) == total
                              else "Every deduction in sight is confirmed.", style=look.style("dim")))
            cost = ""
        else:
            parts.append(Text("Type 'deduce N' to fill in deduction N.", style=look.style("dim")))
            cost = wrong_check_words(story, state)
        if cost:
            parts.append(Text(cost, style=look.style("bad" if mystery.wrong_check_ends_act(story, state) else "dim")))
        title = Text(f"The board: {done} of {total} confirmed" if look.plain else "The board",
                     style=look.style("title"))
        return frame(look, Group(*parts), title)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()
