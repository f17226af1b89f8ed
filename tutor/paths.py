"""The paths from a node up to the output: each a chain of edges, the product of their local
derivatives one path's share of the gradient (the chain rule, read from the engine's numbers)."""

from __future__ import annotations

from dataclasses import dataclass

from engine import Value

__all__ = ["Edge", "Path", "paths_between", "MAX_PATHS"]

MAX_PATHS = 8          # more paths than this: only the one-step mistakes are looked for


@dataclass(frozen=True)
class Edge:
    parent: Value
    index: int          # which of the parent's children
    child: Value

    @property
    def local(self) -> float:
        return self.parent.local_grads()[self.index]


@dataclass(frozen=True)
class Path:
    """One way from the output down to a node: edges from the top."""

    edges: tuple[Edge, ...]

    def product(self, replace: dict | None = None) -> float:
        result = 1.0
        for e in self.edges:
            factor = replace.get(e, e.local) if replace else e.local
            result = _times(result, factor)
        return result

    def nodes(self) -> list[Value]:
        return [e.child for e in self.edges[:-1]]  # the nodes in between


def _times(x: float, y: float) -> float:
    return 0.0 if x == 0 or y == 0 else x * y     # 0 * inf is 0 here, as in backward


def paths_between(out: Value, wrt: Value, limit: int = MAX_PATHS) -> list[Path] | None:
    """Every path from out down to wrt, or None when there are more than ``limit``."""
    parents: dict[Value, list[Edge]] = {}
    for node in out.topological_order():
        for i, child in enumerate(node._prev):
            parents.setdefault(child, []).append(Edge(node, i, child))
    found: list[Path] = []
    stack: list[tuple[Value, tuple[Edge, ...]]] = [(wrt, ())]
    while stack:                      # upwards from wrt, so only paths that reach out
        node, below = stack.pop()
        if node is out:
            found.append(Path(below))
            if len(found) > limit:
                return None
            continue
        for edge in parents.get(node, ()):
            stack.append((edge.parent, (edge,) + below))
    return found
