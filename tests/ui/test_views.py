"""Every view rendered at 40, 80 and 120 columns, in both looks, asserting what is visible."""

from __future__ import annotations

import pytest
from rich.text import Text

from game.core import engine as e
from game.core import record
from game.core.state import GameState
from game.ui.board import Board
from game.play.registry import command_table
from game.ui.help import HelpView
from game.ui.look import PLAIN, RICH, Hanging, bar
from game.ui.map import SchoolMap
from game.ui.notebook import Notebook
from game.ui.choices import Menu
from game.ui.scene import ScenePanel, StatusLine, event_views, scene_panel, status_text
from game.ui.suspects import Suspects, SuspectGrid, find_person
from game.ui.timeline import Timeline
from game.ui.title import EndingsList, SaveInfo, SaveList, TitleInfo, TitleScreen, pick, title_menu, title_options

from tests.ui.helpers import BOX, ESC, hall, play, render, sample, visible

WIDTHS = (40, 80, 120)


def flat(text: str) -> str:
    """The words on screen in order, whatever the wrapping and the frames."""
    return " ".join(visible(text).replace("│", " ").split())


def lines_fit(text: str, width: int) -> bool:
    return all(len(line) <= width for line in visible(text).splitlines())


@pytest.fixture(scope="module")
def story():
    return sample()


@pytest.fixture(scope="module")
def state(story):
    return hall(story)


# --- the scene --------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_scene_panel_shows_place_act_clock_and_time_left(story, state, width):
    out = render(scene_panel(story, state, RICH), width, color=True)
    shown = visible(out)
    assert "The Hall" in shown and "Act 1" in shown
    # the act's title is the act banner's, never the panel's: one head at every width (round 7)
    assert "The Afternoon" not in shown
    assert "turns left" in shown and "15:00" in shown  # the clock
    assert "The hall again." in shown  # `look` re-describes: the revisit text, not the arrival
    assert lines_fit(out, width)
    assert "╭" in shown  # framed in the rich look


@pytest.mark.parametrize("width", WIDTHS)
def test_scene_plain_is_the_transcript_shape(story, width):
    state, _ = e.new_game(story)
    out = render(scene_panel(story, state, PLAIN), width)
    assert "Arrival (Act 1, The Hall, 14:00, 8 turns left)" in " ".join(out.split())
    assert ESC not in out and not BOX & set(out)


def test_long_prose_wraps_inside_the_panel_at_40_columns(story, state):
    text = "word " * 200 + "**strong** and *soft* end."
    out = render(ScenePanel(story, state, "A very long title for a very small screen", text, RICH), 40)
    assert lines_fit(out, 40)
    assert "strong and soft end." in " ".join(visible(out).replace("│", " ").split())
    assert "**" not in out and "*soft*" not in out


def test_status_line_gauge_has_words_beside_it(story, state):
    line = StatusLine(story, state, RICH).text().plain
    assert "▰" in line and f"{state.time} turns left" in line
    assert status_text(story, state, PLAIN).endswith(f"{state.time} turns left")
    assert "▰" not in status_text(story, state, PLAIN)


def test_bar_counts():
    assert bar(3, 6, 6) == "▰▰▰▱▱▱"
    assert bar(0, 0) == ""
    assert bar(9, 4) == "▰▰▰▰"


@pytest.mark.parametrize("width", WIDTHS)
def test_menu_numbers_choices_and_hangs_long_ones(story, state, width):
    actions = e.available_actions(story, state)
    plain = render(Menu(story, state, actions, PLAIN), width)
    assert plain.splitlines()[0] == f"1. {actions[0].label}"
    long = (e.Choose("x", "Examine " + "the dusty thing " * 8),)
    out = visible(render(Menu(story, state, long, RICH), width))
    first, *rest = out.splitlines()
    assert first.startswith("1. Examine")
    assert all(line.startswith("   ") for line in rest)
    assert lines_fit(out, width)


