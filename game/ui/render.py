"""The Renderer: what the game loop calls to show things. It picks the view and prints it.

The views themselves are small modules (``scene``, ``notebook``, ``suspects``, ``board``,
``timeline``, ``map``, ``title``, ``help``), each a Rich renderable. Only the scene view is
imported at start-up; the others are imported the first time the player asks for them, so the
first screen appears sooner.
"""

from __future__ import annotations

from typing import Iterable, Optional, Protocol, Sequence

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text

from game.core import engine as e
from game.core.model import Story
from game.core.state import Accusing, GameState, Testifying
from game.ui.look import Look, frame, numbered
from game.ui.pager import print_lines
from game.ui.choices import FOLD, FULL, HOLD, Menu
from game.ui.scene import event_views, notice, scene_panel
from game.ui.text import clean, paragraphs, plain, shown, story_text


EARLY = 8  # notices kept to be said again on a cleared screen (only the last few matter)


def _new_words(new: Sequence[tuple[int, e.Action]]) -> str:
    """"new choice 5: '…'" or "new choices 3, 4 and 5": the lines that appeared in a menu."""
    if len(new) == 1:
        return f"new choice {new[0][0]}: '{shown(new[0][1].label, 70)}'"
    return "new choices " + ", ".join(str(n) for n, _a in new[:-1]) + f" and {new[-1][0]}"


def _numbered_words(actions: Sequence[e.Action]) -> tuple[tuple[int, str], ...]:
    """A menu as the player reads it: each line's number and words."""
    return tuple(zip(e.menu_numbers(actions), (a.label for a in actions)))


def _line(actions: Sequence[e.Action], number: int) -> Optional[str]:
    """The words of the line ``number`` picks on the menu ``actions`` (None: no such line)."""
    return dict(_numbered_words(actions)).get(number)


def _where(state: GameState) -> tuple:
    """Where a menu is: the scene and the kind of talk (a testimony's statement moves within
    one menu, so its index is left out)."""
    mode = state.mode
    return (state.scene, type(mode).__name__, getattr(mode, "person", None), getattr(mode, "testimony", None))


class HoldsStory(Protocol):
    """The one holder of the story being played (the play loop's session)."""

    story: Story


