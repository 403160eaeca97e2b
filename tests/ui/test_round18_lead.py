"""Blind round 18's items (issue 11, testers T30 and T31), through the real loop."""

from __future__ import annotations

import pytest

from game.core import engine as e
from tests.test_story_round6 import _flat, case  # noqa: F401  (case: the bundled story, a fixture)
from tests.ui.test_round12_lead import _in_a_testimony, _testimony_lines, run


def _hear_again(game) -> str:
    actions = e.menu_actions(game.story, game.state)
    return str(next(n for a, n in zip(actions, e.menu_numbers(actions)) if isinstance(a, e.Hear)))


def test_a_testimony_heard_again_names_the_statement_it_was_left_at_not_the_furthest_heard():
    # T31 heard Dr. Pell through to statement 5, went back to 3, left, and came back at 5.
    text, game = run(_in_a_testimony())
    count = _testimony_lines(game)
    assert count >= 4
    there = [*_in_a_testimony(), *["next"] * (count - 1), "previous", "previous", "leave"]
    text, game = run(there)
    text, game = run([*there, _hear_again(game)])
    assert game.state.mode.index == 0  # it begins at the first (round 20): where it was left is said
    assert f"You had left it at statement {count - 2}." in _flat(text)


def test_taking_the_accusation_back_is_always_0_so_a_new_name_above_it_moves_nothing(case):
    """T30's habitual "6" for "Not yet: take it back" accused Victoria once she was met and
    listed above it. Like leaving a conversation, taking the accusation back is always 0."""
    from game.cli.playtools import start_state
    from game.play.commands import understand

    state, _ = start_state(case, "act3.lobby", "act3")
    opened, _events = e.step(case, state, e.Accuse())
    actions = e.menu_actions(case, opened)
    numbers = e.menu_numbers(actions)
    assert numbers[-1] == 0 and isinstance(actions[-1], e.Retract)
    assert sorted(numbers[:-1]) == list(range(1, len(actions)))  # the names 1, 2, 3, ...
    assert isinstance(understand(case, opened, "0"), e.Retract)
    text, game = run_state(case, opened, ["0"])
    assert not isinstance(game.state.mode, type(opened.mode))  # taken back: out of the accusation


def run_state(case, state, lines):
    from tests.ui.helpers import run_game

    return run_game(case, state, lines)


def test_a_menu_where_a_line_came_and_another_went_says_both_and_says_it_once():
    """T31 after `deduce 6` at Marcus's: "The threads in the knot upstairs" went, "What he saw
    on the roof" came, and the game said the ones after it "moved down" (they moved up), twice."""
    from game.core.state import Talking
    from game.core.record import replace
    from game.ui.render import Renderer
    from tests.ui.helpers import console, hall, sample

    story = sample()
    state = replace(hall(story), mode=Talking("pianist"))
    renderer = Renderer(story, console(60), False)
    talk = [e.Ask("a", "Her afternoon"), e.Ask("b", "The threads in the knot upstairs"),
            e.Ask("c", "Cassie"), e.Leave()]
    renderer._seen_here[("hall", "Talking", "pianist", None)] = tuple(talk)
    after = (talk[0], talk[2], e.Ask("d", "What he saw on the roof"), talk[3])
    said = renderer._moved(replace(state, scene="hall"), after)
    assert said == ("(The choices changed: new choice 3: 'What he saw on the roof'; 'The threads in the "
                    "knot upstairs' is gone. The numbers after them moved.)")
    assert renderer._moved(replace(state, scene="hall"), after) == ""  # told once, not again under the next menu
    renderer._seen_here[("hall", "Talking", "pianist", None)] = tuple(talk)
    assert renderer._moved(replace(state, scene="hall"), (talk[0], talk[2], talk[3])) == (
        "('The threads in the knot upstairs' is gone: the ones after it moved up.)")


def test_a_number_typed_ahead_while_a_new_menu_was_drawn_chooses_nothing(case):
    """T31 typed "7" and "1" fast: 7 went to the courtyard, and the 1, typed before the
    courtyard's menu was on screen, took "Watch the moon go up (1 turn)". A number that was
    already waiting as the prompt came up, at a menu unlike the one before it, chooses nothing."""
    from game.cli.playtools import start_state
    from game.play.session import Game, Session
    from game.ui.render import Renderer
    from tests.ui.helpers import console, script

    state, _ = start_state(case, "act1.lobby", "act1")

    def play(ahead: list[bool]):
        out = console(100)
        flags = iter(ahead)
        game = Game(Session(case, state), Renderer(case, out, True), script(["go courtyard", "1"]),
                    typed_ahead=lambda: next(flags, False))
        game.run(())
        return out.file.getvalue(), game

    text, game = play([False, True])  # the "1" was waiting when the courtyard's menu came up
    assert "The choices have changed since you last saw them, so nothing was chosen." in " ".join(text.split())
    assert game.state.scene.endswith("courtyard") and game.state.turn == state.turn + 1  # only the move
    text, game = play([False, False])  # typed after the menu was seen: taken
    assert "nothing was chosen" not in text and game.state.turn == state.turn + 2


@pytest.mark.slow
@pytest.mark.parametrize("columns", (40, 60, 100))
def test_in_a_terminal_a_number_typed_in_one_burst_with_the_move_before_it_waits(tmp_path, columns):
    from tests.ui.helpers import SAMPLE
    from tests.ui.terminal import Terminal
    from game.ui.pager import toolbar_rows

    game = Terminal(["play", "--story", str(SAMPLE), "--saves", str(tmp_path / "saves"), "--new"],
                    columns=columns, lines=30 + toolbar_rows(columns))
    try:
        game.wait_for("1. Go in", "F1 help")
        game.clear()
        game.key(b"1\r1\r")  # "Go in", and a 1 meant for a menu not yet drawn, in one burst (T31)
        _wait_words(game, "so nothing was chosen. Here they are:")  # (wrapped at 40 and 60)
        game.clear()
        game.type("1")  # seen now: taken
        _wait_words(game, "piano")
        game.type("quit")
        assert game.exit_code() == 0 and b"Traceback" not in game.raw
    finally:
        game.close()


def _wait_words(game, words: str) -> str:
    """The screen's words once ``words`` are among them, however the terminal wrapped them (a
    bounded count of reads, each a safety net)."""
    for _ in range(2000):
        game.pump()
        said = " ".join(game.text().split())
        if words in said:
            return said
    raise AssertionError(f"never saw {words!r}:\n{game.text()}")


def test_a_letter_typed_at_the_endings_more_line_turns_one_page_not_all_the_rest():
    """T33 typed "xyz" at the ending's "more" line: the x poured out the rest and the last
    paragraphs scrolled away unread. At the ending any key turns one page; q is still all."""
    from rich.text import Text

    from game.ui.pager import MORE
    from tests.ui.test_loop_keys import _pager

    lines = [Text(f"line {n}") for n in range(30)]
    pager, out = _pager(60, ["xyz", " ", " ", " ", " ", " ", " "], height=10)
    assert pager.show(lines, always=True) == "done"
    assert out.file.getvalue().count(MORE) >= 3  # a page per key, the x's page included
    pager, out = _pager(60, ["q"], height=10)
    assert pager.show(lines, always=True) == "rest" and "line 29" in out.file.getvalue()
