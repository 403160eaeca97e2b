"""The menu: what the player can do now, numbered, with what each line will cost.

In a terminal it fits itself under the text above it (:class:`Menu`'s ``fit``): the full list,
the exits folded onto a few lines (game/ui/exits.py), or the choices held for an Enter. Which
one is the renderer's decision, as only it knows what is on screen.
"""

from __future__ import annotations

from typing import Optional, Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from game.core import engine as e
from game.core import mystery
from game.core.menu import heard_through
from game.core.model import Story
from game.core.people import called
from game.core.rules import closes_act, upfront_cost
from game.core.state import Accusing, GameState, Talking, Testifying
from game.ui.exits import FoldedExits, short_place
from game.ui.help import LAST_TURN_MEANS
from game.ui.look import Look, numbered
from game.ui.text import clean, story_text
from game.ui.trial import accusation_header, testimony_header


FULL, FOLD, HOLD = "full", "fold", "hold"  # how a menu fits under the text above it (Menu.fit)
HELD = "Press Enter for the choices"  # the line that stands for held choices (Menu.held)
ENDS = "ends the act"  # the mark on a choice that would spend the act's last turn
ENDS_CASE = "ends the case"  # the same, in an act whose time-out is an ending (T38 walked to Reyes)
LAST = "last turn"  # the mark on a move that spends the last turn arriving somewhere: the act goes on there


def ends_words(story: Story, state: GameState) -> str:
    """The mark of a line that runs the act's time out: "ends the case" where the time-out is
    an ending (T38, on Friday's last turn, took "Go to The Lobby (ends the act)" to reach Reyes
    and met The Scapegoat), else "ends the act"."""
    act = story.acts.get(state.act)
    return ENDS_CASE if act is not None and act.on_timeout in story.endings else ENDS


def cost_mark(story: Story, state: GameState, action: e.Action) -> str:
    """What a menu line says it will spend, before the player picks it (issue 11): "1 turn",
    "2 turns", "may take a turn" (time spent on one side of an ``if`` only), "1 to 2 turns";
    empty for a free line. The numbers are :func:`game.core.rules.upfront_cost`'s."""
    sure, most = upfront_cost(story, state, action)
    if most <= 0:
        return ""
    if sure == most:
        return f"{sure} turn" if sure == 1 else f"{sure} turns"
    if sure == 0:
        return "may take a turn" if most == 1 else f"may take {most} turns"
    return f"{sure} to {most} turns"


