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
from game.ui.trial import CREDIBILITY_RULE
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
    picker = text[text.rindex("A clue that proves it"):]
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
    assert f"Credibility {most} of {most} for {act.title}. To show a clue" in flat  # then short
    lost = flat[flat.index("No contradiction with statement 2"):]
    assert lost.startswith(f"No contradiction with statement 2: \u201cShe was sound.")
    assert (f"Credibility left: {most - 1} of {most} for {act.title}. "
            + CREDIBILITY_RULE.format(until="until the next act")) in lost
    assert "I don't understand 'zzz'" in lost and game.state.credibility == most - 1
    assert text.rstrip().endswith("Goodbye.")  # end of input: saved and left, nothing lost


def test_the_last_act_says_credibility_lasts_the_rest_of_the_case():
    from game.core.record import replace
    from game.ui.trial import credibility_rule

    story = case()
    last = max(story.acts.values(), key=lambda a: a.number)
    state = replace(e.new_game(story)[0], act=last.id)
    assert credibility_rule(story, state).endswith("stops listening for the rest of the case, this being its last act.")


def test_help_says_what_credibility_is():
    text, _game = run(["help"])
    assert "Credibility lasts one act. One pool for every witness" in _flat(text)


# -- 3. a refused command leaves the menu on screen, as a misfire does -------------------------


def _after(text: str, marker: str) -> str:
    return text[text.rindex(marker):]


@pytest.mark.parametrize("line", ["present 1", "present x-ray", "present", "present zzz", "x zzz",
                                  "examine", "deduce 99", "wait", "sleep"])
def test_a_refused_command_shows_the_menu_again(line):
    text, game = run(lines_until("health") + ["leave", line])
    menu = text[text.rindex("You leave Dr. Nadia Pell."):]
    # the menu once after leaving, once again after the refusal: never a bare prompt
    assert menu.count("1. Talk to Dr. Pell") == 2, menu
    assert menu.rstrip().endswith("Goodbye.") and "Traceback" not in text


def test_present_outside_testimony_refuses_then_the_menu_then_the_game_goes_on():
    text, game = run(lines_until("health") + ["leave", "present 1", "1"])
    after = _after(text, "There is no statement in front of you")
    assert after.index("1. Talk to Dr. Pell") < after.index("Talking with Dr. Nadia Pell")
    assert game.state.mode.__class__.__name__ == "Talking"  # the next line still worked


def test_a_refusal_in_testimony_shows_where_the_player_is():
    text, _game = run(lines_until("health") + ["health", "present zzz"])
    after = _after(text, "No clue in your notebook matches 'zzz'")
    count = len(case().testimonies["pell.tuesday"].statements)
    assert f"Statement 1 of {count}" in after and "0. Stop listening" in after


def test_undo_with_nothing_to_undo_shows_the_menu():
    text, _game = run(["undo"])
    after = _after(text, "There is nothing to undo.")
    assert "\n1. " in after


# -- 6. the wordings of wait and of the pager's footer -----------------------------------------


def test_wait_says_turns_left_and_nothing_odd():
    text, game = run(["wait"])
    said = _flat(_after(text, "Time moves"))
    assert said.startswith(f"Time moves only when you act: going somewhere, and a choice that takes time, each "
                           f"use a turn. You have {game.state.time} turns left in this act. Waiting changes "
                           "nothing: pick a choice, or type 'hint'.")


@pytest.mark.parametrize("width", [40, 60, 100])
def test_help_reads_whole_at_each_width(width):
    text, _game = run(["help"], plain=False, width=width)
    flat = _flat(text.replace("│", " "))
    assert "wait how many turns are left in this act (time moves only when you act)" in flat
    assert all(len(row) <= width for row in text.splitlines())


@pytest.mark.parametrize("width", [40, 60, 100])
def test_the_pager_footer_fits_and_says_what_q_does(width):
    import io

    from rich.console import Console
    from rich.text import Text

    from game.ui.pager import MORE, Pager

    out = io.StringIO()
    screen = Console(file=out, width=width, height=10, color_system=None, force_terminal=False)
    keys = iter(["q"])
    pager = Pager(screen, lambda: next(keys))
    assert pager.show([Text("\n".join(f"line {n}" for n in range(30)))]) == "rest"
    shown = out.getvalue()
    assert MORE == "-- Space: next page, q: all the rest --" and MORE in shown  # whole, never cut
    assert "line 29" in shown  # q printed the rest


