"""What a tree shows is what the code says: one renderer, held against the code (issue 16).

Every drawing is read back as Python (``expression_check``) and compared with the
program, the drill or the build-track step that made the graph: for random programs
(hypothesis), for thousands of drills from the practice generators, for the
worksheets and for the build track's random cases.
"""

from __future__ import annotations

import io
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from engine import Value
from expression_check import (bare_negative_operands, build_step_tree, code_tree,
                              doubled_brackets, drawn_tree, expanded_names,
                              redundant_brackets)
from lessons.practice.program import (METHODS, BinOp, Call, Line, Name, Neg, Num, Program,
                                      ProgramError)
from lessons.practice.skills import SKILLS, make_problem
from lessons.practice.worksheets import worksheet_problem
from tutor.buildtrack.cases import BINARY_OPS, lecture, random_exprs
from tutor.expression import SHORT_NAME, expression, forward_line, node_names
from tutor.render import graph_tree


def drawn_lines(program: Program, values: dict[str, Value]):
    """(line, its node's drawing) for every line that is an operation in the graph."""
    for line in program.lines:
        node = values[line.name]
        if node._prev:
            yield line, expression(node, expanded_names(node))


def assert_says_what_the_code_says(program: Program, values: dict[str, Value]):
    for line, drawing in drawn_lines(program, values):
        where = f"{line.name} = {program.source().splitlines()[program.names().index(line.name)]}"
        assert drawn_tree(drawing) == code_tree(line.expr), f"{where} is drawn {drawing}"
        assert not redundant_brackets(drawing), f"{where} is drawn {drawing}"
        assert not doubled_brackets(drawing), f"{where} is drawn {drawing}"
        assert not bare_negative_operands(drawing), f"{where} is drawn {drawing}"
    root = values[program.output]
    expanded, names = expanded_names(root), node_names(root)
    for node in root.topological_order():     # the names on screen: the same, or "[...]"
        if node._prev and not node.label:
            written = expression(node, names)
            assert names[node] == written or (len(written) > SHORT_NAME
                                              and names[node].startswith("["))
            assert names[node] == expanded[node] or len(expanded[node]) > SHORT_NAME
        assert not doubled_brackets(forward_line(node, names))


def tree_text(root: Value) -> str:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(graph_tree(root))
    return out.getvalue()


# --- random programs ------------------------------------------------------------------

NUMBERS = (-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0)   # -1 and 0: no guessing
LINE_NAMES = ("a", "b", "c", "d", "e", "f", "g")


EXPRESSIONS = st.recursive(      # names are a..g here, then mapped onto the lines above
    st.one_of(st.sampled_from(LINE_NAMES).map(Name), st.sampled_from(NUMBERS).map(Num)),
    lambda inner: st.one_of(
        st.builds(Neg, inner),
        st.builds(BinOp, st.sampled_from(("+", "-", "*", "/")), inner, inner),
        st.builds(lambda x, k: BinOp("**", x, Num(k)), inner, st.sampled_from((2.0, 3.0, -1.0))),
        st.builds(Call, st.sampled_from(METHODS), inner)),
    max_leaves=7)


def _onto(e, defined: list[str]):
    """The expression with each name replaced by one of the lines defined so far."""
    if isinstance(e, Name):
        return Name(defined[LINE_NAMES.index(e.id) % len(defined)])
    if isinstance(e, Neg):
        return Neg(_onto(e.operand, defined))
    if isinstance(e, Call):
        return Call(e.method, _onto(e.operand, defined))
    if isinstance(e, BinOp):
        return BinOp(e.op, _onto(e.left, defined), _onto(e.right, defined))
    return e


@st.composite
def programs(draw):
    leaves = draw(st.integers(1, 3))
    lines = [Line(name, Num(draw(st.sampled_from(NUMBERS)))) for name in LINE_NAMES[:leaves]]
    for name in LINE_NAMES[leaves:leaves + draw(st.integers(1, 3))]:
        lines.append(Line(name, _onto(draw(EXPRESSIONS), [line.name for line in lines])))
    return Program(tuple(lines))


@settings(max_examples=2000, suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.filter_too_much])
@given(programs())
def test_random_programs_are_drawn_as_they_are_written(program):
    try:
        values = program.run()
    except ProgramError:          # a division by zero, a log of a negative number...
        return
    assert_says_what_the_code_says(program, values)


# --- the practice generators, the worksheets and the build track ----------------------


def drills():
    for skill in SKILLS:
        for level, seed in itertools.product(range(1, skill.top + 1), range(120)):
            yield make_problem(skill.id, level, seed)


def test_thousands_of_drills_are_drawn_as_their_statements_say():
    count = 0
    for problem in drills():
        assert_says_what_the_code_says(problem.program, problem.values)
        count += 1
    assert count >= 3000


