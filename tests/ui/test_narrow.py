"""Narrow terminals (40, 60 and 100 columns): nothing the player needs is cut, wrapped lines
hang under their first line, and slot names (which must be typed) are always whole."""

from __future__ import annotations

import re

import pytest
from rich.text import Text

from game.core import engine as e
from game.ui.look import PLAIN, RICH, frame
from game.ui.choices import Menu
from game.ui.suspects import Dossier
from game.ui.tables import KeyedTable
from tests.ui.helpers import by_label, hall, render, sample

WIDTHS = [40, 60, 100]
LONG_TITLE = "Statement 3 of 4: what Dr. Pell told the police about Tuesday night"
SLOT = "before-the-dress-rehearsal-2"
ROW = (SLOT, "2026-12-01 11:40", "Act 3: Friday: the Dress Rehearsal", "The Director's Office", "20 of 37", "1h 05m")
COLUMNS = ("Slot", "When", "Act", "Place", "Clues found", "Play time")


def words(text: str) -> str:
    """The text with box drawing and runs of spaces folded, so wrapped words can be searched."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_panel_title_is_never_cut(width):
    shown = render(frame(RICH, Text("The body."), Text(LONG_TITLE)), width=width)
    assert "…" not in shown
    assert LONG_TITLE in words(shown)
    assert all(len(line) <= width for line in shown.splitlines())


def test_a_title_that_fits_stays_in_the_border():
    shown = render(frame(RICH, Text("The body."), Text("Notebook")), width=40)
    assert shown.splitlines()[0].startswith("╭─ Notebook ")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("look", [RICH, PLAIN], ids=["rich", "plain"])
def test_a_long_choice_wraps_under_its_own_first_word(width, look):
    story = sample()
    state = hall(story)
    long_action = e.Choose("x", "Look very carefully under the old piano, behind the pedals and the dusty felt, "
                                "for anything anybody might have dropped there on Tuesday")
    shown = render(Menu(story, state, (long_action,), look), width=width)
    lines = [line for line in shown.splitlines() if line.strip()]
    start = lines.index(next(line for line in lines if line.lstrip().startswith("1. ")))
    wrapped = lines[start + 1:]
    assert wrapped, "the choice should wrap at this width" if width < 100 else True
    for line in wrapped:
        assert line.startswith("   "), f"flush left: {line!r}"


@pytest.mark.parametrize("width", [40, 60])
def test_dossier_lines_hang_under_their_label(width):
    story = sample()
    person = next(p for p in story.people.values() if p.alibi or p.suspect)
    state = hall(story)
    shown = render(Dossier(story, person, state, RICH), width=width)
    body = [line.strip("│ ").rstrip() for line in shown.splitlines()[1:-1]]
    assert all(len(line) <= width for line in shown.splitlines())
    for before, line in zip(body, body[1:]):
        if before.startswith("Claims:") and line and not line.startswith(("✔", "✕", "?", "·", "motive")):
            raw = next(r for r in shown.splitlines() if line in r)
            assert raw.startswith("│ " + " " * len("Claims: ")), raw


@pytest.mark.parametrize("width", WIDTHS)
def test_the_saves_table_never_cuts_a_slot_name(width):
    shown = render(KeyedTable("Saved games", COLUMNS, [ROW, ("mine", "2026-12-01", "Act 1", "Lobby", "1", "5m")],
                              RICH), width=width)
    assert SLOT in shown and "\nmine" in "\n" + "\n".join(l.strip("│ ") for l in shown.splitlines())
    assert "…" not in shown
    assert all(len(line) <= width for line in shown.splitlines())
    if width >= 100:
        assert "┃ Slot" in shown  # a real table where it fits
    else:
        assert "Place: The Director's Office" in words(shown)


def test_the_saves_table_in_plain_is_one_line_a_save():
    shown = render(KeyedTable("Saved games", COLUMNS, [ROW], PLAIN), width=40)
    assert f"Slot: {SLOT}, When: 2026-12-01 11:40" in words(shown)


def test_the_saves_command_through_the_loop_at_40_columns(tmp_path):
    import io

    from rich.console import Console

    from game.play.session import Game, Session
    from game.play.keeper import SaveKeeper
    from game.ui.render import Renderer

    story = sample()
    state, _ = e.new_game(story)
    out = Console(file=io.StringIO(), width=40, color_system=None, markup=False, highlight=False)
    lines = iter([f"save {SLOT}", "saves"])

    def read(prompt):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError

    game = Game(Session(story, state), Renderer(story, out, False), read,
                saves=SaveKeeper(tmp_path / "saves", story))
    game.run(())
    listed = out.getvalue() if hasattr(out, "getvalue") else out.file.getvalue()
    listed = listed[listed.index("Saved games"):]
    assert SLOT in listed and "…" not in listed


@pytest.mark.slow
@pytest.mark.parametrize("columns", [40, 60])
def test_in_a_narrow_terminal_the_bottom_bar_keeps_f1_help(tmp_path, columns):
    from tests.ui.terminal import SAMPLE, Terminal

    game = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves")],
                    columns=columns)
    try:
        screen = game.wait_for("1. Go in", "F1 help")
        bar = next(line for line in screen.splitlines() if "F1 help" in line)
        assert re.search(r"\d+ turns( left)?( · |  F1 help)", bar)  # the turns left stay, short when need be; whole parts only
        assert not re.search(r"\w…|turns lef$", bar)
        game.type("1")
        screen = game.wait_for("Look under the piano", "F1 help")
        game.type(f"save {SLOT}")
        game.wait_for("Saved to")
        game.clear()
        game.type("saves")
        screen = game.wait_for(SLOT, "Play time" if columns < 100 else "Slot")
        assert "…" not in screen
    finally:
        game.close()
