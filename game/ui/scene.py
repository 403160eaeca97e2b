"""The scene view: the panel with place, act, clock and time left; narration; the menu.

Also turns each engine event into something to show (:func:`event_views`). These are on the
path to the first screen, so they import nothing beyond ``rich.text``/``rich.panel``.
"""

from __future__ import annotations

from typing import Iterable, Optional

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.text import Text

from game.core import engine as e
from game.core import mystery
from game.core.menu import unheard
from game.core.model import Story
from game.core.record import replace
from game.core.people import called
from game.core.rules import timeout_key, wrong_check_cost
from game.core.state import Accusing, GameState
from game.ui.counting import COUNTED_FROM, parts_fit, turn_changed, turn_words
from game.ui.look import Look, bar, frame, joined
from game.ui.text import clean, paragraphs, shown, story_text
from game.ui.trial import accusation_needs, presentation_answered, statement_view, wrong_presentation



def place_shown(story: Story, state: GameState) -> str:
    """The place the status names: the scene's, except during the accusation, which the story
    narrates somewhere of its own (not the scene the player typed `accuse` in): then none."""
    scene = story.scenes.get(state.scene)
    if isinstance(state.mode, Accusing) or scene is None or not scene.place:
        return ""
    return clean(story.places[scene.place].name)


def status_parts(story: Story, state: GameState, look: Look, *, place: bool = True) -> list[str]:
    """Act, place, clock and turns left, as short phrases (the toolbar uses them too)."""
    parts: list[str] = []
    act = story.acts.get(state.act)
    if act:
        parts.append(f"Act {act.number}")
    where = place_shown(story, state) if place else ""
    if where:
        parts.append(where)
    clock = e.clock_text(story, state)
    if clock:
        parts.append(clock)
    # 0 is the moment after arriving somewhere on the last turn: the next step that takes time
    # ends the act (core.rules.times_out), and the menu marks which those are; once the act's
    # time-out has fired (its closing scene: Lights Out) the time is simply up
    if state.time <= 0:
        parts.append("time's up" if timeout_key(state.act) in state.fired else "last moment")
    else:
        parts.append("last turn" if state.time == 1 else f"{state.time} turns left")
    return parts


def status_text(story: Story, state: GameState, look: Look) -> str:
    """The status as one line: ``Act 1, The Hall, 14:00, 8 turns left`` in the plain look."""
    return joined(status_parts(story, state, look), look)


class StatusLine:
    """The act's number, place, clock and a gauge of the turns left (with the number in words).

    Never the act's title: the act's banner shows it once, and a head that kept it only where it
    fit read as two different headers to blind testers (rounds 6 and 7)."""

    def __init__(self, story: Story, state: GameState, look: Look) -> None:
        self.story, self.state, self.look = story, state, look

    def text(self, gauge: bool = True) -> Text:
        """The status as one line; ``gauge=False`` leaves the turns gauge out (narrow screens)."""
        if self.look.plain:
            return Text(status_text(self.story, self.state, self.look))
        line = self._head()
        if line.plain:
            line.append(" · ")
        line.append_text(self._turns(gauge))
        return line

    def _head(self) -> Text:
        """Act, place, clock: everything before the turns left."""
        line = Text(style=self.look.style("status"))
        for number, part in enumerate(self._head_parts()):
            if number:
                line.append(" · ")
            line.append_text(part)
        return line

    def _head_parts(self) -> list[Text]:
        """The head's parts, each a whole phrase."""
        story, state, look = self.story, self.state, self.look
        act = story.acts.get(state.act)
        out: list[Text] = []
        for number, part in enumerate(status_parts(story, state, look)[:-1]):
            text = Text(style=look.style("status"))
            if part.startswith("Act ") and act and number == 0:
                text.append(part, style="bold")
            elif part == e.clock_text(story, state):
                text.append(part, style=look.style("time"))
            else:
                text.append(part)
            out.append(text)
        return out

    def _head_lines(self, width: int) -> list[Text]:
        """The head in ``width`` columns: whole, else broken between its phrases, never inside
        one (issue 11, item 6: no "21:30" left alone under a cut line)."""
        head = self._head()
        if head.cell_len <= width:
            return [head] if head.plain else []
        rows: list[Text] = []
        for part in self._head_parts():
            if rows and rows[-1].cell_len + 3 + part.cell_len <= width:
                rows[-1].append(" · ")
                rows[-1].append_text(part)
            else:
                rows.append(part)
        return rows

    def _turns(self, gauge: bool) -> Text:
        """The gauge and "N turns left": one unit that is never split across lines."""
        story, state, look = self.story, self.state, self.look
        act = story.acts.get(state.act)
        line = Text(style=look.style("status"))
        drawn = bar(state.time, act.time if act else 0) if gauge else ""
        if drawn:
            line.append(drawn + " ", style=look.style("time"))
        line.append(status_parts(story, state, look)[-1])
        return line

    def lines(self, width: int) -> list[Text]:
        """The status in ``width`` columns: whole if it fits, else the turns left, with their
        gauge, on a line of their own (Rich would otherwise wrap between "4" and "turns"). The
        gauge is dropped only where it cannot fit even alone: dropping it to keep one line made
        it come and go with the length of the place's name (T29, T31 at 60 columns)."""
        if self.look.plain:
            return [Text(status_text(self.story, self.state, self.look))]
        whole = self.text(True)
        if whole.cell_len <= width:
            return [whole]
        turns = self._turns(gauge=self._turns(True).cell_len <= width)
        return [*self._head_lines(width), turns]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text())