def test_every_worksheet_is_drawn_as_its_statement_says():
    for seed in range(300):
        sheet = worksheet_problem(seed)
        assert_says_what_the_code_says(sheet.program, sheet.program.run())


def build_cases():
    ops_sets = [("add", "mul"), BINARY_OPS, ("add", "mul", "sub", "neg", "pow"),
                ("add", "mul", "sub", "div", "neg", "pow", "tanh", "exp", "relu")]
    for seed, ops in enumerate(ops_sets * 5):
        for reuse, consts in ((False, False), (True, True), (False, True)):
            yield from random_exprs(seed, 40, ops, reuse=reuse, consts=consts)
    for key in ("L", "neuron", "decomposed-tanh", "a+a", "a*a", "two-paths", "exp+x"):
        yield lecture(key)


def test_the_build_tracks_failing_cases_are_drawn_as_their_code_says():
    count = 0
    for case in build_cases():
        env, root = case.build()
        names = expanded_names(root)
        for step in case.steps:
            if step[0] == "op":
                drawing = expression(env[step[1]], names)
                assert drawn_tree(drawing) == build_step_tree(step), (case.code(), drawing)
                assert not redundant_brackets(drawing), (case.code(), drawing)
                assert not bare_negative_operands(drawing), (case.code(), drawing)
                count += 1
    assert count >= 2000


# --- the drills the issue names -------------------------------------------------------


def first_drill(skill: str, level: int, wanted) -> Value:
    """The first drill of a skill and level (by seed) whose values fit ``wanted``."""
    for seed in range(2000):
        problem = make_problem(skill, level, seed)
        if wanted(problem.values):
            return problem
    raise AssertionError(f"no {skill} drill at level {level} fits")


def leaf(values, name, number) -> bool:
    return name in values and values[name].data == number and not values[name]._prev


@pytest.mark.parametrize("skill, level, wanted, line, not_drawn", [
    # b = a*a with a = -1: "a node used twice" shows both uses, not b = -a
    ("twice", 1, lambda v: leaf(v, "a", -1) and v["b"]._op == "*", "b = a*a", "-a"),
    # L = d*a with a = -1: the second path keeps its name, not L = -d
    ("two-ops", 1, lambda v: leaf(v, "a", -1), "L = d*a", "-d"),
    # x2w2 = x2*w2 with w2 = -1, not x2w2 = -x2
    ("neuron", 1, lambda v: leaf(v, "w2", -1), "x2w2 = x2*w2", "-x2"),
    # b = -2*a with a = -1, not b = -(-2)
    ("chain", 1, lambda v: leaf(v, "a", -1) and v["b"]._prev[0].data == -2, "b = -2*a", "-(-2)"),
])
def test_the_drills_named_in_the_issue_are_drawn_as_their_code_says(skill, level, wanted,
                                                                     line, not_drawn):
    problem = first_drill(skill, level, wanted)
    assert line in problem.source                   # the statement says it ...
    text = tree_text(problem.root)
    assert line in text                             # ... and so does the tree
    assert f"= {not_drawn} " not in text and f"({not_drawn})" not in text


def test_a_minus_is_drawn_only_where_the_code_has_one():
    a, b, m = Value(2.0, label="a"), Value(3.0, label="b"), Value(-1.0, label="m")
    cases = [(-a, "-a"), (a - b, "a-b"), (a - 3, "a-3"), (3 - a, "3-a"), (a - -3, "a-(-3)"),
             (a * m, "a*m"), (a * -1, "a*(-1)"), (a + -3, "a+(-3)"), (a + -b, "a+(-b)"),
             (a - -b, "a-(-b)"), (Value(2.0) + Value(-3.0), "2+(-3)"), (Value(2.0) - 3, "2-3"),
             (-(a * b), "-(a*b)"), ((-a) * b, "-a*b"), (-a ** 2, "-a**2"), ((-a) ** 2, "(-a)**2"),
             (-(a.log()), "-log(a)"), ((a - b).relu(), "relu(a-b)"), ((-a).relu(), "relu(-a)"),
             (a * (b * m), "a*(b*m)"), (a - (b + m), "a-(b+m)"), (a / b, "a*b**-1"),
             (0.0001 * sum(p * p for p in [a]), "0.0001*sum(a*a)"), (0 - a, "0-a")]
    for node, drawn in cases:
        assert expression(node, node_names(node)) == drawn


def test_a_relu_of_a_negative_number_and_a_negative_factor_in_lines():
    s = Value(-2.0, label="s")
    loss = (1 + s).relu()
    names = node_names(loss)
    assert forward_line(loss, names) == "relu(1+s) = relu(-1) = 0"
    w2 = Value(0.5, label="w2")
    scaled = w2 * -2
    assert forward_line(scaled, node_names(scaled)) == "w2*(-2) = 0.5 * (-2) = -1"
