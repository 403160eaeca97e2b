"""The one loop: read a line, understand it, step the engine, draw what happened.

The loop owns no I/O of its own: it is handed a ``read`` function (which may raise
``EOFError`` or ``KeyboardInterrupt``) and a :class:`Renderer`, so tests drive it with lists
of lines and a Console writing to a buffer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from game.core import engine as e
from game.core import mystery
from game.core.errors import SaveError
from game.core.model import Story
from game.play.keeper import SaveKeeper
from game.saves.slots import QUICKSAVE
from game.core.people import called
from game.core.state import GameState, Talking, Testifying
from game.core.words import match_words
from game.play.commands import Command, Problem, Steps, understand
from game.play.ending import case_summary
from game.play import understanding
from game.play.answering import ask_answer
from game.play import presenting
from game.play.registry import VIEWS, QuitGame, dispatch
from game.play.title import title_screen  # noqa: F401  (its home is game/play/title.py; kept importable here)
from game.ui.quitting import QuitAnswer
from game.ui.render import Renderer
from game.ui.help import where_next
from game.ui.scene import wrong_check_words
from game.ui.savelist import listing
from game.ui.trial import game_prompt
from game.ui.text import shown

Reader = Callable[[str], str]


@dataclass  # Not a Record: a working object, its state and undo list change as the game goes
class Session:
    """A game in progress: the story, the current state, and what came before (for undo)."""

    story: Story
    state: GameState
    undo: list[GameState] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    hint_level: int = 0
    hint_for: str = ""  # the deduction the last hint was about

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
                 confirm_quit: Optional[Callable[[], QuitAnswer]] = None,
                 saves: Optional[SaveKeeper] = None, ask: Optional[Reader] = None,
                 ask_text: Optional[Reader] = None, typed_ahead: Callable[[], bool] = lambda: False) -> None:
        self.session: Session = session  # the one holder of the story: the renderer and saves follow it
        self.r: Renderer = renderer
        renderer.follow(session)
        if saves is not None:
            saves.follow(session)
        self.read = read
        self.ask = ask or read  # answers to the game's own questions (board slots): no completion
        self.ask_text = ask_text or self.ask  # a typed answer (a password): Esc cancels in a terminal
        self.confirm_quit = confirm_quit
        self.saves = saves  # None: saving is off (tests, or no usable save folder)
        self.paged = ""  # how the ending's pages were left: "done", "rest", "eof", "interrupt"
        self.after_view = False  # the last line showed a full view (see handle)
        # Whether keys were already waiting as the prompt came up (typed while the game printed):
        # a number among them was typed before the menu it picks from was on screen (T31).
        self.typed_ahead, self.ahead = typed_ahead, False
        # A testimony heard again from its start after the player had left it further on, and not
        # moved through yet: the statement it was left at (else -1). A clue presented now is
        # confirmed with the statement's words first (game.play.presenting.doubt).
        self.reopened = -1

    @property
    def story(self) -> Story:
        return self.session.story

    @property
    def state(self) -> GameState:
        return self.session.state

    def run(self, opening: tuple[e.GameEvent, ...] = ()) -> int:
        """Play until the story ends, the input ends, or the player quits; returns an exit code."""
        if self.state.ended:  # a finished game continued or loaded: its summary, nothing to play
            self.game_over()
            return 0
        self.r.opening(opening, self.state)  # a cleared, paged screen in a terminal
        if not opening:
            self.look()
        self.show_menu()
        while True:
            try:
                self.r.prompting()
                self.ahead = self.typed_ahead()
                line = self.read(self.prompt())
            except EOFError:
                self.r.say()
                self.leave("Goodbye.")
                return 0
            except KeyboardInterrupt:
                answer = QuitAnswer(True) if self.confirm_quit is None else self.confirm_quit()
                if answer.quit:
                    self.r.say()
                    self.leave("Goodbye.")  # not "Interrupted": it read as a crash (T17)
                    return 0
                if not answer.line:
                    # back to playing, said (T50 read the question's line going as nothing
                    # happening), and the menu again, not a bare prompt (T13)
                    self.r.notice("You keep playing.")
                    self.remind()
                    continue
                line = answer.line  # a command typed at the question is a command (ui/quitting.py)
            try:
                self.handle(line)
            except QuitGame:
                self.leave("Goodbye.")
                return 0
            if self.state.ended:
                return 0

    def prompt(self) -> str:
        return game_prompt(self.story, self.state)

    # -- one line ---------------------------------------------------------------------------

    def handle(self, line: str) -> None:
        if not line.strip() and self.r.menu_held:
            # The menu's choices waited for this Enter, so the text above them stayed on screen.
            self.show_menu(whole=True)
            return
        over_view, self.r.typed_over_view = self.r.typed_over_view, False
        if line.strip().isdigit() and over_view:
            # T34 typed 3 over the board's "more" line (deduction 3?): it closed the board and
            # went to Room 4C, a turn spent. Numbers in a view are the view's, not the menu's.
            self.r.notice(f"{shown(line.strip(), 12)} was typed while a view was open, so nothing was chosen "
                          "(numbers there are not the menu's). Here are the choices:")
            self.show_menu(whole=True)
            return
        number = int(line.strip()) if line.strip().isdigit() and len(line.strip()) < 6 else None
        # 0 always leaves (a talk, a testimony) or takes the accusation back, whatever the menu:
        # never held back (T41's 0 after "Stop listening" was refused, and their next key chose)
        if number and (self.r.held_choices_changed(number) or self.ahead and self.r.menu_changed(number)):
            # A number typed from memory at held choices that are not the ones last seen (T19),
            # or typed ahead while a new menu was being drawn (T31: a "1" took a turn unseen).
            # (Said as it is: before any menu of this run, they were not on screen yet.)
            self.r.notice("The choices have changed since you last saw them, so nothing was chosen. "
                          "Here they are:" if self.r.seen_choices() else
                          "The choices were not on screen yet, so nothing was chosen. Here they are:")
            self.show_menu(whole=True)
            return
        understood = understand(self.story, self.state, line, after_view=self.after_view)
        self.after_view = False
        if isinstance(understood, Problem):
            self.r.notice(understood.message)
            if line.strip():  # after a misfire, what can be done now (an empty line only gets the hint)
                self.remind()
            return
        if isinstance(understood, Command):
            if understood.note:  # before what the command shows, which ends with the menu (T18)
                self.r.notice(understood.note)
            self.command(understood)
            # A view was shown: a lone q or Esc next closes it (commands.understand).
            self.after_view = understood.name in VIEWS
            return
        if isinstance(understood, Steps):
            # several steps in turn (leave, then go; evidence picked by several numbers), each
            # while it is still on the menu, and the menu shown once, after the last
            for action in understood.actions:
                if self.state.ended or action not in e.menu_actions(self.story, self.state):
                    break
                self.act(action, menu=False)
            self.show_menu()
            return
        self.act(understood)

    def act(self, action: e.Action, *, menu: bool = True) -> None:
        if e.is_done(self.story, self.state, action):
            # a once-only choice already taken keeps its number (core.menu.with_done): free
            self.refuse(f"You've already done that: '{shown(action.label, 50)}'. Nothing changes; "
                        "it costs no time.")
            return
        if isinstance(action, e.Typed) and not action.text:  # a choice that asks for an answer
            typed = ask_answer(self, action)
            if typed is None:
                self.show_menu()
                return
            action = typed
        before = self.session.state
        events = self.session.apply(action)
        if self.state.ended:
            self.finish(events, self.session.state is not before)
            return
        self.r.events(events, self.state)
        if menu and isinstance(before.mode, Testifying) and isinstance(self.state.mode, Talking):
            # T40 typed 0 then 6, meaning to leave Dr. Pell and take the room's line 6: the 0 only
            # stopped the testimony, and 6 asked a topic that took a turn
            who = called(self.story, self.state, self.state.mode.person)
            self.r.notice(f"(You stop listening. You are still talking with {who}: 0 again leaves.)")
        shown_now = [ev for ev in events if isinstance(ev, e.StatementShown)]
        if shown_now:
            last = shown_now[-1]
            self.reopened = last.left if last.again and last.left > last.index else -1
        if self.saves is not None:
            for message in self.saves.after_step(self.session, events, self.session.state is not before):
                self.r.notice(message)
        if menu:
            self.show_menu()

    def game_over(self) -> None:
        """A game that has already ended: its summary and the way to a new one."""
        self.paged = self.r.summary(case_summary(self.story, self.state, self.saves),
                                    "This game is over. Start a new game to play again"
                                    + ("." if self.r.interactive else " (ghostlight play --new)."))

    def finish(self, events: tuple[e.GameEvent, ...], changed: bool) -> None:
        """The step that ended the story: saved first (the profile then counts this ending),
        then the ending and the case summary, paged in a terminal."""
        notices = self.saves.after_step(self.session, events, changed) if self.saves is not None else []
        self.paged = self.r.ending(events, self.state, case_summary(self.story, self.state, self.saves))
        for message in notices:
            self.r.notice(message)

    def show_menu(self, *, whole: bool = False) -> None:
        if not self.state.ended:
            self.r.menu(self.state, e.menu_actions(self.story, self.state), whole=whole)

    def refuse(self, message: str) -> None:
        """A command that could not be done: why, then what can be done, as a misfire is
        answered (:meth:`handle`), so a refusal never leaves the player at a bare prompt."""
        self.r.notice(message)
        self.remind()

    def remind(self) -> None:
        """After a full view or a misfire: where the player is (in a testimony, which
        statement) and the menu again, so what can be done is on screen."""
        mode = self.state.mode
        if isinstance(mode, Testifying):
            testimony = self.story.testimonies.get(mode.testimony)
            if testimony is not None:
                self.r.notice(f"Statement {mode.index + 1} of {len(testimony.statements)} "
                              "(type 'look' to hear it again).")
        self.show_menu()

    def look(self) -> None:
        """What is in front of the player: the statement during a testimony, else the scene."""
        if isinstance(self.state.mode, Testifying):
            self.r.statement(self.state)
        else:
            self.r.scene(self.state)

    def command(self, command: Command) -> None:
        dispatch(self, command.name, command.arg)

    def plainly(self, name: str, arg: str) -> None:
        """The plain-word commands ``examine``, ``wait``, ``sleep`` (game/play/understanding.py)."""
        handlers = {"examine": understanding.examine, "wait": understanding.wait, "sleep": understanding.sleep}
        handlers[name](self, arg)

    # -- commands with arguments ------------------------------------------------------------

    def present(self, arg: str) -> None:
        """`present N` / `present WORDS` (game/play/presenting.py)."""
        presenting.present(self, arg)

    def deduce(self, arg: str) -> None:
        if not self.story.deductions:
            self.refuse("This story has no board.")
            return
        shown = dict(mystery.board(self.story, self.state))  # numbered by story order, stable
        by_id = {d.id: d for d in shown.values()}
        arg = arg.strip()
        number = int(arg) if re.fullmatch(r"\d+", arg) else None
        chosen = None
        if number is not None and number in shown:
            chosen = shown[number]
        elif arg in by_id:
            chosen = by_id[arg]
        if chosen is None:
            self.r.board(self.state)
            numbers = ", ".join(str(n) for n in shown)
            # a number the board keeps for a deduction not up yet (T73 typed `deduce 2`): said so,
            # without its title, which would tell what is still to find
            later = (f"Deduction {arg} is not on your board yet: it comes up once you hold what it asks about. "
                     if number in mystery.board_numbers(self.story) else "")
            self.refuse(later + (f"Type 'deduce N' with N one of {numbers}." if len(shown) > 1
                                 else f"Type 'deduce {numbers}'." if shown else "Nothing is on your board yet."))
            return
        if chosen.id in self.state.confirmed:
            self.refuse(f"'{chosen.title}' is already confirmed.")
            return
        self.r.heading(chosen.title, chosen.question)
        if mystery.wrong_check_ends_act(self.story, self.state):  # said before, never after (issue 11)
            self.r.notice(wrong_check_words(self.story, self.state))
        answers = []
        for slot in chosen.slots:
            value = self.ask_slot(slot)
            if value is None:
                self.refuse("You leave the board as it was.")
                return
            answers.append((slot.id, value))
        self.act(e.Deduce(chosen.id, tuple(answers), f"Deduce: {chosen.title}"))

    def ask_slot(self, slot) -> Optional[str]:
        """Ask for one board slot; None when the player cancels or the input ends."""
        options = mystery.slot_options(self.story, self.state, slot)  # the one list (game.core.blanks)
        if not options:
            self.r.notice("Your notebook is empty: find clues first." if slot.kind == "clue"
                          else "There is no one to name here yet.")
            return None
        while True:
            self.r.say(slot.prompt)
            self.r.options([text for _value, text in options])
            self.r.say("  (blank line to cancel)")
            try:
                line = self.ask("slot> ").replace("\x1b", "").strip()  # Esc alone cancels, as Enter does
            except (EOFError, KeyboardInterrupt):
                return None
            if not line:
                return None
            if re.fullmatch(r"\d+", line) and 1 <= int(line) <= len(options):
                return options[int(line) - 1][0]
            found = match_words(line, [text for _value, text in options])
            if len(found) == 1:
                return options[found[0]][0]
            left_out = [p.name for p in mystery.known_people(self.story, self.state, True)  # known, not offered (among:)
                        if slot.kind == "suspect" and p.id not in dict(options)]
            if len(hit := match_words(line, left_out)) == 1:
                self.r.notice(f"{left_out[hit[0]]} is not one of the choices for '{slot.prompt}'.")
            numbers = "Type 1" if len(options) == 1 else f"Choose a number from 1 to {len(options)}"
            self.r.notice(f"{numbers} (or a word from one), or a blank line to cancel.")

    def hint(self) -> None:
        # Each 'hint' in a row says a little more about the same open question; once that
        # question changes (confirmed on the board), the next hint starts gentle again.
        first = mystery.hint(self.story, self.state, 1)
        if first is None or first.deduction != self.session.hint_for:
            self.session.hint_level = 0
            self.session.hint_for = first.deduction if first else ""
        self.session.hint_level = min(mystery.MAX_HINT_LEVEL, self.session.hint_level + 1)
        found = mystery.hint(self.story, self.state, self.session.hint_level)
        if found is None and len(self.state.confirmed) < len(self.story.deductions):
            self.r.notice(where_next(mystery.leads(self.story, self.state)))
        elif found is None:
            self.r.notice("Every deduction is on the board. When you are ready, make your accusation.")
        else:
            self.r.notice(found.text)

    def undo(self) -> None:
        if not self.session.undo:
            self.refuse("There is nothing to undo.")
            return
        if self.session.undo[-1].credibility > self.state.credibility:
            # A wrong presentation costs credibility for good: undoing it would make the penalty
            # free. The whole step is refused (not undone with the lower credibility kept), so
            # undo never leaves a state the game could not have reached.
            self.r.notice(f"{self._witness()} heard that; it can't be taken back. (Undo never returns "
                          "credibility lost to a wrong presentation.)")
            self.remind()
            return
        self.session.state = self.session.undo.pop()
        if self.session.transcript:
            taken = self.session.transcript.pop()
            self.r.notice(f"Undone: {taken}")
        if self.saves is not None:
            for message in self.saves.autosave(self.session):
                self.r.notice(message)
        self.look()
        self.show_menu()

    def _witness(self) -> str:
        """Who heard the last presentation: the witness of the testimony, else "Everyone"."""
        for state in (self.state, self.session.undo[-1]):
            if isinstance(state.mode, Testifying):
                testimony = self.story.testimonies.get(state.mode.testimony)
                person = self.story.people.get(getattr(testimony, "person", "")) if testimony else None
                if person is not None:
                    return person.name
        return "Everyone"

    # -- saves (game/saves/slots.py does the work; this only talks to the player) -----------------

    def save_command(self, name: str, arg: str) -> None:
        """``save [slot]``, ``load [slot]`` (quicksave when no slot is named) and ``saves``."""
        if self.saves is None:
            self.refuse("Saving is turned off in this game.")
            return
        slot = arg.strip() or QUICKSAVE
        try:
            if name == "save":
                header = self.saves.save(slot, self.session)
                self.r.notice(f"Saved to '{header.slot}'. Type 'load {header.slot}' to come back here.")
                self.remind()  # the menu again, as after a view (T7 was left at a bare prompt)
            elif name == "load":
                if not arg.strip() and not any(i.slot == QUICKSAVE for i in self.saves.slots()):
                    self.list_saves()
                    self.refuse("There is no quicksave yet. Type 'load SLOT' with a slot from the list.")
                    return
                loaded = self.saves.load(slot, self.session)
                self.r.notice(self.saves.loaded_words(loaded))
                for message in loaded.notices:
                    self.r.notice(message)
                if self.state.ended:
                    self.game_over()
                    return
                self.look()
                self.show_menu()
            else:
                self.list_saves()
        except SaveError as exc:
            self.refuse(str(exc))

    def list_saves(self) -> None:
        assert self.saves is not None
        infos = self.saves.slots()
        if not infos:
            self.r.notice(f"No saved games yet (the save folder is {self.saves.folder.path}).")
            return
        columns, rows = listing(infos)
        self.r.table("Saved games", columns, rows)

    def save_before_leaving(self) -> bool:
        """Autosave as the game closes, whatever the way out; whether it was saved."""
        if self.saves is None:
            return False
        messages = self.saves.on_exit(self.session)
        for message in messages:
            self.r.notice(message)
        return not messages

    def leave(self, goodbye: str) -> None:
        """Save, say where (slot and folder, and how to come back), then ``goodbye``."""
        if self.save_before_leaving():
            assert self.saves is not None
            slot = self.saves.autosave_slot
            self.r.notice(self.saves.where_saved(slot))
        self.r.notice(goodbye)
