"""The condition language: parsing, type checking, evaluation, and errors with columns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import expr


class Ctx:
    """A stand-in for the engine's context: a few facts to evaluate against."""

    act_number = 2
    time = 5
    credibility = 1

    def __init__(self, held=(), flags=(), counts=None):
        self.held, self.flags, self.counts = set(held), set(flags), counts or {}

    def has(self, x): return x in self.held
    def flag(self, x): return x in self.flags
    def visits(self, x): return self.counts.get(x, 0)
    def count(self, x): return self.counts.get(x, 0)
    def asked(self, x): return False
    def broken(self, x): return False
    def pressed(self, x): return False
    def confirmed(self, x): return x == "d1"
    def accused(self, x): return False
    def chose(self, x): return False
    def evidence(self, x): return False
    def clues_tagged(self, tag): return 3 if tag == "motive" else 0


def run(source: str, ctx: Ctx) -> bool:
    cond, _refs = expr.condition(source)
    return cond(ctx)


@pytest.mark.parametrize("source, expected", [
    ("has(key)", True),
    ("has(lamp)", False),
    ("has(key) and not flag(lit)", True),
    ("has(lamp) or flag(door)", True),
    ("not (has(key) and flag(door))", False),
    ("count(knocks) >= 2", True),
    ("count(knocks) + 1 == 4", True),
    ("act == 2 and time > 4", True),
    ("credibility <= 0", False),
    ("visited(hall)", True),
    ("visits(hall) == 3", True),
    ("clues(motive) >= 3", True),
    ("confirmed(d1) and not confirmed(d2)", True),
    ("true", True),
    ("false or true", True),
    ("-1 < time - 10", False),
])
def test_evaluates(source: str, expected: bool) -> None:
    ctx = Ctx(held={"key"}, flags={"door"}, counts={"knocks": 3, "hall": 3})
    assert run(source, ctx) is expected


def test_and_binds_tighter_than_or() -> None:
    ctx = Ctx(flags={"a"})
    assert run("flag(a) or flag(b) and flag(c)", ctx) is True
    assert run("(flag(a) or flag(b)) and flag(c)", ctx) is False


def test_references_are_reported_with_kinds_and_columns() -> None:
    _cond, refs = expr.condition("has(torn_page) and flag(lamp_on)")
    assert [(r.kinds, r.name, r.offset) for r in refs] == [
        (("clue", "item"), "torn_page", 4), (("flag",), "lamp_on", 24)]


@pytest.mark.parametrize("source, code, offset, words", [
    ("has(key", "E301", 7, "expected ')'"),
    ("has(key) and", "E301", 12, "expected a value"),
    ("has(key) &&& flag(x)", "E301", 9, "unexpected character '&'"),
    ("flag(x) flag(y)", "E301", 8, "unexpected 'flag'"),
    ("hass(key)", "E303", 0, "did you mean 'has'"),
    ("tme > 3", "E303", 0, "did you mean 'time'"),
    ("clock >= 15", "E303", 0, "the act's clock is read as 'time', the turns left in the act"),
    ("hour > 3", "E303", 0, "the act's clock is read as 'time'"),
    ('time >= "15:00"', "E301", 8, "a condition compares numbers, never quoted text"),
    ("count(x)", "E302", 0, "expected a condition but this is a number"),
    ("has(x) + 1 > 2", "E302", 0, "needs a number"),
    ("time < has(x)", "E302", 5, "compares numbers"),
    ("1 < 2 < 3", "E301", 6, "cannot be chained"),
    ("", "E301", 0, "empty"),
    ("has(and)", "E301", 4, "expected an id"),
    ("has()", "E301", 4, "expected an id"),
    ("99999999999 > 1", "E301", 0, "too large"),
])
def test_errors_carry_code_column_and_message(source: str, code: str, offset: int, words: str) -> None:
    with pytest.raises(expr.ExprError) as caught:
        expr.condition(source)
    assert caught.value.code == code
    assert caught.value.offset == offset
    assert words in caught.value.message


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(expr.ExprError) as caught:
        expr.condition("(" * 500 + "true" + ")" * 500)
    assert "too deeply" in caught.value.message
    with pytest.raises(expr.ExprError):
        expr.condition("not " * 500 + "true")


def test_no_python_is_ever_evaluated() -> None:
    for source in ("__import__('os').system('true')", "().__class__", "open('x')", "lambda: 1"):
        with pytest.raises(expr.ExprError):
            expr.condition(source)


def test_a_cached_ast_behaves_like_the_original() -> None:
    import json

    cond, _ = expr.condition("has(key) and count(knocks) >= 2 or not flag(door)")
    again = expr.from_ast(cond.source, json.loads(json.dumps(cond.ast)))
    for ctx in (Ctx(), Ctx(held={"key"}, counts={"knocks": 2}), Ctx(flags={"door"})):
        assert again(ctx) == cond(ctx)
    assert again == cond


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_string_gives_a_condition_or_a_clear_error(source: str) -> None:
    try:
        cond, refs = expr.condition(source)
    except expr.ExprError as exc:
        assert exc.code in ("E301", "E302", "E303")
        assert 0 <= exc.offset <= max(len(source), expr.MAX_LENGTH)
        assert exc.message
    else:
        assert isinstance(cond(Ctx()), bool) or cond(Ctx()) in (0, 1)


_ATOMS = st.sampled_from(["has(a)", "flag(b)", "visited(c)", "true", "false", "count(n) > 1", "time == 3"])


@settings(max_examples=200, deadline=None)
@given(st.recursive(_ATOMS, lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from([" and ", " or "]), inner).map("".join),
    inner.map(lambda s: f"not ({s})"),
    inner.map(lambda s: f"({s})"),
), max_leaves=12))
def test_well_formed_conditions_always_parse(source: str) -> None:
    cond, _ = expr.condition(source)
    assert cond(Ctx(held={"a"})) in (True, False)
