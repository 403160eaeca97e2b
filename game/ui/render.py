"""The Renderer: what the game loop calls to show things. It picks the view and prints it.

The views themselves are small modules (``scene``, ``notebook``, ``suspects``, ``board``,
``timeline``, ``map``, ``title``, ``help``), each a Rich renderable. Only the scene view is
imported at start-up; the others are imported the first time the player asks for them, so the
first screen appears sooner.
"""

from __future__ import annotations

from typing import Iterable, Optional, Protocol, Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from game.core import engine as e
from game.core.model import Story
from game.core.state import GameState
from game.ui.look import Look, frame
from game.ui.scene import Menu, event_views, notice, scene_panel
from game.ui.text import clean, plain


class HoldsStory(Protocol):
    """The one holder of the story being played (the play loop's session)."""

    story: Story


class Renderer:
    """Draws onto ``console``; ``plain`` chooses the screen-reader friendly look.

    ``reveal`` is an optional :class:`game.ui.reveal.Reveal` that types out the story's prose;
    ``interactive`` says whether the player has a keyboard (the help then lists keys).
    """

    def __init__(self, story: Story, console: Console, plain_mode: bool, *, reveal=None,
                 interactive: bool = False) -> None:
        self._story = story
        self._holder: Optional[HoldsStory] = None
        self.console = console
        self.plain = plain_mode
        self.look = Look(plain=plain_mode)
        self.reveal = None if plain_mode else reveal
        self.interactive = interactive

    @property
    def story(self) -> Story:
        """The story drawn: the holder's once :meth:`follow` is called (so a reload of the
        story is seen here without being told), else the one given at construction."""
        return self._holder.story if self._holder is not None else self._story

    def follow(self, holder: HoldsStory) -> None:
        """Draw whatever story ``holder`` holds from now on."""
        self._holder = holder

    # -- primitives -------------------------------------------------------------------------

    def say(self, renderable: RenderableType | str = "") -> None:
        if isinstance(renderable, str):
            renderable = plain(renderable)
        self.console.print(renderable)

    def notice(self, message: str) -> None:
        """A short reply from the game itself (not the story)."""
        self.say(notice(message, self.look))

    def heading(self, title: str, subtitle: str = "") -> None:
        if self.plain:
            self.say(Text(clean(title) + (f" ({clean(subtitle)})" if subtitle else "")))
        else:
            line = Text(clean(title), style="bold")
            if subtitle:
                line.append(f"  {clean(subtitle)}", style="dim")
            self.say(line)

    # -- the scene and events ---------------------------------------------------------------

    def events(self, events: Iterable[e.GameEvent], state: GameState) -> None:
        for view, prose in event_views(self.story, state, events, self.look):
            self._show(view, prose)

    def scene(self, state: GameState) -> None:
        """The current scene again (``look``, after ``undo`` or a load)."""
        self._show(scene_panel(self.story, state, self.look), False)

    def statement(self, state: GameState) -> None:
        """The statement in front of the player during a testimony (``look``, after ``undo``)."""
        from game.ui.trial import current_statement

        self._show(current_statement(self.story, state, self.look), False)

    def _show(self, view: RenderableType, prose: bool) -> None:
        if prose and self.reveal is not None:
            self.reveal.print(view)
        else:
            self.console.print(view)

    def menu(self, state: GameState, actions: Sequence[e.Action]) -> None:
        self.console.print(Menu(self.story, state, actions, self.look))

    # -- views of the case ------------------------------------------------------------------

    def notes(self, state: GameState) -> None:
        from game.ui.notebook import Notebook

        self.say(Notebook(self.story, state, self.look))

    def suspects(self, state: GameState, who: str = "") -> None:
        from game.ui.suspects import Suspects, find_person

        person = find_person(self.story, who) if who.strip() else None
        if who.strip() and person is None:
            self.notice(f"No one in this case matches '{clean(who)[:40]}'. Showing everyone.")
        self.say(Suspects(self.story, state, self.look, person))

    def board(self, state: GameState) -> None:
        from game.ui.board import Board

        self.say(Board(self.story, state, self.look))

    def timeline(self, state: GameState) -> None:
        from game.ui.timeline import Timeline

        self.say(Timeline(self.story, state, self.look))

    def map(self, state: GameState) -> None:
        from game.ui.map import SchoolMap

        self.say(SchoolMap(self.story, state, self.look))

    def help(self, commands) -> None:
        """The commands (rows of the loop's registry, see :data:`game.ui.help.CommandRow`) and keys."""
        from game.ui.help import HelpView

        self.say(HelpView(self.look, commands, keys=self.interactive))

    def history(self, lines: Sequence[str]) -> None:
        if not lines:
            self.notice("Nothing has happened yet.")
            return
        rows = [Text(f"{number}. {clean(line)}") for number, line in enumerate(lines, 1)]
        from rich.console import Group

        self.say(frame(self.look, Group(*rows), Text("So far", style=self.look.style("title"))))

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A small table: boxed in the rich look, one line per row in plain."""
        if self.plain:
            self.heading(title)
            for row in rows:
                self.say(Text(", ".join(f"{c}: {clean(v)}" for c, v in zip(columns, row))))
            return
        from rich.table import Table

        table = Table(title=Text(clean(title)))
        for column in columns:
            table.add_column(Text(clean(column)))
        for row in rows:
            table.add_row(*(Text(clean(v)) for v in row))
        self.say(table)
