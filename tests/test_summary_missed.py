"""The case summary's "Missed" list names a clue only where the player went or from someone
they met, and counts the rest (issue 11, item 3: it named places and people never met)."""

from __future__ import annotations

import subprocess
import sys

from game.core import engine as e
from game.core.mystery import ClueSources, clue_sources, met_people, missed_clues
from game.core.record import replace
from game.ui.summary import CaseSummary, SummaryView, missed_words
from game.ui.look import Look
from save_helpers import SAMPLE, play, sample
from tests.ui.helpers import render

LOST = ["1", "4", "1", "1"]  # in, wait for evening, go on, say nothing -> "Lost in the Dark"


def test_where_a_clue_comes_from_is_read_from_what_gains_it() -> None:
    assert clue_sources(sample()) == {
        "torn_page": ClueSources(frozenset({"hall"})),  # a choice in the hall
        "ink_stain": ClueSources(people=frozenset({"pianist"})),  # the pianist's broken statement
        "ticket": ClueSources(people=frozenset({"copyist"})),  # the copyist's topic
    }


def test_only_clues_from_places_visited_or_people_met_are_named() -> None:
    story = sample()
    start = e.new_game(story)[0]
    assert missed_clues(story, start) == (("torn_page",), 2)  # in the hall; nobody met yet
    talked = play(story, ["Go in", "Talk to the pianist", "Her afternoon"]).state  # her testimony heard
    assert met_people(story, talked) == {"pianist"}
    assert missed_clues(story, talked) == (("torn_page", "ink_stain"), 1)
    found = play(story, ["Go in", "Look under the piano"]).state
    assert missed_clues(story, found) == ((), 2)  # a clue found is not missed


def test_a_save_naming_scenes_and_topics_the_story_no_longer_has_counts_them_unnamed() -> None:
    story = sample()
    odd = replace(e.new_game(story)[0], visits=(("gone.scene", 1),), asked=frozenset({"gone.topic"}),
                  heard=frozenset({"gone.statement"}))
    assert missed_clues(story, odd) == ((), 3)


def test_the_missed_line_in_words() -> None:
    assert missed_words(["A torn page"], 2) == ("A torn page, and 2 more clues in places you never went "
                                                "or with people you never met")
    assert missed_words([], 1) == "1 clue in places you never went or with people you never met"
    assert missed_words(["A", "B"], 0) == "A, B"
    assert missed_words([], 0) == ""
    summary = CaseSummary("The End", 1, 3, 3, 3, (), (), 10)
    assert "Missed" not in render(SummaryView(summary, Look(plain=True)))  # all found: no line


def test_through_the_loop_the_summary_names_no_stranger(tmp_path) -> None:
    done = subprocess.run([sys.executable, "-m", "game", "play", "--new", "--story", str(SAMPLE), "--plain",
                           "--saves", str(tmp_path / "saves")],
                          input="".join(f"{x}\n" for x in LOST), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    summary = done.stdout[done.stdout.index("Case summary"):]
    flat = " ".join(summary.split())
    assert ("Missed: A torn page, and 2 more clues in places you never went or with people you never met"
            in flat)
    assert "Ink on the cuff" not in summary and "A train ticket" not in summary
