"""Regenerate the README screenshot from a real scripted session.

    python -m game.cli.screenshot [--story PATH] [--out docs/screenshot.svg] [--width 100]

The game runs exactly as in a terminal (the same loop, renderer and views), reading its lines
from a script; each typed line is echoed after the prompt, as a terminal would show it. Rich
records the console and exports the SVG.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Optional, Sequence

from rich.console import Console
from rich.text import Text

ROOT = Path(__file__).resolve().parents[2]
#: what the player types in the screenshot: the opening scene, a conversation, then the map
SCRIPT = ("1", "3", "map")


def record(story_path: Path, script: Sequence[str], width: int = 100) -> str:
    """Play ``script`` against the story on a recording console; the SVG as the last prompt shows."""
    from game.play.session import Game, Session
    from game.core.engine import new_game
    from game.loading.loader import load_story
    from game.ui.render import Renderer

    story = load_story(story_path)
    console = Console(record=True, width=width, force_terminal=True, color_system="truecolor",
                      markup=False, highlight=False, emoji=False, file=open(os.devnull, "w"))
    state, opening = new_game(story)
    lines = iter(script)
    shots: list[str] = []

    def read(prompt: str) -> str:
        try:
            line = next(lines)
        except StopIteration:
            # The picture is taken at the prompt, waiting for the player, as a terminal shows it.
            console.print(Text(prompt))
            shots.append(console.export_svg(title="Ghost Light"))
            raise EOFError
        console.print(Text(prompt + line, style="bold"))
        return line

    renderer = Renderer(story, console, False, interactive=True)
    Game(Session(story, state), renderer, read).run(opening)
    return shots[0]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate docs/screenshot.svg from a scripted session.")
    parser.add_argument("--story", default=str(ROOT / "story"), help="the story to play (default: the case)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.svg"))
    parser.add_argument("--width", type=int, default=100)
    args = parser.parse_args(argv)
    svg = record(Path(args.story), SCRIPT, args.width)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(svg, encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
