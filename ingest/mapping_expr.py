"""The small expression language of a mapping's derived fields, compiled to polars expressions.

```toml
[derived]
status = '"exited" if `Termination Date` else "active"'
name = '`First Name` + " " + `Last Name`'
hire_date = 'date(`Hire Year`, `Hire Month`, 1)'
```

An expression is parsed with Python's `ast` and only these forms are accepted: text and number
literals, column names (a bare identifier, or any header in backticks), `+` (text
concatenation), `a if condition else b`, `==` / `!=`, `and` / `or` / `not`, and the functions
in `FUNCTIONS`. Nothing is evaluated as Python: anything else (attributes, subscripts, other
calls, lambdas) is refused with the expression and the reason, when the mapping is loaded.

Values are text, as the readers deliver them; a column is true when it is present and not
blank. A null operand makes a concatenation null (the contract then reports the field as
missing, naming it), never the text "None".
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

_BACKTICK = re.compile(r"`([^`]+)`")


class ExpressionError(ValueError):
    """A derived field's expression is not in the language (raised when a mapping is loaded)."""


def _text(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.strip_chars()


def _truthy(expr: pl.Expr) -> pl.Expr:
    text = _text(expr)
    return text.is_not_null() & (text.str.len_chars() > 0)


def _number(expr: pl.Expr) -> pl.Expr:
    return _text(expr).cast(pl.Float64, strict=False).cast(pl.Int64, strict=False)


def _date(year: pl.Expr, month: pl.Expr, day: pl.Expr | None = None) -> pl.Expr:
    """An ISO date from year, month and day columns (day 1 when not given); null when they
    are no date, so the contract quarantines the row as missing or bad."""
    made = pl.date(_number(year), _number(month), _number(day) if day is not None else 1)
    return made.dt.strftime("%Y-%m-%d")


def _pad(value: pl.Expr, width: pl.Expr) -> pl.Expr:
    return _text(value).str.zfill(width)


def _strip_prefix(value: pl.Expr, prefix: pl.Expr) -> pl.Expr:
    return _text(value).str.strip_prefix(prefix)


FUNCTIONS: dict[str, tuple[int, int, Callable[..., pl.Expr]]] = {
    # name: (fewest arguments, most arguments, builder)
    "date": (2, 3, _date),
    "coalesce": (1, 16, lambda *args: pl.coalesce([_text(a) for a in args])),
    "upper": (1, 1, lambda v: _text(v).str.to_uppercase()),
    "lower": (1, 1, lambda v: _text(v).str.to_lowercase()),
    "trim": (1, 1, _text),
    "pad": (2, 2, _pad),
    "strip_prefix": (2, 2, _strip_prefix),
}


@dataclass(frozen=True)
class Derived:
    """One derived field: its text, the export columns it reads and the compiled expression."""

    field: str
    text: str
    columns: tuple[str, ...]
    expr: pl.Expr


def _compile(node: ast.AST, names: dict[str, str], used: list[str], width_ok: bool = False):
    """The polars expression of one node (literals return pl.lit; `width_ok`: an int literal
    stays a Python int, for pad's width)."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, str | int | float):
            raise ExpressionError(f"literal {node.value!r} is neither text nor a number")
        if width_ok and isinstance(node.value, int):
            return node.value
        return pl.lit(str(node.value), pl.String)
    if isinstance(node, ast.Name):
        column = names.get(node.id, node.id)
        used.append(column)
        return _text(pl.col(column))  # values as delivered, without surrounding blanks
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return pl.concat_str([_compile(node.left, names, used), _compile(node.right, names, used)])
    if isinstance(node, ast.IfExp):
        return (
            pl.when(_condition(node.test, names, used))
            .then(_compile(node.body, names, used))
            .otherwise(_compile(node.orelse, names, used))
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name = node.func.id
        if name not in FUNCTIONS:
            raise ExpressionError(f"unknown function {name}() (known: {', '.join(FUNCTIONS)})")
        low, high, build = FUNCTIONS[name]
        if not low <= len(node.args) <= high:
            raise ExpressionError(f"{name}() takes {low} to {high} arguments")
        args = [
            _compile(a, names, used, width_ok=name == "pad" and i == 1)
            for i, a in enumerate(node.args)
        ]
        return build(*args)
    if isinstance(node, ast.BoolOp | ast.UnaryOp | ast.Compare):
        return _condition(node, names, used)
    raise ExpressionError(f"{type(node).__name__} is not part of the mapping language")


def _condition(node: ast.AST, names: dict[str, str], used: list[str]) -> pl.Expr:
    """A true/false expression: a comparison, and/or/not, or a value (true when not blank)."""
    if isinstance(node, ast.BoolOp):
        parts = [_condition(v, names, used) for v in node.values]
        return (
            pl.all_horizontal(parts) if isinstance(node.op, ast.And) else pl.any_horizontal(parts)
        )
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ~_condition(node.operand, names, used)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left = _compile(node.left, names, used).cast(pl.String)
        right = _compile(node.comparators[0], names, used).cast(pl.String)
        if isinstance(node.ops[0], ast.Eq):
            return left.eq_missing(right)
        if isinstance(node.ops[0], ast.NotEq):
            return left.ne_missing(right)
        raise ExpressionError("only == and != compare values")
    return _truthy(_compile(node, names, used))


def compile_derived(
    field: str, text: str, renames: dict[str, str] | None = None, *, condition: bool = False
) -> Derived:
    """Parse and compile one derived field; raises ExpressionError naming the field. `renames`
    (export header -> contract field): a header the mapping renames is read under its field.
    `condition`: the expression is a true/false test (a mapping's `records` rule), its result
    a boolean column instead of text."""
    renames = renames or {}
    names: dict[str, str] = {}

    def placeholder(match: re.Match[str]) -> str:
        key = f"_c{len(names)}"
        names[key] = match.group(1).strip()
        return key

    source = _BACKTICK.sub(placeholder, text.strip())
    for name in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", source):
        header = names.get(name, name)
        names[name] = renames.get(header, header)
    used: list[str] = []
    try:
        tree = ast.parse(source, mode="eval")
        expr = (_condition if condition else _compile)(tree.body, names, used)
    except SyntaxError as exc:
        raise ExpressionError(
            f"derived {field} = {text!r}: not an expression ({exc.msg})"
        ) from None
    except ExpressionError as exc:
        raise ExpressionError(f"derived {field} = {text!r}: {exc}") from None
    typed = expr.fill_null(False) if condition else expr.cast(pl.String)
    return Derived(field, text, tuple(dict.fromkeys(used)), typed.alias(field))
