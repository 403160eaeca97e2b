"""The shell's side of saving: the folder, the play clock, autosave and the profile.

It reads clocks (time of day for ``saved_at``, a monotonic clock for play time), so it lives
with the play loop rather than in :mod:`game.saves`, which stays a pure API over files.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Optional, Protocol

from game.core.engine import ClueFound, EndingReached
from game.core.errors import SaveError
from game.core.model import Story
from game.core.record import replace
from game.core.state import GameState
from game.core.words import clip
from game.saves.document import LoadedSave, SaveHeader, StateCache
from game.saves.profile import Profile, read_profile, record_progress
from game.saves.autosave import (
    DamagedAutosave, autosave_slot, check_player_slot, finished, keep_finished, keep_unfinished, next_kept_slot,
    set_aside_damaged,
)
from game.saves.slots import SlotInfo, list_saves, load_game, save_game
from game.saves.store import FolderBusy, SaveFolder


#: seconds a write nobody asked for waits for the folder's lock (a save takes milliseconds)
UNASKED_WAIT = 1.0


class SessionLike(Protocol):
    """What the keeper needs of :class:`game.play.session.Session`."""

    story: Story
    state: GameState
    undo: list[GameState]
    transcript: list[str]


class SaveKeeper:
    """The shell's side of saving: the folder, the play clock, autosave and the profile.

    ``clock`` (epoch seconds) and ``ticker`` (monotonic seconds) are injectable for tests.
    Methods that run unasked (autosave, profile) return notices instead of raising, so a full
    disk never stops the game; commands the player typed raise SaveError.
    """

    def __init__(self, folder: SaveFolder | str | os.PathLike, story: Story, *,
                 clock: Callable[[], float] = time.time, ticker: Callable[[], float] = time.monotonic,
                 played: float = 0.0) -> None:
        self.folder = folder if isinstance(folder, SaveFolder) else SaveFolder(folder)
        self._story = story
        self._holder: Optional[SessionLike] = None
        self.clock = clock
        self.ticker = ticker
        self.cache = StateCache()
        self._played = played
        self._since = ticker()
        self._autosave_slot: Optional[str] = None
        self._failed = ""  # the last autosave failure told, so it is not repeated every step
        self._profile: Optional[Profile] = None
        self._profile_failed = ""
        # Progress the profile could not take yet (the folder busy or unwritable): sent again
        # with the next write, so an ending met then is never dropped (issue 11, item 2).
        self._pending_clues: frozenset[str] = frozenset()
        self._pending_endings: tuple[str, ...] = ()
        self._busy = False  # another process was found holding the folder's lock
        self._kept: Optional[GameState] = None  # the state last saved to or loaded from a named slot

    # -- time -----------------------------------------------------------------------------

    @property
    def story(self) -> Story:
        """The story saved: the followed session's (see :meth:`follow`), else the one given."""
        return self._holder.story if self._holder is not None else self._story

    def follow(self, session: SessionLike) -> None:
        """Save whatever story ``session`` holds from now on (it is the one holder)."""
        self._holder = session

    def played(self) -> float:
        """Seconds of play in this game, across the saves it was loaded from."""
        return self._played + max(0.0, self.ticker() - self._since)

    @property
    def autosave_slot(self) -> str:
        if self._autosave_slot is None:
            self._autosave_slot = autosave_slot(self.folder, self.story)
        return self._autosave_slot

    def where_saved(self, slot: str) -> str:
        """The line that tells a leaving player where their game is and how to come back: the
        game's ``quit``/Ctrl-D and the title screen's Quit both say it (one wording)."""
        # Continue first (T6 went looking for the command line): the title screen is where a
        # player starts; the command is the alternative for a script or a slot of their own.
        return (f"Your game is saved in the slot '{slot}', in {self.folder.path}. "
                f"To carry on, start ghostlight and choose Continue on the title screen "
                f"(or run: ghostlight play --load {slot}).")

    def where_finished(self, slot: str, ending: str) -> str:
        """The title screen's Quit when the game in ``slot`` is over: nothing to continue, so
        the line says where the finished game is and how to see it again (the words of the
        "kept as finished-N" line: T20 read "case" and "game" as two things)."""
        return (f"Your finished game ({clip(ending, 60)}) is kept in the slot '{slot}', in "
                f"{self.folder.path}: the title screen's Case summary shows it again.")

    @staticmethod
    def loaded_words(loaded: LoadedSave, when: str = "") -> str:
        """The line after a slot is loaded (``when``: how long ago it was saved, or ""). A
        finished game is not "loaded": its case summary follows (T53 read "Loaded 'autosave'"
        above the title's Case summary as the game having been started again)."""
        saved = f" (saved {when})" if when else ""
        if loaded.state.ended:
            ending = loaded.header.summary.ending
            over = f", {clip(ending, 60)}" if ending else ""
            return f"The game in '{loaded.header.slot}'{saved} is over{over}. Its case summary:"
        return f"Loaded '{loaded.header.slot}'{saved}."

    # -- commands -------------------------------------------------------------------------

    def save(self, slot: str, session: SessionLike) -> SaveHeader:
        """Save ``session`` to ``slot`` as the player asked; raises SaveError (also for the
        names the game writes by itself, such as ``autosave``)."""
        header = self._write(check_player_slot(slot), session)
        self._kept = session.state
        return header

    def _write(self, slot: str, session: SessionLike) -> SaveHeader:
        return save_game(self.folder, slot, self.story, session.state, session.undo, session.transcript,
                         saved_at=self.clock(), played=self.played(), cache=self.cache)

    def keep_unfinished(self, session: Optional[SessionLike] = None) -> list[str]:
        """Before another game replaces this one: keep the unfinished game as ``unfinished-N``.

        With ``session`` (in play), the session itself is kept unless it has ended or is what
        was last saved to or loaded from a slot of the player's; without (at start-up), the
        unfinished game in the autosave is. Raises SaveError when it cannot be kept, so the
        caller can stop before anything is replaced.
        """
        slot: Optional[str]
        if session is not None:
            fresh = not session.undo and session.state.turn == 0  # nothing played yet: nothing to lose
            if session.state.ended or session.state is self._kept or fresh:
                return []
            slot = next_kept_slot(self.folder)
            self._write(slot, session)
        else:
            slot = keep_unfinished(self.folder, self.story)
            if slot is None:
                return self.keep_finished()
        return [f"Your unfinished game was kept as '{slot}': type 'load {slot}' to go back to it."]

    def keep_finished(self) -> list[str]:
        """Before another game takes the autosave: keep a finished game there as ``finished-N``,
        so the title screen still offers its case summary (issue 11). One that cannot be read
        is moved aside instead (never deleted); raises SaveError when neither can be done."""
        header = finished(self.folder, self.story)
        try:
            slot = keep_finished(self.folder, self.story)
        except DamagedAutosave as exc:
            return [set_aside_damaged(self.folder, self.story, exc)]
        if slot is None or header is None:
            return []
        return [f"Your finished game ({clip(header.summary.ending or '', 60)}) was kept as '{slot}' in "
                f"{self.folder.path}: the title screen's Case summary shows it again."]

    def load(self, slot: str, session: Optional[SessionLike] = None) -> LoadedSave:
        """Read ``slot``; when ``session`` is given, it becomes the loaded game. Raises SaveError
        (and then nothing about the session changes)."""
        loaded = load_game(self.folder, slot, self.story)
        if session is not None:
            kept = self.keep_unfinished(session)  # raises before anything about the session changes
            self.restore(session, loaded)
            loaded = replace(loaded, notices=[*kept, *loaded.notices])  # a record: a new one, not edited
        self._kept = loaded.state
        return loaded

    def restore(self, session: SessionLike, loaded: LoadedSave) -> None:
        """Make ``session`` the game in ``loaded``: state, undo and its transcript, play time."""
        session.state = loaded.state
        session.undo = list(loaded.undo)
        session.transcript = list(loaded.transcript)
        self._played = float(loaded.played)
        self._since = self.ticker()
        self.cache = StateCache()
        self.note_progress(clues=loaded.state.clues)

    def slots(self) -> list[SlotInfo]:
        """The saves in the folder for this story, newest first."""
        return list_saves(self.folder, self.story.id)

    # -- unasked --------------------------------------------------------------------------

    @contextmanager
    def _unasked(self) -> Iterator[None]:
        """Writes nobody asked for (autosave, profile) wait for the folder's lock only briefly,
        and not at all once another process has been found holding it: the game plays on
        instead of stalling at every move, and tries again each time."""
        timeout = self.folder.lock_timeout
        self.folder.lock_timeout = 0.0 if self._busy else min(timeout, UNASKED_WAIT)
        try:
            yield
        except FolderBusy:
            self._busy = True
            raise
        else:
            self._busy = False
        finally:
            self.folder.lock_timeout = timeout

    def autosave(self, session: SessionLike) -> list[str]:
        """Save to the autosave slot; a notice when it fails (once until it works again)."""
        try:
            with self._unasked():
                self._write(self.autosave_slot, session)
        except FolderBusy:
            message = (f"Another Ghost Light is using the save folder {self.folder.path}, so this game is "
                       "not being autosaved; you can play on, and it will try again after every move "
                       "without waiting. 'save NAME' saves once the other game lets go.")
            return self._tell(message)
        except SaveError as exc:
            return self._tell(f"Autosave failed: {exc}")
        if self._failed:
            self._failed = ""
            return ["Autosave works again."]
        return []

    def _tell(self, message: str) -> list[str]:
        """``message`` once: not again until autosave has worked in between."""
        if message == self._failed:
            return []
        self._failed = message
        return [message]

    def after_step(self, session: SessionLike, events: Iterable[object], changed: bool = True) -> list[str]:
        """After a step: note clues found and endings reached, and autosave if the state changed."""
        events = tuple(events)
        notices = self.note_progress(clues=[e.clue for e in events if isinstance(e, ClueFound)],
                                     endings=[e.ending for e in events if isinstance(e, EndingReached)])
        if changed:
            notices += self.autosave(session)
        return notices

    def note_progress(self, *, clues: Iterable[str] = (), endings: Iterable[str] = ()) -> list[str]:
        """Add clues and endings to the profile, writing only when something is new to it.
        What cannot be written now is kept and written with the next write that gets through."""
        clues = frozenset(clues) | self._pending_clues
        endings = self._pending_endings + tuple(endings)
        if self._profile is None:
            self._profile = read_profile(self.folder)
        if not endings and clues <= self._profile.clues(self.story.id):
            return []
        self._pending_clues, self._pending_endings = frozenset(), ()
        try:
            with self._unasked():
                self._profile = record_progress(self.folder, self.story.id, clues=clues, endings=endings,
                                                now=self.clock())
        except FolderBusy:
            self._pending_clues, self._pending_endings = clues, endings
            return []  # said once by autosave; added at the next write that gets through
        except SaveError as exc:
            self._pending_clues, self._pending_endings = clues, endings
            message = f"Your profile was not updated: {exc}"
            if message == self._profile_failed:
                return []
            self._profile_failed = message
            return [message]
        self._profile_failed = ""
        if self._profile.problem:
            problem, self._profile = self._profile.problem, Profile(self._profile.stories)
            return [problem]
        return []

    def endings_found(self) -> frozenset[str]:
        """Ids of the endings of this story the player has reached in any game: the profile's,
        and those not yet written to it (see :meth:`note_progress`)."""
        return self.profile().endings(self.story.id) | frozenset(self._pending_endings)

    def profile(self) -> Profile:
        """The profile as last read or written (read now if not yet)."""
        if self._profile is None:
            self._profile = read_profile(self.folder)
        return self._profile

    def on_exit(self, session: SessionLike) -> list[str]:
        """The save made before the game closes (quit, end of input, Ctrl-C)."""
        return self.autosave(session)
