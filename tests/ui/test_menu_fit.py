"""A menu never pushes the text above it off the screen (T13's allergy sign, T15's board at 40
columns): in a terminal it folds its exits onto a few lines, and if that is not enough its
choices wait for an Enter. No key wait: a command typed at once is sent at once (T16)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from game.core import engine as e
from game.loading.loader import load_story
from game.play.session import Game, Session
from game.ui.pager import Pager
from game.ui.render import Renderer
from game.ui.choices import HELD
from tests.ui.helpers import ROOT, console, script, visible

PLAYTHROUGH = ROOT / "tests" / "playthroughs" / "full_truth.txt"


@lru_cache(maxsize=None)
def story():
    return load_story(ROOT / "story")


def moves_until(word: str, nth: int = 1) -> list[str]:
    """The full-truth playthrough's lines up to and including the ``nth`` line that is ``word``."""
    lines = [line.strip() for line in Path(PLAYTHROUGH).read_text().splitlines() if line.strip()]
    seen = 0
    for index, line in enumerate(lines):
        if line == word:
            seen += 1
            if seen == nth:
                return lines[:index + 1]
    raise AssertionError(f"{word!r} is not in the playthrough {nth} times")


def loop(lines: list[str], *, width: int, height: int, plain: bool = False) -> tuple[list[str], Game]:
    """The real loop in a terminal of ``width`` x ``height`` (a pager turning every page); returns
    what each command printed (the opening first) and the game."""
    out = console(width, height=height)
    marks: list[int] = []
    read = script(lines)

    def reading(prompt: str) -> str:
        marks.append(len(out.file.getvalue()))
        return read(prompt)

    pager = Pager(out, lambda: " ")
    state, opening = e.new_game(story())
    game = Game(Session(story(), state), Renderer(story(), out, plain, pager=pager, interactive=True), reading)
    game.run(opening)
    text = visible(out.file.getvalue())
    cuts = [0, *marks, len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])], game


def test_exits_fold_onto_a_few_lines_and_keep_their_numbers_when_the_full_menu_would_not_fit():
    lines = moves_until("file")
    printed, _ = loop(lines, width=40, height=42)  # (at 40 rows the morning's notices make it wait)
    last = printed[-2]  # what 'file' printed, up to the next prompt
    assert "Go to (1 turn each):" in last
    assert "10 Director's Office" in last and "Go to The Director's Office" not in last
    # The numbers are the full menu's: 10 goes to the director's office, at once.
    printed, game = loop([*lines, "10"], width=40, height=42)
    assert story().place_name(game.state.scene) == "The Director's Office"


def test_choices_wait_for_an_enter_when_folding_is_not_enough_and_enter_shows_them_all():
    lines = moves_until("basement")
    printed, game = loop([*lines, ""], width=40, height=40)
    arrival, after_enter = printed[-3], printed[-2]
    assert "Heat, pipes, the boiler breathing" in arrival  # the scene's top stays on screen:
    assert len(arrival.splitlines()) <= 40 - 3  # it and the held line fit above the prompt and its toolbar
    assert HELD in arrival and "Talk to Marcus" not in arrival
    assert "1.  Talk to Marcus" in after_enter and "Go to The Lobby (1 turn)" in after_enter
    assert HELD not in after_enter and "Type a number" not in after_enter


def test_a_number_typed_at_held_choices_that_changed_is_not_taken_and_they_are_shown():
    # T19: at a new menu held back, "2" from memory of the last one went to the lobby.
    lines = moves_until("basement")
    printed, game = loop([*lines, "2"], width=40, height=40)
    assert HELD in printed[-3]
    said = " ".join(printed[-2].split())
    assert "The choices have changed since you last saw them, so nothing was chosen." in said
    assert "Talk to Marcus" in said and "TRIGGER 23:38:12" not in said
    printed, game = loop([*lines, "2", "2"], width=40, height=40)
    assert "TRIGGER 23:38:12" in printed[-2]  # seen now: the same number is taken


def test_a_number_typed_at_held_choices_already_seen_is_taken_at_once():
    lines = [*moves_until("director"), "", "2"]  # the menu seen in full, then the shredder holds it
    printed, game = loop([*lines, "3"], width=40, height=30)
    assert HELD in printed[-3] and "shredder" in printed[-3]
    assert "changed" not in printed[-2] and game.state.scene == "act2.lobby"  # 3: Go to The Lobby


def test_the_last_turn_warning_is_shown_even_when_the_choices_wait():
    printed, _ = loop(moves_until("badge"), width=40, height=40)
    last = " ".join(printed[-2].split())
    assert "Time is nearly up" in last and "ends the act" in last
    assert HELD in last


def test_an_empty_line_with_no_choices_held_still_gets_the_hint():
    printed, _ = loop([*moves_until("file"), ""], width=40, height=42)
    assert "Type a number" in " ".join(printed[-2].split())


@pytest.mark.parametrize("plain", [True, False])
def test_a_wide_screen_or_the_plain_look_shows_the_whole_menu(plain):
    printed, _ = loop(moves_until("basement"), width=100 if not plain else 40, height=40, plain=plain)
    last = printed[-2]
    assert HELD not in last and "Go to (" not in last
    assert re.search(r"Go to The Lobby \(1 turn\)", last)


def test_a_menu_taller_than_half_the_screen_is_shown_not_held():
    # The accusation's evidence: every clue held is a choice; the list is what is read next.
    printed, _ = loop([*moves_until("accuse"), "pell", "1", "1"], width=100, height=40)
    last = printed[-2]
    assert HELD not in last
    assert len(re.findall(r"^\s*\d+\.\s", last, re.M)) > 19