def test_menu_in_testimony_shows_credibility_and_no_clues(story):
    state, events = play(story, ("go in",), ("piano",), ("pianist",), ("afternoon",))
    out = render(Menu(story, state, e.menu_actions(story, state), PLAIN), 80)
    # the statement was shown once, when it came up; the menu does not repeat it
    assert "I practised all afternoon." not in out
    assert "Credibility 2 of 2 for The Afternoon." in out and "type 'present' and its" in out
    assert "torn page" not in out.lower()  # a held clue is not a menu choice
    shown = render(event_views(story, state, events[-1:], PLAIN)[0][0], 80)
    assert shown.splitlines() == ["Statement 1 of 2:", '"I practised all afternoon."']


def test_events_group_scene_entry_with_its_prose(story):
    state, events = play(story, ("go in",))
    views = event_views(story, state, events[-2:], RICH)
    assert len(views) == 1 and views[0][1] is True
    out = visible(render(views[0][0], 80))
    assert "The Hall" in out and "A door leads to the study" in out


def test_clue_and_ending_lines_in_both_looks(story):
    state, events = play(story, ("go in",), ("piano",))
    found = [v for v, _ in event_views(story, state, events, PLAIN)]
    assert any("Clue added to your notebook: A torn page" in render(v) for v in found)
    ending = e.EndingReached("lost", "Lost in the Dark", "The night ends.")
    for look, color in ((PLAIN, False), (RICH, True)):
        view, _ = event_views(story, state, [ending], look)[0]
        out = visible(render(view, 40, color))
        assert "THE END: Lost in the Dark" in out
        assert "(ending:" not in out  # the id is the story's, never shown


def test_speech_is_framed_with_the_speaker(story):
    state, events = play(story, ("go in",), ("pianist",), ("cuff",))
    views = event_views(story, state, events, RICH)
    out = visible("".join(render(v, 60) for v, _ in views))
    assert "Ida Marsh" in out and "She tugs her sleeve down" in out
    plain = "".join(render(v, 60) for v, _ in event_views(story, state, events, PLAIN))
    assert "Ida Marsh:" in plain


# --- the views of the case ----------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_notebook_lists_clues_numbered_with_no_tag_headings(story, state, width):
    for look, color in ((RICH, True), (PLAIN, False)):
        out = render(Notebook(story, state, look), width, color)
        shown = " ".join(visible(out).replace("│", " ").split())
        assert "2 of 3 clues" in shown
        assert "MEANS" not in shown.upper() and "OPPORTUNITY" not in shown.upper()  # no verdicts
        assert "1. A torn page" in shown and "2. Ink on the cuff" in shown
        assert "13:10" in shown and "(about" not in shown
        assert lines_fit(out, width)


def test_notebook_empty(story):
    state, _ = e.new_game(story)
    assert "Your notebook is empty" in render(Notebook(story, state, RICH))


@pytest.mark.parametrize("width", WIDTHS)
def test_suspect_grid_uses_symbols_and_words(story, state, width):
    out = visible(render(Suspects(story, state, RICH), width, color=True))
    assert "Ida Marsh" in out and "Paul Reed" in out
    assert "✔" in out and "?" in out and "✔ shown" in out  # the legend says what shapes mean
    assert "motive: yes - The score went to her rival." in " ".join(out.replace("│", " ").split())
    assert lines_fit(out, width)
    plain = render(Suspects(story, state, PLAIN), width)
    assert "Ida Marsh: motive yes, means yes, opportunity yes" in flat(plain)
    assert not BOX & set(plain) and "✔" not in plain


def test_one_dossier_and_finding_people(story, state):
    assert find_person(story, "ida").id == "pianist"
    assert find_person(story, "paul reed").id == "copyist"
    assert find_person(story, "nobody") is None
    out = render(Suspects(story, state, PLAIN, find_person(story, "reed")), 80)
    assert "Paul Reed (The copyist)" in out and "Ida" not in out


