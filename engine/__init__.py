"""A small scalar autograd engine, in the spirit of micrograd.

    >>> from engine import Value
    >>> a = Value(2.0); b = Value(-3.0)
    >>> c = a * b + 10; c.backward(); a.grad
    -3.0

Standard library only: it imports nothing from the tutor.
"""

from engine.value import Value

__all__ = ["Value"]
__version__ = "0.1.0"
