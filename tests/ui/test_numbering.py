"""One clue numbering for the whole game, by order of discovery, seen through the real loop:
the testimony, `present N`, `notes`, the board, the timeline, the accusation and completion."""

from __future__ import annotations

import re

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from game.core import engine as e
from game.core import mystery
from game.play.registry import command_table
from game.saves.codec import check_state_json, state_from_json, state_to_json
from game.ui.prompt import game_completer

from tests.ui.helpers import play, sample
from tests.ui.test_game_io import run_lines

# Found in the opposite of story order (torn_page, ink_stain, ticket): ticket, ink, page.
FIND_ALL = ["1", "talk to the copyist", "where he was", "leave", "talk to the pianist", "her cuff", "leave",
            "look under the piano"]


def _numbers_in(text: str, name: str) -> set[str]:
    """Every number printed next to ``name`` as 'N. name' or '[N]' after it."""
    return set(re.findall(rf"(\d+)\. {re.escape(name)}", text))


def test_a_clue_is_numbered_by_when_it_was_found_and_keeps_its_number():
    story = sample()
    state, _ = play(story, ("go in",), ("copyist",), ("where",), ("leave",))
    assert mystery.numbered_clues(story, state) == [(1, "ticket")]
    state, _ = e.step(story, state, next(a for a in e.available_actions(story, state) if "pianist" in a.label))
    state, _ = e.step(story, state, next(a for a in e.available_actions(story, state) if "cuff" in a.label))
    assert mystery.numbered_clues(story, state) == [(1, "ticket"), (2, "ink_stain")]
    state, _ = e.step(story, state, e.Leave())
    state, _ = e.step(story, state, next(a for a in e.available_actions(story, state) if "piano" in a.label))
    assert mystery.numbered_clues(story, state) == [(1, "ticket"), (2, "ink_stain"), (3, "torn_page")]


def test_notes_present_board_timeline_and_accusation_agree(sample_path):
    _code, text, session = run_lines([*FIND_ALL, "notes", "timeline", "deduce 1", "1", "", "talk to the pianist",
                                      "her afternoon", "next", "present 2", "y"])
    notes = text.split("Notebook: 3 of 3 clues")[1]
    assert _numbers_in(notes, "A train ticket") == {"1"}
    assert _numbers_in(notes, "Ink on the cuff") == {"2"}
    assert _numbers_in(notes, "A torn page") == {"3"}
    timeline = text.split("The night, as far as you can tell")[1]
    assert re.search(r"A torn page .*\[3\]", timeline) and re.search(r"A train ticket .*\[1\]", timeline)
    board = text.split("The proof")[1]  # deduce 1 asks the suspect first; the clue slot lists clues
    assert "2. Ink on the cuff" in board and "3. A torn page" in board
    assert "Contradiction! Your clue (Ink on the cuff) breaks the statement." in text  # present 2 is clue 2
    completer = game_completer(session, command_table())
    metas = {c.text: c.display_meta_text for c in completer.get_completions(
        Document("present "), CompleteEvent(completion_requested=True))}
    assert metas == {"A train ticket": "clue 1", "Ink on the cuff": "clue 2", "A torn page": "clue 3"}


def test_the_accusation_lists_evidence_by_the_same_numbers(sample_path):
    lines = [*FIND_ALL, "wait for evening", "go on", "accuse", "1", "1"]
    _code, text, _session = run_lines(lines)
    evidence = text.split("Show your proof")[-1]
    assert "1. A train ticket" in evidence and "2. Ink on the cuff" in evidence and "3. A torn page" in evidence


def test_the_order_is_saved_and_a_save_without_it_numbers_in_story_order():
    story = sample()
    state, _ = play(story, ("go in",), ("copyist",), ("where",), ("leave",), ("pianist",), ("cuff",))
    data = state_to_json(state, story)
    assert data["found"] == ["ticket", "ink_stain"]
    again = state_from_json(check_state_json(data), story)
    assert mystery.numbered_clues(story, again) == [(1, "ticket"), (2, "ink_stain")]
    del data["found"]  # a save written before the order was kept
    old = state_from_json(check_state_json(data), story)
    assert mystery.numbered_clues(story, old) == [(1, "ink_stain"), (2, "ticket")]


def test_a_damaged_order_in_a_save_is_a_clear_error():
    import pytest

    from game.core.errors import SaveError

    story = sample()
    state, _ = play(story, ("go in",), ("piano",))
    for bad in ("ticket", [1], ["x" * 500], ["\x1b[2J"]):
        data = state_to_json(state, story)
        data["found"] = bad
        with pytest.raises(SaveError, match="state.found"):
            check_state_json(data)
    data = state_to_json(state, story)
    data["found"] = ["torn_page", "torn_page", "gone_from_the_story"]  # repeats and stale ids are harmless
    loaded = state_from_json(check_state_json(data), story)
    assert mystery.numbered_clues(story, loaded) == [(1, "torn_page")]
