"""Conditions evaluated over *sets* of states: can this ever be true? can it ever be false?

An abstract value for a condition is ``(can_be_false, can_be_true)``; for a number it is an
interval ``(low, high)`` where ``None`` means unbounded. Each id a condition reads is looked
up in an :class:`AbstractEnv`, which answers for every state the analysis has to cover at
once. The evaluation is non-relational (``has(x) and not has(x)`` is judged "may be true"),
which only ever errs toward "may": a condition judged impossible here is impossible in play.
"""

from __future__ import annotations

from typing import Optional, Protocol

Truth = tuple[bool, bool]
Range = tuple[Optional[int], Optional[int]]

MAYBE: Truth = (True, True)
NEVER: Truth = (True, False)
ALWAYS: Truth = (False, True)


class AbstractEnv(Protocol):
    def truth_of(self, function: str, arg: str) -> Truth: ...
    def range_of(self, function: str, arg: str) -> Range: ...
    def var(self, name: str) -> Range: ...


BOOL_FUNCTIONS = {"has", "flag", "visited", "asked", "broken", "pressed", "confirmed", "accused", "chose",
                  "evidence"}


def truth(ast: tuple, env: AbstractEnv) -> Truth:
    """Whether the boolean expression ``ast`` can be false / can be true."""
    tag = ast[0]
    if tag == "bool":
        return (not ast[1], bool(ast[1]))
    if tag == "call":
        return env.truth_of(ast[1], ast[2])
    if tag == "not":
        f, t = truth(ast[1], env)
        return (t, f)
    if tag == "and":
        af, at = truth(ast[1], env)
        if not at:
            return (af, False)
        bf, bt = truth(ast[2], env)
        return (af or bf, at and bt)
    if tag == "or":
        af, at = truth(ast[1], env)
        if not af:
            return (False, at)
        bf, bt = truth(ast[2], env)
        return (af and bf, at or bt)
    if tag == "cmp":
        return _compare(ast[1], ast[2], ast[3], env)
    return MAYBE  # not a boolean node: the type checker has already refused it


def _is_bool(ast: tuple) -> bool:
    tag = ast[0]
    if tag == "call":
        return ast[1] in BOOL_FUNCTIONS
    return tag in ("bool", "not", "and", "or", "cmp")


def _compare(op: str, left: tuple, right: tuple, env: AbstractEnv) -> Truth:
    if _is_bool(left) and _is_bool(right):
        lf, ltrue = truth(left, env)
        rf, rtrue = truth(right, env)
        can_equal = (ltrue and rtrue) or (lf and rf)
        can_differ = (ltrue and rf) or (lf and rtrue)
        return (can_differ, can_equal) if op == "==" else (can_equal, can_differ)
    a, b = value(left, env), value(right, env)
    lo_a, hi_a = a
    lo_b, hi_b = b

    def lt(x: Optional[int], y: Optional[int]) -> bool:
        """x < y where x is a low bound (None = -inf) and y a high bound (None = +inf)."""
        return x is None or y is None or x < y

    def le(x: Optional[int], y: Optional[int]) -> bool:
        return x is None or y is None or x <= y

    if op == "<":
        return (le(lo_b, hi_a), lt(lo_a, hi_b))
    if op == "<=":
        return (lt(lo_b, hi_a), le(lo_a, hi_b))
    if op == ">":
        return (le(lo_a, hi_b), lt(lo_b, hi_a))
    if op == ">=":
        return (lt(lo_a, hi_b), le(lo_b, hi_a))
    overlap = le(lo_a, hi_b) and le(lo_b, hi_a)
    single = lo_a is not None and lo_a == hi_a == lo_b == hi_b
    if op == "==":
        return (not single, overlap)
    return (overlap, not single)  # "!="


def value(ast: tuple, env: AbstractEnv) -> Range:
    """The interval a numeric expression can take."""
    tag = ast[0]
    if tag == "num":
        return (ast[1], ast[1])
    if tag == "var":
        return env.var(ast[1])
    if tag == "call":
        return env.range_of(ast[1], ast[2])
    if tag == "neg":
        lo, hi = value(ast[1], env)
        return (None if hi is None else -hi, None if lo is None else -lo)
    if tag == "sum":
        (alo, ahi), (blo, bhi) = value(ast[2], env), value(ast[3], env)
        if ast[1] == "-":
            blo, bhi = (None if bhi is None else -bhi), (None if blo is None else -blo)
        lo = None if alo is None or blo is None else alo + blo
        hi = None if ahi is None or bhi is None else ahi + bhi
        return (lo, hi)
    return (None, None)


def blockers(ast: tuple, env: AbstractEnv, positive: bool = True) -> list[str]:
    """The reads that make ``ast`` impossible (for ``positive``) or unavoidable, for messages.

    Follows ``and`` / ``not`` into the parts that fail; names calls such as ``flag(x)``.
    """
    tag = ast[0]
    f, t = truth(ast, env)
    if (t if positive else f):
        return []
    if tag == "call":
        return [f"{ast[1]}({ast[2]})"]
    if tag == "not":
        return blockers(ast[1], env, not positive)
    if tag in ("and", "or"):
        # A conjunction fails when one side fails; a disjunction only when both do.
        both = (tag == "and") != positive
        parts = [blockers(ast[1], env, positive), blockers(ast[2], env, positive)]
        if both:
            return parts[0] + parts[1] if all(parts) else []
        return next((p for p in parts if p), [])
    if tag == "cmp":
        names = []
        for side in (ast[2], ast[3]):
            if side[0] == "call":
                names.append(f"{side[1]}({side[2]})")
            elif side[0] == "var":
                names.append(side[1])
        return [f"{' and '.join(names) or 'the comparison'} ({_source_of_cmp(ast)})"]
    return []


def _source_of_cmp(ast: tuple) -> str:
    def show(node: tuple) -> str:
        if node[0] == "num":
            return str(node[1])
        if node[0] == "var":
            return node[1]
        if node[0] == "call":
            return f"{node[1]}({node[2]})"
        return "..."

    return f"{show(ast[2])} {ast[1]} {show(ast[3])}"
