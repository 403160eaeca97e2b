"""YAML mistakes in an author's words: each planted mistake gives one finding at the exact
place the author has to fix, saying what YAML understood and what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.loading.loader import read_story
from tests.test_loader import findings as errors, only as one_error

SCENE = """\
scenes:
  a.start:
    title: Start
    text: {text}
    choices:
      - text: Finish
        goto: done
"""


def plant(write_story, text: str) -> Path:
    return write_story({"parts/a.yaml": SCENE.replace("{text}", text)})


def test_an_unclosed_quote_is_reported_where_it_opened(write_story) -> None:
    # The quote swallows the next lines up to the next quote, ten lines further down;
    # libyaml fails there ("did not find expected key"). The author must look at line 4.
    body = SCENE.replace("{text}", '"The door is locked.') + "".join(
        f"  a.s{i}:\n    text: Room {i}.\n" for i in range(4)) + '  a.z:\n    title: "Last"\n    text: z\n'
    folder = write_story({"parts/a.yaml": body})
    message = one_error(folder)
    assert "parts/a.yaml:4:11: E101 this quote is not closed on its line" in message
    assert "close the quote on this line" in message


def test_a_quote_open_to_the_end_of_the_file(write_story) -> None:
    folder = write_story({"parts/a.yaml": "scenes:\n  a.start:\n    text: \"Hello\n"})
    assert "parts/a.yaml:3:11: E101 this quote is never closed" in one_error(folder)


def test_colon_space_inside_unquoted_text(write_story) -> None:
    message = one_error(plant(write_story, "Note: the door is locked."))
    assert "parts/a.yaml:4:15: E101 ': ' inside unquoted text reads as the start of a new key" in message
    assert "put the whole text in quotes, or write it on the lines after `|`" in message


@pytest.mark.parametrize("start, meaning", [
    ("*bold* move", "an alias"),
    ("*bold", "an alias"),
    ("& more", "an anchor"),
    ("| or not", "a block of text"),
    ("> or not", "a folded block of text"),
    ("@home", "a reserved character"),
    ("`code`", "a reserved character"),
    ("[Aside] she left.", "a list"),
    ("{Aside} she left.", "a mapping"),
    ("- one, - two", "a list entry"),
    ("%d done", "a directive"),
    ("] closes", "the end of a list"),
])
def test_a_value_starting_with_a_yaml_character(write_story, start: str, meaning: str) -> None:
    message = one_error(plant(write_story, start))
    assert f"parts/a.yaml:4:11: E101 a value that starts with '{start[0]}' reads as {meaning}" in message
    assert f"to start text with '{start[0]}', put the whole text in quotes" in message


@pytest.mark.parametrize("text", ['"Hi," she said.', "'Hi,' she said."])
def test_a_quoted_start_followed_by_more_text(write_story, text: str) -> None:
    message = one_error(plant(write_story, text))
    assert "parts/a.yaml:4:11: E101 text that starts with a quote ends at its closing" in message
    assert "put the whole text in the other kind of quotes" in message


def test_a_tag_that_silently_eats_the_first_word(write_story) -> None:
    message = one_error(plant(write_story, "!Important clue"))
    assert "parts/a.yaml:4:11: E107 a value that starts with '!Important' reads as a YAML tag" in message


def test_an_anchor_that_silently_eats_the_first_word(write_story) -> None:
    message = one_error(plant(write_story, "&more words"))
    assert "parts/a.yaml:4:11: E107 a value that starts with '&more' reads as a YAML anchor" in message


def test_anchors_that_aliases_use_are_fine(write_story) -> None:
    body = SCENE.replace("{text}", "&hello Hello.") + "  a.again:\n    text: *hello\n"
    assert errors(write_story({"parts/a.yaml": body})) == []


def test_merge_keys_are_refused_plainly(write_story) -> None:
    body = SCENE.replace("{text}", "x") + "  a.b: &base\n    text: Base.\n  a.c:\n    <<: *base\n    text: C\n"
    message = one_error(write_story({"parts/a.yaml": body}))
    assert "parts/a.yaml:11:5: E108 merge keys ('<<') are not supported in stories" in message


def test_a_tab_in_the_indentation(write_story) -> None:
    folder = write_story({"parts/a.yaml": "scenes:\n  a.start:\n\ttext: x\n"})
    assert "parts/a.yaml:3:1: E101 a tab in the indentation" in one_error(folder)


def test_a_line_with_no_colon(write_story) -> None:
    folder = write_story({"parts/a.yaml": "scenes:\n  a.start:\n    text: x\n    title\n    revisit: y\n"})
    assert "parts/a.yaml:4:5: E101 this line is neither `key: value` nor part of the text above" in one_error(folder)


def test_a_control_character_is_reported_at_its_real_place(write_story) -> None:
    # libyaml says "position N" in bytes; non-ASCII text before it must not shift the column
    folder = write_story({"parts/a.yaml": ("scenes:\n  a.start:\n    title: Café – Noël\n"
                                           "    text: Bell\x07 rings.\n").encode()})
    message = one_error(folder)
    assert "parts/a.yaml:4:15: E101 the invisible control character U+0007 is here" in message
    assert "position" not in message and "unicode string" not in message


def test_legitimate_multi_line_quotes_are_not_blamed(write_story) -> None:
    body = SCENE.replace("{text}", '"A long line\n      that goes on."') + "  a.b:\n    text: [broken\n"
    message = one_error(write_story({"parts/a.yaml": body}))
    assert "parts/a.yaml:10:11: E101 this '[' is not closed" in message


def test_a_hash_inside_text_over_several_lines(write_story) -> None:
    # ' #' ends the text at "second"; libyaml then fails on the next line with "did not find
    # expected key". The author must look at the '#'.
    body = SCENE.replace("{text}", "First line\n      second #3 line\n      third")
    message = one_error(write_story({"parts/a.yaml": body}))
    assert "parts/a.yaml:5:14: E101 ' #' in unquoted text starts a comment, which ends the text here, " \
           "so line 6 cannot go on with it" in message


def test_an_unused_anchor_on_a_mapping_is_left_alone(write_story) -> None:
    body = SCENE.replace("{text}", "x") + "  a.b: &unused\n    text: B.\n"
    assert errors(write_story({"parts/a.yaml": body})) == []


FRAGMENTS = st.sampled_from(['"', "'", ": ", " #", "#2", "*", "&", "!", "[", "]", "{", "}", "|", ">", "@",
                             "`", "%", "\t", "\n", "\n      ", "\n  ", "\x07", "é", "word", " ", "-", ",", "?"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(FRAGMENTS, min_size=1, max_size=12).map("".join))
def test_any_mistake_in_text_is_explained_inside_the_file(write_story, text: str) -> None:
    body = SCENE.replace("{text}", text)
    folder = write_story({"parts/a.yaml": body})
    story, found = read_story(folder)
    assert story is not None or any(f.is_error for f in found)
    lines = body.count("\n") + 1
    for finding in found:
        if finding.path.endswith("parts/a.yaml"):
            assert 1 <= finding.line <= lines and finding.col >= 1, finding
        assert "unicode string" not in finding.message and "\n" not in str(finding)
