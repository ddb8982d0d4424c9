"""The formula language of the indicator forms: computed rows, validation rules and targets.

A tokenizer and a recursive-descent parser of our own (never eval, exec or Python's ast), exact Decimal
arithmetic, three-valued logic for blanks. The language is described in docs/formats/formulas.md.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, TypeAlias

from desktop_app.domain.i18n import _

__all__ = [
    "DIVISION_PLACES",
    "FUNCTIONS",
    "KEYWORDS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Formula",
    "FormulaError",
    "Kind",
    "Value",
    "compile_formula",
    "evaluate_all",
    "evaluate_rows",
    "evaluation_order",
    "is_row_id",
]

#: A row's value: a number, a yes/no, or blank (None: not filled in, or unknown).
Value: TypeAlias = Decimal | bool | None
#: What a formula yields, known before it is evaluated.
Kind: TypeAlias = Literal["number", "bool"]

#: Caps against hostile input: the text's length and how deeply brackets, calls and unary signs nest.
MAX_LENGTH = 2000
MAX_DEPTH = 50
#: A quotient is rounded half-up to this many decimal places; +, - and * are exact.
DIVISION_PLACES = 12
_QUANTUM = Decimal(1).scaleb(-DIVISION_PLACES)
#: Digits a literal may have; results beyond _PRECISION digits are refused rather than rounded.
_MAX_LITERAL_DIGITS = 40
_PRECISION = 60

FUNCTIONS = ("sum", "min", "max", "if", "round")
KEYWORDS = ("and", "or", "not", "true", "false", *FUNCTIONS)

_COMPARISONS = ("=", "<>", "<", "<=", ">", ">=")
# Other spellings of the same operators that clerks type or paste (Word turns "-" into "−").
_SYNONYMS = {"×": "*", "÷": "/", "−": "-", "≠": "<>", "!=": "<>", "≤": "<=", "≥": ">="}
_SINGLE = set("+-*/(),=<>") | {"×", "÷", "−", "≠", "≤", "≥"}


class FormulaError(ValueError):
    """A formula that cannot be read or evaluated; the message (Vietnamese) names the row and the position."""

    def __init__(self, message: str, *, row_id: str | None = None, position: int | None = None,
                 rows: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.row_id = row_id
        self.position = position
        self.rows = rows


def is_row_id(text: str) -> bool:
    """Whether ``text`` can name a row in a formula: ASCII letters, digits and _, not starting with a digit,
    and not a keyword."""
    return (bool(text) and text.isascii() and (text[0].isalpha() or text[0] == "_")
            and all(c.isalnum() or c == "_" for c in text) and text.lower() not in KEYWORDS)


# --------------------------------------------------------------------------- the syntax tree


@dataclass(frozen=True)
class Number:
    value: Decimal
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Boolean:
    value: bool
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Ref:
    name: str
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Negate:
    operand: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    operand: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Arithmetic:
    """``first op1 x1 op2 x2 …`` for + and - (``level`` "add") or * and / ("mul"), left to right. A chain, not
    a nested pair, so that ``a + b + … + z`` does not make a tree as deep as it is long."""

    level: Literal["add", "mul"]
    first: Node
    rest: tuple[tuple[str, Node], ...]
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Logic:
    op: Literal["and", "or"]
    operands: tuple[Node, ...]
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node
    pos: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int = field(default=0, compare=False)


Node: TypeAlias = Number | Boolean | Ref | Negate | Not | Arithmetic | Logic | Compare | Call


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Token:
    kind: Literal["number", "name", "op", "end"]
    text: str
    pos: int  # 1-based character position, as the message shows it


class _Errors:
    """Messages naming the row whose formula is at fault."""

    def __init__(self, row_id: str | None, row_label: str | None) -> None:
        self.row_id = row_id
        self.shown = row_label or row_id

    def error(self, reason: str, position: int | None = None, note: str = "") -> FormulaError:
        head = _("Công thức của dòng {row}").format(row=self.shown) if self.shown else _("Công thức")
        where = _(" ở vị trí {pos}").format(pos=position) if position is not None else ""
        return FormulaError(f"{head}: {reason}{where}{note}", row_id=self.row_id, position=position)


def _tokenize(text: str, errors: _Errors) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c.isascii() and c.isdigit():
            start = i
            while i < n and text[i].isascii() and text[i].isdigit():
                i += 1
            if i < n and text[i] == ".":
                i += 1
                if not (i < n and text[i].isascii() and text[i].isdigit()):
                    raise errors.error(_("số «{text}» thiếu chữ số sau dấu chấm").format(text=text[start:i]),
                                       start + 1)
                while i < n and text[i].isascii() and text[i].isdigit():
                    i += 1
            literal = text[start:i]
            if i < n and (text[i].isalpha() or text[i] == "_"):
                raise errors.error(_("mã dòng không được bắt đầu bằng chữ số («{text}…»)")
                                   .format(text=text[start:i + 1]), start + 1)
            if sum(ch.isdigit() for ch in literal) > _MAX_LITERAL_DIGITS:
                raise errors.error(_("số quá dài (quá {n} chữ số)").format(n=_MAX_LITERAL_DIGITS), start + 1)
            tokens.append(_Token("number", literal, start + 1))
        elif c.isalpha() or c == "_":
            start = i
            while i < n and (text[i].isalnum() or text[i] == "_"):
                i += 1
            word = text[start:i]
            if not word.isascii():
                raise errors.error(_("«{word}» không dùng được: mã dòng chỉ gồm chữ cái không dấu, chữ số và «_»")
                                   .format(word=word), start + 1)
            tokens.append(_Token("name", word, start + 1))
        elif text.startswith(("<=", ">=", "<>", "!="), i):
            op = text[i:i + 2]
            tokens.append(_Token("op", _SYNONYMS.get(op, op), i + 1))
            i += 2
        elif c in _SINGLE:
            tokens.append(_Token("op", _SYNONYMS.get(c, c), i + 1))
            i += 1
        elif c == ";":
            raise errors.error(_("dấu «;» không dùng được; các đối số cách nhau bằng dấu phẩy"), i + 1)
        else:
            raise errors.error(_("ký tự «{char}» không dùng được trong công thức").format(char=c), i + 1)
    tokens.append(_Token("end", "", n + 1))
    return tokens


# --------------------------------------------------------------------------- the parser


class _Parser:
    """expr := or; or := and ("or" and)*; and := not ("and" not)*; not := "not" not | cmp;
    cmp := add (cmpop add)?; add := mul (("+"|"-") mul)*; mul := unary (("*"|"/") unary)*;
    unary := ("-"|"+") unary | primary; primary := number | true | false | name | name "(" args ")" | "(" expr ")".
    """

    def __init__(self, tokens: list[_Token], errors: _Errors, known_rows: Collection[str] | None) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.errors = errors
        self.known_rows = known_rows

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def advance(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def is_word(self, word: str) -> bool:
        return self.tok.kind == "name" and self.tok.text.lower() == word

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.errors.error(_("lồng nhau quá sâu (quá {n} mức ngoặc, hàm hoặc dấu)").format(n=MAX_DEPTH),
                                    token.pos)

    def leave(self) -> None:
        self.depth -= 1

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise self.errors.error(_("công thức trống"))
        node = self.expr()
        extra = self.tok
        if extra.kind != "end":
            if extra.kind == "op" and extra.text == ")":
                raise self.errors.error(_('thừa dấu ")"'), extra.pos)
            raise self.errors.error(_("không hiểu «{text}»; thiếu phép tính trước nó?").format(text=extra.text),
                                    extra.pos)
        return node

    def expr(self) -> Node:
        return self.logic("or", self.conjunction)

    def conjunction(self) -> Node:
        return self.logic("and", self.negation)

    def logic(self, word: Literal["and", "or"], parse_operand: Callable[[], Node]) -> Node:
        first = parse_operand()
        if not self.is_word(word):
            return first
        pos = self.tok.pos
        operands = [first]
        while self.is_word(word):
            self.advance()
            operands.append(parse_operand())
        return Logic(word, tuple(operands), pos)

    def negation(self) -> Node:
        if self.is_word("not"):
            token = self.advance()
            self.enter(token)
            operand = self.negation()
            self.leave()
            return Not(operand, token.pos)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        if self.is_op(*_COMPARISONS):
            token = self.advance()
            right = self.additive()
            if self.is_op(*_COMPARISONS):
                raise self.errors.error(_("không so sánh liền hai lần; hãy dùng «and», ví dụ a <= b and b <= c"),
                                        self.tok.pos)
            return Compare(token.text, left, right, token.pos)
        return left

    def additive(self) -> Node:
        return self.arithmetic("add", ("+", "-"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self.arithmetic("mul", ("*", "/"), self.unary)

    def arithmetic(self, level: Literal["add", "mul"], ops: tuple[str, str], operand: Callable[[], Node]) -> Node:
        first = operand()
        if not self.is_op(*ops):
            return first
        pos = self.tok.pos
        rest: list[tuple[str, Node]] = []
        while self.is_op(*ops):
            op = self.advance().text
            rest.append((op, operand()))
        return Arithmetic(level, first, tuple(rest), pos)

    def unary(self) -> Node:
        if self.is_op("-", "+"):
            token = self.advance()
            self.enter(token)
            operand = self.unary()
            self.leave()
            return Negate(operand, token.pos) if token.text == "-" else operand
        return self.primary()

    def primary(self) -> Node:
        token = self.tok
        if token.kind == "number":
            self.advance()
            return Number(Decimal(token.text), token.pos)
        if token.kind == "name":
            self.advance()
            word = token.text.lower()
            if word in ("true", "false"):
                return Boolean(word == "true", token.pos)
            if self.is_op("("):
                return self.call(token)
            if word in KEYWORDS:
                if word in FUNCTIONS:
                    raise self.errors.error(_('hàm {name} cần dấu "(" ngay sau tên').format(name=word),
                                            self.tok.pos)
                raise self.errors.error(_("thiếu một giá trị trước «{word}»").format(word=token.text), token.pos)
            if self.known_rows is not None and token.text not in self.known_rows:
                raise self.errors.error(_("không có dòng nào mã «{name}»").format(name=token.text), token.pos)
            return Ref(token.text, token.pos)
        if self.is_op("("):
            self.advance()
            self.enter(token)
            node = self.expr()
            self.leave()
            self.expect_close(token)
            return node
        if token.kind == "end":
            raise self.errors.error(_("công thức kết thúc khi còn thiếu một giá trị"), token.pos)
        if self.is_op(")"):
            raise self.errors.error(_('thiếu một giá trị trước dấu ")"'), token.pos)
        raise self.errors.error(_("thiếu một giá trị trước «{text}»").format(text=token.text), token.pos)

    def expect_close(self, opening: _Token) -> None:
        if not self.is_op(")"):
            raise self.errors.error(_('thiếu dấu ")"'), self.tok.pos,
                                    _(" (đóng ngoặc mở ở vị trí {open})").format(open=opening.pos))
        self.advance()

    def call(self, name_token: _Token) -> Node:
        name = name_token.text.lower()
        if name not in FUNCTIONS:
            raise self.errors.error(_("không có hàm «{name}»; các hàm dùng được: {names}")
                                    .format(name=name_token.text, names=", ".join(FUNCTIONS)), name_token.pos)
        opening = self.advance()
        self.enter(opening)
        args: list[Node] = []
        if not self.is_op(")"):
            args.append(self.expr())
            while self.is_op(","):
                self.advance()
                args.append(self.expr())
        self.leave()
        self.expect_close(opening)
        arity = {"if": (3, 3), "round": (1, 2)}.get(name, (1, None))
        low, high = arity
        if len(args) < low or (high is not None and len(args) > high):
            if low == high:
                wanted = _("đúng {n}").format(n=low)
            elif high is None:
                wanted = _("ít nhất {n}").format(n=low)
            else:
                wanted = _("{low} hoặc {high}").format(low=low, high=high)
            raise self.errors.error(_("hàm {name} cần {wanted} đối số, ở đây có {count}")
                                    .format(name=name, wanted=wanted, count=len(args)), name_token.pos)
        return Call(name, tuple(args), name_token.pos)


# --------------------------------------------------------------------------- writing back as text

_LEVEL = {"or": 1, "and": 2, "not": 3, "cmp": 4, "add": 5, "mul": 6, "unary": 7, "atom": 8}


def _level(node: Node) -> int:
    if isinstance(node, Logic):
        return _LEVEL[node.op]
    if isinstance(node, Not):
        return _LEVEL["not"]
    if isinstance(node, Compare):
        return _LEVEL["cmp"]
    if isinstance(node, Arithmetic):
        return _LEVEL[node.level]
    if isinstance(node, Negate):
        return _LEVEL["unary"]
    return _LEVEL["atom"]


def _text(node: Node, above: int = 0) -> str:
    """The canonical text of ``node``, bracketed when its binding is weaker than (or, for chains and
    comparisons, as weak as) the place it sits in needs."""
    if isinstance(node, Number):
        return format(node.value, "f")
    if isinstance(node, Boolean):
        return "true" if node.value else "false"
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Call):
        return f"{node.name}({', '.join(_text(a) for a in node.args)})"
    level = _level(node)
    if isinstance(node, Negate):
        body = "-" + _text(node.operand, level)
    elif isinstance(node, Not):
        body = "not " + _text(node.operand, level)
    elif isinstance(node, Compare):
        body = f"{_text(node.left, level + 1)} {node.op} {_text(node.right, level + 1)}"
    elif isinstance(node, Arithmetic):
        # The first operand is bracketed when it is itself a chain of the same level, which the parser never
        # builds, so that every tree (not only parsed ones) reads back as itself.
        parts = [_text(node.first, level + 1)]
        parts += [f" {op} {_text(operand, level + 1)}" for op, operand in node.rest]
        body = "".join(parts)
    else:
        body = f" {node.op} ".join(_text(operand, level + 1) for operand in node.operands)
    return f"({body})" if level < above else body


# --------------------------------------------------------------------------- evaluation

_CONTEXT = decimal.Context(prec=_PRECISION, rounding=ROUND_HALF_UP, Emax=999, Emin=-999,
                           traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow,
                                  decimal.Inexact])
_DIVISION_CONTEXT = decimal.Context(prec=_PRECISION, rounding=ROUND_HALF_UP, Emax=999, Emin=-999,
                                    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])


_ARITHMETIC: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul}


class _Evaluator:
    def __init__(self, values: Mapping[str, Value], errors: _Errors) -> None:
        self.values = values
        self.errors = errors

    def number(self, value: Value, node: Node, what: str) -> Decimal | None:
        if not isinstance(value, bool):
            return value
        raise self.errors.error(_("{what} cần một số, nhưng «{text}» là giá trị có/không")
                                .format(what=what, text=_text(node)), node.pos)

    def boolean(self, value: Value, node: Node, what: str) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        raise self.errors.error(_("{what} cần giá trị có/không, nhưng «{text}» là một số")
                                .format(what=what, text=_text(node)), node.pos)

    def exact(self, compute: Callable[[Decimal, Decimal], Decimal], left: Decimal, right: Decimal, node: Node
              ) -> Decimal:
        try:
            with decimal.localcontext(_CONTEXT):
                result = compute(left, right)
        except (decimal.Inexact, decimal.Overflow, decimal.InvalidOperation):
            raise self.errors.error(_("kết quả quá lớn để tính chính xác (quá {n} chữ số)").format(n=_PRECISION),
                                    node.pos) from None
        return result

    def divide(self, left: Decimal, right: Decimal, node: Node) -> Decimal:
        if right == 0:
            raise self.errors.error(_("chia cho 0 («{text}» bằng 0)").format(text=_text(node)), node.pos)
        try:
            with decimal.localcontext(_DIVISION_CONTEXT):
                return (left / right).quantize(_QUANTUM, rounding=ROUND_HALF_UP)
        except (decimal.Overflow, decimal.InvalidOperation):
            raise self.errors.error(_("kết quả phép chia quá lớn"), node.pos) from None

    def eval(self, node: Node) -> Value:
        if isinstance(node, Number | Boolean):
            return node.value
        if isinstance(node, Ref):
            return self.ref(node)
        if isinstance(node, Negate):
            operand = self.number(self.eval(node.operand), node.operand, _("dấu trừ"))
            return None if operand is None else -operand
        if isinstance(node, Not):
            flag = self.boolean(self.eval(node.operand), node.operand, "not")
            return None if flag is None else not flag
        if isinstance(node, Arithmetic):
            return self.arithmetic(node)
        if isinstance(node, Logic):
            return self.logic(node)
        if isinstance(node, Compare):
            return self.compare(node)
        return self.call(node)

    def ref(self, node: Ref) -> Value:
        if node.name not in self.values:
            raise self.errors.error(_("không có giá trị của dòng «{name}»").format(name=node.name), node.pos)
        value = self.values[node.name]
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, Decimal) and value.is_finite():
            return value
        raise self.errors.error(_("giá trị của dòng «{name}» không phải số, có/không hay để trống")
                                .format(name=node.name), node.pos)

    def arithmetic(self, node: Arithmetic) -> Value:
        # Every operand is evaluated (and type-checked) even after a blank, so a wrong formula is found
        # whether or not the rows it reads happen to be filled in.
        what = _("phép + và -") if node.level == "add" else _("phép × và ÷")
        result = self.number(self.eval(node.first), node.first, what)
        for op, operand_node in node.rest:
            operand = self.number(self.eval(operand_node), operand_node, what)
            if result is None or operand is None:
                result = None
            elif op == "/":
                result = self.divide(result, operand, operand_node)
            else:
                result = self.exact(_ARITHMETIC[op], result, operand, node)
        return result

    def logic(self, node: Logic) -> Value:
        # Kleene's three-valued logic: a blank is "unknown"; false and unknown is false, true or unknown is true.
        decisive = node.op == "or"
        unknown = False
        for operand_node in node.operands:
            flag = self.boolean(self.eval(operand_node), operand_node, node.op)
            if flag is None:
                unknown = True
            elif flag is decisive:
                return decisive
        return None if unknown else not decisive

    def compare(self, node: Compare) -> Value:
        left = self.eval(node.left)
        right = self.eval(node.right)
        if left is None or right is None:
            return None
        if isinstance(left, bool) != isinstance(right, bool):
            raise self.errors.error(_("không so sánh được một số với một giá trị có/không («{text}»)")
                                    .format(text=_text(node)), node.pos)
        if isinstance(left, bool):
            if node.op not in ("=", "<>"):
                raise self.errors.error(_("giá trị có/không chỉ so sánh được bằng = hoặc <>"), node.pos)
            return (left == right) if node.op == "=" else (left != right)
        assert isinstance(right, Decimal)
        return {"=": left == right, "<>": left != right, "<": left < right, "<=": left <= right,
                ">": left > right, ">=": left >= right}[node.op]

    def call(self, node: Call) -> Value:
        if node.name == "if":
            condition = self.boolean(self.eval(node.args[0]), node.args[0], _("điều kiện của if"))
            # Only the branch taken is evaluated: if(b = 0, 0, a / b) is how a division is guarded.
            if condition is None:
                return None
            return self.eval(node.args[1] if condition else node.args[2])
        if node.name == "round":
            value = self.number(self.eval(node.args[0]), node.args[0], "round")
            places = Decimal(0)
            if len(node.args) == 2:
                given = self.number(self.eval(node.args[1]), node.args[1], "round")
                if given is None:
                    return None
                if given != given.to_integral_value() or not 0 <= given <= DIVISION_PLACES:
                    raise self.errors.error(_("số chữ số sau dấu phẩy của round phải là số nguyên từ 0 đến {n}")
                                            .format(n=DIVISION_PLACES), node.args[1].pos)
                places = given
            if value is None:
                return None
            try:
                with decimal.localcontext(_DIVISION_CONTEXT):
                    return value.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
            except decimal.InvalidOperation:
                raise self.errors.error(_("số quá lớn để làm tròn"), node.pos) from None
        numbers = [self.number(self.eval(arg), arg, node.name) for arg in node.args]
        present = [n for n in numbers if n is not None]
        if not present:
            return None
        if node.name == "min":
            return min(present)
        if node.name == "max":
            return max(present)
        total = Decimal(0)
        for n in present:
            total = self.exact(operator.add, total, n, node)
        return total


# --------------------------------------------------------------------------- static kinds


def _kind(node: Node, kinds: Mapping[str, Kind], errors: _Errors) -> Kind:
    def want(sub: Node, kind: Kind, what: str) -> None:
        got = _kind(sub, kinds, errors)
        if got != kind:
            reason = (_("{what} cần một số, nhưng «{text}» là giá trị có/không") if kind == "number"
                      else _("{what} cần giá trị có/không, nhưng «{text}» là một số"))
            raise errors.error(reason.format(what=what, text=_text(sub)), sub.pos)

    if isinstance(node, Number):
        return "number"
    if isinstance(node, Boolean):
        return "bool"
    if isinstance(node, Ref):
        if node.name not in kinds:
            raise errors.error(_("dòng «{name}» không có giá trị số hay có/không để tính").format(name=node.name),
                               node.pos)
        return kinds[node.name]
    if isinstance(node, Negate):
        want(node.operand, "number", _("dấu trừ"))
        return "number"
    if isinstance(node, Not):
        want(node.operand, "bool", "not")
        return "bool"
    if isinstance(node, Arithmetic):
        what = _("phép + và -") if node.level == "add" else _("phép × và ÷")
        want(node.first, "number", what)
        for _op, operand in node.rest:
            want(operand, "number", what)
        return "number"
    if isinstance(node, Logic):
        for operand in node.operands:
            want(operand, "bool", node.op)
        return "bool"
    if isinstance(node, Compare):
        left = _kind(node.left, kinds, errors)
        right = _kind(node.right, kinds, errors)
        if left != right:
            raise errors.error(_("không so sánh được một số với một giá trị có/không («{text}»)")
                               .format(text=_text(node)), node.pos)
        if left == "bool" and node.op not in ("=", "<>"):
            raise errors.error(_("giá trị có/không chỉ so sánh được bằng = hoặc <>"), node.pos)
        return "bool"
    if node.name == "if":
        want(node.args[0], "bool", _("điều kiện của if"))
        then = _kind(node.args[1], kinds, errors)
        want(node.args[2], then, "if")
        return then
    for arg in node.args:
        want(arg, "number", node.name)
    return "number"


def _references(node: Node, found: dict[str, None]) -> None:
    if isinstance(node, Ref):
        found.setdefault(node.name)
    elif isinstance(node, Negate | Not):
        _references(node.operand, found)
    elif isinstance(node, Arithmetic):
        _references(node.first, found)
        for _op, operand in node.rest:
            _references(operand, found)
    elif isinstance(node, Logic):
        for operand in node.operands:
            _references(operand, found)
    elif isinstance(node, Compare):
        _references(node.left, found)
        _references(node.right, found)
    elif isinstance(node, Call):
        for arg in node.args:
            _references(arg, found)


# --------------------------------------------------------------------------- the public API


@dataclass(frozen=True)
class Formula:
    """A compiled formula: its tree, the rows it reads, and the row it belongs to (for messages)."""

    tree: Node
    source: str = field(compare=False)
    row_id: str | None = field(default=None, compare=False)
    row_label: str | None = field(default=None, compare=False)

    @property
    def references(self) -> tuple[str, ...]:
        """The row ids the formula reads, each once, in the order they first appear."""
        found: dict[str, None] = {}
        _references(self.tree, found)
        return tuple(found)

    def to_text(self) -> str:
        """The canonical text: ASCII operators, lower-case keywords, only the brackets the meaning needs."""
        return _text(self.tree)

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        """The formula's value; every row it reads must be in ``values`` (None for a blank)."""
        return _Evaluator(values, _Errors(self.row_id, self.row_label)).eval(self.tree)

    def kind(self, kinds: Mapping[str, Kind]) -> Kind:
        """Whether the formula yields a number or a yes/no, given the kinds of the rows it reads; a formula
        that mixes them (``r1 + (r2 > 0)``) is refused here, before any value is filled in."""
        return _kind(self.tree, kinds, _Errors(self.row_id, self.row_label))


