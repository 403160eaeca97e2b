"""Loading stories: every bad input is one located line with a stable code, never a traceback."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.errors import StoryError
from game.loading import yamlsafe
from game.loading.loader import MAX_FILE_BYTES, load_story, read_story

SCENE = """
scenes:
  a.start:
    text: Hello.
    choices:
      - text: Finish
        goto: done
"""


def findings(folder: Path) -> list[str]:
    story, found = read_story(folder)
    return [str(f) for f in found if f.is_error]


def only(folder: Path) -> str:
    errors = findings(folder)
    assert len(errors) == 1, errors
    return errors[0]


def test_sample_story_loads_with_everything(sample_path: Path) -> None:
    story = load_story(sample_path)
    assert story.id == "sample" and story.title == "The Missing Score"
    assert set(story.endings) == {"solved", "wrong", "lost"}
    assert story.acts["night"].number == 2
    assert story.acts["day"].clock == 14 * 60
    assert story.clues["torn_page"].time == "13:10"
    hall = story.scenes["hall.main"]
    assert [c.once for c in hall.choices][:1] == [True]
    assert hall.choices[0].id == "hall.main#look-under-the-piano"
    assert story.marks["torn_page"].path.endswith("story.yaml")


def test_minimal_story_loads(write_story) -> None:
    story = load_story(write_story({"parts/a.yaml": SCENE}))
    assert story.start == "a.start" and story.first_act == "one"


def test_manifest_file_itself_can_be_given(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE})
    assert load_story(folder / "story.yaml").id == "tiny"


def test_yaml_syntax_error_is_located(write_story) -> None:
    folder = write_story({"parts/a.yaml": "scenes:\n  a.start:\n    text: [unclosed\n"})
    # pointed at the bracket that was never closed, not at the end of the file
    assert "parts/a.yaml:3:11: E101 this '[' is not closed by a matching ']'" in only(folder)


def test_wrong_type_list_where_mapping_belongs(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "places:\n  - hall\n  - study\n"})
    message = only(folder)
    assert "a.yaml:8:3: E110 places must be a mapping of ids, not a list" in message


def test_unknown_key_suggests_the_right_one(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("choices:", "chioces:")})
    errors = findings(folder)
    assert any("a.yaml:4:5: E111 scene 'a.start': unknown key 'chioces' (did you mean 'choices'?)" in e
               for e in errors), errors


def test_duplicate_ids_across_two_files(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "parts/b.yaml": "clues:\n  a.start: {name: Oops}\n"})
    message = only(folder)
    assert "b.yaml:2:3: E122 duplicate id 'a.start': already used for a scene at" in message
    assert "a.yaml:2:3" in message


def test_choice_to_a_missing_scene_with_did_you_mean(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "  a.study:\n    text: Books.\n"
                          "    choices:\n      - text: Back\n        goto: a.strat\n"})
    message = only(folder)
    assert "a.yaml:11:15: E201 scene 'a.study': choice 'Back': goto: unknown scene or ending 'a.strat'" in message
    assert "(did you mean 'a.start'?)" in message


def test_expression_syntax_error_shows_the_column(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("goto: done", "goto: done\n        if: has(x) andd flag(y)")})
    message = only(folder)
    # the scalar starts at column 13; 'andd' is 7 characters into it
    assert "a.yaml:7:20: E301" in message and "unexpected 'andd'" in message


def test_unknown_clue_inside_an_expression(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("goto: done", "goto: done\n        if: has(torn_pge)")
                          + "clues:\n  torn_page: {name: A torn page}\n"})
    message = only(folder)
    assert "a.yaml:7:17: E201" in message
    assert "unknown clue or item 'torn_pge' (did you mean 'torn_page'?)" in message


def test_a_quoted_expression_points_inside_the_quotes(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("goto: done", "goto: done\n        if: \"flag(nope)\"")})
    assert "a.yaml:7:19: E201" in only(folder)


def test_missing_include(write_story) -> None:
    folder = write_story({"story.yaml": "id: t\nstart: a.start\ninclude: [nothere.yaml]\n"
                                        "acts: {one: {title: One, time: 3, start: a.start}}\n",
                          "parts/a.yaml": SCENE})
    errors = findings(folder)
    assert any("story.yaml:3:11: E120 include 'nothere.yaml' does not exist" in e for e in errors), errors


def test_glob_that_matches_nothing(write_story) -> None:
    folder = write_story({"story.yaml": "id: t\nstart: a.start\ninclude: [acts/*.yaml]\n"})
    assert any("E120 include 'acts/*.yaml' matches no file" in e for e in findings(folder))


def test_include_cycle(write_story) -> None:
    folder = write_story({
        "story.yaml": "id: t\nstart: a.start\ninclude: [a.yaml]\nacts: {one: {title: One, time: 3, start: a.start}}\n",
        "a.yaml": "include: [b.yaml]\n" + SCENE.replace("goto: done", "goto: a.start"),
        "b.yaml": "include: [a.yaml]\n",
    })
    message = only(folder)
    assert "b.yaml:1:11: E121 include cycle:" in message
    assert "a.yaml -> " in message and "b.yaml -> " in message


def test_a_glob_that_matches_its_own_manifest_passes_over_it(write_story) -> None:
    """An author copied ``include: ["*.yaml"]`` into a manifest in the same folder as its files
    and got E121 "include cycle: story.yaml -> story.yaml": a pattern skips the file it is in."""
    folder = write_story({
        "story.yaml": "id: t\nstart: a.start\ninclude: ['*.yaml']\nacts: {one: {title: One, time: 3, start: a.start}}\n",
        "a.yaml": SCENE.replace("goto: done", "goto: a.start"),
    })
    assert findings(folder) == []
    story, _ = read_story(folder)
    assert story is not None and "a.start" in story.scenes


def test_a_glob_that_matches_only_its_own_manifest_says_so(write_story) -> None:
    folder = write_story({"story.yaml": "id: t\nstart: a.start\ninclude: ['*.yaml']\n"}, manifest=False)
    assert any("E120 include '*.yaml' matches no file but the one it is written in" in f for f in findings(folder))


def test_a_file_that_names_itself_is_still_a_cycle(write_story) -> None:
    folder = write_story({
        "story.yaml": "id: t\nstart: a.start\ninclude: [a.yaml]\nacts: {one: {title: One, time: 3, start: a.start}}\n",
        "a.yaml": "include: [a.yaml]\n" + SCENE,
    })
    assert any("E121 include cycle" in f for f in findings(folder))


def test_empty_file(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "parts/empty.yaml": "# nothing but a comment\n"})
    assert "empty.yaml:1:1: E104 the file is empty" in only(folder)


def test_file_that_is_not_utf8(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "parts/latin.yaml": "clues:\n  c: {name: Caf\xe9}\n".encode("latin-1")})
    assert "latin.yaml:2:16: E102 the file is not UTF-8 text (byte 0xe9)" in only(folder)


def test_file_over_the_size_limit(write_story) -> None:
    big = "# " + "x" * 100 + "\n"
    folder = write_story({"parts/a.yaml": SCENE, "parts/big.yaml": big * (MAX_FILE_BYTES // len(big) + 2)})
    assert f"big.yaml:1:1: E103 the file is" in only(folder)
    assert f"limited to {MAX_FILE_BYTES} bytes" in only(folder)


def test_alias_bomb_is_rejected_fast_and_small(write_story) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    bomb = "\n".join(lines) + "\nclues: {c: {name: *a9}}\n"
    assert len(bomb) < 4096  # a few KB that would expand to 9**10 nodes
    folder = write_story({"parts/a.yaml": SCENE, "parts/bomb.yaml": bomb})
    tracemalloc.start()
    lines = _count_lines_run(yamlsafe.__file__, lambda: only(folder))
    message = lines.result
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "bomb.yaml:1:1: E105 YAML aliases expand this file far beyond its size" in message
    # Work is counted, not timed: the check visits each of the ~100 distinct nodes a few times
    # (lines of yamlsafe run), where expanding the aliases would visit 9**10.
    assert lines.count < 20_000, lines.count  # 1,854 today
    assert peak < 20 * 1024 * 1024


class _Counted:
    count = 0
    result = None


def _count_lines_run(path: str, work):
    """Run ``work`` counting the lines executed in the module at ``path``: a measure of work
    that does not depend on the machine's speed or load."""
    counted = _Counted()

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != path:
            return None
        counted.count += 1
        return tracer

    sys.settrace(tracer)
    try:
        counted.result = work()
    finally:
        sys.settrace(None)
    return counted


