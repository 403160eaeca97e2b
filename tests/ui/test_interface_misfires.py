"""Issue 11, the interface misfires blind testers met (brief ui5), through the real loop:
numbered clue lists aligned as the menus are, credibility said plainly, refused commands
leaving the menu on screen, "look under X", testimonies heard through, the wordings of
`wait` and the pager."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from game.core import engine as e
from game.loading.loader import read_story
from tests.conftest import BUNDLED
from tests.ui.helpers import console, script

PLAYTHROUGH = Path(__file__).resolve().parents[1] / "playthroughs" / "full_truth.txt"


@lru_cache(maxsize=None)
def case():
    story, findings = read_story(BUNDLED)
    assert story is not None, findings
    return story


def lines_until(word: str, count: int = 1) -> list[str]:
    """The full-truth playthrough up to (not including) the ``count``-th line ``word``."""
    lines = PLAYTHROUGH.read_text().splitlines()
    seen = 0
    for index, line in enumerate(lines):
        if line == word:
            seen += 1
            if seen == count:
                return lines[:index]
    raise AssertionError(f"{word!r} not in the playthrough")


def run(lines: list[str], *, plain: bool = True, width: int = 100):
    """A new game of the bundled case through the real loop; what it printed, and the game."""
    from game.play.session import Game, Session
    from game.ui.render import Renderer

    story = case()
    state, opening = e.new_game(story)
    out = console(width)
    game = Game(Session(story, state), Renderer(story, out, plain), script(lines))
    game.run(opening)
    return out.file.getvalue(), game


# -- 2. numbered clue lists: numbers flush left, as the menus, text in one column -------------


def _numbered_rows(text: str) -> list[str]:
    return [row for row in text.splitlines() if re.match(r"\s*\d+\.\s", row)]


@pytest.mark.parametrize("width", [40, 60, 100])
def test_the_evidence_picker_numbers_are_flush_left_with_the_text_in_one_column(width):
    text, _game = run(lines_until("accuse") + ["accuse", "pell", "1", "1", "zzz"], plain=False, width=width)
    picker = text[text.rindex("Lay three pieces"):]
    rows = _numbered_rows(picker)
    assert len(rows) > 10  # one- and two-digit numbers both
    assert all(row[0].isdigit() for row in rows)  # never a stray space before 1 to 9
    columns = {re.match(r"\d+\.\s+", row).end() for row in rows}
    assert columns == {4}  # "1.  text" and "10. text": the text starts in one column
    assert "I don't understand 'zzz'" in text and text.rstrip().endswith("Goodbye.")  # nonsense, then end of input


@pytest.mark.parametrize("width", [40, 60, 100])
def test_the_board_clue_slot_picker_is_aligned_like_the_menus(width):
    text, _game = run(lines_until("deduce 1") + ["deduce 1", "2", "zzz", ""], plain=False, width=width)
    picker = text[text.rindex("The clue that proves it"):]
    rows = _numbered_rows(picker)
    assert len(rows) > 10 and all(row[0].isdigit() for row in rows)
    assert {re.match(r"\d+\.\s+", row).end() for row in rows} == {4}
    assert "You leave the board as it was." in text  # a blank line cancels, nothing lost


def test_the_plain_look_keeps_number_dot_space():
    text, _game = run(lines_until("accuse") + ["accuse", "pell", "1", "1"])
    picker = text[text.rindex("Lay three pieces"):]
    assert "\n1. " in picker and "\n10. " in picker and "\n1.  " not in picker


# -- 1. credibility: one pool per act, said plainly where it is first shown and when lost ------


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_credibility_is_explained_under_the_first_statement_and_when_lost():
    story = case()
    text, game = run(lines_until("health") + ["health", "next", "present 1", "zzz"])
    act = story.acts[game.state.act]
    most = act.credibility  # read from the story, never a number the ui knows
    flat = _flat(text)
    first = f"Credibility {most} of {most} for {act.title}. One pool for every witness"
    assert flat.count(first) == 1  # said once, under the first statement
    assert f"Credibility {most} of {most} for {act.title}. Show a clue" in flat  # then short
    lost = flat[flat.index("does not contradict statement 2"):]
    assert lost.startswith(f"does not contradict statement 2: \u201cShe was sound.")
    assert (f"Credibility left: {most - 1} of {most} for {act.title}. One pool for every witness: each clue "
            "you present that contradicts nothing costs 1. At 0, witnesses stop listening until the next act."
            ) in lost
    assert "I don't understand 'zzz'" in lost and game.state.credibility == most - 1
    assert text.rstrip().endswith("Goodbye.")  # end of input: saved and left, nothing lost


def test_the_last_act_says_credibility_lasts_the_rest_of_the_case():
    from game.core.record import replace
    from game.ui.trial import credibility_rule

    story = case()
    last = max(story.acts.values(), key=lambda a: a.number)
    state = replace(e.new_game(story)[0], act=last.id)
    assert credibility_rule(story, state).endswith("stop listening for the rest of the case.")


def test_help_says_what_credibility_is():
    text, _game = run(["help"])
    assert "Credibility lasts one act. One pool for every witness" in _flat(text)
