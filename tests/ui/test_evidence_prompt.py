"""The evidence picker keeps its progress at the prompt (issue 11, item 14): a clue list taller
than the screen never scrolls the "N of M chosen" count out of view."""

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
from tests.ui.terminal import Terminal
from tests.ui.test_testimony import TO_ACCUSATION


def _two_piece(tmp_path, sample_path):
    folder = tmp_path / "sample"
    shutil.copytree(sample_path, folder)
    manifest = folder / "story.yaml"
    manifest.write_text(manifest.read_text().replace("count: 1", "count: 2"))
    return folder


def test_the_prompt_counts_the_evidence_chosen_and_only_while_it_is_picked(tmp_path, sample_path):
    story = load_story(_two_piece(tmp_path, sample_path))
    state, opening = e.new_game(story)
    # who, why, then evidence: 3, 3 (put back), nonsense, end of input
    answer = script([*TO_ACCUSATION, "1", "1", "3", "3", "zzz", "99"])
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        return answer(prompt)

    out = io.StringIO()
    Game(Session(story, state), Renderer(story, Console(file=out, width=100, color_system=None), True),
         read).run(opening)
    picking = [p for p in prompts if p.startswith("Evidence")]
    assert picking == ["Evidence, 0 of 2 chosen > ", "Evidence, 1 of 2 chosen > ",
                       "Evidence, 0 of 2 chosen > ", "Evidence, 0 of 2 chosen > ",  # nonsense: no change
                       "Evidence, 0 of 2 chosen > "]
    assert prompts[0] == "> " and prompts[-len(picking) - 1] == "> "  # who and why: the plain prompt
    assert "Goodbye." in out.getvalue()  # end of input at the picker leaves cleanly


@pytest.mark.slow
@pytest.mark.parametrize("columns", [40, 60, 100])
def test_in_a_short_terminal_the_count_is_on_the_prompt_line(tmp_path, sample_path, columns):
    folder = _two_piece(tmp_path, sample_path)
    game = Terminal(["play", "--new", "--plain", "--story", str(folder), "--saves", str(tmp_path / "saves")],
                    columns=columns, lines=8)
    try:
        game.wait_for("1. Go in")  # the game is up and reading before anything is typed ahead
        for line in [*TO_ACCUSATION, "1", "1"]:
            game.type(line)
        game.wait_for("Evidence, 0 of 2 chosen >")
        game.clear()
        game.type("3")
        screen = game.wait_for("Evidence, 1 of 2 chosen >")
        assert screen.rstrip().splitlines()[-1].startswith("Evidence, 1 of 2 chosen >")  # the last line
        # Ctrl-C asks. (It once timed out under loaded full runs: the terminal's line discipline
        # flushed its output queue just after sending SIGINT, and under load that could throw the
        # question away after the game had written it. The game now sets NOFLSH: game/ui/keys.py.)
        game.key(b"\x03")
        game.wait_for("Quit the gam")  # (wrapped at 40 columns)
        game.type("y")
        game.wait_for("Goodbye.")
        assert game.exit_code() == 0
    finally:
        game.close()


def test_several_numbers_at_the_evidence_pick_each_in_turn(tmp_path, sample_path):
    """T28 typed "13 16 10" at "Choose 3 more by number" and was told it was not understood."""
    story = load_story(_two_piece(tmp_path, sample_path))
    state, opening = e.new_game(story)

    def run(lines):
        answer = script([*TO_ACCUSATION, "1", "1", *lines])
        prompts: list[str] = []

        def read(prompt: str) -> str:
            prompts.append(prompt)
            return answer(prompt)

        out = io.StringIO()
        game = Game(Session(story, state), Renderer(story, Console(file=out, width=100, color_system=None), True),
                    read)
        game.run(opening)
        return out.getvalue(), prompts, game

    text, prompts, game = run(["3 99"])  # a number no line has: refused whole, nothing chosen
    assert "There is no choice 99" in text and "Nothing was chosen." in text
    assert [p for p in prompts if p.startswith("Evidence")][-1] == "Evidence, 0 of 2 chosen > "
    text, prompts, game = run(["3 3"])  # the same number twice: chosen once, not put back
    assert [p for p in prompts if p.startswith("Evidence")][-1] == "Evidence, 1 of 2 chosen > "
    text, prompts, game = run(["2, 3"])  # two at once, as "13, 16": both chosen, then the last confirmation
    assert len(game.state.mode.evidence) == 2
    assert "Your accusation:" in text and not [p for p in prompts if p == "Evidence, 1 of 2 chosen > "]