def test_a_self_containing_alias_is_rejected(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "parts/loop.yaml": "x: &x [*x]\n"})
    assert "E105" in only(folder)


def test_modest_aliases_still_work(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "clues:\n  c1: &base {name: Same}\n  c2: *base\n"})
    story = load_story(folder)
    assert story.clues["c2"].name == "Same"


def test_pathological_nesting_is_refused_not_a_crash(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "parts/deep.yaml": "x: " + "[" * 60000 + "]" * 60000 + "\n"})
    message = only(folder)
    # Refused before composing (E105), or by libyaml's own depth limit where it has one (E101).
    assert "deep.yaml:1:" in message and ("E105 the file nests deeper than" in message
                                          or "E101 YAML syntax: exceeded maximum nesting depth" in message)
    folder = write_story({"parts/a.yaml": SCENE, "parts/deep.yaml": "x:\n" + "- " * 30000 + "v\n"})
    message = only(folder)
    assert "deep.yaml:" in message and ("E105" in message or "nesting depth" in message)


def test_control_characters_and_escape_sequences_are_refused(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("text: Hello.", 'text: "Hello \\e[31mred\\e[0m"')})
    message = only(folder)
    assert "a.yaml:3:11: E106 scene 'a.start': text contains the control character U+001B" in message


def test_every_error_is_reported_in_one_pass(write_story) -> None:
    broken = SCENE.replace("choices:", "chioces:") + "  b:\n    text: Two.\n    place: nowhere\n"
    folder = write_story({"parts/a.yaml": broken, "parts/b.yaml": "clues: [1, 2]\n"})
    errors = findings(folder)
    codes = sorted(e.split(": ")[1].split(" ")[0] for e in errors)
    assert codes == ["E110", "E111", "E201"], errors


