"""A clue's times (issue 11: the timeline showed one time per clue though some carry several):
``time`` is a quoted clock, or a list of {at, what}; the timeline shows every entry in the
night's order. The loader's messages for bad times, the cache, the view, the bundled case."""

from __future__ import annotations

import pytest

from game.core import mystery
from game.core.errors import StoryError
from game.core.model import ClueTime
from game.core.record import replace
from game.core.state import GameState
from game.loading.cache import load_story_cached
from game.loading.loader import load_story, read_story
from game.ui.look import Look
from game.ui.timeline import Timeline
from tests.conftest import BUNDLED
from tests.ui.helpers import render

CLUES = """
scenes:
  a.start:
    text: A desk.
    choices:
      - text: Read everything
        do: [{gain: thread}, {gain: ticket}]
clues:
  thread:
    name: The thread
    time:
      - {at: "21:14", what: sent}
      - {at: "00:05", what: "deleted after midnight"}
      - {at: "21:16", what: "[bold]read[/bold]"}
  ticket:
    name: The ticket
    time: "22:11"
"""


@pytest.fixture
def story(write_story):
    return load_story(write_story({"parts/a.yaml": CLUES}))


def holding(story, *clues: str) -> GameState:
    return GameState(scene="a.start", act="one", time=5, credibility=3, clues=frozenset(clues), found=clues)


def test_a_list_of_times_and_a_single_time_both_load(story) -> None:
    assert story.clues["thread"].times == (ClueTime("21:14", "sent"), ClueTime("00:05", "deleted after midnight"),
                                           ClueTime("21:16", "[bold]read[/bold]"))
    assert story.clues["ticket"].times == (ClueTime("22:11"),)
    assert story.clues["thread"].time == "21:14, 00:05, 21:16"  # the notebook's one line
    assert load_story(BUNDLED).clues["torn_nail"].time is None  # no time: not on the timeline


def test_the_timeline_has_every_entry_in_the_nights_order(story) -> None:
    entries = mystery.timeline(story, holding(story, "thread", "ticket"))
    assert [(t.at, c.id) for t, c in entries] == [("21:14", "thread"), ("21:16", "thread"), ("22:11", "ticket"),
                                                  ("00:05", "thread")]
    assert mystery.timeline(story, holding(story)) == []


@pytest.mark.parametrize("look", [Look(plain=True), Look(plain=False)])
def test_the_timeline_view_shows_each_time_and_what_happened(story, look) -> None:
    text = render(Timeline(story, holding(story, "thread", "ticket"), look), 80)
    order = [text.index(x) for x in ("21:14", "21:16", "22:11", "00:05")]
    assert order == sorted(order)
    assert "The thread: sent" in text and "The thread: [bold]read[/bold]" in text  # literal, never markup
    assert "The ticket" in text and "The ticket:" not in text


def test_the_cache_keeps_every_time(write_story, tmp_path) -> None:
    folder = write_story({"parts/a.yaml": CLUES})
    first = load_story_cached(folder, tmp_path / "cache")
    again = load_story_cached(folder, tmp_path / "cache")
    assert again.clues["thread"].times == first.clues["thread"].times == load_story(folder).clues["thread"].times


@pytest.mark.parametrize("time_yaml, code, says", [
    ('    time: "25:00"\n', "E116", 'a time like "21:30"'),
    ("    time:\n      - {at: \"9.14\"}\n", "E116", 'a time like "21:30"'),
    ("    time:\n      - {what: sent}\n", "E112", "missing required key 'at'"),
    ("    time:\n      - \"21:14\"\n", "E110", "mapping"),
    ("    time:\n      - {at: \"21:14\", whta: sent}\n", "E111", "did you mean 'what'"),
    ("    time: []\n", "E115", "must not be empty"),
    ("    time: {at: \"21:14\"}\n", "E110", "must be a list"),
])
def test_a_bad_time_is_one_line_with_its_file_line_and_column(write_story, time_yaml, code, says) -> None:
    body = CLUES.replace('    time: "22:11"\n', time_yaml)
    with pytest.raises(StoryError) as caught:
        load_story(write_story({"parts/a.yaml": body}))
    line = next(x for x in str(caught.value).splitlines() if code in x)
    assert "parts/a.yaml:" in line and says in line and "ticket" in line
    where = line.split("parts/a.yaml:")[1].split(":")
    assert where[0].isdigit() and where[1].isdigit()  # file:line:col


def test_the_bundled_clues_carry_the_times_their_text_states() -> None:
    story, findings = read_story(BUNDLED)
    assert story is not None, findings
    at = {cid: [t.at for t in clue.times] for cid, clue in story.clues.items()}
    assert at["bandage_text"] == ["21:14", "21:16"]  # sent, then read
    assert at["lift_key_log"] == ["23:33", "23:41", "23:47", "00:19"]
    assert at["garage_claim"] == ["22:11", "23:58"]
    for cid, clue in story.clues.items():
        for when in clue.times:  # every time on the timeline is written in what the player reads
            hours, minutes = when.at.split(":")
            twelve = f"{int(hours) % 12 or 12}:{minutes}"
            assert when.at in clue.text or twelve in clue.text or cid == "accompanist_heard", (cid, when.at)
        if "timeline" in clue.tags:
            assert clue.times, cid


def test_a_held_clue_with_several_times_is_on_the_bundled_timeline_once_for_each() -> None:
    story = load_story(BUNDLED)
    state = replace(holding(story, "bandage_text", "margot_video"), scene=story.start)
    entries = [(t.at, c.id) for t, c in mystery.timeline(story, state)]
    assert entries == [("21:14", "bandage_text"), ("21:16", "bandage_text"), ("23:31", "margot_video"),
                       ("23:38", "margot_video"), ("23:44", "margot_video")]
