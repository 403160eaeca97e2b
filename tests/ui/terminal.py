"""A real terminal for end-to-end tests: the game in a pseudo-terminal (pexpect), the screen
read through a terminal emulator (pyte), exactly as a player would see it.

The emulator answers the game's cursor-position requests the way a terminal does, so
prompt_toolkit draws its toolbar instead of waiting. Every wait is for text to appear on the
screen (never a fixed sleep), with a generous deadline so slow CI machines do not flake.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

import pexpect
import pyte

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "stories" / "sample"
COLUMNS, LINES = 100, 40
DEADLINE = 30.0  # seconds to wait for anything to appear; generous on purpose


class Terminal:
    """A running game and the screen it draws on."""

    def __init__(self, args: Sequence[str], *, env: Optional[dict] = None, columns: int = COLUMNS,
                 lines: int = LINES) -> None:
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        # pyte answers "where is the cursor?" (CSI 6 n) through this hook: send it to the game.
        self.screen.write_process_input = self._answer
        full_env = dict(os.environ)
        full_env.update({"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)})
        full_env.pop("NO_COLOR", None)
        full_env.update(env or {})
        self.child = pexpect.spawn(sys.executable, ["-m", "game", *args], cwd=str(ROOT), env=full_env,
                                   dimensions=(lines, columns), timeout=DEADLINE, encoding=None)
        self.child.delaybeforesend = None  # a terminal answers at once; pexpect would wait 50 ms
        self.raw = b""

    def _answer(self, data: str) -> None:
        if self.child.isalive():
            self.child.send(data.encode())

    def pump(self, timeout: float = 0.05) -> bool:
        """Feed whatever the game wrote to the emulator; False once the game has exited."""
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.raw += data
        self.stream.feed(data)
        return True

    def text(self) -> str:
        """The screen as lines of text (trailing spaces removed)."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, *needles: str, timeout: float = DEADLINE) -> str:
        """Wait until every needle is visible on the screen at once; returns the screen."""
        end = time.monotonic() + timeout
        while True:
            alive = self.pump()
            screen = self.text()
            if all(n in screen for n in needles):
                return screen
            if not alive or time.monotonic() > end:
                raise AssertionError(f"never saw {needles!r} on screen; it shows:\n{screen}\n"
                                     f"(last bytes: {self.raw[-400:]!r})")

    def wait_gone(self, needle: str, timeout: float = DEADLINE) -> str:
        end = time.monotonic() + timeout
        while True:
            alive = self.pump()
            screen = self.text()
            if needle not in screen:
                return screen
            if not alive or time.monotonic() > end:
                raise AssertionError(f"{needle!r} stayed on screen:\n{screen}")

    def type(self, text: str, enter: bool = True) -> None:
        self.child.send(text.encode() + (b"\r" if enter else b""))

    def key(self, sequence: bytes) -> None:
        self.child.send(sequence)

    def clear(self) -> None:
        """Forget what is on screen, so the next wait sees only new drawing."""
        self.screen.reset()

    def exit_code(self, timeout: float = DEADLINE) -> int:
        end = time.monotonic() + timeout
        while self.pump():
            if time.monotonic() > end:
                raise AssertionError(f"the game did not exit; screen:\n{self.text()}")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)
