"""Names a package loads on first use (PEP 562), so that importing the package stays cheap.

A package lists where each public name lives, ``{name: submodule}``, and takes its
module-level ``__getattr__`` and ``__dir__`` from :func:`lazy_names`; ``from package
import name`` then imports that name's submodule only (and sympy only if it needs it).

>>> namespace = {}
>>> getattr_, dir_ = lazy_names("symopt", namespace, {"SymoptError": "errors"})
>>> getattr_("SymoptError").__name__, sorted(namespace), dir_()
('SymoptError', ['SymoptError'], ['SymoptError'])
"""

import importlib


def lazy_names(package, namespace, homes):
    """``(__getattr__, __dir__)`` for ``package`` (its ``__name__``), whose globals are ``namespace``.

    ``homes`` maps each public name to the submodule that defines it; a name is looked up
    once, then kept in ``namespace`` so that the next lookup is an ordinary attribute.
    """
    def __getattr__(name):
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value
        return value

    def __dir__():
        return sorted(set(namespace) | set(homes))

    return __getattr__, __dir__
