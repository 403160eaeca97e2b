"""Issue 11, round 12 (blind tester T18), the lead's fixes, through the real loop in plain mode:
a testimony says when "next" comes round to the first statement, a command's note comes before
the menu it would otherwise follow, and `talk to NAME` never takes a choice that does more than
talk."""

from __future__ import annotations

from game.core import engine as e
from game.core.state import Exploring, Testifying
from tests.ui.test_interface_misfires import _flat, case, lines_until, run


def _in_a_testimony() -> list[str]:
    """The playthrough into Dr. Pell's act-2 testimony, at statement 1 (its "health")."""
    return lines_until("health") + ["health"]


def _testimony_lines(game) -> int:
    mode = game.state.mode
    assert isinstance(mode, Testifying), mode
    return len(game.story.testimonies[mode.testimony].statements)


def test_next_past_the_last_statement_says_it_came_round_to_the_first():
    text, game = run(_in_a_testimony())
    count = _testimony_lines(game)
    assert game.state.mode.index == 0 and count > 1
    text, game = run([*_in_a_testimony(), *["next"] * count])
    assert "That was the last statement: back to the first." in _flat(text)
    assert f"Statement 1 of {count} · round again" in _flat(text)  # in the box's title too (T26)
    assert game.state.mode.index == 0
    # Each step before it says nothing of the kind, and "previous" from the first says so too.
    text, _ = run([*_in_a_testimony(), *["next"] * (count - 1)])
    assert "back to the first" not in _flat(text) and "round again" not in _flat(text)
    text, game = run([*_in_a_testimony(), "previous"])
    assert "That was the first statement: round to the last." in _flat(text)
    assert game.state.mode.index == count - 1


def test_a_command_note_comes_before_the_menu_not_under_it():
    # In Room 4C, 'look' is a command and "Look inside the pointe-shoe bag" a choice (T18).
    text, _ = run([*lines_until("bag"), "look"])
    after = text[text.rindex("is a command; to choose"):]
    assert "1. " in after  # the scene and its menu come after the note
    note_line = next(line for line in text.splitlines() if "is a command; to choose" in line)
    last_menu_line = text.rstrip().splitlines()[-2]
    assert note_line != last_menu_line


def test_talk_to_a_person_names_a_choice_that_does_more_than_talk():
    # At the door, the only way to Marcus is "Say goodnight, and talk to the porter": Dr. Pell
    # leaves. Typed as `talk to marcus`, it is named, not taken (T18).
    text, game = run(["talk to marcus"])
    assert "That is choice 5, 'Say goodnight, and talk to the porter'. Type 5 to do it." in _flat(text)
    assert game.state.mode == Exploring() and game.state.turn == 0
    text, game = run(["talk to marcus", "5"])
    assert not isinstance(game.state.mode, Exploring)  # the player's own pick talks to him
    text, game = run(["talk to pell"])  # "Talk to Dr. Pell before she goes": only talk, taken
    assert "That is choice" not in text and not isinstance(game.state.mode, Exploring)


def test_a_command_word_only_a_choice_word_begins_gets_no_note():
    # T19: after `load`, "('load' is a command; to choose 11, 'Go to The Loading Dock', ...)"
    # read as a misread load. Only a choice with the very word gets the note.
    from game.play.commands import Command, understand

    _text, game = run(lines_until("loading"))
    story, state = game.story, game.state
    assert any("Loading Dock" in a.label for a in e.menu_actions(story, state))
    said = understand(story, state, "load")
    assert isinstance(said, Command) and said.name == "load" and not said.note
    said = understand(story, state, "look")  # no choice has the word "look" here: no note either
    assert isinstance(said, Command) and not said.note


def test_a_dossier_never_labels_someone_not_a_suspect():
    # T19 read Inés's "Not a suspect." after one talk as the game clearing her.
    text, _ = run([*lines_until("pell"), "leave", "suspects ines"])
    dossier = text[text.rindex("Inés Duarte"):]
    assert "Inés" in dossier and "not a suspect" not in dossier.lower()