class ScenePanel:
    """A scene as the player meets it: title, status, the author's prose.

    The plain look keeps the long-standing transcript shape, ``Title (Act 1, Place, ...)`` then
    the text, because piped playthroughs and screen-reader users rely on it.
    """

    def __init__(self, story: Story, state: GameState, title: str, text: str, look: Look) -> None:
        self.story, self.state, self.title, self.body, self.look = story, state, title, text, look

    def renderable(self) -> RenderableType:
        look = self.look
        prose = story_text(paragraphs(self.body)) if self.body.strip() else None
        if look.plain:
            head = Text(f"{clean(self.title)} ({status_text(self.story, self.state, look)})")
            return Group(Text(""), head, *([prose] if prose is not None else []))
        status = StatusLine(self.story, self.state, look)
        body = Group(status, Text(""), prose) if prose is not None else status
        title = Text(f"{clean(self.title)}", style=look.style("place"))
        return Group(Text(""), frame(look, body, title))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.renderable()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(20, options.max_width), options.max_width)


def scene_panel(story: Story, state: GameState, look: Look) -> ScenePanel:
    """The current scene, as ``look`` shows it: the title and text the engine gives a scene
    described again (its revisit text, if it has one, and every ``extra`` paragraph whose
    condition holds)."""
    scene = story.scenes[state.scene]
    return ScenePanel(story, state, story.scene_title(scene.id), e.scene_text(story, state, scene, again=True),
                      look)


# --- events ----------------------------------------------------------------------------------


def event_views(story: Story, state: GameState, events: Iterable[e.GameEvent],
                look: Look) -> list[tuple[RenderableType, bool]]:
    """What to show for ``events``: ``(renderable, is_prose)`` pairs.

    A scene's entry and its narration become one :class:`ScenePanel`. ``is_prose`` marks the
    author's text, which the optional reveal effect may type out; game messages never are.
    """
    out: list[tuple[RenderableType, bool]] = []
    pending: Optional[e.SceneEntered] = None

    def as_entered(event: e.SceneEntered) -> GameState:
        # The panel's status is the scene's as it was entered: a time-out later in the same step
        # moves the state on (T20: "Studio B" over "Act 2 · Room 4C · 21:00").
        if not event.act or (event.scene, event.act, event.time) == (state.scene, state.act, state.time):
            return state
        return replace(state, scene=event.scene, act=event.act, time=event.time)

    for event in events:
        if pending is not None:
            if isinstance(event, e.Narration) and event.kind == "scene":
                out.append((ScenePanel(story, as_entered(pending), pending.title, event.text, look), True))
                pending = None
                continue
            out.append((ScenePanel(story, as_entered(pending), pending.title, "", look), False))
            pending = None
        if isinstance(event, e.SceneEntered):
            pending = event
            continue
        view = event_view(story, state, event, look)
        if view is not None:
            out.append(view)
    if pending is not None:
        out.append((ScenePanel(story, as_entered(pending), pending.title, "", look), False))
    return out


