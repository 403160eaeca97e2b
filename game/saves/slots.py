"""Saving and loading games: what the game loop, the command line and the title screen call.

The pieces underneath, each small and tested on its own:

- :mod:`game.saves.codec`  GameState <-> JSON by ids, compact undo diffs
- :mod:`game.saves.fit` fitting a saved state to an edited story
- :mod:`game.saves.document`   the document: checksum, versions, migrations, reading
- :mod:`game.saves.store`  the folder: slot names, lock, atomic writes, backups, size limit
- :mod:`game.saves.profile`    endings reached and clues found across playthroughs

Time never comes from here into a save: the shell passes ``saved_at`` and play time in
(:class:`SaveKeeper` is that shell-side helper, with its clocks injectable for tests).
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Optional, Protocol, Sequence

from game.core.errors import SaveError
from game.core.model import Story
from game.saves.branches import autosave_suffix
from game.saves.profile import Profile, read_profile, record_progress
from game.saves.document import (
    LoadedSave, SaveHeader, SaveRefused, StateCache, build_save, encode, header_of, parse_save,
    parse_timestamp, read_header,
)
from game.saves.store import BACKUP, SUFFIX, SaveFolder, check_slot
from game.core.state import GameState

AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
ENV_VAR = "GHOSTLIGHT_SAVES"
APP_NAME = "ghostlight"

__all__ = [
    "AUTOSAVE", "QUICKSAVE", "ENV_VAR", "SaveError", "SaveFolder", "SaveKeeper", "SlotInfo",
    "LoadedSave", "SaveHeader", "check_slot", "default_save_folder", "list_saves", "listing",
    "load_game", "save_game", "autosave_slot", "resume", "read_profile", "format_played",
]


# --- where saves live ---------------------------------------------------------------------


def default_save_folder(override: Optional[str | os.PathLike] = None, *,
                        environ: Mapping[str, str] = os.environ, platform: str = sys.platform,
                        package_dir: Optional[Path] = None) -> Path:
    """The save folder: ``override`` (``--saves DIR``), else ``$GHOSTLIGHT_SAVES``, else
    ``saves/`` in the checkout when run from one, else the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    checkout = (package_dir or Path(__file__).resolve().parents[1]).parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "saves").is_dir():
        return checkout / "saves"
    home = Path(environ.get("HOME") or environ.get("USERPROFILE") or Path.home())
    if platform.startswith("win"):
        base = Path(environ["APPDATA"]) if environ.get("APPDATA") else home / "AppData" / "Roaming"
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ["XDG_DATA_HOME"]) if environ.get("XDG_DATA_HOME") else home / ".local" / "share"
    return base / APP_NAME / "saves"


def _folder(folder: SaveFolder | str | os.PathLike) -> SaveFolder:
    return folder if isinstance(folder, SaveFolder) else SaveFolder(folder)


# --- one slot -----------------------------------------------------------------------------


def save_game(folder: SaveFolder | str | os.PathLike, slot: str, story: Story, state: GameState,
              undo: Sequence[GameState] = (), transcript: Sequence[str] = (), *, saved_at: float,
              played: float, cache: Optional[StateCache] = None) -> SaveHeader:
    """Write ``state`` and its undo history to ``slot``; returns what was written.

    ``saved_at`` is epoch seconds and ``played`` seconds of play, both from the caller.
    Raises SaveError (the previous save of the slot is then untouched).
    """
    folder = _folder(folder)
    slot = check_slot(slot)
    document = build_save(story, state, undo, transcript, slot=slot, saved_at=saved_at, played=played,
                          cache=cache)
    folder.write(folder.slot_file(slot), encode(document), what=f"the slot '{slot}'")
    return header_of(document)


def load_game(folder: SaveFolder | str | os.PathLike, slot: str, story: Story) -> LoadedSave:
    """Read ``slot`` for ``story``. A damaged file falls back to its backup, with a notice saying
    so; a save refused outright (another story, a newer format) does not. Raises SaveError."""
    folder = _folder(folder)
    slot = check_slot(slot)
    name = folder.slot_file(slot)
    try:
        data = folder.read(name)
        if data is None:
            if not folder.exists(name + BACKUP):
                raise SaveError(f"There is no save called '{slot}'. Type 'saves' to see the saved games.")
            raise SaveError(f"The save '{slot}' is missing.")
        return parse_save(data, story)
    except SaveRefused:
        raise
    except SaveError as exc:
        problem = str(exc)
        if not folder.exists(name + BACKUP):
            raise
    try:
        data = folder.read(name + BACKUP)
        if data is None:
            raise SaveError("the backup is missing")
        loaded = parse_save(data, story)
    except SaveError as exc:
        raise SaveError(f"The save '{slot}' could not be read: {problem} Its backup could not be "
                        f"read either: {exc} Both files are left as they are.") from None
    when = format_when(loaded.header.saved_at)
    loaded.notices.insert(0, f"The save '{slot}' could not be read: {problem} "
                             f"Its backup from {when} was loaded instead.")
    loaded.from_backup = True
    return loaded