def test_a_testimony_heard_again_says_where_it_begins():
    # T21 reopened Pell's testimony for statement 5 and presented at statement 1 unawares.
    text, game = run([*_in_a_testimony(), "leave"])
    hear = [a for a in e.menu_actions(game.story, game.state) if isinstance(a, e.Hear)]
    assert hear, "the testimony is offered again"
    number = e.menu_numbers(e.menu_actions(game.story, game.state))[e.menu_actions(game.story, game.state).index(hear[0])]
    text, game = run([*_in_a_testimony(), "leave", str(number)])
    assert "(Heard again from the start: statement 1 of" in _flat(text)
    assert "You had left it" not in _flat(text)  # it was left at statement 1: nothing more to say
    first, _ = run(_in_a_testimony())  # the first hearing says nothing of the kind
    assert "Heard again" not in first


def test_a_long_name_and_role_title_keeps_the_name_on_the_border():
    # T21 at 40 columns: "Detective Alma Reyes · Chicago Police Department, Area Three
    # detectives" moved whole into the box and read as part of the dossier.
    from rich.text import Text

    from game.ui.look import RICH, frame
    from tests.ui.helpers import render

    title = Text("Detective Alma Reyes")
    title.append(" · Chicago Police Department, Area Three detectives")
    rows = render(frame(RICH, Text("Body."), title), width=40).splitlines()
    assert rows[0].startswith("╭─ Detective Alma Reyes ─") and rows[0].endswith("╮")
    assert "Chicago Police Department" in rows[1] and "·" not in "".join(rows)
    assert all(len(r) <= 40 for r in rows)
    wide = render(frame(RICH, Text("Body."), title), width=100).splitlines()
    assert "Detective Alma Reyes · Chicago Police Department" in wide[0]  # fits: on the border whole


def test_a_scene_entered_as_the_act_runs_out_shows_its_own_status():
    # T20: "Go to Studio B (ends the act)" showed a "Studio B" panel over "Act 2 · Room 4C · 21:00".
    from game.core.record import replace
    from game.ui.look import PLAIN
    from game.ui.scene import ScenePanel, event_views
    from tests.ui.helpers import render

    _text, game = run(lines_until("basement"))
    story, state = game.story, game.state
    state = replace(state, time=0)  # the act's time spent (arriving here on its last turn)
    go = next(a for a in e.menu_actions(story, state) if isinstance(a, e.Go) and "Studio B" in a.label)
    after, events = e.step(story, state, go)
    assert after.act != state.act or after.scene != go.scene  # the act moved on in the same step
    panels = [v for v, _ in event_views(story, after, events, PLAIN) if isinstance(v, ScenePanel)]
    studio = next(p for p in panels if "Studio B" in p.title)
    head = render(studio).strip().splitlines()[0]
    assert "Studio B" in head.split("(")[1] and "Room 4C" not in head and f"Act {story.acts[state.act].number}" in head


def test_x_of_a_line_already_done_says_so_and_points_to_the_notes():
    # T20: `x locker` after reading the locker's notes said there was nothing more to see.
    text, game = run([*lines_until("green"), "green", "locker", "x locker"])
    assert "You've already done that: choice" in _flat(text) and "Read the notes on Cassie's locker" in _flat(text)
    assert "Nothing about it tells you more" not in _flat(text)


def test_a_choice_that_ends_the_day_is_marked_whatever_the_clock():
    # T23 took "Lie down and let Thursday go" (it goes to the act's time-out scene) for a free line.
    from game.core.record import replace
    from game.core.rules import closes_act
    from game.ui.choices import Menu
    from game.ui.look import PLAIN
    from tests.ui.helpers import render

    _text, game = run(lines_until("basement"))
    story = game.story
    state = replace(game.state, scene="act2.dorm", time=6)
    actions = e.menu_actions(story, state)
    lie = next(a for a in actions if "Lie down" in a.label)
    assert closes_act(story, state, lie)
    assert not any(closes_act(story, state, a) for a in actions if a is not lie)
    menu = render(Menu(story, state, actions, PLAIN))
    assert "Lie down and let Thursday go (ends the act)" in menu
    assert "nearly up" not in menu  # six turns left: no last-turn warning, only the line's own mark


