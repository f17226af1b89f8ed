"""Every generator, over 10,000 seeds per skill and level: answers that agree with
central finite differences, numbers a learner can work with by hand, no exception.

Each problem is a handful of engine operations, built without parsing: 10,000 take
0.6 to 1.5 s per skill and level on the project's (shared) machine, about 25 s for the
whole file.
"""

import math
import re

import pytest

from engine import Value
from lessons.practice.parse import parse_program
from lessons.practice.problem import is_simple
from lessons.practice.program import Num
from lessons.practice.skills import SKILLS, make_problem
from lessons.steps import AskGrad, AskNumber, AskSign, AskValue

SEEDS = 10_000
H = 1e-5
LEVELS = [(skill.id, level) for skill in SKILLS for level in range(1, skill.top + 1)]
BIG = 60          # no number on the screen is larger than this (givens aside)


def numbers_on_screen(problem):
    """Every node's value and gradient, except the nodes the statement explains."""
    given = set(problem.givens)
    root = problem.root
    grads = problem.question.all_grads if hasattr(problem.question, "all_grads") else {}
    for node in root.topological_order():
        if node.label in given:
            continue
        yield node.data
        if node in grads:
            yield grads[node]


def check_numbers(p):
    q = p.question
    if not isinstance(q, AskSign):
        assert is_simple(q.answer) and abs(q.answer) <= BIG, (p.source, q.answer)
    for line in p.program.lines:
        if line.name in p.givens:
            assert line.note, line          # a given number says where it comes from
        elif isinstance(line.expr, Num):    # a leaf's number, as the statement writes it
            x = line.expr.value
            assert abs(x) <= 20 and abs(x * 100 - round(x * 100)) < 1e-9, (p.source, line)
    for x in numbers_on_screen(p):
        assert math.isfinite(x) and abs(x) <= BIG, (p.source, x)
    if isinstance(q, AskNumber):             # the tree printed above it does not show it
        assert not q.accepts(p.root.data), (p.source, q.answer)


def check_finite_differences(p):
    q = p.question
    slope = p.numeric(H)
    if isinstance(q, AskSign):
        sign = 0 if abs(slope) < 1e-6 else (1 if slope > 0 else -1)
        assert sign == q.answer, (p.source, slope)
    else:
        assert math.isclose(slope, q.answer, rel_tol=1e-5, abs_tol=1e-6), \
            (p.source, slope, q.answer)


@pytest.mark.parametrize("skill_id,level", LEVELS)
def test_ten_thousand_problems_agree_with_finite_differences_and_are_small(skill_id, level):
    """No seed raises; every answer is the slope the lecture's numerical check finds."""
    for seed in range(SEEDS):
        p = make_problem(skill_id, level, seed)
        assert p.question.skill == skill_id and p.level == level
        check_finite_differences(p)
        check_numbers(p)


@pytest.mark.parametrize("skill_id,level", LEVELS)
def test_the_same_seed_makes_the_same_problem(skill_id, level):
    for seed in (0, 1, 99):
        a, b = make_problem(skill_id, level, seed), make_problem(skill_id, level, seed)
        assert a.source == b.source and a.question.prompt == b.question.prompt
        assert a.question.answer == b.question.answer


@pytest.mark.parametrize("skill_id,level", LEVELS)
def test_statements_read_back_to_the_same_program(skill_id, level):
    """What the learner reads is the program the graph was built from: the learner's own
    parser reads every statement back into it."""
    for seed in range(300):
        p = make_problem(skill_id, level, seed)
        assert parse_program(p.program.source()) == p.program, p.program.source()


LEAF = re.compile(r"^(\s*)(\w+) = (-?[0-9.e+-]+)(\s*#.*)?$")


def run_as_python(code: str) -> dict:
    """The statement run by Python itself on the engine (numbers on their own line made
    Values, as the drill's language does).  Trusted generated text, in a test only."""
    lines = []
    for line in code.splitlines():
        m = LEAF.match(line)
        lines.append(f"{m.group(1)}{m.group(2)} = Value({m.group(3)})" if m else line)
    namespace = {"Value": Value}
    exec("\n".join(lines), namespace)          # noqa: S102 - the generators' own code
    return namespace


@pytest.mark.parametrize("skill_id,level", LEVELS)
def test_the_statement_run_as_python_gives_the_graph_and_the_answer(skill_id, level):
    for seed in range(200):
        p = make_problem(skill_id, level, seed)
        namespace = run_as_python(p.source)
        q = p.question
        if p.asks:                              # w.grad, w.data, L.data after the code ran
            assert isinstance(q, AskNumber)
            got = eval(p.asks, namespace)       # noqa: S307 - e.g. "w.grad", from the generator
            assert math.isclose(got, q.answer, rel_tol=1e-9, abs_tol=1e-12), (p.source, got)
            continue
        for name, node in p.values.items():
            assert math.isclose(namespace[name].data, node.data, rel_tol=1e-12,
                                abs_tol=1e-12), (p.source, name)
        if isinstance(q, (AskGrad, AskSign)):
            out = namespace[p.program.output]
            out.backward()
            wrt = namespace[q.wrt.label]
            expected = q.answer if isinstance(q, AskGrad) else q.gradient
            assert math.isclose(wrt.grad, expected, rel_tol=1e-9, abs_tol=1e-12)
        elif isinstance(q, AskValue):
            assert namespace[q.node.label].data == q.answer


@pytest.mark.parametrize("skill_id,level", LEVELS)
def test_declared_mistakes_differ_from_the_answer(skill_id, level):
    for seed in range(300):
        q = make_problem(skill_id, level, seed).question
        for value, why in q.mistakes:
            assert not q.accepts(value) and why, (seed, q.prompt, value)


def test_every_skill_has_two_or_three_levels_and_about_ten_skills():
    assert 9 <= len(SKILLS) <= 12
    assert all(2 <= skill.top <= 3 for skill in SKILLS)
    assert len({skill.id for skill in SKILLS}) == len(SKILLS)


def test_a_division_drill_says_how_the_engine_computes_it_as_its_tree_shows():
    # The tree draws a / 4 as a*0.25 and a / b as a*b**-1: the code says so, so the
    # drill's code and its tree do not seem to disagree.
    from lessons.practice.skills import make_problem

    seen = set()
    for level in (1, 2):
        for seed in range(200):
            p = make_problem("local", level, seed)
            line = p.source.splitlines()[-1]
            if "/" in line.split("#")[0]:
                assert "# the engine: a * " in line, line
                seen.add(level)
                break
    assert seen == {1, 2}
