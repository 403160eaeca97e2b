"""Reading a file of the save folder with its backup to fall back on: the one reader that
saves and the profile share (each passes its own parser and says which errors are refusals)."""

from __future__ import annotations

from typing import Callable, Optional, TypeVar

from game.core.errors import SaveError
from game.saves.store import BACKUP, SaveFolder

T = TypeVar("T")


class Unreadable(SaveError):
    """Neither a file nor its backup could be used; both are left as they are."""

    def __init__(self, problem: str, backup_problem: str) -> None:
        super().__init__(f"{problem} Its backup could not be read either: {backup_problem}")
        self.problem = problem
        self.backup_problem = backup_problem


def read_with_backup(folder: SaveFolder, name: str, parse: Callable[[bytes], T], *, missing: str,
                     refused: tuple[type[BaseException], ...] = ()) -> Optional[tuple[T, str]]:
    """``parse`` of ``name``, or of ``name.bak`` when ``name`` is missing or damaged.

    The one reader for saves and the profile. Returns None when neither file exists, else the
    value and why the file itself was not used ("" when it was). ``missing`` is the problem to
    report when only the backup exists. An error in ``refused`` is not damage (a newer game's
    file, another story's save) and is raised without trying the backup. Raises the file's
    SaveError when it is damaged and there is no backup, and :class:`Unreadable` when both are.
    """
    try:
        data = folder.read(name)
        if data is None:
            if not folder.exists(name + BACKUP):
                return None
            raise SaveError(missing)
        return parse(data), ""
    except refused:
        raise
    except SaveError as exc:
        problem = str(exc)
        if not folder.exists(name + BACKUP):
            raise
    try:
        data = folder.read(name + BACKUP)
        if data is None:
            raise SaveError("the backup is missing.")
        return parse(data), problem
    except refused as exc:
        raise Unreadable(problem, str(exc)) from None
    except SaveError as exc:
        raise Unreadable(problem, str(exc)) from None