# -- 4. "look under X" is examining X, never `look` with the words dropped ---------------------


@pytest.mark.parametrize("line, understood", [
    ("look under the tarp", ("examine", "the tarp")),
    ("look at the ropes", ("examine", "the ropes")),
    ("l behind the curtain", ("examine", "the curtain")),
    ("look in the box", ("examine", "the box")),
    ("look around", ("look", "")),
    ("look", ("look", "")),
    ("look under", ("look", "")),
])
def test_look_with_words_is_understood_as_examining_them(line, understood):
    from game.play.commands import Command, understand

    story = case()
    state, _ = e.new_game(story)
    got = understand(story, state, line)
    assert isinstance(got, Command) and (got.name, got.arg) == understood


def test_look_under_the_tarp_on_the_roof_answers_about_the_tarp():
    text, game = run(lines_until("walk") + ["look under the tarp", "look at zebra", "look around"])
    after = _after(text, "You look at the tarp.")
    assert after.startswith("You look at the tarp. Nothing about it tells you more than you can see from here.")
    assert "You find nothing called 'zebra' here." in after  # said plainly, then the menu
    assert after.count("1. Walk the parapet all the way round") == 3  # after each: the menu
    assert "The Roof (Act 1" in after  # "look around" is the scene again
    assert game.state.scene == "act1.roof"


def test_a_choice_named_by_look_words_is_still_the_choice():
    text, game = run(lines_until("walk") + ["look at the water tower"])  # "Crouch in the gravel by the water tower"
    assert re.search(r"That is choice \d+, 'Crouch in the gravel by the water tower' \(1 turn\)", _flat(text))
    assert "drag_scuffs" not in game.state.clues  # named with its cost, not taken unasked (T15)


# -- 5. a testimony heard through is marked in the talk menu -----------------------------------


HEALTH = "What she knew about Cassie's health"


def _health_number(text: str) -> str:
    """The number the talk menu first gave the testimony (read off the screen, not assumed)."""
    return re.search(r"(\d+)\. " + re.escape(HEALTH), text).group(1)


def test_a_testimony_heard_to_the_end_is_marked_heard_and_keeps_its_place():
    nexts = ["next"] * (len(case().testimonies["pell.tuesday"].statements) - 1)
    text, game = run(lines_until("health") + ["health"] + nexts + ["leave", "zzz"])
    menu = text[text.rindex("I don't understand 'zzz'"):]  # nonsense: the menu again, still marked
    assert f"{_health_number(text)}. {HEALTH} (heard)" in menu  # same number, marked
    assert text.count("(heard)") == 2 and text.rstrip().endswith("Goodbye.")


def test_a_testimony_left_halfway_is_not_marked():
    text, _game = run(lines_until("health") + ["health", "next", "leave"])
    last = text[text.rindex("Dr. Nadia Pell is listening."):]
    assert f"{_health_number(text)}. {HEALTH}\n" in last and "(heard)" not in text


def test_what_the_rule_says_is_what_the_engine_does():
    """'At 0, a witness shown such a clue stops listening': asked of the engine, not assumed."""
    from game.core.record import replace
    from game.core.state import Testifying
    from tests.ui.helpers import play, sample

    story = sample()
    state, _ = play(story, ("Go in",), ("Look under the piano",), ("Talk to the pianist",), ("Her afternoon",))
    assert isinstance(state.mode, Testifying)
    wrong = e.Present("torn_page")  # the page proves nothing against her first statement
    for credibility in (1, 0):  # reaching 0, or already at 0: the witness stops listening
        after, events = e.step(story, replace(state, credibility=credibility), wrong)
        assert any(isinstance(ev, e.Silenced) for ev in events) and after.credibility == 0
    after, events = e.step(story, replace(state, credibility=2), wrong)
    assert not any(isinstance(ev, e.Silenced) for ev in events) and after.credibility == 1
