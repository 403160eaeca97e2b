"""The autosave: which slot it is, resuming it, and keeping it when another game starts.

Rules a player can observe, each in one place:

- each story autosaves to ``autosave``, unless that slot holds another story's game or a
  newer game's: then to ``autosave-<story>``, so one never overwrites the other;
- an unfinished game that lives only in the autosave is never lost by starting a new game or
  loading a slot: it is first kept as ``unfinished-N`` (shown by ``saves``, loadable);
- a finished game in the autosave is kept the same way as ``finished-N`` before another game
  takes the autosave, so its case summary stays on the title screen (issue 11);
- an autosave that cannot be read is moved aside to ``NAME.damaged`` only so that a new game
  can start, and the player is told so plainly; a newer game's autosave is never moved;
- slot names the game writes by itself (``autosave``, ``autosave-*``) are refused for ``save``.
"""

from __future__ import annotations

import os
import re
from typing import Callable, Optional

from game.core.errors import SaveError
from game.core.model import Story
from game.saves.branches import autosave_suffix
from game.saves.document import (
    NewerSaveError, SaveHeader, SaveRefused, checksum, check_document, check_save, encode, parse_json, read_header,
)
from game.saves.slots import AUTOSAVE, LoadedSave, SaveFolder, check_slot, load_game
from game.saves.fallback import Unreadable
from game.saves.store import BACKUP

KEPT = "unfinished"  # unfinished games set aside when another starts: unfinished-1, -2, ...
FINISHED = "finished"  # finished games set aside the same way: finished-1, -2, ...
_KEPT_MAX = 999  # for each kind: past it, the player is asked to move some out (nothing is dropped)


def _folder(folder: SaveFolder | str | os.PathLike) -> SaveFolder:
    return folder if isinstance(folder, SaveFolder) else SaveFolder(folder)


def check_player_slot(name: str) -> str:
    """:func:`check_slot`, and not a name the game writes by itself (``autosave``...)."""
    slot = check_slot(name)
    if slot == AUTOSAVE or slot.startswith(AUTOSAVE + "-"):
        raise SaveError(f"'{slot}' is where the game saves by itself after every move, so a save there "
                        "would soon be replaced. Choose another slot name (for example: before-the-trial).")
    return slot


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


def _newer_autosave(folder: SaveFolder) -> str:
    """What to say when ``autosave`` holds a newer game's save (it is kept, never replaced)."""
    try:
        data = folder.read(folder.slot_file(AUTOSAVE))
        if data is not None:
            read_header(data)
    except NewerSaveError:
        return ("The autosave was made by a newer version of Ghost Light, so this version cannot "
                "continue it; it is kept as it is and never replaced.")
    except SaveError:
        pass
    return ""


def resume(folder: SaveFolder | str | os.PathLike, story: Story) -> tuple[Optional[LoadedSave], list[str]]:
    """The autosave to continue, if there is one for ``story`` that has not ended; and what to
    tell the player (for instance that the autosave could not be read)."""
    folder = _folder(folder)
    slot = autosave_slot(folder, story)
    told = [_newer_autosave(folder)] if slot != AUTOSAVE else []
    told = [t for t in told if t]
    name = folder.slot_file(slot)
    try:
        if not folder.exists(name) and not folder.exists(name + BACKUP):
            return None, [f"{t} Starting a new game." for t in told]
        loaded = load_game(folder, slot, story)
    except SaveRefused as exc:
        return None, [f"{exc} It is kept as it is. Starting a new game."]
    except SaveError as exc:
        return None, [_set_aside(folder, slot, exc)]
    if loaded.state.ended:
        return None, []
    return loaded, told + loaded.notices


def set_aside_damaged(folder: SaveFolder | str | os.PathLike, story: Story, exc: SaveError) -> str:
    """A game in the autosave that cannot be copied (:class:`DamagedAutosave`): moved
    aside (it and its backup), never deleted, so the next game can take the autosave; returns
    what to tell the player. Raises SaveError if it cannot be moved (nothing is replaced then)."""
    folder = _folder(folder)
    name = folder.slot_file(autosave_slot(folder, story))
    with folder.locked():
        moved = [folder.set_aside(n) for n in (name, name + BACKUP) if folder.exists(n)]
    return (f"The game in the autosave could not be read ({exc}), so it could not be kept "
            f"as a saved game; it was moved to {' and '.join(moved)} in {folder.path}, nothing deleted.")


def _set_aside(folder: SaveFolder, slot: str, exc: SaveError) -> str:
    """Move an autosave that cannot be read (and its backup) out of the new game's way, and say
    exactly that: autosaving the new game would otherwise push them out."""
    problem = (f"The autosave could not be read: {exc.problem} Its backup could not be read either: "
               f"{exc.backup_problem}") if isinstance(exc, Unreadable) else f"The autosave could not be read: {exc}"
    name = folder.slot_file(slot)
    kept, failed = [], []
    for damaged in (name, name + BACKUP):
        try:
            if folder.exists(damaged):
                kept.append(folder.set_aside(damaged))
        except SaveError as why:
            failed.append(str(why))
    if failed:
        return (f"{problem} It could not be moved aside ({failed[0]}), so this game will not be "
                "autosaved over it; save with 'save NAME'. Starting a new game.")
    moved = " and ".join(kept)
    return (f"{problem} So that a new game can start, it was moved to {moved} in the save folder "
            f"({folder.path}); nothing was deleted. Starting a new game.")


