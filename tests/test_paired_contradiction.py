"""Issue 11: a clue that breaks a statement only together with a clue already held.

``contradicted_by`` takes ``{clue: X, with: Y}``: presenting X breaks the statement while the
player also holds every clue of Y; without Y it is an ordinary miss, with the ordinary miss
text. Played through the real program (piped, plain, ``--from``/``--with``), read by the
loader (bad shapes at file:line:col), by a branch's ``extend:``, by explore and by the lints.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring.lint import lint
from game.core.model import Paired
from game.loading.loader import load_story, read_story
from tests.conftest import BUNDLED, ROOT

STRAIGHT_UP = "I heard something, and I went straight up to the roof."
NOT_ON_THE_ROOF = "Whenever it was that Cassie went up there, I wasn't on that roof with her."


def _play(scene: str, held: str, lines: list[str]) -> str:
    """The real program, piped and plain, started in ``scene`` holding ``held``."""
    run = subprocess.run(
        [sys.executable, "-m", "game", "play", str(BUNDLED), "--plain", "--from", scene, "--with", held],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120,
        cwd=ROOT)  # the timeout is only a safety net for a hung child, never a verdict
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    return run.stdout


def _after(text: str, marker: str) -> str:
    assert marker in text, text[-2000:]
    return text.split(marker, 1)[1]


MARCUS = ["talk marcus", "What he did on Tuesday night", "next"]


def test_the_floodlight_log_with_the_lift_log_held_breaks_going_straight_up() -> None:
    out = _play("act2.basement", "act2,floodlight_log,lift_key_log",
                MARCUS + ["present courtyard floodlight log", "notes"])
    assert f'"{STRAIGHT_UP}"' in out  # the statement the clue is presented against
    after = _after(out, "> present courtyard floodlight log")
    assert "Contradiction!" in after.split("> notes")[0]
    assert "Boiler two tripped at twenty past eleven" in after  # his broken text
    assert "Marcus's call log" in _after(out, "> notes")  # the break's on_break ran: the clue is his
    assert "Credibility 3 of 3" in after  # nothing was spent


def test_the_floodlight_log_without_the_lift_log_is_the_ordinary_miss() -> None:
    out = _play("act2.basement", "act2,floodlight_log", MARCUS + ["present courtyard floodlight log"])
    after = _after(out, "> present courtyard floodlight log")
    assert "Contradiction!" not in after and "Boiler two tripped" not in after
    assert "No contradiction with statement 2" in after and "Credibility left: 2 of 3" in after
    assert "lift" not in after.lower()  # the miss does not tell the player what else to find


def test_the_watch_alert_with_the_lift_log_breaks_pells_not_on_that_roof() -> None:
    out = _play("act3.wellness", "act3,hard_fall_alert,lift_key_log",
                ["talk to dr. pell", "where", "next", "next", "present watch"])
    assert f'"{NOT_ON_THE_ROOF}"' in out
    after = _after(out, "> present watch")
    assert "Contradiction!" in after and "11:38 PM" in after and "key two up at 23:33" in after  # its own text (T20)


def test_the_watch_alert_alone_does_not_break_pells_not_on_that_roof() -> None:
    out = _play("act3.wellness", "act3,hard_fall_alert", ["talk to dr. pell", "where", "next", "next", "present watch"])
    after = _after(out, "> present watch")
    # not broken: answered (her near: reply, free; tests/test_near_clues.py), never broken
    assert "Contradiction!" not in after and "Nobody had told me the minute" in after and "No credibility lost" in after


def test_the_engine_asks_the_statement_and_every_with_clue_must_be_held() -> None:
    case = load_story(BUNDLED)
    statement = next(s for t in case.testimonies.values() for s in t.statements if s.id == "pell.night.roof")
    assert [(p.clue, p.needs) for p in statement.contradicted_by if isinstance(p, Paired)
            and p.clue == "hard_fall_alert"] == [("hard_fall_alert", ("lift_key_log",))]
    assert "hard_fall_alert" not in statement.contradicted_by  # alone, a time puts nobody up there
    assert statement.broken_by("hard_fall_alert", frozenset({"hard_fall_alert", "lift_key_log"}))
    assert not statement.broken_by("hard_fall_alert", frozenset({"hard_fall_alert"}))
    assert statement.broken_by("lift_key_log", frozenset({"lift_key_log"}))  # the plain form unchanged
    only_paired = statement.__class__(id="x", text="t", contradicted_by=(Paired("a", ("b",)),))
    assert only_paired.ways == (frozenset({"a", "b"}),) and not only_paired.broken_by("a", frozenset())


# -- loading: bad shapes are located errors --------------------------------------------------

STORY = """
clues:
  log: {name: The lift log, text: "Key two up at 23:33."}
  alarm: {name: The alarm, text: "A hard fall at 23:38."}
  card: {name: A card}