class Menu:
    """What the player can do now: a line for the mode (testimony, conversation) and numbered choices.

    Both looks number choices ``1. text``; the rich look aligns numbers and hangs wrapped lines.
    """

    def __init__(self, story: Story, state: GameState, actions: Sequence[e.Action], look: Look, *,
                 explain: bool = False, fit: str = FULL, warned: bool = False) -> None:
        self.story, self.state, self.actions, self.look = story, state, actions, look
        # the last-turn warning was said in full under a menu at this same moment of the act:
        # one line now (T62 read the three-line block again after every free step)
        self.warned = warned
        # How much room the menu has under the text above it (the renderer decides, as only it
        # knows what is on screen): FULL, FOLD (the exits on a few lines: game/ui/exits.py) or
        # HOLD (the choices wait for an Enter: the text above stays on screen to be read).
        self.fit = fit
        self.explain = explain  # say what credibility is (the first testimony the player meets)
        # Which choices would run the act's time out: said before it happens, never after.
        self.enders, self.arrivals = mystery.clock_marks(story, state, actions)
        self.board_ends = mystery.wrong_check_ends_act(story, state)  # a wrong check spends time too
        self.ends = ends_words(story, state)

    def last_turn(self) -> list[RenderableType]:
        """A plain warning when the next move that takes time ends the act, and what a move
        marked "last turn" does (T46, T47: a move unmarked beside lines that end the act read
        as a slip; it arrives, and the act ends on the next step there that takes time)."""
        arrives = bool(self.arrivals)
        if not self.enders and not self.board_ends and not arrives:
            return []
        title = clean(self.story.acts[self.state.act].title)
        if self.warned:
            again = (f"lines marked '{self.ends}' end {title}" if self.enders
                     else f"a wrong check on the board ends {title}" if self.board_ends
                     else f"a move marked '{LAST}' is the act's last moment")
            return [Text(f"Time is nearly up: {again}.", style=self.look.style("bad"))]
        board = ", and so does a wrong check on the board" if self.board_ends else ""
        case = ", and the case with it" if self.ends == ENDS_CASE else ""
        said = (f"Time is nearly up: whatever is marked '{self.ends}' ends {title}{case}{board}." if self.enders
                else f"Time is nearly up: a wrong check on the board now ends {title}." if self.board_ends
                else f"Time is nearly up for {title}.")
        if arrives:
            # T68 read "takes you there for the act's last moment" twice before it parsed
            said += f" A move marked '{LAST}' " + LAST_TURN_MEANS.format(ends=self.ends) + "."
        if self.enders:
            said += " Everything else can still be done."
        return [Text(said, style=self.look.style("bad"))]

    def header(self) -> list[RenderableType]:
        story, state, look = self.story, self.state, self.look
        mode = state.mode
        out: list[RenderableType] = []
        if isinstance(mode, Testifying):
            out.extend(testimony_header(story, state, look, explain=self.explain))
        elif isinstance(mode, Talking):
            who = called(story, state, mode.person, start=True)
            out.append(Text(f"{clean(who)} is listening.", style=look.style("dim")))
        elif isinstance(mode, Accusing):
            out.extend(accusation_header(story, state, look))
        return out

    def folded(self) -> Optional[FoldedExits]:
        """The menu's exits folded, or None when they do not fold: in the plain look, with
        fewer than three, when they are not the menu's last lines, or when they differ in what
        they are marked (done, a cost, the end of the act)."""
        if self.look.plain or self.fit == FULL:
            return None
        numbers = e.menu_numbers(self.actions)
        first = len(self.actions)
        while first and isinstance(self.actions[first - 1], e.Go):
            first -= 1
        exits = range(first, len(self.actions))
        if len(exits) < 3 or any(e.is_done(self.story, self.state, self.actions[i]) for i in exits):
            return None
        marks = {self.time_mark(i, self.actions[i]) for i in exits}
        if len(marks) != 1:
            return None
        mark = marks.pop()
        places = [short_place(self.story.place_name(a.scene)) + (f" ({said})" if (said := self._notice(a)) else "")
                  for a in self.actions[first:] if isinstance(a, e.Go)]
        if mark is not None and mark[0] == self.ends:
            return FoldedExits([numbers[i] for i in exits], places, self.look, note=f"each {self.ends}", note_style="bad")
        if mark == (LAST, "bad"):
            return FoldedExits([numbers[i] for i in exits], places, self.look, note=f"each takes the {LAST}",
                               note_style="bad")
        return FoldedExits([numbers[i] for i in exits], places, self.look, note=f"{mark[0]} each" if mark else "")

    def _notice(self, action: e.Action) -> str:
        """A 'Go to' line's place notice ("shut till two"), said before the move is made (T74,
        T75, T76 and T77 each spent a turn walking to a place shut till two); "" for the rest."""
        if not isinstance(action, e.Go):
            return ""
        place = self.story.scenes[action.scene].place
        return clean(mystery.place_notice(self.story, self.state, place)) if place else ""

    def time_mark(self, index: int, action: e.Action) -> Optional[tuple[str, str]]:
        """What a line says it does to the clock, as (words, style): "ends the act" when it
        spends the act's last turn or ends the day by itself (core.rules.closes_act), else its
        cost ("1 turn"), else None for a free line. One rule for full and folded lines."""
        if index in self.enders or closes_act(self.story, self.state, action):
            return (self.ends, "bad")
        if index in self.arrivals:
            return (LAST, "bad")  # it spends the clock arriving: the act goes on there (rules.times_out)
        cost = cost_mark(self.story, self.state, action)
        return (cost, "dim") if cost else None

    def held(self) -> Text:
        """The line that stands for the choices when they wait for an Enter."""
        numbers = e.menu_numbers(self.actions)
        if not numbers:
            return Text("")
        span = f"{min(numbers)} to {max(numbers)}" if len(numbers) > 1 else str(numbers[0])
        return Text(f"{HELD} ({span}).", style=self.look.style("notice"))

    def choices(self) -> list[RenderableType]:
        look, state = self.look, self.state
        numbers = e.menu_numbers(self.actions)
        out: list[RenderableType] = []
        folded = self.folded()
        shown_here = len(self.actions) - (len(folded.items) if folded else 0)
        widest = max(numbers[:shown_here], default=0)
        for index, (number, action) in enumerate(zip(numbers[:shown_here], self.actions[:shown_here])):
            label = story_text(action.label or type(action).__name__)
            status: Optional[tuple[str, str]] = None  # what was done with the line already
            if e.is_done(self.story, state, action):
                # kept in its place so the numbers below never move (core.menu.with_done)
                label.stylize(look.style("dim"))
                status = ("done", "dim")
            elif isinstance(action, e.Ask) and action.topic in state.asked:
                # "Tell her your name (asked)" read wrong (T24): a line that tells was told
                status = ("told" if action.label.startswith("Tell ") else "asked", "dim")
            elif isinstance(action, e.Hear) and heard_through(self.story, state, action.testimony):
                status = ("heard", "dim")  # every statement shown
            elif (isinstance(action, e.Answer) and isinstance(state.mode, Accusing)
                  and action.value in state.mode.evidence):
                status = ("chosen", "good")
            # (words, style) after the label, kept whole; a line already done costs nothing, so
            # its time is said only when it would end the act
            time = self.time_mark(index, action) if status is None or index in self.enders else None
            notice = (said, "notice") if (said := self._notice(action)) else None
            marks = [m for m in (status, notice, time) if m is not None]
            tail = Text(" ").join(Text(f"({words})", style=look.style(style)) for words, style in marks) if marks else None
            # Both looks hang wrapped lines under the first (a pipe is never wrapped at all).
            out.append(numbered(number, label, look, widest, tail=tail))
        if folded is not None:
            out.append(folded)
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.header()
        yield from self.last_turn()
        if self.fit == HOLD and not self.look.plain:
            yield self.held()
        else:
            yield from self.choices()