def _autosave_header(folder: SaveFolder, story: Story) -> Optional[SaveHeader]:
    """The header of ``story``'s game in its autosave slot, or None (nothing there, another
    story's, or one that cannot be read: :func:`resume` deals with that)."""
    try:
        data = folder.read(folder.slot_file(autosave_slot(folder, story)))
        header = read_header(data) if data is not None else None
    except SaveError:
        return None
    return header if header is not None and header.story_id == story.id else None


def unfinished(folder: SaveFolder | str | os.PathLike, story: Story) -> Optional[SaveHeader]:
    """The header of the unfinished game of ``story`` in its autosave slot, or None (no
    autosave, a finished game, one with no move played, another story's, or one that cannot
    be read)."""
    header = _autosave_header(_folder(folder), story)
    if header is None or header.summary.ending or not header.summary.turn:
        return None  # nothing there, finished, or not a move played: nothing to lose
    return header


def finished(folder: SaveFolder | str | os.PathLike, story: Story) -> Optional[SaveHeader]:
    """The header of the finished game of ``story`` in its autosave slot, or None."""
    header = _autosave_header(_folder(folder), story)
    return header if header is not None and header.summary.ending else None


def next_kept_slot(folder: SaveFolder | str | os.PathLike, kind: str = KEPT) -> str:
    """The first ``unfinished-N`` (or ``finished-N``, by ``kind``) slot with neither a save nor
    a backup in ``folder``. Raises SaveError when all of them are taken."""
    folder = _folder(folder)
    taken = set(folder.names())
    for number in range(1, _KEPT_MAX + 1):
        slot = f"{kind}-{number}"
        if folder.slot_file(slot) not in taken and folder.slot_file(slot) + BACKUP not in taken:
            return slot
    raise SaveError(f"There are already {_KEPT_MAX} {kind} games kept ({kind}-1 to {kind}-{_KEPT_MAX}) "
                    f"in {folder.path}, so this one cannot be kept and nothing was replaced. Move some "
                    "of them out of that folder (or delete ones you no longer want), then try again.")


def keep_unfinished(folder: SaveFolder | str | os.PathLike, story: Story) -> Optional[str]:
    """Before a new game or another save replaces it: copy an unfinished game of ``story`` that
    is in its autosave slot to the first free ``unfinished-N`` slot, and return that slot.

    None when there is nothing to keep (see :func:`unfinished`; an unreadable autosave is
    :func:`resume`'s to deal with). The copy is the same document resealed under its new slot
    name, so it loads exactly as the autosave would have. Raises SaveError if it cannot be
    written (the caller then says so before anything replaces the autosave).
    """
    return _keep(_folder(folder), story, unfinished, KEPT)


def keep_finished(folder: SaveFolder | str | os.PathLike, story: Story) -> Optional[str]:
    """As :func:`keep_unfinished`, for a finished game in the autosave: kept as ``finished-N``
    so its case summary can be seen again after another game takes the autosave.

    Raises :class:`DamagedAutosave` when the autosave is there but cannot be read at all (it
    may be a finished game): the next autosave would push it out, so it is for the caller to
    move it aside (:func:`set_aside_damaged`). A newer game's autosave is never touched.
    """
    folder = _folder(folder)
    name = folder.slot_file(autosave_slot(folder, story))
    if not folder.exists(name):
        return None  # nothing to keep: no lock taken (a first game may have no folder yet)
    with folder.locked():
        try:
            data = folder.read(name)
            if data is not None:
                read_header(data)
        except SaveRefused:
            pass  # a newer game's: this game autosaves elsewhere (autosave_slot)
        except SaveError as exc:
            raise DamagedAutosave(str(exc)) from None
        return _keep(folder, story, finished, FINISHED)


class DamagedAutosave(SaveError):
    """The autosave is there but its game cannot be read (its header, or, for a finished game,
    any check a load makes): it cannot be kept as a copy, only moved aside."""


def _keep(folder: SaveFolder, story: Story, which: Callable[[SaveFolder, Story], Optional[SaveHeader]],
          kind: str) -> Optional[str]:
    if which(folder, story) is None:
        return None  # nothing to keep: no lock taken (the folder may not even be writable)
    with folder.locked():
        if which(folder, story) is None:
            return None
        data = folder.read(folder.slot_file(autosave_slot(folder, story)))
        assert data is not None
        try:
            checked = check_document(parse_json(data))
            if kind == FINISHED:
                check_save(data)  # every check a load makes: a summary kept must be one that shows
        except SaveError as exc:
            raise DamagedAutosave(str(exc)) from None
        slot = next_kept_slot(folder, kind)
        document = {**checked, "slot": slot}
        document["checksum"] = checksum(document)
        folder.write(folder.slot_file(slot), encode(document), what=f"the slot '{slot}'")
        return slot
