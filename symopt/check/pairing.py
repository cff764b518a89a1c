"""Pairing the components of an answer with the reference's: entries of vectors and matrices,
named values (``x_k = ..., y_k = ...``), the two sides of an equation, the elements of a set.

An answer whose shape cannot match the reference's gets a "structure" Verdict
that says what each one is.
"""

import sympy as sp

from ..errors import SymoptError
from .reference import free_symbols
from .verdict import Verdict


def component_pairs(ref, answer):
    """``[(label, reference_expr, answer_expr)]`` and the comparison mode, or a structural Verdict."""
    kind, value, shape, names = answer
    if ref.kind != "equation" and kind == "equation":
        lhs, rhs = value
        if isinstance(lhs, sp.Symbol) and lhs not in free_symbols(ref.value):
            if ref.kind == "mapping":
                kind, value, shape, names = "mapping", (rhs,), (1,), (lhs.name,)
            else:
                kind, value, shape = "scalar", rhs, ()
    if ref.kind == "scalar":
        if kind in ("vector", "matrix") and len(value) == 1:
            kind, value = "scalar", value[0]
        if kind == "mapping" and len(value) == 1:
            kind, value = "scalar", value[0]
        if kind != "scalar":
            return mismatch(ref, kind, value, shape)
        return [(None, ref.value, value)]
    if ref.kind in ("vector", "matrix"):
        if kind == "mapping":
            kind = "vector"
        if kind not in ("vector", "matrix") or len(value) != len(ref.value) or (
                ref.kind == "matrix" and tuple(shape) != tuple(ref.shape)):
            return mismatch(ref, kind, value, shape)
        labels = [_entry_label(ref, i) for i in range(len(ref.value))]
        return list(zip(labels, ref.value, value))
    if ref.kind == "mapping":
        if kind == "mapping":
            wanted = {_bare(n): i for i, n in enumerate(ref.names)}
            pairs = []
            for name, expr in zip(names, value):
                if _bare(name) not in wanted:
                    return Verdict(False, "structure", f"the reference has no component called {name} "
                                   f"(it has {', '.join(ref.names)})")
                i = wanted[_bare(name)]
                pairs.append((str(ref.names[i]), ref.value[i], expr))
            return pairs
        if kind == "scalar" and len(ref.value) == 1:
            return [(str(ref.names[0]), ref.value[0], value)]
        if kind in ("vector", "matrix") and len(value) == len(ref.value):
            return [(str(n), r, a) for n, r, a in zip(ref.names, ref.value, value)]
        return mismatch(ref, kind, value, shape)
    if ref.kind == "equation":
        if kind == "equation":
            (rl, rr), (al, ar) = ref.value, value
            if isinstance(rl, sp.Symbol) and rl == al and rl not in rr.free_symbols | ar.free_symbols:
                return [(rl.name, rr, ar)]
            return [(None, rl - rr, al - ar)]
        if kind == "scalar":
            (rl, rr) = ref.value
            if isinstance(rl, sp.Symbol) and rl not in rr.free_symbols:
                return [(rl.name, rr, value)]
            return [(None, rl - rr, value)]
        return mismatch(ref, kind, value, shape)
    raise SymoptError(f"unknown reference kind {ref.kind}")


def set_elements(ref, parsed):
    """``(reference elements, answer elements)`` as tuples of coordinates, or a structural Verdict."""
    kind, value, shape, names = parsed
    if kind == "scalar":
        value = (value,)
    elif kind == "vector" and value and not any(isinstance(v, tuple) for v in ref.value):
        value = tuple(value)
    elif kind == "vector":
        value = (tuple(value),)
    elif kind != "set":
        return mismatch(ref, kind, value, shape)
    answer = tuple(e if isinstance(e, tuple) else (e,) for e in value)
    reference = tuple(e if isinstance(e, tuple) else (e,) for e in ref.value)
    arity = {len(e) for e in reference}
    if any(len(e) not in arity for e in answer):
        return Verdict(False, "structure", f"the elements of the reference have {min(arity)} "
                       f"coordinates, some of yours have {max(len(e) for e in answer)}")
    return reference, answer


def _bare(name):
    name = str(name)
    for suffix in ("_{k}", "_k", "(k)"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _entry_label(ref, i):
    if ref.kind == "matrix":
        return f"entry ({i // ref.shape[1] + 1}, {i % ref.shape[1] + 1})"
    return f"component {i + 1}"


def mismatch(ref, kind, value, shape):
    """A "structure" Verdict naming what the reference is and what the answer is."""
    what = {"scalar": "a single expression", "equation": "an equation",
            "set": f"a set of {len(value) if isinstance(value, tuple) else '?'} elements",
            "mapping": f"{len(value)} named values" if isinstance(value, tuple) else "named values",
            "vector": f"a vector of {len(value)} components" if isinstance(value, tuple) else "a vector",
            "matrix": f"a {shape[0]}x{shape[1]} matrix" if len(shape) == 2 else "a matrix"}.get(kind, kind)
    return Verdict(False, "structure", f"the reference is {ref.describe()}, your answer is {what}")
