"""The save folder: slot names, safe paths, a lock between processes, atomic writes, backups.

Nothing here knows what a save contains; it moves bytes in and out of one folder so that:

- a slot name is a short identifier, never a path, and never a name Windows reserves;
- nothing is read or written through a link or outside the folder (``lstat`` before, ``realpath``
  containment, ``O_NOFOLLOW`` on open);
- a write goes to a temporary file in the same folder, is flushed and fsynced, the previous
  file is kept as ``NAME.bak``, then ``os.replace`` puts the new one in place and the folder
  itself is fsynced. A process killed at any instant leaves the old file or the new one;
- writers in different processes take an exclusive lock on ``.lock`` in the folder, and wait
  for it only so long before saying so;
- a file is never read whole before its size is known to be reasonable.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from game.core.errors import SaveError
from game.core.words import quoted

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]

SLOT_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")
SLOT_MAX = 32
#: names Windows gives to devices (in any case, with any extension), and our own files
RESERVED = frozenset({"con", "prn", "aux", "nul", "profile"}
                     | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)})
MAX_FILE_BYTES = 8 * 1024 * 1024
LOCK_TIMEOUT = 5.0
LOCK_FILE = ".lock"
SUFFIX = ".json"
BACKUP = ".bak"
_TEMP = re.compile(r"\..+\.[0-9a-f]{16}\.tmp")

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class FolderBusy(SaveError):
    """Another process holds the save folder's lock and did not let go in time."""


def check_slot(name: str) -> str:
    """The slot ``name`` stands for (lower case), or SaveError saying what a slot name may be."""
    if not isinstance(name, str):
        raise SaveError("A slot name must be text.")
    text = name.strip()
    if not text:
        raise SaveError("A slot needs a name: letters, digits, '-' and '_', up to 32 characters.")
    shown = quoted(text)
    if len(text) > SLOT_MAX:
        raise SaveError(f"That slot name is {len(text)} characters long; the most is {SLOT_MAX}.")
    slot = text.lower()
    if not SLOT_PATTERN.fullmatch(slot):
        raise SaveError(f"{shown} is not a slot name. Use letters, digits, '-' and '_', starting with "
                        "a letter or digit (for example: before-the-trial).")
    if slot in RESERVED:
        if slot == "profile":
            raise SaveError("'profile' is where Ghost Light keeps your endings and clues; choose another slot name.")
        raise SaveError(f"{shown} is a name Windows reserves for a device; choose another slot name.")
    return slot