# --- listing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotInfo:
    """One slot as a listing shows it. ``header`` is None when neither file can be read."""

    slot: str
    header: Optional[SaveHeader]
    problem: str = ""
    from_backup: bool = False


def list_saves(folder: SaveFolder | str | os.PathLike, story_id: Optional[str] = None) -> list[SlotInfo]:
    """Every slot in ``folder`` (only ``story_id``'s when given), newest first, damaged last.

    Reads each save's header and checksum, not its state, so it is quick. Never raises for
    a damaged file (the row says what is wrong); raises SaveError if the folder is unreadable.
    """
    folder = _folder(folder)
    slots = set()
    for name in folder.names():
        base = name[: -len(BACKUP)] if name.endswith(BACKUP) else name
        stem = base[: -len(SUFFIX)]
        try:
            slots.add(check_slot(stem))
        except SaveError:
            continue  # not one of ours (or a name we would never write)
    infos = []
    for slot in slots:
        info = _slot_info(folder, slot)
        if story_id is None or info.header is None or info.header.story_id == story_id:
            infos.append(info)
    good = sorted((i for i in infos if i.header), key=lambda i: (i.header.saved_at, i.slot), reverse=True)
    bad = sorted((i for i in infos if not i.header), key=lambda i: i.slot)
    return good + bad


def _slot_info(folder: SaveFolder, slot: str) -> SlotInfo:
    name = folder.slot_file(slot)
    problem = ""
    for candidate, backup in ((name, False), (name + BACKUP, True)):
        try:
            data = folder.read(candidate)
            if data is None:
                continue
            return SlotInfo(slot, read_header(data), problem, backup)
        except SaveError as exc:
            problem = problem or str(exc)
    return SlotInfo(slot, None, problem or "The save is missing.")


COLUMNS = ("Slot", "When", "Act", "Place", "Clues found", "Play time")


