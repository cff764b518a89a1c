"""The reference answer, prepared once: its kind (scalar, vector, matrix, set, equation, named values),
its value, and the symbol table and domains every answer is read with.

A whole class is graded against one :class:`Reference`; :func:`prepare_reference`
parses or unpacks it (text, sympy objects, mappings, derivations) and decides
which symbols are integers (``k`` is the iteration counter) and where each
symbol lives.
"""

from dataclasses import dataclass, field

import sympy as sp

from ..assumptions import Domain, merge_domains
from ..errors import ParseError, SymoptError
from ..problem import domain_of_symbol, make_symbols
from ..values import to_sympy


@dataclass(frozen=True)
class Reference:
    """A reference answer prepared for checking: its kind, value and symbol table.

    ``kind`` is ``"scalar"``, ``"vector"``, ``"matrix"``, ``"set"``, ``"equation"``
    or ``"mapping"`` (named components such as ``x_k``, ``y_k``). Build it with
    :func:`prepare_reference`; :func:`check_answer` accepts it in place of the
    raw reference, which saves the parsing when a whole class is graded.
    """

    kind: str
    value: object
    symbols: dict = field(hash=False)
    domains: dict = field(hash=False)
    integers: frozenset = frozenset()
    shape: tuple = ()
    names: tuple = ()

    def describe(self):
        """A short description such as ``a 2-component vector``."""
        if self.kind == "scalar":
            return "a single expression"
        if self.kind == "vector":
            return f"a vector of {len(self.value)} components"
        if self.kind == "matrix":
            return f"a {self.shape[0]}x{self.shape[1]} matrix"
        if self.kind == "set":
            return f"a set of {len(self.value)} elements"
        if self.kind == "equation":
            return "an equation"
        return "named values " + ", ".join(self.names)


def prepare_reference(reference, variables=None, integer=(), assume=None):
    """Parse or unpack a reference once, with the symbol table answers will be parsed with.

    ``reference``: text (parsed by :mod:`symopt.parsing`), a sympy object
    (expression, Matrix, Tuple, FiniteSet, Eq), a list/tuple, a mapping
    ``{name or symbol: expression}``, a :class:`~symopt.derivation.Derivation`
    (its ``result``) or any object with a ``closed_form`` mapping. ``integer``:
    names of integer symbols (non-negative unless ``assume`` bounds them);
    a symbol named ``k`` is the iteration counter (integer, ``k >= 0``) unless
    ``assume`` says otherwise. ``assume``: text such as ``"0<b<=1"`` or a list of
    :class:`~symopt.assumptions.Domain`.

    Examples
    ========
    >>> import sympy as sp
    >>> k, b = sp.symbols('k b')
    >>> ref = prepare_reference(b*((b - 1)/(b + 1))**k, assume=[Domain('b', 0, True, 1, False)])
    >>> ref.kind, ref.symbols['k'].is_integer, ref.symbols['b'].is_positive
    ('scalar', True, True)
    """
    domains = _domains(assume)
    integer_names = _names(integer)
    variable_names = _names(variables)
    raw = _unwrap_reference(reference)
    if isinstance(raw, dict) and any(isinstance(v, str) for v in raw.values()):
        from ..parsing import parse_expression
        table, _ = _table(variable_names, integer_names, domains)
        try:
            raw = {key: parse_expression(v, symbols=table, max_exponent=None, real_domains=True)
                   if isinstance(v, str) else v for key, v in raw.items()}
        except ParseError as exc:
            raise ParseError(f"cannot read the reference: {exc}", exc.column) from None
    if isinstance(raw, str):
        from ..parsing import parse_object
        table, _ = _table(variable_names, integer_names, domains)
        try:
            raw = parse_object(raw, symbols=table, max_exponent=None, real_domains=True)
        except ParseError as exc:
            raise ParseError(f"cannot read the reference: {exc}", exc.column) from None
    found = {}
    for symbol in free_symbols(raw):
        found.setdefault(symbol.name, symbol)
    for name, symbol in found.items():
        if name not in domains and name not in integer_names:
            inferred = domain_of_symbol(symbol)
            if inferred is not None:
                domains[name] = inferred
            elif name == "k" and name not in variable_names:
                integer_names.append("k")
    table, domains = _table(variable_names + sorted(found), integer_names, domains)
    value = rebind(raw, table)
    # the full intervals (b <= 1 is not a sympy assumption) come from the domains, not the symbols
    domains = {name: domains.get(name) or domain_of_symbol(symbol) or Domain(name)
               for name, symbol in table.items()}
    kind, value, shape, names = classify(value)
    integers = frozenset(s for s in table.values() if s.is_integer)
    return Reference(kind, value, table, domains, integers, shape, names)