class SaveFolder:
    """One folder of saves. Cheap to create; touches the disk only when asked to."""

    def __init__(self, path: str | os.PathLike, *, lock_timeout: float = LOCK_TIMEOUT,
                 max_bytes: int = MAX_FILE_BYTES) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.max_bytes = max_bytes
        self._held = 0  # depth of this object's own lock, so nested use does not wait on itself
        self._thread_lock = threading.RLock()

    def __repr__(self) -> str:
        return f"SaveFolder({str(self.path)!r})"

    # -- paths --------------------------------------------------------------------------

    def _real(self) -> str:
        return os.path.realpath(self.path)

    def _file(self, name: str) -> str:
        """The full path of ``name`` in the folder; ``name`` is one of our own file names."""
        # Names are built here from checked slot names; this guards against a slip elsewhere.
        if not name or name != os.path.basename(name) or name in (".", "..") or "/" in name or "\\" in name:
            raise SaveError(f"{quoted(name)} is not a file name in the save folder.")
        # Containment of what the name points at is checked by _kind, before any use.
        return os.path.join(self._real(), name)

    def slot_file(self, slot: str) -> str:
        """The file name (not path) of ``slot``: checked, so it is never a path."""
        return check_slot(slot) + SUFFIX

    def _kind(self, full: str) -> Optional[os.stat_result]:
        """``lstat`` of ``full`` if it is a regular file, None if missing; SaveError otherwise."""
        try:
            info = os.lstat(full)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SaveError(f"Cannot look at {os.path.basename(full)} in the save folder: {exc.strerror}.") from None
        name = os.path.basename(full)
        if stat.S_ISLNK(info.st_mode):
            raise SaveError(f"{name} in the save folder is a link; Ghost Light does not follow links there. "
                            "Move it away or use another slot.")
        if stat.S_ISDIR(info.st_mode):
            raise SaveError(f"{name} in the save folder is a folder, not a save. Move it away or use another slot.")
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{name} in the save folder is not an ordinary file. Move it away or use another slot.")
        if os.path.realpath(full) != os.path.join(self._real(), name):
            raise SaveError(f"{name} in the save folder points outside it; Ghost Light will not follow it.")
        return info

    # -- reading ------------------------------------------------------------------------

    def exists(self, name: str) -> bool:
        """Whether ``name`` is present in the folder (as anything at all)."""
        try:
            os.lstat(self._file(name))
            return True
        except OSError:
            return False

    def read(self, name: str) -> Optional[bytes]:
        """The bytes of ``name``, None if there is no such file, SaveError if it is unusable."""
        full = self._file(name)
        info = self._kind(full)
        if info is None:
            return None
        self._check_size(name, info.st_size)
        try:
            # O_NOFOLLOW and the fstat below close the gap between lstat and open; O_NONBLOCK
            # keeps a FIFO swapped in meanwhile from hanging the game.
            fd = os.open(full, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY | _O_CLOEXEC | _O_NONBLOCK)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise SaveError(f"{name} in the save folder is a link; Ghost Light does not follow links there.") from None
            raise SaveError(f"Cannot read {name} from the save folder: {exc.strerror}.") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise SaveError(f"{name} in the save folder is not an ordinary file.")
            self._check_size(name, info.st_size)
            chunks = []
            left = self.max_bytes + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        except OSError as exc:
            raise SaveError(f"Cannot read {name} from the save folder: {exc.strerror}.") from None
        finally:
            os.close(fd)
        data = b"".join(chunks)
        self._check_size(name, len(data))
        return data

    def _check_size(self, name: str, size: int) -> None:
        if size > self.max_bytes:
            raise SaveError(f"{name} is {size / 1048576:.1f} MB; a save is never more than "
                            f"{self.max_bytes // 1048576} MB, so it was not read.")

    def names(self) -> list[str]:
        """File names in the folder that could be slots or their backups, sorted."""
        try:
            entries = os.listdir(self._real())
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise SaveError(f"Cannot list the save folder {self.path}: {exc.strerror}.") from None
        return sorted(n for n in entries if n.endswith(SUFFIX) or n.endswith(SUFFIX + BACKUP))

    # -- the lock -----------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's write lock (re-entrant within this object)."""
        with self._thread_lock:
            if self._held:
                self._held += 1
                try:
                    yield
                finally:
                    self._held -= 1
                return
            real = self._ensure_folder()
            fd = self._open_lock(os.path.join(real, LOCK_FILE))
            try:
                self._acquire(fd)
                self._held = 1
                try:
                    yield
                finally:
                    self._held = 0
            finally:
                os.close(fd)  # closing the file releases the lock, even if unlocking failed

    def _open_lock(self, path: str) -> int:
        try:
            return os.open(path, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY, 0o600)
        except OSError as exc:
            raise SaveError(self._write_problem("the lock file", exc, kept="Nothing was changed.")) from None

    def _acquire(self, fd: int) -> None:
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                elif msvcrt is not None:  # pragma: no cover - Windows
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK):
                    raise SaveError(f"Cannot lock the save folder {self.path}: {exc.strerror}.") from None
            if time.monotonic() >= deadline:
                raise FolderBusy(f"Another Ghost Light is using the save folder {self.path} and has not "
                                f"finished after {self.lock_timeout:g} seconds; nothing was changed. Try again.")
            time.sleep(0.005)

    # -- writing ------------------------------------------------------------------------

    def _ensure_folder(self) -> str:
        real = self._real()
        try:
            os.makedirs(real, mode=0o700, exist_ok=True)
        except FileExistsError:
            raise SaveError(f"The save folder {self.path} is a file, not a folder.") from None
        except OSError as exc:
            raise SaveError(self._write_problem(f"the save folder {self.path}", exc,
                                                kept="Nothing was saved.")) from None
        if not os.path.isdir(real):
            raise SaveError(f"The save folder {self.path} is not a folder.")
        return real

    def write(self, name: str, data: bytes, *, what: Optional[str] = None) -> None:
        """Replace ``name`` with ``data`` atomically, keeping the previous file as ``name.bak``.

        On any failure the previous file and its backup are as they were, the temporary file
        is removed, and SaveError says what happened (``what`` names the file for a person).
        """
        what = what or name
        with self.locked():
            real = self._real()
            full = self._file(name)
            backup = self._file(name + BACKUP)
            previous = self._kind(full)  # refuses links and folders before anything is written
            self._kind(backup)
            self._clean_temps(real)
            temp = self._temp_name(real, name)
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY | _O_CLOEXEC, 0o600)
                try:
                    view = memoryview(data)
                    while view:
                        written = os.write(fd, view)
                        view = view[written:]
                    os.fsync(fd)
                finally:
                    os.close(fd)
                if previous is not None:
                    self._keep_backup(real, full, backup)
                os.replace(temp, full)
                temp = ""
                self._sync_folder(real)
            except OSError as exc:
                raise SaveError(self._write_problem(what, exc)) from None
            finally:
                _discard(temp)

    def set_aside(self, name: str) -> str:
        """Rename a damaged ``name`` to ``name.damaged`` (replacing an older one); returns the
        new name. Used when a file can be neither read nor left in the way."""
        with self.locked():
            full = self._file(name)
            target = name + ".damaged"
            if self._kind(full) is None:
                return target
            self._kind(self._file(target))
            try:
                os.replace(full, self._file(target))
            except OSError as exc:
                raise SaveError(self._write_problem(name, exc)) from None
            self._sync_folder(self._real())
            return target

    @staticmethod
    def _temp_name(real: str, name: str) -> str:
        return os.path.join(real, f".{name}.{secrets.token_hex(8)}.tmp")

    def _keep_backup(self, real: str, full: str, backup: str) -> None:
        """Make ``backup`` the current ``full`` without ever leaving ``full`` missing.

        A hard link shares the file without copying it; where links are not supported (some
        network and FAT file systems) the file is copied instead. Either way the backup is
        put in place by ``os.replace``, so it too is always whole.
        """
        temp = self._temp_name(real, os.path.basename(backup))
        try:
            try:
                os.link(full, temp, follow_symlinks=False)
            except NotImplementedError:  # a platform without linkat
                self._copy(full, temp)
            except OSError as exc:
                if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EROFS):
                    raise
                self._copy(full, temp)
            os.replace(temp, backup)
            temp = ""
        finally:
            _discard(temp)

    def _copy(self, source: str, target: str) -> None:
        fd_in = os.open(source, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY | _O_CLOEXEC)
        try:
            fd_out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY | _O_CLOEXEC, 0o600)
            try:
                while True:
                    chunk = os.read(fd_in, 1 << 20)
                    if not chunk:
                        break
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(fd_out, view):]
                os.fsync(fd_out)
            finally:
                os.close(fd_out)
        finally:
            os.close(fd_in)

    def _clean_temps(self, real: str) -> None:
        """Remove temporary files left by a process killed mid-save (we hold the lock, so none
        of them is in use)."""
        try:
            entries = os.listdir(real)
        except OSError:
            return
        for entry in entries:
            if _TEMP.fullmatch(entry):
                path = os.path.join(real, entry)
                try:
                    if stat.S_ISREG(os.lstat(path).st_mode):
                        os.unlink(path)
                except OSError:
                    pass

    @staticmethod
    def _sync_folder(real: str) -> None:
        """fsync the folder so the rename itself survives a power cut (POSIX only)."""
        if os.name != "posix":
            return
        try:
            fd = os.open(real, os.O_RDONLY | _O_CLOEXEC)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass  # some file systems cannot fsync a folder; the data itself is already synced
        finally:
            os.close(fd)

    def _write_problem(self, what: str, exc: OSError, kept: str = "") -> str:
        kept = kept or "Nothing saved before was changed."
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return f"The disk is full, so {what} was not saved. {kept} Free some space and save again."
        if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (f"Ghost Light may not write in the save folder {self.path} ({exc.strerror or 'permission denied'}), "
                    f"so {what} was not saved. {kept} Use --saves DIR or GHOSTLIGHT_SAVES to save elsewhere.")
        if isinstance(exc, (IsADirectoryError, NotADirectoryError)):
            return f"{what} could not be saved: something in the save folder is in the way ({exc.strerror}). {kept}"
        return f"{what} could not be saved: {exc.strerror or exc}. {kept}"


def _discard(path: str) -> None:
    """Remove a temporary file that is no longer wanted; ``""`` means there is none."""
    if path:
        try:
            os.unlink(path)
        except OSError:
            pass  # already gone, or the folder went read-only: nothing more to do