def test_ruled_out_square(story):
    state, _ = play(story, ("go in",), ("copyist",), ("where",))
    out = render(SuspectGrid(story, state, PLAIN), 80)
    assert "Paul Reed: motive unknown, means unknown, opportunity ruled out" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_board_marks_open_and_confirmed_in_words(story, state, width):
    out = render(Board(story, state, PLAIN), width)
    assert "1. [open] Who tore the score" in out and "3 blanks" in out
    done = GameState(**{**{f: getattr(state, f) for f in state.__slots__}, "confirmed": frozenset({"who_tore"})})
    out = visible(render(Board(story, done, RICH), width, color=True))
    assert "✔" in out and "confirmed" in out and "The pianist tore it" in " ".join(out.replace("│", " ").split())
    assert lines_fit(out, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_orders_the_night_and_labels_gaps(story, width):
    state, _ = play(story, ("go in",), ("piano",), ("copyist",), ("where",))
    out = visible(render(Timeline(story, state, RICH), width, color=True))
    assert out.index("13:05") < out.index("13:10")
    assert "A train ticket" in out and "5 min" in out and "┬" in out
    assert lines_fit(out, width)
    plain = render(Timeline(story, state, PLAIN), width)
    assert "13:05  A train ticket" in plain and "(5 min later)" in plain


def test_timeline_empty(story):
    state, _ = e.new_game(story)
    assert "No times yet" in render(Timeline(story, state, PLAIN))


@pytest.mark.parametrize("width", WIDTHS)
def test_map_grid_marks_where_you_are_and_what_is_closed(story, width):
    state, _ = play(story, ("go in",), ("study",))
    out = visible(render(SchoolMap(story, state, RICH), width, color=True))
    assert "You are here: The Study" in out  # said in words first
    out = out[out.index("You are here: The Study") + 23:]
    hall_at, study_at = out.index("The Hall"), out.index("The Study")
    assert hall_at < study_at and out[:study_at].count("\n") == out[:hall_at].count("\n")  # one row
    assert "◉ you are here" in out and "you are here" in out
    assert lines_fit(out, width)
    plain = render(SchoolMap(story, state, PLAIN), width)
    assert "Row 1: The Hall (open); The Study (you are here, open)" in flat(plain)


def test_map_of_the_real_school_names_no_place_not_found_yet():
    """T3-12: at the start no place is "✕ closed" by name: one never open nor entered is "?";
    once entered, a place that closes is named and marked closed."""
    from game.core import mystery
    from game.loading.loader import load_story
    from tests.ui.helpers import ROOT

    story = load_story(ROOT / "story")
    state, _ = e.new_game(story)
    unknown = [p for p in story.places.values() if p.id not in mystery.known_places(story, state)]
    assert unknown, "the bundled act 1 has places not found yet"
    for look, width in ((RICH, 40), (RICH, 60), (RICH, 100), (PLAIN, 100)):
        out = flat(visible(render(SchoolMap(story, state, look), width, color=look is RICH)))
        out = out.replace("✕ closed for now", "")  # the legend explains the mark; no square has it
        assert "✕ closed" not in out and "(closed)" not in out and "?" in out
        for place in unknown:
            assert place.name not in out, (place.name, width)
    place = unknown[0]
    scene = next(s for s in story.scenes.values() if s.place == place.id)
    been = record.replace(state, visits=state.visits + ((scene.id, 1),))
    out = render(SchoolMap(story, been, PLAIN), 100)
    assert f"{place.name} (closed)" in out or f"{place.name} (open)" in out
    from tests.ui.helpers import run_game

    text, _game = run_game(story, state, ["map"])  # through the real loop, piped plain
    assert "? (not found yet)" in text and "(closed)" not in text and place.name not in text


def test_help_lists_commands_and_keys():
    out = render(HelpView(RICH, command_table(), keys=True), 80)
    for word in ("notes", "suspects", "board", "timeline", "map", "present", "accuse", "hint",
                 "save", "load", "undo", "history", "help", "quit", "F1", "Tab", "Ctrl-C", "Ctrl-D"):
        assert word in out
    assert "F1" not in render(HelpView(PLAIN, command_table(), keys=False), 80)


def test_hanging_measure_and_no_wrap():
    hanging = Hanging(Text("10. "), Text("a b c\nd"))
    out = render(hanging, 80)
    assert out == "10. a b c\n    d\n"


# --- the title screen -----------------------------------------------------------------------------

INFO = TitleInfo("Ghost Light", saves=(SaveInfo("autosave", "2025-01-01 10:00", "Act 2, The Lobby"),),
                 endings=(("a", "Full Truth"), ("b", "Scapegoat")), endings_found=frozenset({"a"}),
                 clues_seen=3, clues_total=30)


@pytest.mark.parametrize("width", WIDTHS)
def test_title_screen(width):
    out = visible(render(TitleScreen(INFO, RICH), width, color=True))
    assert ("G H O S T   L I G H T" in out) or ("GHOST LIGHT" in out)
    for label in ("1. New game", "2. Continue (autosave - Act 2, The Lobby)", "3. Load a saved game",
                  "4. Endings found: 1 of 2", "5. Quit"):
        assert label in flat(out)
    assert lines_fit(out, width)
    plain = render(TitleScreen(INFO, PLAIN), width)
    assert plain.splitlines()[0] == "Ghost Light" and "1. New game" in plain


def test_a_finished_latest_save_is_offered_as_its_case_summary_not_continue():
    """T4-17: "Continue" on a finished game only showed its summary; it says so now."""
    ended = TitleInfo("X", saves=(SaveInfo("autosave", "", "Act 3, the end: Full Truth", ended=True),))
    labels = [o.label for o in title_options(ended)]
    assert "Case summary (autosave - Act 3, the end: Full Truth)" in labels
    assert not any(label.startswith("Continue") for label in labels) and labels[0] == "New game"
    said: list = []
    lines = iter(["summary"])
    chosen: list = []
    assert title_menu(said.append, lambda _p: next(lines), ended, PLAIN,
                      lambda slot: chosen.append(slot)) == "loaded" and chosen == ["autosave"]


def test_title_without_saves_has_no_continue():
    keys = [o.key for o in title_options(TitleInfo("X", endings=(("a", "A"),)))]
    assert keys == ["new", "endings", "quit"]


def test_endings_list_hides_the_unfound():
    out = render(EndingsList(INFO, PLAIN), 80)
    assert "found Full Truth" in out and "??? (not found yet)" in out and "Scapegoat" not in out
    assert "Clues ever found: 3 of 30" in out


def test_save_list():
    out = render(SaveList(INFO.saves, PLAIN), 80)
    assert "1. autosave  2025-01-01 10:00  Act 2, The Lobby" in out
    assert "no saved games" in render(SaveList((), PLAIN), 80)


def test_pick_by_number_or_unique_word():
    options = ["New game", "Load a saved game", "Quit"]
    assert pick(options, "1") == 0 and pick(options, "quit") == 2 and pick(options, "LOAD") == 1
    assert pick(options, "0") is None and pick(options, "999") is None and pick(options, "") is None
    assert pick(options, "game") is None  # two options say "game"


def test_plain_look_has_no_escapes_or_boxes_anywhere(story, state):
    views = [scene_panel(story, state, PLAIN), Notebook(story, state, PLAIN), Suspects(story, state, PLAIN),
             Board(story, state, PLAIN), Timeline(story, state, PLAIN), SchoolMap(story, state, PLAIN),
             HelpView(PLAIN, command_table()), TitleScreen(INFO, PLAIN), EndingsList(INFO, PLAIN),
             Menu(story, state, e.available_actions(story, state), PLAIN)]
    for view in views:
        out = render(view, 40)
        assert ESC not in out
        assert not BOX & set(out), out
        assert not set("▰▱◉✕✔✘✎") & set(out), out
