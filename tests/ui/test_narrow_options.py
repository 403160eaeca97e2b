"""At 40 columns a board slot's long option wraps under its own text, not flush left (issue 11,
item 6), through the real loop; the option text stays text (never markup)."""

from __future__ import annotations

import io
import shutil

import pytest
from rich.console import Console

from game.core import engine as e
from game.loading.loader import load_story
from game.play.session import Game, Session
from game.ui.render import Renderer
from tests.ui.helpers import script

LONG = "they were forced over by someone up there with them [bold]on the roof[/bold] that night"


def _run(tmp_path, sample_path, width: int, lines: list[str]) -> str:
    folder = tmp_path / "sample"
    shutil.copytree(sample_path, folder)
    manifest = folder / "story.yaml"
    manifest.write_text(manifest.read_text().replace("careless: they were careless", f"careless: '{LONG}'"))
    story = load_story(folder)
    state, opening = e.new_game(story)
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, markup=False, highlight=False)
    Game(Session(story, state), Renderer(story, console, False), script(lines)).run(opening)
    return out.getvalue()


@pytest.mark.parametrize("width", [40, 60, 100])
def test_a_long_board_option_hangs_under_its_text(tmp_path, sample_path, width):
    text = _run(tmp_path, sample_path, width, ["1", "look under the piano", "deduce 1", "1", "1", "zzz"])
    shown = text[text.index("Because"):]
    rows = shown.splitlines()
    first = next(i for i, row in enumerate(rows) if row.startswith("2. they were forced"))  # flush left, as the menus
    follow = []
    for row in rows[first + 1:]:
        if not row.startswith("   "):
            break
        follow.append(row)
    assert all(len(row) <= width for row in rows)
    assert " ".join(r.strip() for r in [rows[first][3:], *follow]) == LONG  # all of it, as text
    assert bool(follow) == (width < len(LONG) + 3)  # wrapped only where it must, always indented
    assert " ".join(shown.split()).count("Choose a number from 1 to 2") == 1  # nonsense answered, asked again
    assert text.rstrip().endswith("Goodbye.") and "You leave the board as it was." in text  # then end of input


@pytest.mark.slow
def test_the_bottom_bar_shows_what_fits_at_once_after_a_resize_wider(tmp_path):
    """Issue 11 item 6: at 40 columns the bar keeps "F1 help" and drops the clues count; made
    60 columns wide again, the bar shows the count at once, with nothing typed."""
    from tests.ui.terminal import SAMPLE, Terminal

    game = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")],
                    columns=30, lines=20)
    try:
        screen = game.wait_for("1. Go in", "F1 help")
        assert "0/3 clues" not in screen  # no room at 30 columns: dropped before "F1 help"
        game.screen.resize(20, 100)
        game.child.setwinsize(20, 100)  # the terminal made wider: SIGWINCH, nothing typed
        screen = game.wait_for("0/3 clues", "F1 help")
        bar = [row for row in screen.splitlines() if "F1 help" in row]
        assert len(bar) == 1 and "8 turns left" in bar[0]
        game.key(b"\x04")
        game.wait_for("Goodbye.")
        assert game.exit_code() == 0
    finally:
        game.close()
