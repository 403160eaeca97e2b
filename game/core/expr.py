"""The condition language: a tiny parser, a type checker and a compiler to closures.

Nothing here calls ``eval``: source text is tokenised and parsed by hand into a tuple AST,
checked for types and for the kind of every id it names, then turned into nested closures.

Grammar::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
    sum     := atom (("+" | "-") atom)*
    atom    := NUMBER | "true" | "false" | NAME | NAME "(" NAME ")" | "(" expr ")" | "-" atom

AST nodes are tuples so they serialise to JSON for the compiled story cache:
``("num", 3)``, ``("bool", True)``, ``("var", "time")``, ``("call", "has", "x", offset)``,
``("not", e)``, ``("and", a, b)``, ``("or", a, b)``, ``("cmp", op, a, b)``, ``("sum", op, a, b)``,
``("neg", e)``.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional, Protocol

from game.core.record import Record
from game.core.words import did_you_mean

BOOL = "condition"
INT = "number"

#: function name -> (kinds of id its argument may be, the type it returns)
FUNCTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "has": (("clue", "item"), BOOL),
    "flag": (("flag",), BOOL),
    "visited": (("scene",), BOOL),
    "visits": (("scene",), INT),
    "count": (("counter",), INT),
    "asked": (("topic",), BOOL),
    "broken": (("statement",), BOOL),
    "pressed": (("statement",), BOOL),
    "confirmed": (("deduction",), BOOL),
    "accused": (("person",), BOOL),
    "chose": (("option",), BOOL),
    "evidence": (("clue",), BOOL),
    "clues": (("tag",), INT),
}

#: bare variables and their types
VARIABLES: dict[str, str] = {"act": INT, "time": INT, "credibility": INT}

#: names an author reaches for to mean the clock (an author wrote ``clock >= 15``); the clock is
#: read as ``time``, the turns left in the act
CLOCK_WORDS = frozenset({"clock", "hour", "hours", "minute", "minutes", "turn", "turns", "now"})
CLOCK_HINT = (": the act's clock is read as 'time', the turns left in the act ('time <= 12' holds once "
              "12 or fewer are left; the status line shows the clock and the turns left together)")

KEYWORDS = {"and", "or", "not", "true", "false"}
COMPARISONS = {"==", "!=", "<", "<=", ">", ">="}
MAX_LENGTH = 2000
MAX_DEPTH = 60

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)|(?P<op>==|!=|<=|>=|[<>()+\-]))"
)


class ExprError(Exception):
    """A problem in an expression, at a 0-based column of its source."""

    def __init__(self, code: str, message: str, offset: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset


class Reference(Record):
    """An id named inside an expression, for the loader to resolve."""

    kinds: tuple[str, ...]
    name: str
    offset: int
    function: str


Ast = tuple[Any, ...]  # a parsed expression: ("call", fn, arg, line, col), ("and", a, b), ...


class Context(Protocol):
    """What a compiled condition reads. The engine supplies one per evaluation."""

    @property
    def act_number(self) -> int: ...
    @property
    def time(self) -> int: ...
    @property
    def credibility(self) -> int: ...

    def has(self, name: str) -> bool: ...
    def flag(self, name: str) -> bool: ...
    def visits(self, name: str) -> int: ...
    def count(self, name: str) -> int: ...
    def asked(self, name: str) -> bool: ...
    def broken(self, name: str) -> bool: ...
    def pressed(self, name: str) -> bool: ...
    def confirmed(self, name: str) -> bool: ...
    def accused(self, name: str) -> bool: ...
    def chose(self, name: str) -> bool: ...
    def evidence(self, name: str) -> bool: ...
    def clues_tagged(self, tag: str) -> int: ...


class Condition:
    """A parsed and checked condition, with the source it came from.

    The closure is compiled on first use, so a story served from the compiled cache does not
    pay for conditions it never evaluates. Two conditions are equal when their sources are.
    """

    __slots__ = ("source", "ast", "_test")

    def __init__(self, source: str, ast: Any, test: Optional[Callable[[Any], bool]] = None) -> None:
        self.source = source
        self.ast = ast
        self._test = test

    def __call__(self, ctx: Context) -> bool:
        test = self._test
        if test is None:
            test = self._test = compile_ast(self.ast)
        return test(ctx)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Condition) and other.source == self.source

    def __hash__(self) -> int:
        return hash(self.source)

    def __repr__(self) -> str:
        return f"Condition({self.source!r})"


def _tokenize(source: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    end = len(source.rstrip())
    while pos < end:
        match = _TOKEN.match(source, pos)
        if not match or match.end() == pos:
            stripped = len(source) - len(source[pos:].lstrip())
            ch = source[stripped] if stripped < len(source) else ""
            # a quoted time ("15:00") is the usual reason: a condition has numbers, never text
            why = (": a condition compares numbers, never quoted text (the act's clock is read as 'time', "
                   "the turns left)" if ch in "\"'" else "")
            raise ExprError("E301", f"unexpected character {ch!r}{why}", stripped)
        kind = match.lastgroup or ""
        text = match.group(kind)
        tokens.append((kind, text, match.start(kind)))
        pos = match.end()
    tokens.append(("end", "", len(source)))
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = _tokenize(source)
        self.pos = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.pos]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expect(self, text: str) -> tuple[str, str, int]:
        token = self.peek()
        if token[1] != text or token[0] == "end":
            raise ExprError("E301", f"expected {text!r} but found {_describe(token)}", token[2])
        return self.take()

    def parse(self) -> Ast:
        node = self.or_()
        token = self.peek()
        if token[0] != "end":
            raise ExprError("E301", f"unexpected {_describe(token)}", token[2])
        return node

    def _nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError("E301", "expression nests too deeply", self.peek()[2])

    def or_(self) -> Ast:
        node = self.and_()
        while self.peek()[1] == "or" and self.peek()[0] == "name":
            self.take()
            node = ("or", node, self.and_())
        return node

    def and_(self) -> Ast:
        node = self.not_()
        while self.peek()[1] == "and" and self.peek()[0] == "name":
            self.take()
            node = ("and", node, self.not_())
        return node

    def not_(self) -> Ast:
        token = self.peek()
        if token[0] == "name" and token[1] == "not":
            self.take()
            self._nest()
            node = ("not", self.not_())
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Ast:
        left = self.sum_()
        token = self.peek()
        if token[0] == "op" and token[1] in COMPARISONS:
            self.take()
            right = self.sum_()
            node = ("cmp", token[1], left, right, token[2])
            after = self.peek()
            if after[0] == "op" and after[1] in COMPARISONS:
                raise ExprError("E301", "comparisons cannot be chained; join them with 'and'", after[2])
            return node
        return left

    def sum_(self) -> Ast:
        node = self.atom()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.take()
            node = ("sum", op[1], node, self.atom(), op[2])
        return node

    def atom(self) -> Ast:
        token = self.take()
        kind, text, offset = token
        if kind == "num":
            if len(text) > 9:
                raise ExprError("E301", "number is too large", offset)
            return ("num", int(text), offset)
        if kind == "op" and text == "(":
            self._nest()
            node = self.or_()
            self.depth -= 1
            self.expect(")")
            return node
        if kind == "op" and text == "-":
            self._nest()
            node = ("neg", self.atom(), offset)
            self.depth -= 1
            return node
        if kind == "name":
            if text in ("true", "false"):
                return ("bool", text == "true", offset)
            if text in KEYWORDS:
                raise ExprError("E301", f"expected a value but found '{text}'", offset)
            if self.peek()[1] == "(" and self.peek()[0] == "op":
                self.take()
                arg = self.peek()
                if arg[0] != "name" or arg[1] in KEYWORDS:
                    raise ExprError("E301", f"expected an id inside {text}( ) but found {_describe(arg)}", arg[2])
                self.take()
                self.expect(")")
                return ("call", text, arg[1], offset, arg[2])
            return ("var", text, offset)
        raise ExprError("E301", f"expected a value but found {_describe(token)}", offset)


def _describe(token: tuple[str, str, int]) -> str:
    return "the end of the expression" if token[0] == "end" else f"'{token[1]}'"


def parse(source: str) -> Ast:
    """Parse ``source`` into an AST; raises :class:`ExprError` with the column on failure."""
    if not isinstance(source, str):
        raise ExprError("E301", "an expression must be text", 0)
    if len(source) > MAX_LENGTH:
        raise ExprError("E301", f"expression is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    if not source.strip():
        raise ExprError("E301", "expression is empty", 0)
    ast = _Parser(source).parse()
    _check_depth(ast)
    return ast


def _check_depth(ast: tuple[Any, ...]) -> None:
    """Refuse an AST deeper than :data:`MAX_DEPTH`, walking it without recursion.

    The parser reads ``a + b + c ...`` in a loop, but the tree it builds nests one level per
    operator, and the checker, the compiler and every evaluation recurse through that tree:
    500 terms would exhaust Python's stack in the middle of a game.
    """
    stack = [(ast, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError("E304", f"expression is too deep: more than {MAX_DEPTH} operators chained or "
                                    "nested; split it, e.g. into a flag or a counter set by an effect", 0)
        stack.extend((child, depth + 1) for child in node[1:] if isinstance(child, tuple))


def check(ast: Ast, want: str = BOOL) -> list[Reference]:
    """Type-check ``ast`` (it must produce ``want``) and return every id it names."""
    refs: list[Reference] = []
    got = _type_of(ast, refs)
    if got != want:
        raise ExprError("E302", f"expected a {want} but this is a {got}", _offset(ast))
    return refs


def _offset(node: Ast) -> int:
    tag = node[0]
    if tag in ("num", "bool", "var", "call", "neg"):
        return int(node[-1] if tag != "call" else node[3])
    if tag == "not":
        return _offset(node[1])
    return _offset(node[2] if tag in ("cmp", "sum") else node[1])


def _type_of(node: Ast, refs: list[Reference]) -> str:
    tag = node[0]
    if tag == "num":
        return INT
    if tag == "bool":
        return BOOL
    if tag == "var":
        name = node[1]
        if name not in VARIABLES:
            hint = (CLOCK_HINT if name.lower() in CLOCK_WORDS
                    else did_you_mean(name, list(VARIABLES) + list(FUNCTIONS)))
            raise ExprError("E303", f"unknown name '{name}'{hint}", node[2])
        return VARIABLES[name]
    if tag == "call":
        _, name, arg, offset, arg_offset = node
        if name not in FUNCTIONS:
            raise ExprError("E303", f"unknown function '{name}'{did_you_mean(name, list(FUNCTIONS))}", offset)
        kinds, result = FUNCTIONS[name]
        refs.append(Reference(kinds, arg, arg_offset, name))
        return result
    if tag == "not":
        _require(node[1], BOOL, "'not'", refs)
        return BOOL
    if tag in ("and", "or"):
        _require(node[1], BOOL, f"'{tag}'", refs)
        _require(node[2], BOOL, f"'{tag}'", refs)
        return BOOL
    if tag == "cmp":
        _, op, left, right, offset = node
        lt, rt = _type_of(left, refs), _type_of(right, refs)
        if op in ("==", "!=") and lt == rt:
            return BOOL
        if lt != INT or rt != INT:
            raise ExprError("E302", f"'{op}' compares numbers, not a {lt} and a {rt}", offset)
        return BOOL
    if tag == "sum":
        _require(node[2], INT, f"'{node[1]}'", refs)
        _require(node[3], INT, f"'{node[1]}'", refs)
        return INT
    if tag == "neg":
        _require(node[1], INT, "'-'", refs)
        return INT
    raise ExprError("E301", f"malformed expression node {tag!r}", 0)


def _require(node: Ast, want: str, where: str, refs: list[Reference]) -> None:
    got = _type_of(node, refs)
    if got != want:
        raise ExprError("E302", f"{where} needs a {want} but this is a {got}", _offset(node))


_CALLS: dict[str, Callable[[Any, str], Any]] = {
    "has": lambda c, x: c.has(x),
    "flag": lambda c, x: c.flag(x),
    "visited": lambda c, x: c.visits(x) > 0,
    "visits": lambda c, x: c.visits(x),
    "count": lambda c, x: c.count(x),
    "asked": lambda c, x: c.asked(x),
    "broken": lambda c, x: c.broken(x),
    "pressed": lambda c, x: c.pressed(x),
    "confirmed": lambda c, x: c.confirmed(x),
    "accused": lambda c, x: c.accused(x),
    "chose": lambda c, x: c.chose(x),
    "evidence": lambda c, x: c.evidence(x),
    "clues": lambda c, x: c.clues_tagged(x),
}
_VARS: dict[str, Callable[[Any], int]] = {
    "act": lambda c: c.act_number,
    "time": lambda c: c.time,
    "credibility": lambda c: c.credibility,
}
_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def compile_ast(node: Ast) -> Callable[[Any], Any]:
    """Turn a checked AST into a closure over a :class:`Context`."""
    tag = node[0]
    if tag in ("num", "bool"):
        value = node[1]
        return lambda c: value
    if tag == "var":
        return _VARS[node[1]]
    if tag == "call":
        fn, arg = _CALLS[node[1]], node[2]
        return lambda c: fn(c, arg)
    if tag == "not":
        inner = compile_ast(node[1])
        return lambda c: not inner(c)
    if tag == "and":
        a, b = compile_ast(node[1]), compile_ast(node[2])
        return lambda c: a(c) and b(c)
    if tag == "or":
        a, b = compile_ast(node[1]), compile_ast(node[2])
        return lambda c: a(c) or b(c)
    if tag == "cmp":
        op, a, b = _CMP[node[1]], compile_ast(node[2]), compile_ast(node[3])
        return lambda c: op(a(c), b(c))
    if tag == "sum":
        a, b = compile_ast(node[2]), compile_ast(node[3])
        if node[1] == "+":
            return lambda c: a(c) + b(c)
        return lambda c: a(c) - b(c)
    if tag == "neg":
        inner = compile_ast(node[1])
        return lambda c: -inner(c)
    raise ValueError(f"malformed expression node {tag!r}")


def condition(source: str) -> tuple[Condition, list[Reference]]:
    """Parse, check and compile a condition; raises :class:`ExprError` on any problem."""
    ast = parse(source)
    refs = check(ast, BOOL)
    return Condition(source, ast), refs


def from_ast(source: str, ast: Any) -> Condition:
    """Rebuild a condition from a cached AST; JSON lists index like the tuples they were."""
    return Condition(source, ast)
