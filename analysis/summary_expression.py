"""Expressions of a run's JSON summary keys: the calibration targets' ``expression``.

A target names what it observes in a run's summary (what ``orgsim run --json`` prints and a
sweep keeps as ``runs/<id>.json``) by a key, or by arithmetic of keys:

    orders.campaigns_started
    orders.by_source.public / years
    orders.by_month[0].channel.offline + orders.by_month[1].channel.offline
    sum(orders.by_month[0:4].source.public)          # months 1 to 4
    activities.held / population.branches

Grammar (parsed by hand, never by ``eval``)::

    expression := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := ("+" | "-") unary | primary
    primary    := NUMBER | FUNCTION "(" expression ")" | key | "(" expression ")"
    FUNCTION   := sum | mean | min | max | count
    key        := NAME ("." NAME | "[" INTEGER "]" | "[" [INTEGER] ":" [INTEGER] "]")*
    NAME       := a letter or "_", then letters, digits or "_" (Unicode letters allowed)
    NUMBER     := digits with an optional fraction and exponent (1, 0.5, 2e3)

A key walks the nested JSON: ``.name`` takes a member of an object, ``[i]`` an element of a
list (0-based; negative counts from the end), ``[a:b]`` a slice (Python's meaning: elements a
to b - 1). After a slice the rest of the key applies to every element, giving a list of
numbers, which only a FUNCTION may take (``sum``, ``mean``, ``min``, ``max``, ``count``: the
number of elements). A JSON ``null`` is NaN, so is a division by zero; a key that is not in
the summary, a list where a number is needed or a value that is not a number is an
ExpressionError naming the key (with the nearest existing names).

Importable: ``parse(text) -> Expression`` (raises ExpressionError for bad syntax),
``Expression.evaluate(summary) -> float``, ``Expression.keys`` (the key paths it reads),
``ExpressionError``.
"""

import math
import re

from suggestions import did_you_mean

FUNCTIONS = ("sum", "mean", "min", "max", "count")

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"-?\d+")


class ExpressionError(ValueError):
    """A bad expression (syntax), or one that cannot be evaluated on a given summary."""


def _is_name_start(ch):
    return ch == "_" or ch.isalpha()


def _is_name_char(ch):
    return ch == "_" or ch.isalnum()


def _ends_key(tokens):
    """Whether the last token can end a key (so a following '.' continues the key)."""
    return bool(tokens) and (tokens[-1][0] == "name" or tokens[-1][1] in ("]", ")"))


