"""The syntax tree: ``ast.parse`` of the token source, then a whitelist and size walk.

The tree is never compiled. Every node must be of a whitelisted type (numbers,
names, arithmetic, calls of names, lists, tuples, sets, comparisons); the walk
counts nodes and depth (a long sum or product counts as one level) before any
sympy object exists.
"""

import ast

from ..errors import ParseError

_REFUSED = {
    ast.Attribute: "attribute access is not allowed", ast.Subscript: "indexing with [...] is not allowed",
    ast.Lambda: "'lambda' functions are not allowed", ast.IfExp: "conditional expressions are not allowed",
    ast.BoolOp: "'and'/'or' are not allowed", ast.Starred: "'*' unpacking is not allowed",
    ast.NamedExpr: "':=' is not allowed", ast.Dict: "dictionaries are not allowed",
    ast.ListComp: "comprehensions are not allowed", ast.SetComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed", ast.DictComp: "comprehensions are not allowed",
    ast.JoinedStr: "strings are not allowed", ast.Slice: "slices are not allowed",
}
_ALLOWED = (ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Call, ast.List, ast.Tuple, ast.Set,
            ast.Compare)
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
SUM_OPS = (ast.Add, ast.Sub)
PRODUCT_OPS = (ast.Mult, ast.Div)
_OP_SYMBOLS = {ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
               ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.Not: "not", ast.Invert: "~"}


def _same_chain(parent, child):
    """True when ``child`` is flattened into ``parent`` (long sums/products, sign runs)."""
    if isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp) and child is parent.left:
        return (isinstance(parent.op, SUM_OPS) and isinstance(child.op, SUM_OPS)) or (
            isinstance(parent.op, PRODUCT_OPS) and isinstance(child.op, PRODUCT_OPS))
    return isinstance(parent, ast.UnaryOp) and isinstance(child, ast.UnaryOp)


def parse_tree(source, posmap, limits):
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        offset = (exc.offset or 1) - 1
        col = posmap[min(max(offset, 0), len(posmap) - 1)]
        raise ParseError(f"invalid syntax at column {col}", col) from None
    except (RecursionError, MemoryError):
        raise ParseError("formula is too long or too deeply nested to parse") from None
    body = tree.body
    count = 0
    stack = [(body, 1)]
    while stack:
        node, depth = stack.pop()
        col = posmap[min(getattr(node, "col_offset", 0), len(posmap) - 1)]
        if not isinstance(node, _ALLOWED) and not (isinstance(node, ast.Dict) and not node.keys
                                                   and node is body):
            message = _REFUSED.get(type(node), f"{type(node).__name__} is not allowed")
            raise ParseError(f"{message} (column {col})", col)
        count += 1
        if count > limits.max_nodes:
            raise ParseError(f"formula is too large (more than {limits.max_nodes} parts)")
        if depth > limits.max_depth:
            raise ParseError(f"formula is nested deeper than {limits.max_depth} levels at column {col}", col)
        _check_node(node, col)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                stack.append((child, depth if _same_chain(node, child) else depth + 1))
            elif isinstance(child, ast.keyword):
                raise ParseError(f"keyword arguments are not allowed (column {col})", col)
    return body


def _check_node(node, col):
    if isinstance(node, ast.BinOp) and type(node.op) not in _BINOPS:
        raise ParseError(f"operator '{_OP_SYMBOLS.get(type(node.op), '?')}' at column {col} is not supported", col)
    if isinstance(node, ast.UnaryOp) and not isinstance(node.op, (ast.USub, ast.UAdd)):
        raise ParseError(f"operator '{_OP_SYMBOLS.get(type(node.op), '?')}' at column {col} is not supported", col)
    if isinstance(node, ast.Constant) and type(node.value) not in (int, float) and node.value is not True:
        raise ParseError(f"only numbers are allowed as constants (column {col})", col)
    if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
        raise ParseError(f"only named functions can be called (column {col})", col)
