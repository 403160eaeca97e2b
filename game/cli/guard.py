"""The last line of defence around the ``ghostlight`` command.

Whatever happens, the player gets a message or a quiet exit, never a traceback:

- Ctrl-C at any moment, the first instant included (run as the program, ``game/__init__.py``
  installs a quiet handler at its first line, before any slow import; inside, the game's own
  handling takes over, and whatever handler was there before is back once the command is done);
- standard input or output closed (``<&-``): input reads as ended, output goes nowhere;
- output that cannot encode a character (``PYTHONIOENCODING=ascii``, ``latin-1``): it is
  replaced, never fatal;
- a reader that goes away (``| head -1``): a quiet exit 0; a full disk or ``/dev/full``: one
  line on standard error and exit 1;
- any other error: the game is autosaved when it safely can be (see :func:`save_on_crash`),
  the traceback goes to a crash report in the user cache folder, and one short message says
  where. Exit code 70 (EX_SOFTWARE).
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Callable, Optional

CRASH_EXIT = 70



def _safe_streams() -> None:
    """Closed streams become empty ones; output that cannot encode a character replaces it."""
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
        elif hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _drop_output() -> None:
    """Point standard output at the null device, so the final flush at exit cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def _is_output_error(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.EPIPE, errno.ENOSPC, errno.EIO,
                                                      getattr(errno, "EDQUOT", errno.ENOSPC))


def _say(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def crash_report(exc: BaseException, folder: Optional[Path] = None) -> Optional[Path]:
    """Write the traceback of ``exc`` to a new file in the user cache folder; its path, or None."""
    from game import __version__

    if folder is None:
        from game.loading.cache import default_cache_dir

        folder = default_cache_dir()
    text = (f"Ghost Light {__version__} crash report, {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n"
            f"Python {sys.version.split()[0]} on {sys.platform}; command: {' '.join(sys.argv[1:])[:500]}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
        with open(path, "x", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
        return path
    except OSError:
        return None


def save_on_crash(exc: BaseException, save: Callable[[], list[str]]) -> None:
    """Autosave after an unexpected error, if that works; remembered on ``exc`` for the message.

    Safe because a game state is immutable and whole between steps: the error cannot have left
    it half changed. If saving fails too, the autosave before the error is left as it was."""
    try:
        problems = save()
    except Exception:  # the error may be in saving itself: then there is nothing more to try
        return
    if not problems:
        setattr(exc, "ghostlight_saved", True)


def guarded(run: Callable[[], int]) -> int:
    """``run()`` behind the last line of defence; returns the exit code."""
    _safe_streams()
    try:
        # What Ctrl-C did before: in the program, the quiet exit set at start-up (game/cli and
        # game/__main__), given back when the command is done; called in-process (by tests),
        # whatever the caller had, so nothing of the game's lingers after it returns.
        previous = signal.getsignal(signal.SIGINT)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    except (ValueError, OSError):
        previous = None
    try:
        code = run()
        sys.stdout.flush()
        return code
    except SystemExit as exc:
        if isinstance(exc.__context__, BrokenPipeError):  # Rich's own answer to a reader gone away
            _drop_output()
            return 0
        raise
    except KeyboardInterrupt:
        _say("\nInterrupted.")
        return 130
    except MemoryError:
        _say("ghostlight: out of memory; the game stopped.")
        return 1
    except Exception as exc:
        if isinstance(exc, OSError) and _is_output_error(exc):
            _drop_output()
            if exc.errno == errno.EPIPE:  # the reader went away (e.g. `| head -1`): nothing to say
                return 0
            _say(f"ghostlight: cannot write the output ({exc.strerror}).")
            return 1
        path = crash_report(exc)
        saved = " Your game was saved first." if getattr(exc, "ghostlight_saved", False) else ""
        where = f" The details are in {path}." if path else ""
        _say(f"ghostlight: something went wrong that the game did not expect ({type(exc).__name__}).{saved}"
             f"{where} Please send that file with a bug report.")
        return CRASH_EXIT
    finally:
        if previous is not None:
            try:
                signal.signal(signal.SIGINT, previous)
            except (ValueError, OSError):
                pass
