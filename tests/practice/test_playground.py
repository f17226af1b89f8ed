"""The playground without a screen: lines, predictions, the backward pass, nudges."""

import math

import pytest

from tutor.practice.playground import MAX_PUSH, Playground, playground_tree
from tutor_helpers import FakeLesson  # noqa: F401  (tests share the helpers' path)


def typed(*lines) -> Playground:
    pg = Playground()
    for line in lines:
        reply = pg.command(line)
        assert reply.ok, reply.message
    return pg


def plain(renderable) -> str:
    from io import StringIO

    from rich.console import Console

    console = Console(file=StringIO(), width=120, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_lines_build_the_graph_of_the_last_one_with_the_learner_s_names():
    pg = typed("a = 2", "b = -3", "L = (a*b + 1).tanh()")
    assert pg.root.label == "L" and math.isclose(pg.root.data, math.tanh(-5))
    assert pg.leaves() == ["a", "b"]
    assert "L = tanh(a*b+1)" in plain(playground_tree(pg))


def test_a_prediction_is_checked_against_the_engine_with_the_course_diagnosis():
    pg = typed("a = 2", "b = -3", "e = a*b", "c = 10", "d = e + c", "f = -2", "L = d*f")
    right = pg.command("predict a 6")
    assert right.ok and right.message == "Right: dL/da = 6."
    wrong = pg.command("predict a -6")
    assert not wrong.ok and "Sign flipped" in wrong.message
    assert "= 6" not in wrong.message                  # the answer is not given away
    assert pg.predictions == {"a": (-6.0, False)}
    assert "you: -6 (not yet)" in plain(playground_tree(pg))


def test_reveal_shows_every_grad():
    pg = typed("a = 2", "b = -3", "L = a*b")
    assert pg.command("reveal").kind == "reveal"
    text = plain(playground_tree(pg))
    assert "a   2   grad -3" in text and "b   -3   grad 2" in text


def test_a_nudge_moves_every_node_next_to_what_the_gradients_predict():
    pg = typed("a = 2", "b = -3", "e = a*b", "L = e + 1")
    reply = pg.command("nudge a 0.01")
    assert reply.kind == "nudge" and "L moved by -0.03" in reply.message
    changes = {node.label or node._op: c for node, c in pg.changes().items()}
    assert math.isclose(changes["L"][0], -0.03) and math.isclose(changes["L"][1], -0.03)
    assert math.isclose(changes["a"][0], 0.01)
    assert changes["b"] == (0.0, 0.0)
    assert "moved -0.03, predicted -0.03" in plain(playground_tree(pg))
    pg.command("nudge a 0.01")                       # pushes add up
    assert math.isclose(pg.pushes["a"], 0.02)
    pg.command("reset")
    assert pg.pushes == {} and pg.changes() == {}


def test_a_large_push_on_a_curve_drifts_from_the_prediction():
    pg = typed("x = 1", "y = x**2")
    pg.command("nudge x 1")
    moved, predicted = pg.changes()[pg.nudged_root()]
    assert moved == 3.0 and predicted == 2.0          # (1+1)**2 - 1 against 2 * 1


@pytest.mark.parametrize("command,message", [
    ("nudge L 0.1", "Only a leaf you gave a number can be nudged"),
    ("nudge a lots", "not a number"),
    (f"nudge a {MAX_PUSH * 2}", "within"),
    ("predict zz 1", "There is no node 'zz'"),
    ("predict a many", "not a number"),
    ("a = 5", "already assigned"),
    ("x = a.grad", "is not allowed"),
    ("x = __import__('os')", "not allowed"),
    ("x = a ** 1e9", "too large"),
    ("nudge", "Type nudge like this"),
])
def test_mistakes_get_a_message_and_change_nothing(command, message):
    pg = typed("a = 2", "L = a*a")
    before = (list(pg.lines), dict(pg.pushes))
    reply = pg.command(command)
    assert not reply.ok and message in reply.message
    assert (list(pg.lines), dict(pg.pushes)) == before


def test_a_ten_thousand_node_expression_gets_a_message_not_a_hang():
    pg = typed("a = 1")
    reply = pg.command("b = " + "+".join(["a"] * 10_000))
    assert not reply.ok and "characters long" in reply.message
    replies = [pg.command(f"v{k} = a*a*a*a") for k in range(25)]   # nor can many small lines
    assert not replies[-1].ok and "operations" in replies[-1].message
    assert len(pg.lines) == 21


def test_a_nudge_that_breaks_the_math_is_refused():
    pg = typed("a = 1", "L = a.log()")
    reply = pg.command("nudge a -2")
    assert not reply.ok and "log" in reply.message and pg.pushes == {}


def test_undo_and_clear():
    pg = typed("a = 2", "b = a*3")
    assert pg.command("undo").kind == "undo" and pg.root.label == "a"
    assert pg.command("clear").kind == "clear" and pg.root is None
    assert not pg.command("undo").ok
    assert "no graph yet" in plain(playground_tree(pg))


@pytest.mark.parametrize("lines,name", [
    (["d = x + 1"], "x"),                        # a name not defined yet
    (["e = 1e308*10"], "e"),                     # a value too large, on the line e
    (["f = (0-1).log()"], "f"),                  # outside log's domain, on the line f
    (["a = 2", "a = 3"], "a"),                   # assigned twice
    (["a = 2", "c = a"], "c"),                   # only another name for a node
])
def test_an_error_never_changes_the_case_of_a_learner_s_name(lines, name):
    """Python names are case-sensitive: 'X is not defined' names another variable."""
    import re

    pg = Playground()
    replies = [pg.command(line) for line in lines]
    reply = replies[-1]
    assert not reply.ok
    assert re.search(rf"\b{name}\b", reply.message), reply.message
    assert not re.search(rf"\b{name.upper()}\b", reply.message), reply.message


def test_a_nudge_that_breaks_a_line_names_it_as_typed():
    pg = typed("a = 1", "L = a.log()")
    reply = pg.command("nudge a -2")
    assert reply.message.startswith("Not that far: on the line L = a.log(): log ")


def test_after_nudging_two_leaves_the_message_names_every_push_behind_the_move():
    pg = typed("a = 2", "b = -3", "L = a*b + 1")
    assert pg.command("nudge a 0.01").message.startswith("a pushed by +0.01 in all: L moved")
    reply = pg.command("nudge b 0.01")
    # L moved by both pushes: the message must not credit b alone with it
    assert "b pushed" not in reply.message
    assert reply.message.startswith("All nudges so far: a +0.01, b +0.01. Together, L moved "
                                    "by -0.0099")


def test_a_reveal_after_a_nudge_says_it_shows_the_graph_without_the_nudges():
    pg = typed("a = 2", "b = -3", "L = a*b + 1")
    assert "nudge" not in pg.command("reveal").message
    pg.command("nudge a 0.01")
    assert "without your nudges (a +0.01" in pg.command("reveal").message


def test_a_wrong_prediction_reads_wrong_once_revealed_not_not_yet():
    pg = typed("a = 2", "b = -3", "L = a*b")
    pg.command("predict a 2")                           # dL/da = -3
    assert "you: 2 (not yet)" in plain(playground_tree(pg))
    pg.command("reveal")
    text = plain(playground_tree(pg))
    assert "you: 2 (wrong)" in text and "not yet" not in text
