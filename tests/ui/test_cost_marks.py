"""Issue 11 (T9): a player sees which moves cost time before choosing them. Scene choices,
exits and topics that spend turns carry "(1 turn)" (dim in the rich look); free lines carry no
mark; a spend on one side of an ``if`` says "may"; help says once what the mark means."""

from __future__ import annotations

import re

import pytest

from game.core import engine as e
from game.loading.loader import load_story
from game.play.session import Game, Session
from game.ui.help import TIME_MARK
from game.ui.look import PLAIN, RICH
from game.ui.render import Renderer
from game.ui.choices import Menu, cost_mark
from tests.ui.helpers import ESC, SAMPLE, console, play, render, sample, script
from tests.ui.terminal import Terminal

MARK = re.compile(r" \((\d+ turns?|may take (a turn|\d+ turns)|\d+ to \d+ turns)\)$")


def run_lines(lines, width=80):
    story = sample()
    state, opening = e.new_game(story)
    out = console(width)
    session = Session(story, state)
    code = Game(session, Renderer(story, out, True), script(lines)).run(opening)
    return code, out.file.getvalue()


def test_the_piped_loop_marks_costed_lines_and_only_those():
    code, text = run_lines(["1", "talk to the pianist", "her cuff", "leave", "look under the piano"])
    assert code == 0
    hall = text.split("The hall. A door leads to the study.", 1)[1]
    assert ("1. Look under the piano (1 turn)\n2. Talk to the pianist\n3. Talk to the copyist\n"
            "4. Wait for evening (ends the act)\n5. Go to The Study (1 turn)") in hall  # it goes to the time-out scene
    assert "1. Her cuff (1 turn)\n2. The torn page" not in hall  # the page is not found yet
    assert "1. Her cuff (1 turn)\n" in hall
    after = text.rsplit("A torn page, folded small.", 1)[1]
    assert "1. Look under the piano (done)\n" in after  # a done line is free: no mark
    talk_again = text.rsplit("She tugs her sleeve down.", 1)[1]
    assert "Her cuff (1 turn)" not in talk_again  # asked: the topic costs nothing any more


def test_marks_never_change_the_numbers_or_the_order():
    story = sample()
    state, _ = play(story, ("go in",))
    actions = e.menu_actions(story, state)
    lines = [line for line in render(Menu(story, state, actions, PLAIN)).splitlines() if line]
    expected = [f"{n}. {a.label}" for n, a in zip(e.menu_numbers(actions), actions)]
    assert [MARK.sub("", line).replace(" (ends the act)", "") for line in lines] == expected
    assert sum(bool(MARK.search(line)) for line in lines) == 2  # the piano and the study
    assert [line for line in lines if "(ends the act)" in line] == ["4. Wait for evening (ends the act)"]


def test_the_rich_look_dims_the_mark():
    story = sample()
    state, _ = play(story, ("go in",))
    out = render(Menu(story, state, e.menu_actions(story, state), RICH), color=True)
    assert "Look under the piano \x1b[2m(1 turn)\x1b[0m" in out  # dim, like "(done)" and "(asked)"
    assert "Talk to the pianist\n" in out


def test_at_forty_columns_the_mark_wraps_under_its_line_and_is_never_cut(write_story):
    folder = write_story({"parts/a.yaml": """
        scenes:
          a.start:
            text: Start.
            choices:
              - text: Walk the parapet all the way round to the far corner
                cost: 1
              - text: Stand still
        """})
    story = load_story(folder)
    state, _ = e.new_game(story)
    for look in (RICH, PLAIN):
        out = render(Menu(story, state, e.menu_actions(story, state), look), width=40)
        rows = [r for r in out.splitlines() if r.strip()]
        assert all(len(r) <= 40 for r in rows)
        assert rows[0].startswith("1. ") and rows[1].startswith("   ")  # the hanging indent
        assert " ".join(r.strip() for r in rows[:-1]).endswith("far corner (1 turn)")
        assert rows[-1].strip() == "2. Stand still"


