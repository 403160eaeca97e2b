"""Ghost Light: a murder mystery for the terminal, and the YAML story engine that plays it."""

# _signal, not signal: the signal module builds its enums on import (milliseconds in which a
# Ctrl-C would still raise); _signal is built in, and os and sys are loaded before any program.
# Only modules already loaded when Python starts (_signal, os, sys) come before the handler below:
# importing any other (gc) runs importlib's own Python code, where a Ctrl-C would still raise.
import _signal  # type: ignore[import-not-found]  # (no stub: a CPython builtin)
import os as _os
import sys as _sys

__version__ = "0.1.0"

#: whether the cyclic garbage collector is paused for start-up (see :func:`started`)
_paused = False


def quiet_interrupt(signum: int, frame: object) -> None:
    """Ctrl-C before the game can answer it (and after it is done): leave at once, quietly."""
    _os._exit(130)


def started() -> None:
    """Start-up is over (the prompt is up, or a command other than play begins its work):
    the collector paused at the first line runs again, and what start-up built (modules,
    classes, the story) is set aside so that no collection scans it again. Idempotent; does
    nothing when the game did not pause the collector (imported by a test or a tool)."""
    global _paused
    if _paused:
        _paused = False
        _gc.freeze()
        _gc.enable()


# Built-in string methods only, no call into Python code (os.path.basename is), until the handler
# is in: a Ctrl-C pending from start-up is raised at the first Python-level call.
_as_program = bool(_sys.argv) and (
    _sys.argv[0] == "-m" or _sys.argv[0].replace("\\", "/").rpartition("/")[2].lower().startswith("ghostlight"))
if _as_program:
    # Run as the program (`python -m game`, during which argv[0] is "-m", or the installed
    # `ghostlight` script): from this first line of the game's code, before any slow import,
    # Ctrl-C ends it quietly until game.cli.guard takes over. Imported by anything else (a
    # test, a tool), Ctrl-C is left alone.
    _signal.signal(_signal.SIGINT, quiet_interrupt)

import gc as _gc  # noqa: E402  (after the handler: see the imports above)

if _as_program:
    # Start-up makes long-lived objects only; the collector's passes over them as they pile
    # up were 5.5% of the instructions to the first prompt (callgrind: 42 M of 765 M).
    if _gc.isenabled():
        _gc.disable()
        _paused = True