def _time_passes(turns: int, minutes: int) -> str:
    """What a costed move took, said plainly: " (15 minutes pass.)", or in turns without a clock."""
    if turns <= 0:
        return ""
    if minutes > 0:
        return f" ({minutes} minute{'s pass' if minutes != 1 else ' passes'}.)"
    return " (A turn passes.)" if turns == 1 else f" ({turns} turns pass.)"


def wrong_check_words(story: Story, state: GameState) -> str:
    """What a wrong check costs, in words, and plainly when it would end the act now ("" if free)."""
    act = story.acts.get(state.act)
    turns = wrong_check_cost(story, state)
    if act is None or turns <= 0:
        return ""
    if mystery.wrong_check_ends_act(story, state):
        return f"Time is nearly up: a wrong check now ends {clean(act.title)}."
    # in turns, as the status bar counts, and the minutes they are (T16: "30 minutes" had to be
    # worked back into one turn)
    cost = "a turn" if turns == 1 else f"{turns} turns"
    if act.minutes:
        cost += f" ({turns * act.minutes} minutes)"
    return f"A wrong check costs {cost}; a right one costs nothing."


def notice(message: str, look: Look) -> Text:
    """A short reply from the game itself (not the story)."""
    return Text(clean(message), style=look.style("notice"))


def _banner(text: str, look: Look, style: str) -> RenderableType:
    if look.plain:
        return Text(text)
    from rich.panel import Panel

    return Panel(Text(text, justify="center", style=look.style(style)), border_style=look.style(style))


#: said above a topic's reply heard before (one line of a 40-column terminal)
AGAIN = "(Said before: here it is again, free.)"


