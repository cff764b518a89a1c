"""The shape of symopt.parsing: no eval in any of its modules, lazy names, and no import cycle."""

import ast
import re
from pathlib import Path

import symopt.parsing

PACKAGE = Path(symopt.parsing.__file__).resolve().parent
SYMOPT = PACKAGE.parent


def test_no_module_of_the_package_calls_eval():
    for path in sorted(PACKAGE.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(eval|exec|sympify|parse_expr)\s*\(", source), path.name
        assert not re.search(r"(?<![.\w])compile\s*\(", source), path.name


def test_every_public_name_resolves():
    for name in symopt.parsing.__all__:
        assert getattr(symopt.parsing, name) is not None, name
    assert set(symopt.parsing.__all__) <= set(dir(symopt.parsing))


def _module_name(path):
    parts = path.relative_to(SYMOPT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path):
    """Modules ``path`` imports anywhere (function-level too); a name taken from the package's
    lazy ``__init__`` counts as an import of the module that defines it."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        if not isinstance(node, ast.ImportFrom):
            continue
        base = package
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        target = f"{base}.{node.module}" if node.level and node.module else (base if node.level else node.module)
        for alias in node.names:
            if target == "symopt.parsing" and alias.name in symopt.parsing._HOMES:
                found.add(f"symopt.parsing.{symopt.parsing._HOMES[alias.name]}")
            elif f"{target}.{alias.name}" in _MODULES:
                found.add(f"{target}.{alias.name}")
            else:
                found.add(target)
    return found & set(_MODULES)


_MODULES = {_module_name(p): p for p in [*PACKAGE.glob("*.py"), SYMOPT / "assumptions.py", SYMOPT / "values.py"]}


def test_parsing_assumptions_and_values_import_no_cycle():
    graph = {module: _imports(path) - {module} for module, path in _MODULES.items()}
    assert graph["symopt.parsing"] == set()   # the package's __init__ loads nothing until a name is used
    done, path = set(), []

    def visit(module):
        assert module not in path, " -> ".join(path[path.index(module):] + [module])
        if module in done:
            return
        path.append(module)
        for target in sorted(graph[module]):
            visit(target)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)


def test_assignments_read_sweeps_only_when_asked():
    """``derive --set b=[...]`` and ``run --set`` share one grammar; a list is a sweep only with lists=True."""
    import pytest
    import sympy as sp
    from symopt.errors import ParseError
    from symopt.parsing import parse_assignments
    assert parse_assignments("b=[1/2, 1]; c=Max(1, 2)", lists=True) == {"b": (sp.Rational(1, 2), 1), "c": 2}
    assert parse_assignments("b=[0.5]", lists=True) == {"b": (sp.Float(0.5),)}
    for text, lists in (("b=[1, 2]", False), ("b=[[1, 2], [3, 4]]", True), ("b=1, b=2", True), ("b=", True)):
        with pytest.raises(ParseError):
            parse_assignments(text, lists=lists)
