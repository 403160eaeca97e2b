"""Which installed branches the player switched on at the title screen, per story.

Kept beside the profile as ``profile.branches.json`` (a name no slot can have: slot names have
no dots), written by the save folder's atomic writer with a checksum, like every file there.
Reading never raises: a file that cannot be read means no branch is on, and says why.
"""

from __future__ import annotations

import hashlib
import os
from typing import Iterable, Mapping

from game.core.errors import SaveError
from game.saves.document import canonical, parse_json
from game.saves.store import SaveFolder

CHOICE_FILE = "profile.branches.json"
FORMAT = "ghostlight-branches"
VERSION = 1
MAX_NAMES = 200


def _checksum(document: Mapping) -> str:
    return hashlib.sha256(canonical({k: v for k, v in document.items() if k != "checksum"})).hexdigest()


def read_choice(folder: SaveFolder | str | os.PathLike, story_id: str) -> tuple[frozenset[str], str]:
    """The branch folder names switched on for ``story_id``, and a problem to tell ("" if none)."""
    folder = folder if isinstance(folder, SaveFolder) else SaveFolder(folder)
    try:
        data = folder.read(CHOICE_FILE)
        if data is None:
            return frozenset(), ""
        document = parse_json(data)
        if not isinstance(document, dict) or document.get("format") != FORMAT or \
                document.get("checksum") != _checksum(document):
            raise SaveError("The list of branches switched on is damaged.")
        names = document.get("stories", {}).get(story_id, [])
        if not isinstance(names, list) or len(names) > MAX_NAMES or not all(isinstance(n, str) for n in names):
            raise SaveError("The list of branches switched on is damaged.")
        return frozenset(names), ""
    except (SaveError, AttributeError, ValueError) as exc:
        return frozenset(), f"{exc if isinstance(exc, SaveError) else 'The list of branches is damaged.'} " \
                            "No branch is on; switch them on again at the title screen."


def write_choice(folder: SaveFolder | str | os.PathLike, story_id: str, names: Iterable[str]) -> None:
    """Remember ``names`` (branch folder names) as the branches on for ``story_id``; raises
    SaveError when the file cannot be written (the title screen says so and plays on)."""
    folder = folder if isinstance(folder, SaveFolder) else SaveFolder(folder)
    with folder.locked():
        stories: dict = {}
        try:
            data = folder.read(CHOICE_FILE)
            old = parse_json(data) if data is not None else {}
            if isinstance(old, dict) and old.get("checksum") == _checksum(old) and isinstance(old.get("stories"), dict):
                stories = dict(old["stories"])
        except SaveError:
            pass  # a damaged list is replaced: it only ever said which branches were on
        stories[story_id] = sorted(set(names))[:MAX_NAMES]
        document = {"format": FORMAT, "version": VERSION, "stories": stories}
        document["checksum"] = _checksum(document)
        folder.write(CHOICE_FILE, canonical(document), what="the list of branches switched on")


__all__ = ["CHOICE_FILE", "read_choice", "write_choice"]
