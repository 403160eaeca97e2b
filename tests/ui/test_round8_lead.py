"""Issue 11, round 8 (blind testers T10 and T11), the lead's fixes, through the real loop in
plain mode: a line used never vanishes from its menu, `present` and `go` in a conversation say
what to do, `x` of a clue shows the menu again, and help words credibility for the act."""

from __future__ import annotations

import re

from game.core import engine as e
from game.core.menu import with_done
from game.core.record import replace
from tests.ui.test_interface_misfires import _flat, case, lines_until, run


def _menu_after(text: str, marker: str) -> list[str]:
    """The numbered lines of the first menu printed after the last ``marker``."""
    rows = text[text.rindex(marker):].splitlines()[1:]
    out: list[str] = []
    for row in rows:
        if re.match(r"\d+\. ", row):
            out.append(row)
        elif out:
            break
    return out


def test_a_used_line_keeps_its_number_even_when_its_if_turns_false():
    """The courtyard's sketch line says `if: not has(reyes_sketch)`; taking it gives the sketch.
    It used to vanish and "Look up at the roofline" took its number (T10, T11)."""
    story = case()
    before = lines_until("sketch")
    text, game = run(before + ["sketch"])
    menu = _menu_after(text, "Graph paper, pencil")
    assert any("sketch" in row and row.endswith("(done)") for row in menu), menu
    state = game.state
    scene = story.scenes[state.scene]
    sketch = next(c for c in scene.choices if "sketch" in c.text)
    assert sketch.condition is not None and not sketch.condition(e.EvalContext(story, state))  # its if: is false now
    shown = with_done(story, state, e.available_actions(story, state))
    assert [getattr(a, "choice", None) for a in shown].count(sketch.id) == 1  # kept in its place


def test_present_in_a_conversation_names_the_testimony_to_hear():
    text, _game = run(lines_until("health") + ["present allergy"])
    said = _flat(text[text.rindex("There is no statement in front of you"):])
    assert "There is no statement in front of you to present a clue against." in said
    assert "To test what Dr. Nadia Pell says, hear it first: choose" in said
    assert "Talk to someone" not in said  # the player is talking to someone


def test_present_in_a_talk_without_a_testimony_says_so():
    text, _game = run(["3", "1", "present log"])  # the lobby, Marcus: no statement of his yet
    said = _flat(text[text.rindex("There is no statement in front of you"):])
    assert "has no statement for you to test yet" in said and "Traceback" not in text


def test_go_in_a_conversation_points_past_it():
    text, _game = run(["3", "1", "go garage", "go to the roof"])
    said = _flat(text[text.rindex("There is no place called"):])
    assert "There is no place called 'garage' you can go to from here." in said
    assert "once you leave this conversation (0)" in said


def test_x_of_a_held_clue_shows_the_menu_again():
    text, _game = run(["3", "2", "x badge log"])
    after = text[text.rindex("Clue 1: Tuesday's badge log"):]
    assert _menu_after(after, "Clue 1: Tuesday's badge log")[0].startswith("1. ")  # the menu again, under the clue


def test_help_words_credibility_as_the_testimony_view_does_for_this_act():
    story = case()
    text, game = run(["help"])
    assert "Credibility lasts one act. One pool for every witness" in _flat(text)
    assert "until the next act" in _flat(text)
    from game.ui.help import HelpView
    from game.ui.look import Look
    from game.ui.trial import credibility_rule
    from tests.ui.helpers import console

    last = max(story.acts.values(), key=lambda a: a.number)
    state = replace(game.state, act=last.id)
    out = console(100)
    out.print(HelpView(Look(plain=True), (), keys=False, credibility=credibility_rule(story, state)))
    printed = _flat(out.file.getvalue())
    assert "stops listening for the rest of the case, this being its last act" in printed and "until the next act" not in printed


def test_x_names_a_line_that_takes_time_instead_of_spending_it():
    """T13, T15: `x photographs` / `examine sketch` ran a "(1 turn)" line unasked."""
    text, game = run(["3", "x photographs"])
    said = _flat(text[text.rindex("That is choice"):])
    assert re.search(r"That is choice (\d+), 'Look closely at the photographs.*' \(1 turn\)\. Type \1 to do it\.", said)
    assert game.state.time == case().acts[game.state.act].time  # nothing spent
    text, game = run(["3", "x pigeonholes"])  # a free line is simply looked at
    assert "That is choice" not in text

