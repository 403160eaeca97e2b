"""Testimony, accusation and topics through the real loop (piped plain mode), bad inputs included."""

from __future__ import annotations

import io
import shutil

from rich.console import Console

from game.core import engine as e
from game.loading.loader import load_story
from game.play.session import Game, Session
from game.ui.render import Renderer

from tests.ui.helpers import sample as sample_story, script
from tests.ui.test_game_io import run_lines

TO_TESTIMONY = ["1", "talk to the pianist", "her cuff", "her afternoon"]  # ink found, statement 1 up
STATEMENT_1 = '"I practised all afternoon."'


def after(text: str, marker: str) -> str:
    return text.rsplit(marker, 1)[1]


def test_a_statement_lists_no_clues_and_a_stray_digit_costs_nothing():
    _code, text, session = run_lines([*TO_TESTIMONY, "3", "9", "0", "-1"])
    menu = after(text, "Statement 1 of 2:")
    assert "Ink on the cuff" not in menu and "Present" not in menu
    assert "3. Previous statement" in text  # "3" was a move, not a presentation
    assert "There is no choice 9: choose a number from 1 to 3, or 0 to stop listening." in text  # its own words (T25)
    assert "0. Stop listening" in menu  # leaving has the one number that never moves
    assert session.state.credibility == 2 and "Credibility left" not in text


def test_each_statement_is_printed_once():
    _code, text, _session = run_lines(TO_TESTIMONY)
    assert text.count("I practised all afternoon.") == 1


def test_a_failed_presentation_names_the_clue_and_the_statement():
    _code, text, session = run_lines([*TO_TESTIMONY, "present 1", "y"])  # at statement 1: asked first
    assert ('Presented: Ink on the cuff. No contradiction with statement 1: \u201cI practised all afternoon.\u201d '
            "Credibility left: 1 of 2 for The Afternoon.") in text.replace("\n", " ").replace("  ", " ")
    assert session.state.credibility == 1


def test_present_by_number_and_by_words_breaks_the_statement():
    for how in ("present 1", "present ink", "present Ink on the cuff", "present ink_stain"):
        _code, text, session = run_lines([*TO_TESTIMONY, "next", how])
        assert "Contradiction! Your clue (Ink on the cuff) breaks the statement." in text, how
        assert "pianist.story.never" in session.state.broken


def test_bad_presentations_are_answered_and_cost_nothing():
    bad = ["present 0", "present 2", "present 99999999999999999999", "present -1", "present zzz",
           "present [bold]x", "present", "present ink ticket"]
    _code, text, session = run_lines([*TO_TESTIMONY, "next", *bad])
    assert session.state.credibility == 2 and not session.state.broken
    for expected in ("There is no clue 0 in your notebook: your clues are numbered 1 to 1.",
                     "There is no clue 2 in your notebook", "There is no clue -1 in your notebook",
                     "No clue in your notebook matches 'zzz'.", "No clue in your notebook matches '[bold]x'.",
                     "Present which clue? Type 'present N'"):
        assert expected in text, expected
    assert "Traceback" not in text


def test_present_without_a_testimony_or_without_clues():
    _code, text, _session = run_lines(["1", "present 1"])
    assert "There is no statement in front of you to present a clue against." in text
    _code, text, session = run_lines(["1", "talk to the pianist", "her afternoon", "present 1"])
    assert "Your notebook is empty: there is nothing to present yet." in text
    assert session.state.credibility == 2


def test_undo_during_testimony_returns_to_the_statement():
    _code, text, session = run_lines([*TO_TESTIMONY, "next", "undo"])
    shown = after(text, "Undone: Next statement")
    assert "Statement 1 of 2:" in shown and STATEMENT_1 in shown
    assert "The Hall (Act" not in shown  # not the room
    assert "1. Press the statement" in shown


def test_look_during_testimony_shows_the_statement():
    _code, text, _session = run_lines([*TO_TESTIMONY, "look"])
    assert text.count(STATEMENT_1) == 2 and "The Hall (Act" not in after(text, STATEMENT_1)


def test_topics_keep_their_place_and_asked_ones_are_marked():
    _code, text, _session = run_lines(["1", "look under the piano", "talk to the pianist", "1"])
    before, asked = text.rsplit("She tugs her sleeve down.", 1)
    assert "1. Her cuff (1 turn)\n2. The torn page\n3. Her afternoon\n0. Leave" in before  # its cost, until asked
    assert "1. Her cuff (asked)\n2. The torn page\n3. Her afternoon\n0. Leave" in asked


# --- the accusation ---------------------------------------------------------------------------

TO_ACCUSATION = ["1", "look under the piano", "talk to the copyist", "where he was", "leave", "talk to the pianist",
                 "her cuff", "leave", "wait for evening", "go on", "accuse"]


def _two_piece_story(tmp_path, sample_path):
    """The sample story, but the accusation needs two pieces of evidence."""
    folder = tmp_path / "sample"
    shutil.copytree(sample_path, folder)
    manifest = folder / "story.yaml"
    manifest.write_text(manifest.read_text().replace("count: 1", "count: 2"))
    return load_story(folder)