def _tokens(text):
    """(kind, value, position) tuples: number, name, op (one of + - * / ( ) . [ ] : ,)."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch.isdigit() or (ch == "." and i + 1 < len(text) and text[i + 1].isdigit()
                              and not _ends_key(out)):
            m = _NUMBER.match(text, i)
            out.append(("number", m.group(0), i))
            i = m.end()
        elif _is_name_start(ch):
            j = i + 1
            while j < len(text) and _is_name_char(text[j]):
                j += 1
            out.append(("name", text[i:j], i))
            i = j
        elif ch in "+-*/().[]:,":
            out.append(("op", ch, i))
            i += 1
        else:
            raise ExpressionError(f"unexpected character {ch!r} at position {i + 1}; allowed: "
                                  f"keys, numbers, + - * / ( ) and {', '.join(FUNCTIONS)}(...)")
    return out


class _Node:
    def evaluate(self, summary):
        raise NotImplementedError


class _Number(_Node):
    def __init__(self, value):
        self.value = value

    def evaluate(self, summary):
        return self.value


class _Binary(_Node):
    def __init__(self, op, left, right):
        self.op, self.left, self.right = op, left, right

    def evaluate(self, summary):
        a = _scalar(self.left.evaluate(summary), self.left)
        b = _scalar(self.right.evaluate(summary), self.right)
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op == "*":
            return a * b
        if b == 0 or math.isnan(b):
            return math.nan
        return a / b


class _Negate(_Node):
    def __init__(self, operand):
        self.operand = operand

    def evaluate(self, summary):
        return -_scalar(self.operand.evaluate(summary), self.operand)


class _Call(_Node):
    def __init__(self, name, argument):
        self.name, self.argument = name, argument

    def evaluate(self, summary):
        value = self.argument.evaluate(summary)
        values = value if isinstance(value, list) else [value]
        values = [_number(v, self.argument) for v in values]
        if self.name == "count":
            return float(len(values))
        if not values:
            return 0.0 if self.name == "sum" else math.nan
        if self.name == "sum":
            return float(sum(values))
        if self.name == "mean":
            return float(sum(values) / len(values))
        if self.name == "min":
            return float(min(values))
        return float(max(values))


class _Key(_Node):
    """A key path: a list of steps ("member", name) | ("index", i) | ("slice", a, b)."""

    def __init__(self, steps, text):
        self.steps, self.text = steps, text

    def evaluate(self, summary):
        values, spread = [summary], False
        walked = ""
        for step in self.steps:
            new = []
            for value in values:
                new.append(self._step(value, step, walked))
            if step[0] == "slice":
                values = [item for part in new for item in part] if spread else new[0]
                spread = True
            else:
                values = new
            walked = _step_text(walked, step)
        if spread:
            return list(values)
        return values[0]

    def _step(self, value, step, walked):
        where = f"under '{walked}'" if walked else "at the top of the summary"
        if step[0] == "member":
            if not isinstance(value, dict):
                raise ExpressionError(f"{self.text}: '{walked}' is not an object, so it has no "
                                      f"member '{step[1]}'")
            if step[1] not in value:
                near = did_you_mean(step[1], value, n=2)
                hint = f"; {near}" if near else \
                    f"; the keys {where} are: {', '.join(list(value)[:30])}"
                raise ExpressionError(f"{self.text}: no key '{step[1]}' {where}{hint}")
            return value[step[1]]
        if not isinstance(value, list):
            raise ExpressionError(f"{self.text}: '{walked}' is not a list, so it cannot be "
                                  f"indexed")
        if step[0] == "index":
            i = step[1]
            if not -len(value) <= i < len(value):
                raise ExpressionError(f"{self.text}: index {i} out of range: '{walked}' has "
                                      f"{len(value)} elements")
            return value[i]
        return value[step[1]:step[2]]

    @property
    def key(self):
        return self.text


def _step_text(walked, step):
    if step[0] == "member":
        return f"{walked}.{step[1]}" if walked else step[1]
    if step[0] == "index":
        return f"{walked}[{step[1]}]"
    a = "" if step[1] is None else step[1]
    b = "" if step[2] is None else step[2]
    return f"{walked}[{a}:{b}]"


def _number(value, node):
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        what = "a list" if isinstance(value, list) else \
            "an object" if isinstance(value, dict) else f"{value!r}"
        raise ExpressionError(f"{_describe(node)} is {what}, not a number")
    return float(value)


def _scalar(value, node):
    if isinstance(value, list):
        raise ExpressionError(f"{_describe(node)} is a list (from a slice [a:b]); take "
                              f"{', '.join(FUNCTIONS)}(...) of it")
    return _number(value, node)


def _describe(node):
    return f"'{node.text}'" if isinstance(node, _Key) else "a part of the expression"


class Expression:
    """A parsed expression: ``evaluate(summary)`` gives a float; ``keys`` the key paths."""

    def __init__(self, text, root, keys):
        self.text, self._root, self.keys = text, root, keys

    def evaluate(self, summary):
        """The expression's value on one run's summary (a dict from the JSON)."""
        return _scalar(self._root.evaluate(summary), self._root)

    def __repr__(self):
        return f"Expression({self.text!r})"


class _Parser:
    def __init__(self, text):
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0
        self.keys = []

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else (None, None, len(self.text))

    def take(self):
        token = self.peek()
        self.i += 1
        return token

    def expect(self, op):
        kind, value, pos = self.take()
        if kind != "op" or value != op:
            found = "the end" if kind is None else repr(value)
            raise ExpressionError(f"expected '{op}' at position {pos + 1}, found {found}")

    def parse(self):
        if not self.tokens:
            raise ExpressionError("empty expression")
        node = self.sum()
        kind, value, pos = self.peek()
        if kind is not None:
            raise ExpressionError(f"unexpected {value!r} at position {pos + 1}")
        return node

    def sum(self):
        node = self.product()
        while self.peek()[0] == "op" and self.peek()[1] in "+-":
            op = self.take()[1]
            node = _Binary(op, node, self.product())
        return node

    def product(self):
        node = self.unary()
        while self.peek()[0] == "op" and self.peek()[1] in "*/":
            op = self.take()[1]
            node = _Binary(op, node, self.unary())
        return node

    def unary(self):
        kind, value, _ = self.peek()
        if kind == "op" and value in "+-":
            self.take()
            operand = self.unary()
            return _Negate(operand) if value == "-" else operand
        return self.primary()

    def primary(self):
        kind, value, pos = self.take()
        if kind == "number":
            return _Number(float(value))
        if kind == "op" and value == "(":
            node = self.sum()
            self.expect(")")
            return node
        if kind == "name":
            nxt = self.peek()
            if nxt[0] == "op" and nxt[1] == "(":
                if value not in FUNCTIONS:
                    raise ExpressionError(f"unknown function '{value}' at position {pos + 1}; "
                                          f"allowed: {', '.join(FUNCTIONS)}")
                self.take()
                argument = self.sum()
                self.expect(")")
                return _Call(value, argument)
            return self.key(value, pos)
        found = "the end" if kind is None else repr(value)
        raise ExpressionError(f"expected a key, a number or '(' at position {pos + 1}, found "
                              f"{found}")

    def key(self, first, start):
        steps = [("member", first)]
        end = start + len(first)
        while self.peek()[0] == "op" and self.peek()[1] in ".[":
            kind, value, pos = self.take()
            if value == ".":
                kind, name, npos = self.take()
                if kind != "name":
                    raise ExpressionError(f"expected a name after '.' at position {pos + 1}")
                steps.append(("member", name))
                end = npos + len(name)
                continue
            steps.append(self.subscript(pos))
            end = self.tokens[self.i - 1][2] + 1
        text = self.text[start:end]
        self.keys.append(text)
        return _Key(steps, text)

    def subscript(self, pos):
        def integer():
            sign = 1
            if self.peek()[0] == "op" and self.peek()[1] == "-":
                self.take()
                sign = -1
            kind, value, ipos = self.peek()
            if kind == "number" and _INTEGER.fullmatch(value):
                self.take()
                return sign * int(value)
            if sign == -1:
                raise ExpressionError(f"expected a whole number at position {ipos + 1}")
            return None

        a = integer()
        if self.peek()[0] == "op" and self.peek()[1] == ":":
            self.take()
            b = integer()
            self.expect("]")
            return ("slice", a, b)
        if a is None:
            raise ExpressionError(f"expected a whole number or a slice a:b inside '[' at "
                                  f"position {pos + 1}")
        self.expect("]")
        return ("index", a)


def parse(text):
    """Parses an expression (see the module docstring); raises ExpressionError."""
    parser = _Parser(str(text))
    root = parser.parse()
    return Expression(str(text), root, parser.keys)
