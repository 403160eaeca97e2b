"""Benchmarks for the terminal (issue 4). Run: python -m tests.perf.bench_ui [--runs N]

Figures are printed beside a baseline measured in the same run, as ratios:

- start-up: from process start to the first scene on screen with the prompt ready for input
  (the toolbar drawn), the compiled story cache warm, against
  ``python -c "import rich.console, prompt_toolkit, yaml"``. Both run in a pseudo-terminal
  whose emulator answers cursor-position requests as a real terminal does; the target is a
  ratio of at most 1.05; and against the floor: the smallest program that does the same job
  (``FLOOR``: a Rich panel, then ``PromptSession.prompt`` with a bottom toolbar), target
  "prompt ready" at most 1.15 x the floor (issue 10).
- rendering one scene (panel, prose and menu) at 80 columns: the median, target under 15 ms.
- the menu on an act's last turn (each choice stepped to mark those that end the act) against
  the same menu with time to spare.

Not collected by pytest (the file name does not start with ``test_``).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "stories" / "sample"
BASELINE = "import rich.console, prompt_toolkit, yaml"
#: the floor: the least a game with a Rich panel and a prompt_toolkit prompt with a toolbar can do
FLOOR = (
    "from rich.console import Console; from rich.panel import Panel\n"
    "from prompt_toolkit import PromptSession\n"
    "Console().print(Panel('A scene', title='Ghost Light')); print('1. ' 'Go on')\n"
    "PromptSession().prompt('> ', bottom_toolbar='F1 help')\n"
)
#: what the game draws: its first menu line (the scene is above it), then the prompt's toolbar
SCREEN = (b"1. ", b"F1")


def pick_story() -> Path:
    """The bundled case when it loads (the writers may be mid-edit), else the sample story."""
    from game.loading.loader import read_story

    story, _findings = read_story(ROOT / "story")
    return ROOT / "story" if story is not None else SAMPLE


def cpu_seconds(pid: int) -> Optional[float]:
    """CPU time ``pid`` has run so far (Linux: /proc/PID/task/*/schedstat, in nanoseconds), else None.

    Wall time on a shared machine includes the time a process waits for a core; CPU time does
    not, so its ratios hold still under load. A child waiting at its prompt uses none, so read
    when the prompt is drawn it is the work done to get there."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):  # every thread of it
            with open(f"/proc/{pid}/task/{task}/schedstat") as handle:
                total += int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e9


def time_to_screen(args: list[str], markers: tuple[bytes, ...], env: dict,
                   cpu: Optional[list[Optional[float]]] = None) -> list[float]:
    """Seconds from spawning ``python args`` in a pty until each of ``markers`` has been drawn;
    with ``cpu``, the child's CPU seconds when the last marker was seen are appended to it."""
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(sys.executable, args, cwd=str(ROOT), env=env, dimensions=(40, 100), timeout=30)
    # pexpect sleeps 50 ms before every send by default; a terminal answers a cursor-position
    # request at once, and that sleep alone once added 50 ms to the game's figure.
    child.delaybeforesend = None
    seen = b""
    times: list[float] = []
    try:
        while len(times) < len(markers):
            data = child.read_nonblocking(65536, timeout=30)
            if b"\x1b[6n" in data:
                child.send(b"\x1b[20;1R")  # what a terminal answers to "where is the cursor?"
            seen += data
            while len(times) < len(markers) and markers[len(times)] in seen:
                times.append(time.perf_counter() - start)
        if cpu is not None:
            time.sleep(0.05)  # let it finish the frame it is drawing and wait for a key
            cpu.append(cpu_seconds(child.pid))
        return times
    finally:
        child.terminate(force=True)


def spread(values: list, against: list) -> str:
    """The run-by-run ratios ``values[i] / against[i]`` (interleaved runs): min, median, max."""
    ratios = sorted(v / a for v, a in zip(values, against))
    return f"[min {ratios[0]:.3f}, median {statistics.median(ratios):.3f}, max {ratios[-1]:.3f}]"


def bench_startup(runs: int) -> None:
    story = pick_story()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TERM": "xterm-256color", "GHOSTLIGHT_CACHE": f"{home}/cache",
               "GHOSTLIGHT_SAVES": f"{home}/saves"}
        env.pop("NO_COLOR", None)
        game = ["-m", "game", "play", "--new", "--story", str(story)]
        # An installed game has byte-compiled modules (pip compiles them); a checkout run with
        # PYTHONDONTWRITEBYTECODE=1 (as on this workplace's machines) would recompile every
        # module on every start and measure the compiler, not the game. Compile once.
        import compileall

        compileall.compile_dir(str(ROOT / "game"), quiet=1)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # Warm the compiled story cache (and the OS file cache) before measuring.
        subprocess.run([sys.executable, *game], input="", capture_output=True, env=env, cwd=ROOT, timeout=120)
        time_to_screen(game, SCREEN, env)
        base, floor, scene, ready = [], [], [], []
        cpu_base: list[Optional[float]] = []
        cpu_floor: list[Optional[float]] = []
        cpu_game: list[Optional[float]] = []
        for _ in range(runs):  # interleaved, so drift on a shared machine hits all alike
            base.append(time_to_screen(["-c", BASELINE + "; print('rea' 'dy'); input()"], (b"ready",), env, cpu_base)[0])
            floor.append(time_to_screen(["-c", FLOOR], SCREEN, env, cpu_floor)[1])
            shown, prompt = time_to_screen(game, SCREEN, env, cpu_game)
            scene.append(shown)
            ready.append(prompt)
    b, s, g = statistics.median(base), statistics.median(scene), statistics.median(ready)
    f = statistics.median(floor)
    print(f"start-up ({story.relative_to(ROOT)}, median of {runs}):")
    print(f"  baseline `python -c \"{BASELINE}\"`: {b * 1000:7.1f} ms")
    print(f"  first scene on screen (its menu drawn): {s * 1000:7.1f} ms  ratio {s / b:.3f}")
    print(f"  prompt ready for input (toolbar drawn): {g * 1000:7.1f} ms  ratio {g / b:.3f}")
    print(f"  floor (Rich panel + PromptSession.prompt with a toolbar): {f * 1000:7.1f} ms  ratio {f / b:.3f}")
    print(f"  prompt ready against the floor: ratio {g / f:.3f} (target <= 1.15); "
          f"scene on screen against the baseline: {s / b:.3f} (target <= 0.9)")
    print(f"  spread of the run-by-run ratios: prompt ready / floor {spread(ready, floor)}; "
          f"scene / baseline {spread(scene, base)}")
    # The fastest run of each is the one a busy machine disturbed least.
    print(f"  fastest runs: prompt ready {min(ready) * 1000:.1f} ms, floor {min(floor) * 1000:.1f} ms, ratio "
          f"{min(ready) / min(floor):.3f}; scene {min(scene) * 1000:.1f} ms, baseline {min(base) * 1000:.1f} ms, "
          f"ratio {min(scene) / min(base):.3f}")
    if all(c is not None for c in cpu_base + cpu_floor + cpu_game):
        # CPU time holds still where wall time does not (a busy machine makes processes wait).
        cb, cf, cg = (statistics.median(c) for c in (cpu_base, cpu_floor, cpu_game))  # type: ignore[type-var]
        print(f"  CPU time to prompt ready: game {cg * 1000:.1f} ms, floor {cf * 1000:.1f} ms, baseline import "
              f"{cb * 1000:.1f} ms; game / floor {cg / cf:.3f} {spread(cpu_game, cpu_floor)}, "  # type: ignore[arg-type]
              f"least {min(cpu_game) / min(cpu_floor):.3f}")  # type: ignore[type-var]
    # Where the time goes, for whoever works on it next: -X importtime in one process, each
    # module imported after the baseline and after the ones before it (so each figure is
    # what that module adds), the median of a few runs.
    order = ("game.core.engine", "game.loading.cache", "game.saves.slots", "game.ui.render", "game.ui.prompt", "game.play.session", "game.cli.main")
    costs: dict[str, list[int]] = {m: [] for m in order}
    for _ in range(5):
        probe = subprocess.run([sys.executable, "-X", "importtime", "-c", f"{BASELINE}; import {', '.join(order)}"],
                               env=env, cwd=ROOT, capture_output=True, text=True, check=True)
        for line in probe.stderr.splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] in costs:
                costs[parts[2]].append(int(parts[1]))
    print("  import time each module adds after the baseline (-X importtime, median of 5):")
    for module, micros in costs.items():
        if micros:
            print(f"    {module:<16} +{statistics.median(micros) / 1000:6.1f} ms")


def bench_render(runs: int) -> None:
    from rich.console import Console

    from game.core.engine import available_actions, new_game
    from game.loading.loader import load_story
    from game.ui.look import RICH
    from game.ui.choices import Menu
    from game.ui.scene import scene_panel

    story = load_story(pick_story())
    state, _ = new_game(story)
    actions = available_actions(story, state)

    def once() -> float:
        console = Console(file=io.StringIO(), width=80, color_system="truecolor", force_terminal=True,
                          markup=False, highlight=False, emoji=False)
        start = time.perf_counter()
        console.print(scene_panel(story, state, RICH))
        console.print(Menu(story, state, actions, RICH))
        return time.perf_counter() - start

    for _ in range(5):
        once()  # warm-up: first-use imports and caches
    times = [once() for _ in range(runs)]
    median = statistics.median(times)
    print(f"render one scene at 80 columns (median of {runs}): {median * 1000:.2f} ms "
          f"(target < 15 ms, ratio to target {median / 0.015:.3f})")


def bench_last_turn(runs: int) -> None:
    """The menu on an act's last turn, where each choice is stepped to mark the ones that end
    the act, against the same menu with time to spare (nothing stepped), same run."""
    from game.core import record

    from rich.console import Console

    from game.core import mystery
    from game.core.engine import menu_actions, new_game
    from game.loading.loader import load_story
    from game.ui.look import RICH
    from game.ui.choices import Menu

    story = load_story(pick_story())
    state, _ = new_game(story)
    hub = story.acts[state.act].fallback
    spare = record.replace(state, scene=hub, time=max(2, story.acts[state.act].time - 1))
    last = record.replace(spare, time=1)
    mystery.most_spent_in_one_step(story)  # read every scene once, as the first late menu does

    def once(at) -> float:
        console = Console(file=io.StringIO(), width=80, color_system="truecolor", force_terminal=True,
                          markup=False, highlight=False, emoji=False)
        actions = menu_actions(story, at)
        start = time.perf_counter()
        console.print(Menu(story, at, actions, RICH))
        return time.perf_counter() - start

    for _ in range(5):
        once(spare), once(last)
    base = statistics.median(once(spare) for _ in range(runs))
    late = statistics.median(once(last) for _ in range(runs))
    print(f"menu at {hub} (median of {runs}): time to spare {base * 1000:.2f} ms; last turn, "
          f"each of {len(menu_actions(story, last))} choices stepped: {late * 1000:.2f} ms, ratio {late / base:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", choices=("render", "last-turn", "startup"), help="run one benchmark")
    args = parser.parse_args()
    if args.only in (None, "render"):
        bench_render(max(args.runs, 50) * 4)
    if args.only in (None, "last-turn"):
        bench_last_turn(max(args.runs, 50) * 2)
    if args.only in (None, "startup"):
        bench_startup(args.runs)


if __name__ == "__main__":
    main()
