"""The student's answer, read with the reference's symbol table: untrusted text becomes
``(kind, value, shape, names)``, or a Verdict saying why it cannot be read.
"""

from ..errors import ParseError, SymoptError
from .reference import classify, rebind
from .verdict import Verdict


def parse_answer(answer, ref):
    """The answer as (kind, value, shape, names), or a Verdict when it cannot be read."""
    table = dict(ref.symbols)
    if isinstance(answer, str):
        from .. import parsing
        try:
            value = parsing.parse_object(answer, symbols=table, max_exponent=None, real_domains=True)
        except ParseError as exc:
            # "x_k = ..., y_k = ..." is not one object but a list of assignments
            if "=" not in answer or ref.kind in ("scalar", "equation", "set"):
                return unreadable(exc)
            try:
                value = parsing.parse_assignments(answer, symbols=table, max_exponent=None, real_domains=True)
            except (SymoptError, RecursionError, MemoryError, ValueError, TypeError):
                return unreadable(exc)
        except SymoptError as exc:
            return unreadable(exc)
        except (RecursionError, MemoryError, OverflowError, ValueError, TypeError) as exc:
            return unreadable(f"{type(exc).__name__}")
    else:
        value = answer
    try:
        value = rebind(value, table)
        return classify(value)
    except SymoptError as exc:
        return unreadable(exc)


def unreadable(reason):
    """The Verdict on an answer that cannot be read, with the reason on one line."""
    text = " ".join(str(reason).split()) or "unreadable"
    return Verdict(None, "parse", f"could not read your answer: {text}")
