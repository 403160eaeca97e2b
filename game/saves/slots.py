"""Saving and loading games: what the game loop, the command line and the title screen call.

The pieces underneath, each small and tested on its own:

- :mod:`game.saves.codec`  GameState <-> JSON by ids
- :mod:`game.saves.history`  the undo history as diffs, rebuilt within one budget of ids
- :mod:`game.saves.fit` fitting a saved state to an edited story
- :mod:`game.saves.document`   the document: checksum, versions, migrations, reading
- :mod:`game.saves.store`  the folder: slot names, lock, atomic writes, backups, size limit
- :mod:`game.saves.fallback`  the one reader that falls back to a file's backup
- :mod:`game.saves.profile`    endings reached and clues found across playthroughs
- :mod:`game.saves.autosave`   the autosave: its slot, resuming it, keeping it when a game starts

Time never comes from here into a save: the shell passes ``saved_at`` and play time in
(:class:`game.play.keeper.SaveKeeper` is that shell-side helper, with injectable clocks).
How saves are shown (tables, times) lives with the views, in :mod:`game.ui.savelist`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence

from game.core.record import Record, replace
from game.core.errors import SaveError
from game.core.places import no_home, user_folder
from game.core.model import Story
from game.saves.profile import read_profile
from game.saves.document import (
    LoadedSave, NewerSaveError, SaveHeader, SaveRefused, StateCache, build_save, check_save, encode,
    header_of, parse_save, read_header,
)
from game.saves.fallback import Unreadable, read_with_backup
from game.saves.store import BACKUP, SUFFIX, SaveFolder, check_slot
from game.core.state import GameState

AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
ENV_VAR = "GHOSTLIGHT_SAVES"

__all__ = [
    "AUTOSAVE", "QUICKSAVE", "ENV_VAR", "SaveError", "SaveFolder", "SlotInfo",
    "LoadedSave", "SaveHeader", "check_slot", "default_save_folder", "list_saves",
    "load_game", "save_game", "read_profile",
]


# --- where saves live ---------------------------------------------------------------------


def default_save_folder(override: Optional[str | os.PathLike] = None, *,
                        environ: Mapping[str, str] = os.environ, package_dir: Optional[Path] = None) -> Path:
    """The save folder: ``override`` (``--saves DIR``), else ``$GHOSTLIGHT_SAVES``, else
    ``saves/`` in the checkout when run from one, else the platform's user data folder
    (:func:`game.core.places.user_folder`, which also says what happens without a home)."""
    if override:
        return Path(override).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    checkout = (package_dir or Path(__file__).resolve().parents[1]).parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "saves").is_dir():
        return checkout / "saves"
    folder = user_folder("data", environ)
    return folder if no_home(environ) else folder / "saves"


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
    try:
        found = read_with_backup(folder, folder.slot_file(slot), lambda data: parse_save(data, story),
                                 missing=f"The save '{slot}' is missing.", refused=(SaveRefused,))
    except Unreadable as exc:
        raise Unreadable(f"The save '{slot}' could not be read: {exc.problem}",
                         f"{exc.backup_problem} Both files are left as they are.") from None
    if found is None:
        raise SaveError(f"There is no save called '{slot}'. Type 'saves' to see the saved games.")
    loaded, problem = found
    if problem:
        loaded.notices.insert(0, f"The save '{slot}' could not be read: {problem} "
                                 "Its backup, the save made before it, was loaded instead.")
        loaded = replace(loaded, from_backup=True)
    return loaded


# --- listing ------------------------------------------------------------------------------


class SlotInfo(Record):
    """One slot as a listing shows it. ``header`` is None when neither file can be read."""

    slot: str
    header: Optional[SaveHeader]
    problem: str = ""
    from_backup: bool = False
    newer: bool = False  # made by a newer Ghost Light: not damaged, only unreadable here


def list_saves(folder: SaveFolder | str | os.PathLike, story_id: Optional[str] = None, *,
               full: bool = False) -> list[SlotInfo]:
    """Every slot in ``folder`` (only ``story_id``'s when given), newest first, damaged last.

    Reads each save's header and checksum; with ``full``, also checks its state and undo
    history as a load would (without a story to fit them to). Never raises for a damaged
    file (the row says what is wrong); raises SaveError if the folder is unreadable.
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
        info = _slot_info(folder, slot, check_save if full else read_header)
        if story_id is None or info.header is None or info.header.story_id == story_id:
            infos.append(info)
    good = sorted((i for i in infos if i.header), key=lambda i: (i.header.saved_at, i.slot), reverse=True)
    bad = sorted((i for i in infos if not i.header), key=lambda i: i.slot)
    return good + bad


def _slot_info(folder: SaveFolder, slot: str, read: Callable[[bytes], SaveHeader]) -> SlotInfo:
    name = folder.slot_file(slot)
    problem = ""
    for candidate, backup in ((name, False), (name + BACKUP, True)):
        try:
            data = folder.read(candidate)
            if data is None:
                continue
            return SlotInfo(slot, read(data), problem, backup)
        except NewerSaveError as exc:
            # Not damage: kept as it is, shown as what it is, and its backup is not used instead.
            return SlotInfo(slot, None, str(exc), newer=True)
        except SaveError as exc:
            problem = problem or str(exc)
    return SlotInfo(slot, None, problem or "The save is missing.")