class Renderer:
    """Draws onto ``console``; ``plain`` chooses the screen-reader friendly look.

    ``reveal`` is an optional :class:`game.ui.reveal.Reveal` that types out the story's prose;
    ``interactive`` says whether the player has a keyboard (the help then lists keys).
    """

    def __init__(self, story: Story, console: Console, plain_mode: bool, *, reveal=None,
                 interactive: bool = False, pager=None) -> None:
        self._story = story
        self._holder: Optional[HoldsStory] = None
        self.console = console
        self.plain = plain_mode
        self.look = Look(plain=plain_mode)
        self.reveal = None if plain_mode else reveal
        self.interactive = interactive
        # A game.ui.pager.Pager in a terminal's rich look; None prints everything at once.
        self.pager = None if plain_mode else pager
        # Notices said since the last opening or ending (a kept save before a new game): said
        # again on the cleared screen the next opening starts on, so clearing loses nothing.
        # The renderer outlives a game (the title comes back), so this is reset, and bounded.
        self._early: list[str] = []
        self._told_credibility = False  # what credibility is: said under the first statement shown
        # In a terminal: lines printed since the last prompt or page wait, still on screen.
        # The menu reads it to fold its exits rather than push them off (game/ui/exits.py).
        self._above = 0
        self.menu_held = False  # the last menu's choices wait for an Enter (see menu)
        # The last view was closed by a line typed over its "more" line: a number in it meant the
        # view's own numbers (a deduction on the board, a clue in the notes), never the menu's.
        self.typed_over_view = False
        self._view_above = False  # the last thing printed was a view (see menu)
        self._warned_at: Optional[tuple[str, int]] = None  # (act, time) the last-turn warning was said in full
        self._seen_choices: tuple[e.Action, ...] = ()  # the last menu whose choices were shown
        self._seen_before: tuple[e.Action, ...] = ()  # and the one shown before it
        self._held_choices: tuple[e.Action, ...] = ()  # the held menu's, while it waits
        self._held_where: tuple = ()  # and where it is (_where)
        # The menus shown in this scene's visit, by mode (the scene's own, a talk's, ...): a
        # renumbered line is said (T23). Cleared when the player moves on; bounded so.
        self._seen_here: dict[tuple, tuple[e.Action, ...]] = {}
        # Where in this scene's visit the exits were folded: folded again there, so the menu
        # does not change its shape from one screen to the next in one room (T27, T29).
        self._folded_here: set[tuple] = set()

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
        if self.pager is None:
            self.console.print(renderable)
        else:
            self._emit(self.console.render_lines(renderable, self.console.options, pad=False))

    def _emit(self, lines: list[list[Segment]]) -> None:
        """Print lines already laid out (so they are laid out once), counted as on screen."""
        print_lines(self.console, lines)
        self._above += len(lines)

    def options(self, texts: Sequence[str]) -> None:
        """A numbered list to answer from (a board slot): a long option wraps under its own
        text, not back under its number (issue 11, item 6)."""
        for number, text in enumerate(texts, 1):
            self.say(numbered(number, plain(text), self.look, len(texts)))

    def notice(self, message: str) -> None:
        """A short reply from the game itself (not the story)."""
        self._early = [*self._early[-(EARLY - 1):], message]
        self.say(notice(message, self.look))

    def heading(self, title: str, subtitle: str = "") -> None:
        if self.plain:
            self.say(Text(clean(title) + (f" ({clean(subtitle)})" if subtitle else "")))
        else:
            line = Text(clean(title), style="bold")
            if subtitle:  # on a line of its own: beside the title it read as one run-on line (T58)
                line.append("\n").append(clean(subtitle), style="dim")
            self.say(line)

    # -- the scene and events ---------------------------------------------------------------

    def opening(self, events: Sequence[e.GameEvent], state: GameState) -> None:
        """The start of a game. In a terminal (the rich look with a pager) it starts on a
        cleared screen, with the notices said so far, and is paged if taller than the screen;
        elsewhere it is printed like any other events."""
        early, self._early = self._early, []
        if self.pager is None or not events:
            self.events(events, state)
            return
        self.console.clear()
        for message in early:
            self.say(notice(message, self.look))
        self._step(event_views(self.story, state, events, self.look))

    def _taller_than_screen(self, views: Sequence[RenderableType]) -> bool:
        from rich.console import Group

        console, pager = self.console, self.pager
        assert pager is not None  # asked only in a terminal's rich look, which pages
        return len(console.render_lines(Group(*views), console.options, pad=False)) > pager.page_height()

    def view(self, renderable: RenderableType) -> None:
        """A view of the case (notes, board, ...): paged in a terminal when taller than the
        screen, so its heading is read before it scrolls away; printed whole elsewhere."""
        if self.pager is None:
            self.say(renderable)
        else:
            outcome = self.pager.show([renderable], closable=True)  # fits one page: printed at once, no prompt
            self.typed_over_view = outcome == "closed" and self.pager.typeahead.typed_over_view()
            self._view_above = outcome != "closed"  # on screen still, under the menu to come
            # a view the player closed is done with: the menu may push it off (T59: F1, q, and
            # the menu waited for an Enter under a help page already closed)
            self._above = 0 if outcome == "closed" else self.pager.tail

    def events(self, events: Iterable[e.GameEvent], state: GameState) -> None:
        """What one step did (narration, clue notices, an act's title, the next scene): paged in
        a terminal's rich look when taller than a page, so its top is read before it scrolls
        away (issue 11, T4-1/T4-5); a step that fits, or a pipe, prints as it always did. The
        menu under it is not counted: a wait after nearly every step at 30 rows kept the Enter of
        the next command typed over it (the lead's own play, round 11)."""
        events = tuple(events)
        hold = any(isinstance(event, e.ActStarted) for event in events)  # a new act is read, page by page
        self._step(event_views(self.story, state, events, self.look), hold=hold)

    def _step(self, shown: Sequence[tuple[RenderableType, bool]], *, hold: bool = False) -> None:
        views = [view for view, _prose in shown]
        if self.pager is not None and self.reveal is None:
            # The pager prints what fits a screen at once: the views are laid out once, not
            # once to measure and again to print (a third of the first screen's drawing).
            self.pager.show(views, hold=hold)
            self._above = self.pager.tail
        elif self.pager is not None and self._taller_than_screen(views):
            self.pager.show(views, hold=hold)  # end of input or Ctrl-C here: the rest is printed, the loop sees it next
            self._above = self.pager.tail
        else:
            for view, prose in shown:
                self._show(view, prose)

    def ending(self, events: Iterable[e.GameEvent], state: GameState, summary) -> str:
        """The step that ended the story, then the case summary (a ``game.ui.summary.CaseSummary``),
        a page at a time in a terminal. Returns how the pages were left (see :meth:`paged`)."""
        views = [view for view, _prose in event_views(self.story, state, events, self.look)]
        return self.paged([*views, Text(""), self._summary(summary)])

    def summary(self, summary, note: str = "") -> str:
        """The case summary alone (a game that had already ended), and ``note`` under it."""
        return self.paged([self._summary(summary), notice(note, self.look)] if note else [self._summary(summary)])

    def paged(self, views: Sequence[RenderableType]) -> str:
        """``views`` a page at a time in a terminal, then a key for the title screen. Returns
        ``"key"``/``"q"`` (read), ``"eof"`` or ``"interrupt"``; ``"done"`` when printed at once."""
        self._early = []  # what was said before the ending is not said again at the next game
        if self.pager is None:
            for view in views:
                self.console.print(view)
            return "done"
        outcome = self.pager.show(views, always=True)  # the ending is read, never scrolled past
        if outcome not in ("eof", "interrupt"):
            outcome = self.pager.more("-- press a key for the title screen --", any_key=True)
        return outcome

    def _summary(self, summary) -> RenderableType:
        from game.ui.summary import SummaryView

        return SummaryView(summary, self.look)

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
            if self.pager is not None:  # typed out: counted as laid out (reveal's own look)
                self._above += len(self.console.render_lines(view, self.console.options, pad=False))
        else:
            self.say(view)

    def prompting(self) -> None:
        """The prompt is about to be shown: what is printed after it starts a new screenful."""
        self._above = 0

    def menu(self, state: GameState, actions: Sequence[e.Action], *, whole: bool = False) -> None:
        """The menu under what was just printed. In a terminal, a menu that would push that
        text off the screen folds its exits, and if that is not enough, waits for an Enter
        (``menu_held``): no key wait, so a command typed at once is sent at once. ``whole``:
        asked for (that Enter), so shown in full."""
        view_above, self._view_above = self._view_above, False
        testifying = isinstance(state.mode, Testifying)
        explain = testifying and not self._told_credibility
        self._told_credibility = self._told_credibility or testifying
        moved = self._moved(state, actions)
        if moved:
            self.notice(moved)
        # The last-turn warning is said in full once at a moment of the act, then in one line
        # (T62 read the three-line block again under every free step of the last turn).
        moment = (state.act, state.time)
        warned = self._warned_at == moment
        if self.pager is None:
            menu = Menu(self.story, state, actions, self.look, explain=explain, warned=warned)
            self.console.print(menu)
            self._saw(state, actions)
            self._warned_at = moment if menu.last_turn() else self._warned_at
            return
        console = self.console
        page = self.pager.page_height()  # the screen less the prompt's lines: the pager's one rule
        room = page - self._above
        built: list[Menu] = []

        def laid_out(fit: str) -> list[list[Segment]]:
            menu = Menu(self.story, state, actions, self.look, explain=explain, fit=fit, warned=warned)
            built.append(menu)
            return [] if fit == FOLD and menu.folded() is None else console.render_lines(menu, console.options, pad=False)

        lines, held = laid_out(FULL), False
        where = _where(state)
        if not whole and (len(lines) > room or where in self._folded_here):
            folded = laid_out(FOLD)
            if folded:
                lines = folded
                self._folded_here.add(where)
            # Held only when the text above is the bigger part of the screen: a menu taller
            # than that is what the player reads next (the accusation's list of every clue).
            # Under a view (the board, the notes) the view is what was asked for: held whenever
            # the menu fits a page (T39 at 40 rows: an 18-line menu pushed the board's second
            # page away unread).
            if len(lines) > room and (2 * len(lines) <= page or view_above and len(lines) <= page):
                lines, held = laid_out(HOLD), True
        self.menu_held = held
        if held:
            self._held_choices, self._held_where = tuple(actions), where
        else:
            self._saw(state, actions)
            if built[-1].last_turn():  # said under choices on screen, not under a held line
                self._warned_at = moment
        self._emit(lines)

    def _moved(self, state: GameState, actions: Sequence[e.Action]) -> str:
        """What to say when the menu here renumbered a line the player saw a moment ago in the
        same place (a line added above it, or one gone): T23 typed the old number of a place
        after a new choice pushed the exits down. "" when nothing moved."""
        if any(where[0] != state.scene for where in [*self._seen_here, *self._folded_here]):
            self._seen_here.clear()  # a new scene: numbers from the last one are not "moved"
            self._folded_here.clear()
        seen = self._seen_here.get(_where(state))
        if not seen or isinstance(state.mode, Accusing):  # each of the accusation's steps is a new list
            return ""
        # By the words on screen: a line taken and shown "(done)" is the same line (T25: the
        # password line, typed, was called new).
        before = {label: n for n, label in _numbered_words(seen)}
        numbers = e.menu_numbers(actions)
        if not any(a.label in before and before[a.label] != n for a, n in zip(actions, numbers)):
            return ""
        # Said once: this menu is what the player has been told of (T31 was told twice, once
        # under a held menu and again when it was shown).
        self._seen_here[_where(state)] = tuple(actions)
        new = [(n, a) for a, n in zip(actions, numbers) if a.label not in before]
        now = {a.label for a in actions}
        gone = [label for label in before if label not in now]
        if new and gone:
            # Both at once (T31: a topic gone, another new: told "moved down" when they moved up)
            return (f"(The choices changed: {_new_words(new)}; '{shown(gone[0], 40)}' "
                    f"{'is' if len(gone) == 1 else 'and others are'} gone. The numbers after them moved.)")
        if new:
            words = _new_words(new)
            return f"({words[:1].upper()}{words[1:]}. The ones after {'it' if len(new) == 1 else 'them'} moved down.)"
        return f"('{shown(gone[0], 50)}' is gone: the ones after it moved up.)" if len(gone) == 1 else \
            "(Some choices are gone: the ones after them moved up.)"

    def _saw(self, state: GameState, actions: Sequence[e.Action]) -> None:
        """The menu ``actions`` is on screen now."""
        self._seen_before, self._seen_choices = self._seen_choices, tuple(actions)
        self._seen_here[_where(state)] = tuple(actions)

    def menu_changed(self, number: int) -> bool:
        """Whether the line ``number`` picks on the menu on screen differs, in its words, from the
        one it picked on the menu before it: typed before this menu was drawn, it may mean
        another line. Only that line: T41's 12 was refused when only line 1 had changed."""
        # (The first menu of a run has none before it: keys typed as the game starts are heard.)
        return bool(self._seen_before) and _line(self._seen_choices, number) != _line(self._seen_before, number)

    def seen_choices(self) -> bool:
        """Whether any menu's choices have been on screen in this run."""
        return bool(self._seen_choices)

    def held_choices_changed(self, number: int) -> bool:
        """Whether the line ``number`` picks among the choices waiting for an Enter differs from
        the line it picked on the menu last seen in the same place (else the last on screen):
        typed now, from memory, it may mean another line (T19 went to the lobby so)."""
        # By the words on screen, as _moved compares: a line typed and shown done is another
        # action record but the same line (T25).
        # Against the last menu seen in the same place when there is one: T47 left a testimony
        # with 0 and typed 4 from the talk menu seen before it, and was refused because the
        # testimony's menu (the last on screen) has no line 4.
        seen = self._seen_here.get(self._held_where) or self._seen_choices
        return self.menu_held and _line(self._held_choices, number) != _line(seen, number)

    # -- views of the case ------------------------------------------------------------------

    def notes(self, state: GameState) -> None:
        from game.ui.notebook import Notebook

        self.view(Notebook(self.story, state, self.look))

    def clue(self, number: int, clue) -> None:
        """One clue close up (``examine``): its number in the notes, name, time and text."""
        title = Text(f"Clue {number}: {clean(clue.name)}" + (f" ({clue.time})" if clue.time else ""),
                     style=self.look.style("title"))
        body = story_text(paragraphs(clue.text)) if clue.text.strip() else Text("")
        self.say(frame(self.look, body, title))

    def suspects(self, state: GameState, who: str = "") -> None:
        from game.ui.suspects import Suspects, find_person

        person = find_person(self.story, who, state) if who.strip() else None
        if who.strip() and person is None:
            self.notice(f"No one you have met matches '{shown(who)}'. Showing everyone you know of.")
        self.view(Suspects(self.story, state, self.look, person))

    def board(self, state: GameState) -> None:
        from game.ui.board import Board

        self.view(Board(self.story, state, self.look))

    def timeline(self, state: GameState) -> None:
        from game.ui.timeline import Timeline

        self.view(Timeline(self.story, state, self.look))

    def map(self, state: GameState) -> None:
        from game.ui.map import SchoolMap

        self.view(SchoolMap(self.story, state, self.look))

    def help(self, commands, state: GameState) -> None:
        """The commands (rows of the loop's registry, see :data:`game.ui.help.CommandRow`) and keys,
        and what credibility is in this act (the words the testimony view uses)."""
        from game.ui.help import HelpView
        from game.ui.trial import credibility_rule

        self.view(HelpView(self.look, commands, keys=self.interactive, credibility=credibility_rule(self.story, state)))

    def history(self, lines: Sequence[str]) -> None:
        if not lines:
            self.notice("Nothing has happened yet.")
            return
        rows = [Text(f"{number}. {clean(line)}") for number, line in enumerate(lines, 1)]
        from rich.console import Group

        self.view(frame(self.look, Group(*rows), Text("So far", style=self.look.style("title"))))

    def table(self, title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A small table whose first column (a slot name) is never cut: boxed where it fits,
        a block per row where it does not, one line per row in plain."""
        from game.ui.tables import KeyedTable

        self.say(KeyedTable(title, columns, rows, self.look))
