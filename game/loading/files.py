"""The story folder as a boundary: which files a story may read, and reading them safely.

A story is confined to its folder: an include or a symlink that leads outside it is refused
before a byte of the file is read, so validating an untrusted story cannot quote other files
into a log. Only regular files are read, and they are opened without blocking, so a FIFO,
a device or a socket is refused instead of hanging the game.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

#: opening a FIFO for reading blocks until a writer comes; O_NONBLOCK returns at once so the
#: type can be checked (and reading a regular file is unaffected by it)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder"))


class Refused(Exception):
    """A file the story may not read; the message says why, for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (already resolved) lies in ``folder`` (already resolved)."""
    return path == folder or folder in path.parents


def lexically_inside(path: str, folder: Path) -> bool:
    """Whether ``path`` stays in ``folder`` before any symlink is followed (``..`` counted)."""
    return inside(Path(os.path.normpath(os.path.abspath(path))), Path(os.path.normpath(str(folder))))


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; raises :class:`Refused` or OSError."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)  # the file actually opened, not whatever the name points at now
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
            raise Refused("E100", f"is {kind}; story files must be ordinary files")
        if info.st_size > limit:
            raise Refused("E103", f"the file is {info.st_size} bytes; story files are limited to {limit} bytes")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # grew while being read
            raise Refused("E103", f"the file is over {limit} bytes; story files are limited to {limit} bytes")
        return data
    finally:
        os.close(fd)


YAML_SUFFIXES = (".yaml", ".yml")


#: a folder holding one of these is a story or a branch of its own
OWN_MANIFESTS = ("branch.yaml", "story.yaml", "case.yaml")


def yaml_files(folder: Path, limit: int) -> tuple[list[Path], bool]:
    """The YAML files under ``folder`` (resolved), hidden folders and symlinked folders skipped,
    and whether the look stopped early.

    At most ``limit`` folder entries are looked at: the count bounds the work on a huge tree.
    """
    found: list[Path] = []
    seen = 0
    for here, dirs, files in os.walk(folder):
        # hidden folders are skipped, and so are folders with a manifest of their own (a
        # branch, or another story): their files belong to them, not to this story
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not any(os.path.isfile(os.path.join(here, d, m)) for m in OWN_MANIFESTS))
        seen += len(files) + len(dirs)
        if seen > limit:
            return found, True
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                real = Path(here, name).resolve()
                if inside(real, folder):  # a link out of the folder is never read, included or not
                    found.append(real)
    return found, False


def include_hint(path: Path, folder: Path) -> str:
    """The include pattern that would load ``path``, relative to the story folder."""
    rel = path.relative_to(folder)
    if len(rel.parts) == 1:
        return rel.as_posix()
    return (rel.parent / ("*" + path.suffix)).as_posix()


def manifest_above(path: Path, names: tuple[str, ...], levels: int = 3) -> Optional[Path]:
    """A story manifest in ``path``'s folder or up to ``levels`` folders above it."""
    folder = path.parent
    for _ in range(levels + 1):
        for name in names:
            candidate = folder / name
            if candidate != path and candidate.is_file():
                return candidate
        if folder.parent == folder:
            break
        folder = folder.parent
    return None
