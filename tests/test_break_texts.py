"""Issue 11 (round 11): a ``contradicted_by`` entry may carry its own ``broken:`` text.

A mapping entry ``{clue: X, broken: ...}`` (with or without ``with:``) shows its own text when
it is the entry that breaks the statement; the statement's ``broken:`` stays for the others.
``Statement.break_text`` is the one rule: the engine shows it, and the lints read
``break_texts``. Played through the real program (piped, plain, ``--from``/``--with``) and
read by the loader (bad shapes at file:line:col) and by the quoting lint (W420).
"""

from __future__ import annotations

import pytest

from game.authoring.lint import lint
from game.core.model import Paired, Statement
from game.loading.loader import load_story, read_story
from tests.test_paired_contradiction import _play as _run
from tests.test_paired_contradiction import _story, extended

SOUND = "I cleared her for the showcase myself"
FILM = "She reads her own name in it, and the date"  # the X-ray's text, the statement's own


def _play(held: str, clue: str) -> str:
    """Pell's act-2 testimony, statement 2, ``clue`` presented: the real program, piped."""
    out = _run("act2.wellness", "time=14," + held, ["talk to dr. pell", "What she knew", "next", f"present {clue}"])
    assert SOUND in out
    return out.split(f"> present {clue}", 1)[1]


def test_rosalinds_letter_breaks_the_general_claim_with_its_own_answer() -> None:
    after = _play("act2,rosalind_message", "rosalind")
    assert "Contradiction!" in after and "Rosalind Vance's letter" in after
    assert "Her hip was adapting" in after
    assert FILM not in after and "14 Oct" not in after  # not the X-ray's answer
    assert "Credibility 3 of 3" in after


def test_the_tribune_draft_gets_an_answer_about_the_draft_not_the_film() -> None:
    after = _play("act2,tribune_draft", "tribune")
    assert "Contradiction!" in after and "She was going to send this" in after
    assert FILM not in after and "I made a judgment" in after


def test_the_xray_keeps_the_statements_own_broken_text() -> None:
    after = _play("act2,hidden_xray", "x-ray")
    assert "Contradiction!" in after and FILM in after
    assert "Her hip was adapting" not in after and "She was going to send this" not in after


def test_break_text_picks_the_entry_that_breaks_and_lists_every_text_with_its_ways() -> None:
    statement = Statement(id="s", text="t", broken="shared", contradicted_by=(
        "a", Paired("b", (), "own b"), Paired("c", ("a",), "own c"), Paired("d", ("a",))))
    assert statement.break_text("a", frozenset({"a"})) == "shared"
    assert statement.break_text("b", frozenset({"b"})) == "own b"
    assert statement.break_text("c", frozenset({"c", "a"})) == "own c"
    assert statement.break_text("c", frozenset({"c"})) == ""  # without its with: clue, no break
    assert statement.break_text("d", frozenset({"d", "a"})) == "shared"
    assert statement.break_texts == (
        ("shared", (frozenset({"a"}), frozenset({"a", "d"}))),
        ("own b", (frozenset({"b"}),)), ("own c", (frozenset({"a", "c"}),)))
    every_own = Statement(id="s", text="t", broken="never shown", contradicted_by=(Paired("b", (), "own b"),))
    assert [text for text, _ in every_own.break_texts] == ["own b"]


# -- loading (the paired tests' small story: statement kim.night.roof's contradicted_by at 15:26) --


def test_an_entry_with_its_own_text_loads_with_or_without_with(write_story) -> None:
    story = load_story(_story(write_story, '[card, {clue: alarm, broken: "The alarm, then."}, '
                                           '{clue: log, with: alarm, broken: "Both."}]'))
    statement = story.testimonies["kim.night"].statements[0]
    assert statement.contradicted_by == ("card", Paired("alarm", (), "The alarm, then."),
                                         Paired("log", ("alarm",), "Both."))


@pytest.mark.parametrize("breakers, where, code, words", [
    ('[{clue: alarm, broken: ""}]', "15:49", "E115", "broken must not be empty"),
    ("[{clue: alarm, broken: [a, b]}]", "15:49", "E110", "must be text"),
    ("[{clue: alarm}]", "15:27", "E112", "needs with: or broken:"),
    ("[{clue: alarm, broken: Fine, brokn: x}]", "15:55", "E111", "brokn"),
])
def test_a_bad_own_text_is_one_located_error(write_story, breakers: str, where: str, code: str, words: str) -> None:
    errors = [str(f) for f in read_story(_story(write_story, breakers))[1] if f.is_error]
    assert len(errors) == 1, errors
    assert f"a.yaml:{where}: {code}" in errors[0] and words in errors[0], errors[0]


def test_a_branch_adds_an_entry_with_its_own_text(write_story) -> None:
    story, findings, _folder, _branch = extended(write_story, "{clue: alarm, broken: Caught.}")
    assert story is not None, findings
    assert story.testimonies["kim.night"].statements[0].contradicted_by == ("card", Paired("alarm", (), "Caught."))


def _w420(story) -> list[str]:
    return [f.message for f in lint(story) if f.code == "W420" and "kim.night.roof" in f.message]


def test_an_own_text_may_quote_its_own_clue_but_the_shared_text_may_not(write_story) -> None:
    quoting = '"Key two went up at 23:33, you say."'
    own = load_story(_story(write_story, f"[card, {{clue: log, broken: '{quoting}'}}]"))
    assert not _w420(own)  # only the log shows it: the log is held
    shared = load_story(_story(write_story, "[card, log]", f"'{quoting}'"))
    assert any("23:33" in m for m in _w420(shared))  # the card reaches it too
    other = load_story(_story(write_story, f"[log, {{clue: card, broken: '{quoting}'}}]"))
    assert any("23:33" in m for m in _w420(other))  # the card's own text quotes the log it may lack


def _theo(lines: list[str]) -> str:
    return _run("act2.green_room", "act2,theo.hello,sorry_text,theo_rideshare", ["talk theo", "Where he was", *lines])


def test_theos_last_text_answers_about_the_text_and_the_receipt_about_the_receipt() -> None:
    by_text = _theo(["present last text", "next", "present last text"]).split("> present last text", 1)[1]
    assert "He reads her message" in by_text and "Front entrance, 23:24" not in by_text.split("> next")[0]
    assert "I came back." in by_text  # the confession is the break's, whichever clue made it
    assert "He looks at the time on her message" in by_text and "He looks at the receipt" not in by_text
    by_receipt = _theo(["present rideshare", "next", "present rideshare"]).split("> present rideshare", 1)[1]
    assert "Front entrance, 23:24" in by_receipt and "I came back." in by_receipt
    assert "He looks at the receipt" in by_receipt and "He reads her message" not in by_receipt