def _run(story, lines):
    state, opening = e.new_game(story)
    out = io.StringIO()
    feed = iter(lines)

    def read(prompt):
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    session = Session(story, state)
    Game(session, Renderer(story, Console(file=out, width=200, color_system=None), True), read).run(opening)
    return out.getvalue(), session


def test_the_accusation_says_what_it_needs_before_it_starts():
    _code, text, _session = run_lines(TO_ACCUSATION)
    assert "You will be asked who did it, then 1 question, then 1 piece of evidence" in \
        text.replace("\n", " ")


def test_too_little_evidence_is_explained(tmp_path, sample_path):
    story = _two_piece_story(tmp_path, sample_path)
    text, _session = _run(story, ["1", "look under the piano", "wait for evening", "go on", "accuse", "1", "1"])
    assert "Your notebook holds only 1 clue, fewer than the 2 needed" in text
    evidence = after(text, "Show your proof")
    assert "0 of 2 chosen. Your notebook holds only 1 clue; the accusation needs 2. Take it back" in evidence
    assert "1. A torn page\n0. Not yet: take it back" in evidence


def test_evidence_shows_progress_keeps_numbers_and_a_summary_comes_last(tmp_path, sample_path):
    story = _two_piece_story(tmp_path, sample_path)
    text, session = _run(story, [*TO_ACCUSATION, "1", "1", "3", "3", "2", "1", "9"])
    steps = text.split("Show your proof")[1:]
    # numbers stay put as evidence is picked; a pick is marked and counted
    assert "1. A torn page\n2. A train ticket\n3. Ink on the cuff\n0. Not yet" in steps[0]
    assert "1 of 2 chosen: Ink on the cuff." in steps[1]
    assert "1. A torn page\n2. A train ticket\n3. Ink on the cuff (chosen)\n0. Not yet" in steps[1]
    assert "0 of 2 chosen." in steps[2]  # choosing it again put it back
    assert "1 of 2 chosen: A train ticket." in steps[3]
    summary = after(text, "Your accusation:")
    for line in ("Who took the score? Ida Marsh", "Why? Jealousy", "Evidence: A train ticket; A torn page",
                 "Is this your accusation?", "1. Make it final", "0. Not yet: take it back"):
        assert line in summary, line
    assert "There is no choice 9: type 1 for 'Make it final', or 0 to take it back." in text.split("Your accusation:", 1)[1]  # nonsense changes nothing
    assert not session.state.ended


def test_leave_keeps_its_number_when_a_topic_opens_above_it():
    """A blind tester's habitual number for Leave reopened a testimony once a new topic had
    appeared above it: leaving is 0 in every conversation, whatever opens."""
    _code, text, session = run_lines(["1", "talk to the pianist", "0", "look under the piano",
                                      "talk to the pianist", "0"])
    menus = [m for m in text.split("is listening.")[1:]]
    assert len(menus) == 2 and all("0. Leave" in m for m in menus)
    # a topic opened, after the lines already seen (core.menu.in_talk_order): their numbers stay
    assert "The torn page" not in menus[0] and "3. The torn page" in menus[1]
    assert text.count("You leave") == 2 and session.state.credibility == 2


def test_present_n_at_statement_n_asks_first_and_enter_keeps_it_back():
    # T21 typed `present 3` at statement 3 meaning the statement, and lost credibility.
    _code, text, session = run_lines([*TO_TESTIMONY, "present 1", ""])
    flat = " ".join(text.split())
    assert "Clue 1 in your notes is 'Ink on the cuff'" in flat and "Present it against statement 1" in flat
    assert "Nothing presented; it costs nothing." in flat and "Presented:" not in flat
    assert session.state.credibility == 2
    _code, text, session = run_lines([*TO_TESTIMONY, "present 1", "no"])  # anything but y keeps it back
    assert "Presented:" not in text and session.state.credibility == 2
    _code, text, session = run_lines([*TO_TESTIMONY, "present 1"])  # end of input at the question
    assert "Presented:" not in text and session.state.credibility == 2 and "Traceback" not in text
    _code, text, session = run_lines([*TO_TESTIMONY, "present ink"])  # by name: never asked
    assert "Present it?" not in text and "Presented: Ink on the cuff" in " ".join(text.split())


def test_the_prompt_names_the_statement_in_front_of_the_player():
    """T48 pressed "2" past the statement meant, the box above had scrolled away, and presented
    a clue at the wrong one: during a testimony the prompt says which statement is up."""
    story = sample_story()
    state, opening = e.new_game(story)
    prompts: list[str] = []
    answer = script([*TO_TESTIMONY, "next", "next", "0", "look"])

    def read(prompt: str) -> str:
        prompts.append(prompt)
        return answer(prompt)

    Game(Session(story, state), Renderer(story, Console(file=io.StringIO(), width=80, color_system=None), True),
         read).run(opening)
    # before, at statement 1, 2, then round again to 1, and after "0" the plain prompt
    assert prompts[:len(TO_TESTIMONY)] == ["> "] * len(TO_TESTIMONY)
    assert prompts[len(TO_TESTIMONY):] == ["Statement 1 > ", "Statement 2 > ", "Statement 1 > ", "> ", "> "]