def test_a_line_added_above_others_in_the_same_place_says_they_moved():
    # T23: leaving Marcus added "Tell the officers …" at 5 and every exit moved down by one; 6,
    # typed for Room 4C from the menu seen a moment before, went to the Lobby.
    from game.cli.playtools import start_state
    from tests.ui.helpers import run_game

    # Thursday at two, the officers in the basement: the slip, the talk, the break, leave, leave
    state, _ = start_state(case(), "act2.basement", "act2,time=14")
    text, _ = run_game(case(), state, ["slips", "talk", "did", "next", "present boiler", "leave", "leave"])
    said = _flat(text)
    assert "(New choice 5: 'Show the officers the boiler slip'. The ones after it moved down.)" in said
    tail = said[said.rindex("The ones after it moved down.)"):]
    assert "5. Show the officers" in tail and "6. Go to The Lobby" in tail  # said before the new menu
    # Nothing is said the first time a place's menu is seen, nor for the accusation's steps.
    first, _ = run(lines_until("basement") + ["basement"])
    assert "(New choice" not in first.split("Heat, pipes")[-1]
    whole, _ = run(lines_until("accuse") + ["accuse", "pell", "1", "1"])
    assert "(New choice" not in whole.split("The accusation")[-1]


def test_present_by_a_symbol_in_a_clue_name():
    # T23: `present 🩹` found nothing; only the number worked.
    from game.core.record import replace
    from tests.ui.helpers import run_game

    _text, game = run(_in_a_testimony())  # in Pell's testimony, act 2
    state = replace(game.state, clues=game.state.clues | {"bandage_text"})
    text, after = run_game(game.story, state, ["present 🩹"])
    assert "No clue in your notebook matches" not in text
    assert "Cassie's text to 🩹" in text and after.state is not state  # presented: the game moved on
    text, after = run_game(game.story, state, ["present ☂"])
    assert "No clue in your notebook matches '☂'" in text and after.state == state


def test_pells_talk_line_keeps_its_place_once_she_has_stopped():
    # T19, T23: "Talk to Dr. Pell" vanished in act 3 once she stopped, and every exit moved up.
    from game.core.record import replace
    from tests.ui.helpers import run_game

    _text, game = run(lines_until("basement"))
    story = game.story
    base = replace(game.state, scene="act3.wellness", act="act3", mode=Exploring())
    before = e.menu_actions(story, base)
    after = e.menu_actions(story, replace(base, flags=base.flags | {"pell_stopped"}))
    assert len(before) == len(after)
    assert [a for a in before if isinstance(a, e.Go)] == [a for a in after if isinstance(a, e.Go)]
    assert e.menu_numbers(before) == e.menu_numbers(after)
    assert after[0].label == "Try Dr. Pell again"
    text, played = run_game(story, replace(base, flags=base.flags | {"pell_stopped"}), ["1"])
    assert "I said I'd like to stop, Neveah." in _flat(text) and played.state.time == base.time  # free


def test_a_line_taken_and_marked_done_is_not_called_new_and_several_new_are_counted():
    # T25: after the laptop's password, "New choice 2: 'Type a password …'" (it was done) while
    # the real new lines were 3, 4 and 5.
    text, _ = run(lines_until("thread"))  # the laptop woken, then the password typed
    said = _flat(text)
    opened = said[said.index("opens like a door"):]
    assert "(New choices 3, 4 and 5. The ones after them moved down.)" in opened
    assert "New choice 2" not in opened  # the password line, now done, is the same line
    woken = said[:said.index("opens like a door")]
    assert "(New choice 2: 'Type a password into Cassie's laptop'. The ones after it moved down.)" in woken

def test_talk_to_someone_in_the_room_who_is_not_to_be_talked_with():
    # T24: at lights out Margot is in the other bed; "talk to margot" said she wasn't here.
    text, _ = run([*lines_until("sleep"), "talk to margot"])
    said = _flat(text)
    assert "Margot Lindqvist is here, but not one to talk with now." in said
    assert "Margot Lindqvist isn't here." not in said
    text, _ = run([*lines_until("sleep"), "talk to marcus"])  # elsewhere: as before
    assert "Marcus Bell isn't here." in _flat(text)


def test_a_topic_that_tells_is_marked_told_not_asked():
    # T24: "Tell her your name (asked)".
    text, _ = run(["talk pell", "name"])
    assert "Tell her she said your name right (told)" in text and "(asked)" not in text
