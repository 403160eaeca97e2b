"""Where the game keeps the player's files: one rule for the save folder and the cache folder.

The platform's conventions (XDG on Linux and BSD, ``~/Library`` on macOS, ``%APPDATA%`` and
``%LOCALAPPDATA%`` on Windows) come from ``platformdirs``, not from code of ours. One rule is
ours: on a POSIX system with ``HOME`` unset or empty there is no home folder to follow, so
everything goes under ``saves/`` in the working directory (the cache in ``saves/.cache``),
never under the filesystem root, and :func:`no_home` lets the command line say so.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Mapping, Optional

import platformdirs

APP_NAME = "ghostlight"
Kind = Literal["data", "cache"]


def no_home(environ: Mapping[str, str] = os.environ, *, posix: Optional[bool] = None) -> bool:
    """Whether there is no home folder to put the player's files in (POSIX: ``HOME`` unset or empty)."""
    posix = os.name == "posix" if posix is None else posix
    return posix and not environ.get("HOME", "").strip()


def user_folder(kind: Kind, environ: Mapping[str, str] = os.environ, *, dirs: Optional[type] = None) -> Path:
    """The platform's folder for the game's ``data`` (saves, profile) or ``cache`` (compiled
    stories, crash reports). ``dirs`` is a platformdirs class, for tests of other platforms."""
    if no_home(environ, posix=None if dirs is None else True):
        local = Path.cwd() / "saves"
        return local if kind == "data" else local / ".cache"
    found = (dirs or platformdirs.PlatformDirs)(APP_NAME, appauthor=False)
    return Path(found.user_data_dir if kind == "data" else found.user_cache_dir)