def _domains(assume):
    if assume is None or assume == "":
        return {}
    if isinstance(assume, str):
        from ..parsing import looks_like_latex, parse_latex_assumptions
        from ..parsing import parse_assumptions
        assume = parse_latex_assumptions(assume) if looks_like_latex(assume) else parse_assumptions(assume)
    if isinstance(assume, Domain):
        assume = [assume]
    return dict(merge_domains(list(assume)))


def _names(names):
    if names is None:
        return []
    if isinstance(names, str):
        return [n.strip() for n in names.replace(";", ",").replace(" ", ",").split(",") if n.strip()]
    return [n if isinstance(n, str) else n.name for n in names]


def _table(names, integer_names, domains):
    domains = dict(domains)
    for name in integer_names:
        domain = domains.get(name)
        if domain is None:
            domains[name] = Domain(name, lower=0, integer=True)
        elif not domain.integer:
            lower = domain.lower if domain.lower is not None else 0
            domains[name] = Domain(name, lower, domain.lower_open if domain.lower is not None else False,
                                   domain.upper, domain.upper_open, True)
    return make_symbols(names, domains.values()), domains


def _unwrap_reference(reference):
    from ..derivation import Derivation
    if isinstance(reference, Reference):
        return reference
    if isinstance(reference, Derivation):
        if reference.result is None:
            raise SymoptError(f"the derivation '{reference.title}' has no result to check against")
        return reference.result
    closed_form = getattr(reference, "closed_form", None)
    if closed_form is not None and hasattr(closed_form, "items"):
        return dict(closed_form)
    return reference


def free_symbols(value):
    """The symbols of a reference or answer value (an expression, a container of them, or a mapping)."""
    if isinstance(value, dict):
        out = set()
        for v in value.values():
            out |= free_symbols(v)
        return out
    if isinstance(value, (list, tuple)):
        out = set()
        for v in value:
            out |= free_symbols(v)
        return out
    if isinstance(value, (sp.Basic, sp.MatrixBase)):
        return {s for s in value.free_symbols if isinstance(s, sp.Symbol)}
    if isinstance(value, (int, float)):
        return set()
    raise SymoptError(f"cannot check against a {type(value).__name__}; give text or a sympy object")


def rebind(value, table):
    """Replace every symbol by the table's symbol of the same name (new names become real symbols)."""
    if isinstance(value, dict):
        return {key: rebind(v, table) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(rebind(v, table) for v in value)
    if isinstance(value, (int, float)):
        return to_sympy(value)
    if isinstance(value, sp.MatrixBase):
        value = sp.ImmutableMatrix(value)
    if not isinstance(value, sp.Basic):
        return value
    mapping = {}
    for symbol in value.free_symbols:
        if isinstance(symbol, sp.Symbol):
            if symbol.name not in table:
                table[symbol.name] = sp.Symbol(symbol.name, real=True)
            if table[symbol.name] != symbol:
                mapping[symbol] = table[symbol.name]
    return value.xreplace(mapping) if mapping else value


def classify(value):
    """``(kind, value, shape, names)`` of a reference or an answer."""
    if isinstance(value, dict):
        names = tuple(key if isinstance(key, str) else str(key) for key in value)
        return "mapping", tuple(_scalar(v) for v in value.values()), (len(value),), names
    if isinstance(value, sp.MatrixBase):
        rows, cols = value.shape
        if rows == 1 or cols == 1:
            return "vector", tuple(value), (len(value),), ()
        return "matrix", tuple(value), (rows, cols), ()
    if isinstance(value, sp.FiniteSet) or isinstance(value, (set, frozenset)):
        return "set", tuple(_element(e) for e in value), (len(value),), ()
    if isinstance(value, sp.Equality):
        return "equation", (value.lhs, value.rhs), (), ()
    if isinstance(value, (sp.Tuple, list, tuple)):
        items = list(value)
        if items and all(isinstance(i, sp.Equality) for i in items):
            names = tuple(str(i.lhs) for i in items)
            return "mapping", tuple(i.rhs for i in items), (len(items),), names
        return "vector", tuple(_scalar(i) for i in items), (len(items),), ()
    if isinstance(value, sp.Expr):
        return "scalar", value, (), ()
    if isinstance(value, sp.Set):
        raise SymoptError(f"sets other than finite sets are not supported (got {value})")
    raise SymoptError(f"cannot compare a {type(value).__name__}")


def _scalar(value):
    value = to_sympy(value) if isinstance(value, (int, float)) else value
    if not isinstance(value, sp.Expr):
        raise SymoptError(f"expected an expression, got {value}")
    return value


def _element(value):
    if isinstance(value, (sp.Tuple, tuple, list)):
        return tuple(_scalar(v) for v in value)
    if isinstance(value, sp.MatrixBase):
        return tuple(value)
    return _scalar(value)
