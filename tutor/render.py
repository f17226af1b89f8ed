"""Rich renderables for lesson content: the graph as a tree, the backward frames.

Shared by the full-screen app and line mode.  Plain ASCII where the console
cannot show box characters (rich switches its tree guides by itself).

    L = d*f   -8   grad 1
    ├── d = e+c   4   grad -2
    │   ├── e = a*b   -6   grad -2
    │   │   ├── a   2   grad 6
    │   │   └── b   -3   grad -4
    │   └── c   10   grad -2
    └── f   -2   grad 4
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from engine import Value
from tutor.explain import PARTIAL, Frame, ascii_math, chain_rule_lines
from tutor.expression import definition, fmt, is_constant, node_names

__all__ = ["graph_tree", "frame_text", "MAX_TREE_NODES", "AsciiStream", "can_show"]

MAX_TREE_NODES = 60
HIGHLIGHT = "bold reverse"


def graph_tree(root: Value, *, highlight=(), grads: dict | None = None,
               show_grads: bool = False, names: dict | None = None,
               current: Value | None = None, hidden=(), notes: dict | None = None,
               max_nodes: int = MAX_TREE_NODES) -> Tree:
    """The expression graph, output at the top, each node's children below it.

    ``show_grads``: print every node's ``.grad``.  ``grads``: print only these
    (a backward pass half-way; the others show "grad ?").  A node that appears
    a second time is printed once and referenced after that ("a, see above").
    ``current`` is the node the backward pass is at.  ``hidden`` nodes show
    "?" for their value (a question about it is coming).  ``notes``: node -> text
    added after its numbers (a learner's own grad, a nudge's change).
    """
    names = names or node_names(root)
    marked = set(highlight)
    hidden_set = set(hidden)
    seen: set[Value] = set()
    shown = 0

    def label(node: Value) -> Text:
        name = names[node]
        text = Text()
        text.append(name, style="bold")
        expr = definition(node, names)
        if expr:
            text.append(f" = {expr}", style="dim")
        text.append("   ?" if node in hidden_set else f"   {fmt(node.data)}")
        if grads is not None:
            if node in grads:
                text.append(f"   grad {fmt(grads[node])}", style="green")
            else:
                text.append("   grad ?", style="dim")
        elif show_grads:
            text.append(f"   grad {fmt(node.grad)}", style="green")
        if notes and node in notes:
            text.append_text(Text(notes[node]) if isinstance(notes[node], str) else notes[node])
        if node is current:
            text.stylize("bold reverse")
            text.append("  <- now")
        elif node in marked:
            text.stylize(HIGHLIGHT)
            text.append("  <-")
        return text

    tree = Tree(label(root), guide_style="dim")
    seen.add(root)
    # Depth first, children in operand order; iterative so deep graphs are fine.
    pending = [(tree, child) for child in reversed(root._prev)]
    while pending:
        parent_tree, node = pending.pop()
        if node in seen:
            parent_tree.add(Text.assemble((names[node], "bold"), (", see above", "dim")))
            continue
        if shown >= max_nodes:
            parent_tree.add(Text(f"... ({_count(root) - len(seen)} more nodes)", style="dim"))
            break
        shown += 1
        seen.add(node)
        branch = parent_tree.add(label(node))
        pending.extend((branch, child) for child in reversed(node._prev))
    return tree


def _count(root: Value) -> int:
    return len(root.topological_order())


def frame_text(frame: Frame, root: Value, names: dict) -> Group:
    """One backward-pass frame: which node, and its chain-rule arithmetic.

    A constant (an unnamed number such as the 1 in a*b + 1) is no variable to
    differentiate with respect to: its frame says so instead of a "dL/d1"."""
    node = frame.node
    if is_constant(node) and node is not root:
        lines = [f"the constant {names[node]}: no gradient needed (nothing can nudge it; "
                 f"backward() still stores {fmt(frame.grad)} in its .grad)"]
    else:
        lines = chain_rule_lines(frame, root, names)
    head = Text.assemble(("backward: ", "dim"), (names[frame.node], "bold"),
                         (f"  grad = {fmt(frame.grad)}", "green"))
    return Group(head, *(Text(line) for line in lines))


def can_show(encoding: str | None, sample: str = PARTIAL + "\u00b2\u0177") -> bool:
    """Whether text in this encoding can carry the course's symbols (∂, ², ŷ)."""
    try:
        sample.encode(encoding or "ascii")
        return True
    except (UnicodeEncodeError, LookupError):
        return False


class AsciiStream:
    """A text stream for a terminal that only takes ASCII: the course's symbols are
    spelled out (∂ as D, ² as ^2, ŷ as y^; ``explain.ascii_math``) and anything else
    becomes '?'.  Its ``encoding`` says ascii, so rich draws ASCII tree guides too."""

    encoding = "ascii"

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(ascii_math(text).encode("ascii", "replace").decode("ascii"))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()