def compile_formula(text: str, row_id: str | None = None, *, row_label: str | None = None,
                    known_rows: Collection[str] | None = None) -> Formula:
    """Read a formula. ``row_id``/``row_label`` name the row in messages; with ``known_rows`` a reference to
    any other row is refused."""
    errors = _Errors(row_id, row_label)
    if not isinstance(text, str):
        raise errors.error(_("công thức phải là một đoạn chữ"))
    if len(text) > MAX_LENGTH:
        raise errors.error(_("công thức quá dài ({n} ký tự, tối đa {cap})").format(n=len(text), cap=MAX_LENGTH))
    tree = _Parser(_tokenize(text, errors), errors, known_rows).parse()
    return Formula(tree, text, row_id, row_label)


def evaluation_order(formulas: Mapping[str, Formula]) -> list[str]:
    """The computed rows in an order where each comes after the computed rows it reads (rows without a formula
    are inputs). A cycle is refused, naming its rows in order."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in formulas:
        if state.get(start) == 2:
            continue
        # Iterative depth-first search: a chain of thousands of rows must not exhaust Python's stack.
        path: list[str] = [start]
        pending: list[Iterable[str]] = [iter(formulas[start].references)]
        state[start] = 1
        while path:
            child = next((r for r in pending[-1] if r in formulas and state.get(r) != 2), None)
            if child is None:
                done = path.pop()
                pending.pop()
                state[done] = 2
                order.append(done)
            elif state.get(child) == 1:
                cycle = [*path[path.index(child):], child]
                raise FormulaError(
                    _("Các công thức tính vòng tròn: {rows} (dòng này cần dòng kia và ngược lại)")
                    .format(rows=" → ".join(cycle)), row_id=child, rows=tuple(cycle[:-1]))
            else:
                state[child] = 1
                path.append(child)
                pending.append(iter(formulas[child].references))
    return order


def evaluate_all(formulas: Mapping[str, Formula], values: Mapping[str, Value]) -> dict[str, Value]:
    """``values`` with every computed row (re)computed from them, in evaluation order; a value given for a
    computed row is replaced."""
    result: dict[str, Value] = dict(values)
    for row in evaluation_order(formulas):
        result[row] = formulas[row].evaluate(result)
    return result


def evaluate_rows(formulas: Mapping[str, Formula], values: Mapping[str, Value],
                  order: Sequence[str] | None = None) -> tuple[dict[str, Value], list[FormulaError]]:
    """``values`` with every computed row worked out, as ``evaluate_all``, but a row whose formula cannot be worked
    out (a division by zero) is left blank and its error listed instead of stopping the rest. ``order`` is
    ``evaluation_order(formulas)`` when the caller already has it (the same form, row after row of CĐCS)."""
    result: dict[str, Value] = dict(values)
    errors: list[FormulaError] = []
    for row in evaluation_order(formulas) if order is None else order:
        try:
            result[row] = formulas[row].evaluate(result)
        except FormulaError as exc:
            result[row] = None
            errors.append(exc)
    return result, errors