suspects:
  kim:
    name: Kim
testimonies:
  kim.night:
    suspect: kim
    title: That night
    statements:
      - id: kim.night.roof
        text: I was not on the roof.
        contradicted_by: %s
        broken: %s
      - id: kim.night.home
        text: I was home.
        contradicted_by: [card]
        broken: Fine.
scenes:
  a.start:
    text: A hall.
    choices:
      - {text: Look, once: true, do: [{gain: log}, {gain: alarm}, {gain: card}]}
      - {text: Talk to Kim, do: [{talk: kim}]}
      - {text: Finish, goto: done}
"""


def _story(write_story, breakers: str, broken: str = "She looks away.") -> Path:
    return write_story({"parts/a.yaml": STORY % (breakers, broken)})


def _errors(folder: Path) -> list[str]:
    return [str(f) for f in read_story(folder)[1] if f.is_error]


def test_a_paired_entry_loads_with_one_or_several_with_clues(write_story) -> None:
    story = load_story(_story(write_story, "[card, {clue: alarm, with: log}, {clue: log, with: [alarm, card]}]"))
    statement = story.testimonies["kim.night"].statements[0]
    assert statement.contradicted_by == ("card", Paired("alarm", ("log",)), Paired("log", ("alarm", "card")))


@pytest.mark.parametrize("breakers, where, code, words", [
    ("[{clue: alarm, with: lgo}]", "15:47", "E201", "unknown clue 'lgo' (did you mean 'log'?)"),
    ("[{clue: alrm, with: log}]", "15:34", "E201", "unknown clue 'alrm'"),
    ("[{clue: alarm, with: []}]", "15:47", "E115", "with must name at least one clue"),
    ("[{clue: alarm, with: [log, alarm]}]", "15:47", "E119", "'alarm' is paired with itself"),
    ("[{clue: alarm}]", "15:27", "E112", "with"),
    ("[{clue: alarm, with: log, also: card}]", "15:52", "E111", "also"),
    ("[[alarm, log]]", "15:27", "E113", "not a valid id"),
    ("{clue: alarm, with: log}", "15:26", "E110", "must be a list of ids"),
])
def test_a_bad_paired_entry_is_one_located_error(write_story, breakers: str, where: str, code: str,
                                                 words: str) -> None:
    errors = _errors(_story(write_story, breakers))
    assert len(errors) == 1, errors
    assert f"a.yaml:{where}: {code}" in errors[0] and words in errors[0], errors[0]


def extended(write_story, entry: str):
    """The small story (kim.night.roof broken by the card) read with a branch whose extend:
    adds ``entry`` to that statement's contradicted_by: (story or None, findings, branch folder)."""
    from game.loading.branches import read_layered

    folder = _story(write_story, "[card]")
    branch = folder / "branch"
    branch.mkdir()
    (branch / "branch.yaml").write_text(
        "branch: more\nextends: tiny\nextend:\n  testimonies:\n    kim.night:\n      statements:\n"
        f"        kim.night.roof: {{contradicted_by: [{entry}]}}\n", encoding="utf-8")
    story, findings, _sources, _layered = read_layered(folder / "story.yaml", [branch])
    return story, findings, folder, branch


def test_a_branch_extends_a_statement_with_a_paired_entry_and_its_bad_ids_are_located(write_story) -> None:
    story, findings, folder, branch = extended(write_story, "{clue: alarm, with: log}")
    assert story is not None, findings
    assert story.testimonies["kim.night"].statements[0].contradicted_by == ("card", Paired("alarm", ("log",)))
    from game.loading.branches import read_layered

    (branch / "branch.yaml").write_text(
        "branch: more\nextends: tiny\nextend:\n  testimonies:\n    kim.night:\n      statements:\n"
        "        kim.night.roof: {contradicted_by: [{clue: alarm, with: lgo}]}\n", encoding="utf-8")
    story, findings, _sources, _layered = read_layered(folder / "story.yaml", [branch])
    assert story is None
    assert any("branch.yaml:7:64: E201" in str(f) and "'lgo'" in str(f) for f in findings), findings


# -- the tools read the form ----------------------------------------------------------------


def _codes(story, code: str) -> list[str]:
    return [f.message for f in lint(story) if f.code == code]