@pytest.mark.parametrize("width", [30, 33, 36, 40, 44])
def test_a_mark_is_never_split_across_lines(write_story, width):
    # T21 at 40 columns: "3. Look inside the pointe-shoe bag (1" / "   turn)".
    folder = write_story({"parts/a.yaml": """
        scenes:
          a.start:
            text: Start.
            choices:
              - text: Look inside the pointe-shoe bag
                cost: 1
              - text: Type a password into Cassie's laptop
                cost: 1
        """})
    story = load_story(folder)
    state, _ = e.new_game(story)
    for look in (RICH, PLAIN):
        out = render(Menu(story, state, e.menu_actions(story, state), look), width=width)
        rows = [r.rstrip() for r in out.splitlines() if r.strip()]
        assert all(len(r) <= width for r in rows)
        assert not any(r.endswith("(1") for r in rows) and out.count("(1 turn)") == 2


def test_a_spend_on_one_side_of_an_if_says_may(write_story):
    """A spend on one side of an ``if`` says "may" unless the state as it is decides the side:
    an ``if`` met before anything changes the state is read now (T35, T36, T38, T40: "Wake
    Cassie's laptop (may take a turn)" was a riddle the game could answer)."""
    folder = write_story({"parts/a.yaml": """
        flags: [charged, tidy]
        scenes:
          a.start:
            text: Start.
            choices:
              - text: Wake the laptop
                do:
                  - if: flag(charged)
                    then: [{say: It wakes.}]
                    else: [{spend: 1}, {say: You wait for it.}]
              - text: Search the desk
                cost: 1
                do:
                  - if: flag(charged)
                    then: [{spend: 1}]
                    else: [{spend: 1}]
              - text: Search the desk again
                cost: 1
                do:
                  - if: flag(charged)
                    then: [{spend: 1}]
              - text: Charge it
                do: [{set: charged}]
              - text: Tidy the desk
                do:
                  - set: tidy
                  - if: flag(charged)
                    then: [{spend: 1}]
        """})
    story = load_story(folder)
    state, _ = e.new_game(story)
    actions = e.menu_actions(story, state)
    # uncharged: the laptop's ``if`` is read now (1 turn); the second desk costs first, so its
    # ``if`` is counted both ways; tidying changes the state before its ``if``: both ways too
    assert [cost_mark(story, state, a) for a in actions] == ["1 turn", "2 turns", "1 to 2 turns", "", "may take a turn"]
    out = render(Menu(story, state, actions, PLAIN))
    assert "1. Wake the laptop (1 turn)" in out and "4. Charge it\n" in out
    spent = [state.time - e.step(story, state, a)[0].time for a in actions]
    assert spent == [1, 2, 1, 0, 0]  # uncharged: the laptop takes its turn, the second desk its one
    charged, _ = e.step(story, state, actions[3])
    assert cost_mark(story, charged, actions[0]) == ""  # charged: free, and said so
    assert [charged.time - e.step(story, charged, a)[0].time for a in actions[:3]] == [0, 2, 2]


def test_help_says_once_what_the_mark_means():
    _code, text = run_lines(["help"])
    text = " ".join(text.split())  # help wraps at the console's width
    assert text.count(TIME_MARK) == 1 and "(1 turn)" in TIME_MARK and "status line" in TIME_MARK


@pytest.mark.slow
@pytest.mark.parametrize("columns", [40, 100])
def test_a_terminal_shows_the_marks_at_any_width(tmp_path, columns):
    terminal = Terminal(["play", "--new", "--story", str(SAMPLE), "--saves", str(tmp_path / "s")], columns=columns)
    try:
        terminal.wait_for("1. Go in", "F1 help")
        assert "turn)" not in terminal.text().split("1. Go in", 1)[1]  # a free line, unmarked
        terminal.type("1")
        screen = terminal.wait_for("Look under the piano (1 turn)", "Go to The Study (1 turn)")
        assert "Talk to the pianist (" not in screen
        assert all(len(line) <= columns for line in screen.splitlines())
        assert ESC not in screen
    finally:
        terminal.close()


def test_a_testimony_costs_no_time_so_its_lines_carry_no_mark():
    """Pressing, moving between statements and presenting spend no turn (a wrong present costs
    credibility, which the first statement's menu explains before any present: see
    tests/ui/test_interface_misfires.py): none of their lines is marked."""
    story = sample()
    state, _ = play(story, ("go in",), ("piano",), ("pianist",), ("cuff",), ("afternoon",))
    actions = e.menu_actions(story, state)
    assert any(isinstance(a, e.Press) for a in actions)
    assert [cost_mark(story, state, a) for a in actions] == [""] * len(actions)
    for action in e.available_actions(story, state):  # presents included
        assert e.step(story, state, action)[0].time == state.time