def test_store_error_message_is_one_line_each(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("goto: done", "goto: nowhere")})
    with pytest.raises(StoryError) as caught:
        load_story(folder)
    assert "\n" not in str(caught.value)
    assert all("\n" not in str(f) for f in caught.value.findings)


def test_missing_story_folder(tmp_path: Path) -> None:
    story, found = read_story(tmp_path / "nope")
    assert story is None and "E100 no such file or folder" in str(found[0])
    story, found = read_story(tmp_path)
    assert story is None and "E100 no story manifest here" in str(found[0])


def test_unquoted_times_are_read_as_written(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "clues:\n  c: {name: C, time: 23:38}\n"})
    assert load_story(folder).clues["c"].time == "23:38"


def test_bad_time_is_located(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "clues:\n  c: {name: C, time: '25:99'}\n"})
    assert "E116 clue 'c': time must be a time like" in only(folder)


def test_wrong_kind_of_reference(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "clues:\n  c: {name: C}\n"
                          "  d: {name: D, about: [c]}\n"})
    assert "E202 clue 'd': about: 'c' is a clue, not a person" in only(folder)


def test_unknown_effect(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE.replace("goto: done", "do: [{gian: x}]")})
    errors = findings(folder)
    assert any("E118" in e and "unknown effect 'gian' (did you mean 'gain'?)" in e for e in errors), errors


YAML_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=12))
YAML_VALUES = st.recursive(
    YAML_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["scenes", "clues", "text", "choices", "goto", "if", "a.start", "x", "name",
                                 "acts", "do", "gain", "title", "time"]), inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(YAML_VALUES)
def test_any_small_yaml_document_gives_a_story_or_clear_findings(write_story, value) -> None:
    import yaml

    folder = write_story({"parts/a.yaml": SCENE, "parts/random.yaml": yaml.safe_dump(value, allow_unicode=True)})
    story, found = read_story(folder)
    errors = [f for f in found if f.is_error]
    assert (story is None) == bool(errors)
    for finding in found:
        assert finding.code[0] in "EW" and finding.code[1:].isdigit()
        assert finding.line >= 0 and finding.col >= 0 and finding.message
        assert "\n" not in str(finding)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_text_as_a_story_file_gives_findings_not_exceptions(write_story, text) -> None:
    folder = write_story({"parts/a.yaml": SCENE, "parts/random.yaml": text})
    story, found = read_story(folder)
    assert story is not None or any(f.is_error for f in found)


def test_findings_quote_story_text_on_one_line_without_escapes(write_story) -> None:
    folder = write_story({"parts/a.yaml": SCENE + "places: \"two\\nlines \\e[31m\"\n"})
    message = only(folder)
    assert "\n" not in message and "\x1b" not in message
    assert "two\\nlines \\x1b[31m" in message