def event_view(story: Story, state: GameState, event: e.GameEvent,
               look: Look) -> Optional[tuple[RenderableType, bool]]:
    """One event (other than a scene entry) as ``(renderable, is_prose)``, or ``None``."""
    blank = Text("")
    if isinstance(event, e.Narration):
        body = story_text(paragraphs(event.text))
        if event.speaker and event.kind in ("reply", "press", "break", "near"):
            # what they were called as they spoke (the state after the step may know the name
            # the reply itself gave, T4-10); the description until named
            who = event.called or called(story, state, event.speaker, start=True)
            name = Text(clean(who), style=look.style("speaker"))
            # A topic chosen again says so, or it reads as new (T27 replayed a "(told)" line).
            again = [notice(AGAIN, look)] if event.again else []
            if look.plain:
                return Group(*again, Text(f"{name.plain.strip()}:"), body), True
            return Group(*again, frame(look, body, name, style="talk")), True
        if event.kind == "event":
            if look.plain:
                return Text("* ").append_text(body), True
            body.stylize(look.style("event"))
            return body, True
        return body, True
    if isinstance(event, e.ClueFound):
        line = Text("✎ " if not look.plain else "", style=look.style("good"))
        line.append(f"Clue added to your notebook: {clean(event.name)}", style=look.style("good"))
        return line, False
    if isinstance(event, e.ItemGained):
        return Text(f"You take: {clean(event.name)}", style=look.style("good")), False
    if isinstance(event, e.ItemLost):
        return Text(f"You no longer have: {clean(event.name)}"), False
    if isinstance(event, e.TimePassed):
        # The status shows the time; a line for every step would be noise. But the first turn
        # spent in an act whose turns are longer or shorter than the last act's says so again
        # (T28: the act card's line had scrolled away, and 08:00 to 08:30 read as a bug).
        act = story.acts.get(state.act)
        if act is not None and turn_changed(story, act.id) and event.left + event.turns == act.time:
            words = turn_words(story, act.id)
            return notice(f"({event.turns * act.minutes} minutes pass: {words[:1].lower()}{words[1:]})", look), False
        return None
    if isinstance(event, e.TimeRanOut):
        return notice(f"Time is up for {story.acts[event.act].title}.", look), False
    if isinstance(event, e.ActStarted):
        turn = turn_words(story, event.act)  # how long a turn is here, said on the act card
        return Group(blank, _banner(f"Act {event.number}: {clean(event.title)}", look, "act"),
                     *([notice(turn, look)] if turn else [])), False
    if isinstance(event, e.ConversationStarted):
        return Group(blank, Text(f"Talking with {clean(event.name)}", style=look.style("title"))), False
    if isinstance(event, e.ConversationEnded):
        if event.by_them:
            return notice(f"{called(story, state, event.person, start=True)} has nothing more to say to you now.", look), False
        return Text(f"You leave {clean(called(story, state, event.person))}.", style=look.style("dim")), False
    if isinstance(event, e.StatementShown):
        view = statement_view(story, state, event.testimony, event.index, look, wrapped=event.wrapped)
        said = None
        if event.wrapped:  # T18 paged past the last statement unawares and presented at the first
            said = notice("(That was the last statement: back to the first.)" if event.index == 0
                          else "(That was the first statement: round to the last.)", look)
        elif event.again:  # T21 came back for statement 5 and presented at statement 1 unawares
            where = (f" You had left it at statement {event.left + 1}." if event.left > event.index else "")
            said = notice(f"(Heard again from the start: statement {event.index + 1} of {event.count}.{where} "
                          "'next' and 'previous' move through it.)", look)
        if said is not None:
            return Group(said, view), True
        return view, True
    if isinstance(event, e.StatementBroken):
        # the clue named in brackets: no verb to agree with a plural name ("Scraps ... breaks"), and
        # never after "the statement:", where it read as the statement's name (T35)
        return Text(f"Contradiction! Your clue ({clean(story.name_of(event.clue))}) breaks the statement.",
                    style=look.style("bad")), False
    if isinstance(event, e.TestimonyClosed):
        # why the testimony left the list, and that nothing was lost with it (T56)
        rest = ("" if not event.standing else " The one left unbroken stands: no clue breaks it."
                if event.standing == 1 else f" The {event.standing} left unbroken stand: no clue breaks them.")
        closed = notice(f"(That testimony is over: every statement in it that a clue can break is broken.{rest})",
                        look)
        never_shown = unheard(story, state, event.testimony)
        if not never_shown:
            return closed, False
        # T75 broke statement 1 of four and never heard the other three: they are shown as the
        # testimony closes, so that closing it loses nothing the witness would have said
        rest_of_it = [statement_view(story, state, event.testimony, i, look) for i in never_shown]
        return Group(closed, notice("(You had not heard all of it. The rest, as it was given:)", look),
                     *rest_of_it), False
    if isinstance(event, e.WrongPresentation):
        return wrong_presentation(story, state, event, look), False
    if isinstance(event, e.PresentationAnswered):
        return presentation_answered(story, event, look), False
    if isinstance(event, e.Silenced):
        return notice(f"{event.name} has stopped listening to you for the rest of the act.", look), False
    if isinstance(event, e.DeductionConfirmed):
        parts: list[RenderableType] = [Text(("✔ " if not look.plain else "")
                                            + f"Confirmed on the board: {clean(event.title)}",
                                            style=look.style("good"))]
        if event.text:
            parts.append(story_text(paragraphs(event.text)))
        return Group(*parts), False
    if isinstance(event, e.DeductionRejected):
        # How many parts hold, never which (the engine counts them as it judges the check); a
        # deduction of fewer parts than COUNTED_FROM only says it is not confirmed.
        held = (f"{parts_fit(event.right, event.of)}." if event.of >= COUNTED_FROM
                else f"'{clean(event.title)}' is not confirmed.")
        return notice(f"You turn it over. It doesn't hold together: {held}"
                      + _time_passes(event.turns, event.minutes), look), False
    if isinstance(event, e.AccusationOpened):
        parts = [blank, Text("The accusation", style=look.style("title"))]
        if event.text:
            parts.append(story_text(paragraphs(event.text)))
        parts.append(notice(accusation_needs(story, state) + " You can take it back until you make it final.",
                            look))
        return Group(*parts), False
    if isinstance(event, e.AccusationRetracted):
        return notice("You hold your tongue, for now.", look), False
    if isinstance(event, e.EndingReached):
        # Both looks print `THE END: <title>` as a line of its own: scripts and tests that play
        # the game through a pipe look for it. The ending's id is the story's, never the player's.
        title = f"THE END: {clean(event.title)}"
        return Group(blank, _banner(title, look, "ending"), story_text(paragraphs(event.text))), False
    if isinstance(event, e.Rejected):
        return notice(event.reason, look), False
    if isinstance(event, e.WrongAnswer):
        said = notice(f"'{shown(event.text)}' is not it. A wrong answer costs nothing: no time passed.", look)
        return (Group(story_text(paragraphs(event.reply)), said) if event.reply.strip() else said), False
    return None