def listing(infos: Iterable[SlotInfo]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Columns and rows for a table of saves (the `saves` command and the title screen)."""
    rows = []
    for info in infos:
        header = info.header
        if header is None:
            rows.append((info.slot, "damaged", "", info.problem, "", ""))
            continue
        s = header.summary
        act = f"Act {s.act_number}: {s.act_title}" if s.act_number and s.act_title else s.act
        place = f"The end: {s.ending}" if s.ending else (s.place or s.scene)
        clues = f"{s.clues} of {s.clues_total}" if s.clues_total else str(s.clues)
        slot = info.slot + (" (backup)" if info.from_backup else "")
        rows.append((slot, format_when(header.saved_at), act, place, clues, format_played(s.played)))
    # Summaries are text from a file: keep them printable and short for any table.
    return COLUMNS, [tuple(_clip(cell, 100) for cell in row) for row in rows]


def format_played(seconds: float) -> str:
    """Play time for people: ``45s``, ``12m``, ``1h 05m``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h {minutes % 60:02d}m"


def format_when(saved_at: str) -> str:
    """A save's time in the player's local time, to the minute."""
    moment = parse_timestamp(saved_at)
    if moment is None:
        return _clip(saved_at, 20) or "?"
    try:
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")
    except (OverflowError, OSError, ValueError):
        return moment.strftime("%Y-%m-%d %H:%M UTC")


def _clip(text: str, limit: int) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- autosave and resuming ------------------------------------------------------------------


def autosave_slot(folder: SaveFolder | str | os.PathLike, story: Story) -> str:
    """``autosave``, unless that slot holds another story's game (or a newer game's): then
    ``autosave-<story>``, so playing one story never overwrites the autosave of another."""
    folder = _folder(folder)
    try:
        data = folder.read(folder.slot_file(AUTOSAVE))
        other = data is not None and read_header(data).story_id != story.id
    except SaveRefused:
        other = True  # a newer game's autosave: never overwrite it
    except SaveError:
        other = False  # a damaged autosave: resume() has set it aside, or it is kept as the backup
    suffix = autosave_suffix(story)  # a game with branches keeps its own autosave
    if not other and not suffix:
        return AUTOSAVE
    slug = re.sub(r"[^a-z0-9_-]+", "-", story.id.lower()).strip("-_")[: 32 - len(AUTOSAVE) - 2 - len(suffix)]
    slug = f"{slug}-{suffix}" if suffix else slug
    try:
        return check_slot(f"{AUTOSAVE}-{slug}" if slug else f"{AUTOSAVE}-story")
    except SaveError:
        return f"{AUTOSAVE}-story"


def resume(folder: SaveFolder | str | os.PathLike, story: Story) -> tuple[Optional[LoadedSave], list[str]]:
    """The autosave to continue, if there is one for ``story`` that has not ended; and what to
    tell the player (for instance that the autosave could not be read)."""
    folder = _folder(folder)
    slot = autosave_slot(folder, story)
    name = folder.slot_file(slot)
    try:
        if not folder.exists(name) and not folder.exists(name + BACKUP):
            return None, []
        loaded = load_game(folder, slot, story)
    except SaveRefused as exc:
        return None, [f"{exc} Starting a new game."]
    except SaveError as exc:
        # Neither the autosave nor its backup can be read. Autosaving the new game would push
        # them out; keep them aside instead, for whoever wants to look at them.
        kept = []
        for damaged in (name, name + BACKUP):
            try:
                if folder.exists(damaged):
                    kept.append(folder.set_aside(damaged))
            except SaveError:
                pass
        where = f" It was kept as {' and '.join(kept)}." if kept else ""
        return None, [f"{exc}{where} Starting a new game."]
    if loaded.state.ended:
        return None, []
    return loaded, loaded.notices


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
        self.folder = _folder(folder)
        self.story = story
        self.clock = clock
        self.ticker = ticker
        self.cache = StateCache()
        self._played = played
        self._since = ticker()
        self._autosave_slot: Optional[str] = None
        self._failed = ""  # the last autosave failure told, so it is not repeated every step
        self._profile: Optional[Profile] = None
        self._profile_failed = ""

    # -- time -----------------------------------------------------------------------------

    def played(self) -> float:
        """Seconds of play in this game, across the saves it was loaded from."""
        return self._played + max(0.0, self.ticker() - self._since)

    @property
    def autosave_slot(self) -> str:
        if self._autosave_slot is None:
            self._autosave_slot = autosave_slot(self.folder, self.story)
        return self._autosave_slot

    # -- commands -------------------------------------------------------------------------

    def save(self, slot: str, session: SessionLike) -> SaveHeader:
        """Save ``session`` to ``slot``; raises SaveError."""
        return save_game(self.folder, slot, self.story, session.state, session.undo, session.transcript,
                         saved_at=self.clock(), played=self.played(), cache=self.cache)

    def load(self, slot: str, session: Optional[SessionLike] = None) -> LoadedSave:
        """Read ``slot``; when ``session`` is given, it becomes the loaded game. Raises SaveError
        (and then nothing about the session changes)."""
        loaded = load_game(self.folder, slot, self.story)
        if session is not None:
            self.restore(session, loaded)
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

    def autosave(self, session: SessionLike) -> list[str]:
        """Save to the autosave slot; a notice when it fails (once until it works again)."""
        try:
            self.save(self.autosave_slot, session)
        except SaveError as exc:
            message = f"Autosave failed: {exc}"
            if message == self._failed:
                return []
            self._failed = message
            return [message]
        if self._failed:
            self._failed = ""
            return ["Autosave works again."]
        return []

    def after_step(self, session: SessionLike, events: Iterable[object], changed: bool = True) -> list[str]:
        """After a step: note clues found and endings reached, and autosave if the state changed."""
        from game.core.engine import ClueFound, EndingReached

        events = tuple(events)
        notices = self.note_progress(clues=[e.clue for e in events if isinstance(e, ClueFound)],
                                     endings=[e.ending for e in events if isinstance(e, EndingReached)])
        if changed:
            notices += self.autosave(session)
        return notices

    def note_progress(self, *, clues: Iterable[str] = (), endings: Iterable[str] = ()) -> list[str]:
        """Add clues and endings to the profile, writing only when something is new to it."""
        clues, endings = frozenset(clues), tuple(endings)
        if self._profile is None:
            self._profile = read_profile(self.folder)
        if not endings and clues <= self._profile.clues(self.story.id):
            return []
        try:
            self._profile = record_progress(self.folder, self.story.id, clues=clues, endings=endings,
                                            now=self.clock())
        except SaveError as exc:
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

    def profile(self) -> Profile:
        """The profile as last read or written (read now if not yet)."""
        if self._profile is None:
            self._profile = read_profile(self.folder)
        return self._profile

    def on_exit(self, session: SessionLike) -> list[str]:
        """The save made before the game closes (quit, end of input, Ctrl-C)."""
        return self.autosave(session)
