"""The graph as a rich tree and the backward frames, as text a learner reads."""

import io

import pytest
from rich.console import Console

from engine import Value
from lessons.steps import gradients
from tutor.explain import backward_frames
from tutor.expression import node_names
from tutor.render import MAX_TREE_NODES, AsciiStream, can_show, frame_text, graph_tree

from tutor_helpers import lecture_L, two_paths


def text_of(renderable, width=80) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def lines_of(renderable, width=80) -> list[str]:
    return [line.rstrip() for line in text_of(renderable, width).splitlines()]


def test_the_lecture_graph_as_a_tree():
    g = lecture_L()
    assert lines_of(graph_tree(g["L"])) == [
        "L = d*f   -8",
        "├── d = e+c   4",
        "│   ├── e = a*b   -6",
        "│   │   ├── a   2",
        "│   │   └── b   -3",
        "│   └── c   10",
        "└── f   -2",
    ]


def test_grads_are_shown_only_when_asked():
    g = lecture_L()
    g["L"].backward()
    assert "grad" not in text_of(graph_tree(g["L"]))
    lines = lines_of(graph_tree(g["L"], show_grads=True))
    assert lines[0] == "L = d*f   -8   grad 1"
    assert "│   │   ├── a   2   grad 6" in lines
    assert "│   │   └── b   -3   grad -4" in lines
    assert "└── f   -2   grad 4" in lines


def test_grads_half_way_through_the_backward_pass():
    g = lecture_L()
    L = g["L"]
    known = {n: v for n, v in gradients(L).items() if n in (L, g["d"], g["f"])}
    lines = lines_of(graph_tree(L, grads=known))
    assert lines[0].endswith("grad 1")
    assert lines[1].endswith("grad -2")   # d
    assert lines[2].endswith("grad ?")    # e: not reached yet
    assert lines[-1].endswith("grad 4")   # f


def test_highlighted_nodes_are_marked():
    g = lecture_L()
    lines = lines_of(graph_tree(g["L"], highlight=[g["c"]]))
    assert "│   └── c   10  <-" in lines
    assert sum(line.endswith("<-") for line in lines) == 1


def test_the_current_node_of_the_backward_pass_is_marked_now():
    g = lecture_L()
    lines = lines_of(graph_tree(g["L"], current=g["e"], highlight=[g["a"]]))
    assert "│   ├── e = a*b   -6  <- now" in lines
    assert "│   │   ├── a   2  <-" in lines


def test_a_shared_node_is_shown_once_then_referenced():
    g = two_paths()
    lines = lines_of(graph_tree(g["f"]))
    assert lines == [
        "f = d*e   -6",
        "├── d = a*b   -6",
        "│   ├── a   -2",
        "│   └── b   3",
        "└── e = a+b   1",
        "    ├── a, see above",
        "    └── b, see above",
    ]


def test_a_times_a_shows_both_operands():
    a = Value(3.0, label="a")
    b = a * a
    b.label = "b"
    assert lines_of(graph_tree(b)) == ["b = a*a   9", "├── a   3", "└── a, see above"]


def balanced_sum(leaves):
    while len(leaves) > 1:
        leaves = [leaves[i] + leaves[i + 1] for i in range(0, len(leaves), 2)]
    return leaves[0]


def test_a_large_graph_is_cut_short_with_a_count_of_the_rest():
    out = balanced_sum([Value(float(i), label=f"w{i}") for i in range(64)])  # 127 nodes
    out.label = "out"
    lines = lines_of(graph_tree(out))
    assert len(lines) == 1 + MAX_TREE_NODES + 1
    assert lines[-1].endswith(f"... ({127 - 1 - MAX_TREE_NODES} more nodes)")


def test_the_count_of_the_rest_is_right_when_nodes_are_shared():
    x = Value(1.0, label="x")
    s = x * x
    for i in range(50):
        s = x + s        # x is referenced again and again: "x, see above"
    lines = lines_of(graph_tree(s, max_nodes=20), width=400)
    more = [line for line in lines if "more nodes" in line]
    assert len(more) == 1
    shown = len(lines) - len(more) - sum("see above" in line for line in lines)
    count = int(more[0].split("(")[1].split()[0])
    assert count == len(s.topological_order()) - shown
    assert count > 0
    # and with the default limit the count is never negative
    more = [line for line in lines_of(graph_tree(s), width=400) if "more nodes" in line]
    assert all(int(line.split("(")[1].split()[0]) > 0 for line in more)


def test_small_graphs_are_not_cut():
    g = lecture_L()
    assert "more nodes" not in text_of(graph_tree(g["L"], max_nodes=7))
    assert "... (1 more node" in text_of(graph_tree(g["L"], max_nodes=5))


def test_a_deep_chain_renders_without_recursion_trouble():
    x = Value(1.0, label="x")
    y = x
    for _ in range(3000):
        y = y + 1.0
    tree = graph_tree(y)
    assert "more nodes" in text_of(tree, width=2000)


@pytest.mark.parametrize("width", [80, 30])
def test_an_ascii_only_console_gets_ascii_guides(width):
    g = two_paths()
    g["f"].backward()
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert not can_show(out.encoding)
    console = Console(file=AsciiStream(out), width=width, legacy_windows=False, color_system=None)
    console.print(graph_tree(g["f"], highlight=[g["a"]], show_grads=True))
    names = node_names(g["f"])
    for frame in backward_frames(g["f"]):
        console.print(frame_text(frame, g["f"], names))
    out.flush()
    text = out.buffer.getvalue().decode("ascii")
    assert "+-- d = a*b" in text or width < 80
    assert "`-- " in text
    assert "a, see above" in text.replace("\n", " ") or width < 80
    assert "backward: a" in text
    assert "Dd/Da" in text and "De/Da" in text and "\u2202" not in text


def test_frame_text_shows_the_node_its_grad_and_the_arithmetic():
    g = lecture_L()
    L = g["L"]
    names = node_names(L)
    frames = {names[f.node]: f for f in backward_frames(L, gradients(L))}
    lines = lines_of(frame_text(frames["c"], L, names))
    assert lines[0] == "backward: c  grad = -2"
    assert lines[1:4] == ["dL/dc = dL/dd * ∂d/∂c", "      = (-2) * 1", "      = -2"]


def test_a_constant_s_frame_names_no_derivative_with_respect_to_a_number():
    """dL/d1 is no derivative anyone takes: the constant 1 of a*b + 1 is said to need
    no gradient, and the nodes around it keep their chain rule."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    L = a * b + 1
    L.label = "L"
    names = node_names(L)
    frames = {names[f.node]: f for f in backward_frames(L, gradients(L))}
    constant = lines_of(frame_text(frames["1"], L, names))
    assert constant[0] == "backward: 1  grad = 1"
    assert "the constant 1: no gradient needed" in constant[1]
    assert not any("d1" in line or "∂1" in line for line in constant)
    assert lines_of(frame_text(frames["a"], L, names))[1] == "dL/da = dL/d(a*b) * ∂(a*b)/∂a"