def test_a_clue_used_only_in_with_is_not_a_clue_nothing_uses(write_story) -> None:
    clues = "clues:\n  extra: {name: An extra clue}\n"
    paired = load_story(write_story({"parts/a.yaml": (STORY % ("[{clue: alarm, with: extra}]", "Fine.")).replace(
        "clues:\n", clues, 1).replace("{gain: card}]", "{gain: card}, {gain: extra}]")}))
    assert not any("'extra'" in m for m in _codes(paired, "W408"))
    unused = load_story(write_story({"parts/a.yaml": (STORY % ("[alarm]", "Fine.")).replace(
        "clues:\n", clues, 1).replace("{gain: card}]", "{gain: card}, {gain: extra}]")}))
    assert any("'extra'" in m for m in _codes(unused, "W408"))  # the same story, without the with:


def test_a_broken_text_may_quote_the_with_clue_only_when_every_entry_holds_it(write_story) -> None:
    quoting = '"Key two went up at 23:33, you say."'
    held = load_story(_story(write_story, "[log, {clue: alarm, with: log}]", quoting))
    assert not any("kim.night.roof" in m for m in _codes(held, "W420"))
    other_way = load_story(_story(write_story, "[card, {clue: alarm, with: log}]", quoting))
    assert any("kim.night.roof" in m and "23:33" in m for m in _codes(other_way, "W420"))


def test_reach_counts_a_paired_entry_only_when_both_clues_can_be_held(write_story) -> None:
    from game.authoring.facts import collect
    from game.authoring.reach import reach

    both = load_story(_story(write_story, "[{clue: alarm, with: log}]"))
    assert "kim.night.roof" in reach(both, collect(both)).broken
    never = load_story(write_story({"parts/a.yaml": (STORY % ("[{clue: alarm, with: log}]", "Fine.")).replace(
        "{gain: log}, ", "")}))  # the log is never found: the pair can never break it
    assert "kim.night.roof" not in reach(never, collect(never)).broken


def test_explore_proves_a_story_whose_way_out_is_a_paired_break_and_refutes_it_without_the_pair(
        write_story) -> None:
    from game.authoring.explore import explore

    gate = STORY.replace("      - {text: Finish, goto: done}\n",
                         "      - {text: Finish, goto: done, if: has(ring)}\n")
    gate = gate.replace("        broken: %s\n", "        broken: %s\n        on_break: [{gain: ring}]\n", 1)
    gate = gate.replace("  card: {name: A card}\n", "  card: {name: A card}\n  ring: {name: A ring}\n")
    both = explore(load_story(write_story({"parts/a.yaml": gate % ("[{clue: alarm, with: log}]", "Fine.")})))
    way = both.endings["done"]  # (a witness silenced by three wrong clues soft-locks it: not this test's point)
    assert both.exhaustive and way is not None and "Present The alarm" in [m.label for m in way]
    without = explore(load_story(write_story({"parts/a.yaml": (gate % ("[{clue: alarm, with: log}]", "Fine.")).replace(
        "{gain: log}, ", "")})))
    assert without.exhaustive and without.endings["done"] is None


def test_the_bundled_case_with_its_paired_entries_is_still_proved_without_the_search() -> None:
    from game.authoring.escape import prove
    from game.authoring.facts import collect
    from game.authoring.reach import reach

    case = load_story(BUNDLED)
    assert sum(isinstance(b, Paired) for t in case.testimonies.values() for s in t.statements
               for b in s.contradicted_by) >= 5  # the audit's pairs are in (the full search: test_keep)
    facts = collect(case)
    assert prove(case, facts, reach(case, facts))[0]


def test_the_order_trap_counts_a_statement_only_a_pair_breaks_when_the_pair_can_be_held(write_story) -> None:
    from tests.test_lint_traps import TRAP

    def w424(home: str) -> list[str]:
        text = (TRAP % ("not broken(vey.night.scratch)", "[]")).replace(
            "contradicted_by: [card]", f"contradicted_by: {home}").replace(
            "  sign: {name: The sign, text: A sign.}\n",
            "  sign: {name: The sign, text: A sign.}\n  ring: {name: A ring}\n")  # declared, never found
        return [f.message for f in lint(load_story(write_story({"parts/a.yaml": text}))) if f.code == "W424"]

    assert len(w424("[{clue: card, with: sign}]")) == 1  # both found: breaking the scratch first traps it
    assert w424("[{clue: card, with: ring}]") == []  # the ring is never found: 'home' can never break
