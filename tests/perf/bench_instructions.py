"""Start-up in instructions, not milliseconds. Run: python -m tests.perf.bench_instructions

On a shared machine the wall-clock ratio "prompt ready / floor" (bench_ui) swings by a third
from run to run. Instructions executed do not depend on load: this runs the game and the floor
(bench_ui.FLOOR) under valgrind's callgrind in a pseudo-terminal, each stopped as its first
prompt has been drawn, and prints the instructions each took and their ratio. Needs valgrind
(about a minute). Not collected by pytest.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from tests.perf.bench_ui import FLOOR, ROOT, pick_story

#: ``_stop()`` makes the program exit once prompt_toolkit has drawn its first frame
STOP = (
    "def _stop():\n"
    "    import os\n"
    "    import prompt_toolkit.application.application as _a\n"
    "    _draw = _a.Application._redraw\n"
    "    def _redraw(self, *args, **kwargs):\n"
    "        _draw(self, *args, **kwargs)\n"
    "        self.output.flush()\n"
    "        os._exit(0)\n"
    "    _a.Application._redraw = _redraw\n"
)


def instructions(code: str, env: dict, folder: str) -> int:
    """Instructions (callgrind's Ir) ``python -c code`` runs in a pty until it exits."""
    import pexpect

    child = pexpect.spawn("valgrind", ["--tool=callgrind", f"--callgrind-out-file={folder}/cg.out",
                                       sys.executable, "-c", code],
                          cwd=str(ROOT), env=env, dimensions=(40, 100), timeout=600)
    child.delaybeforesend = None
    log = b""
    while True:
        try:
            data = child.read_nonblocking(65536, timeout=600)
        except pexpect.EOF:
            break
        if b"\x1b[6n" in data:
            child.send(b"\x1b[20;1R")
        log += data
    child.close()
    found = re.search(rb"Collected : (\d+)", log)
    if found is None:
        raise SystemExit(f"valgrind gave no count:\n{log.decode(errors='replace')[-2000:]}")
    return int(found.group(1))


def main() -> None:
    story = pick_story()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TERM": "xterm-256color", "GHOSTLIGHT_CACHE": f"{home}/cache",
               "GHOSTLIGHT_SAVES": f"{home}/saves"}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        import compileall
        import subprocess

        compileall.compile_dir(str(ROOT / "game"), quiet=1)
        game = ["play", "--new", "--story", str(story)]
        subprocess.run([sys.executable, "-m", "game", *game], input="", capture_output=True, env=env, cwd=ROOT,
                       timeout=120)  # fill the story cache
        # The game as `ghostlight` runs it (argv[0] names it, so it starts as the program does);
        # the stop is set at its first question, so prompt_toolkit still loads when it would.
        run_game = (f"import sys\nsys.argv = ['ghostlight', *{game!r}]\n{STOP}"
                    "import game.play.deferred as _d\n_read = _d.DeferredPrompt.read\n"
                    "def _first(self, prompt):\n    _stop()\n    return _read(self, prompt)\n"
                    "_d.DeferredPrompt.read = _first\nfrom game.cli.main import main\nmain()\n")
        # The floor, stopped the same way, the line before its prompt.
        lines = FLOOR.splitlines()
        run_floor = "\n".join([*lines[:-1], STOP, "_stop()", lines[-1]]) + "\n"
        floor = instructions(run_floor, env, home)
        played = instructions(run_game, env, home)
    print(f"instructions to the first prompt ({Path(story).name}, callgrind): game {played / 1e6:.1f} M, "
          f"floor {floor / 1e6:.1f} M, ratio {played / floor:.3f}")


if __name__ == "__main__":
    main()
