"""The items' parallel forms: the same structure, other numbers (and, for graph drills,
other names), answers from the engine; and the counter-balancing of which comes first."""

import math
import re
from collections import Counter

import pytest

from lessons.practice.parse import parse_program
from lessons.practice.skills import make_problem
from lessons.steps import AskSign
from tutor.concepttest.forms import differs, find_pair, renamed, shape
from tutor.concepttest.items import (FORMS, ITEMS, SKILLS, find_item, first_form, items_of,
                                     other_form, problem_of)

H = 1e-5


def slope_agrees(problem) -> bool:
    q, slope = problem.question, problem.numeric(H)
    if isinstance(q, AskSign):
        return (0 if abs(slope) < 1e-6 else (1 if slope > 0 else -1)) == q.answer
    return math.isclose(slope, q.answer, rel_tol=1e-5, abs_tol=1e-6)


def test_two_items_for_each_skill_of_the_course_in_course_order():
    assert [s.id for s in SKILLS] == ["sign", "local", "plus", "times", "chain", "twice",
                                      "tanh", "neuron", "descent", "zero_grad"]
    assert all(len(items_of(s.id)) == 2 for s in SKILLS)
    assert len({item.id for item in ITEMS}) == len(ITEMS) == 20


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.id)
def test_both_forms_have_one_structure_and_other_numbers(item):
    a, b = (problem_of(item, form) for form in FORMS)
    assert a.question.kind == b.question.kind
    assert shape(a) == shape(b)
    assert differs(a, b)
    assert a.source != b.source
    for p in (a, b):                          # the engine's answer, the lecture's check
        assert slope_agrees(p), p.source
        assert parse_program(p.program.source()) == p.program   # the learner reads it back


def test_form_b_of_a_graph_drill_has_other_names_and_the_loss_keeps_its_own():
    renamed_items = 0
    for item in ITEMS:
        a, b = problem_of(item, "A"), problem_of(item, "B")
        if a.code or item.a.generator == "neuron":
            assert a.program.names() == b.program.names()    # w, x1, w1: the lecture's names
            continue
        renamed_items += 1
        assert set(a.program.names()) - {"L"} != set(b.program.names()) - {"L"}
        assert not set(a.program.names()) & set(b.program.names()) - {"L"}
        assert ("L" in a.program.names()) == ("L" in b.program.names())
        assert b.question.wrt.label in b.program.names()
    assert renamed_items >= 12


def test_renaming_changes_names_only_the_engine_gives_the_same_answer():
    for skill, level in (("local", 1), ("local", 3), ("chain", 3), ("sign", 2), ("twice", 3)):
        for seed in range(40):
            p = make_problem(skill, level, seed)
            r = renamed(p)
            assert shape(r) == shape(p)
            assert r.question.answer == pytest.approx(p.question.answer)
            assert slope_agrees(r)
            for line in r.program.lines:          # a note names the renamed nodes
                for word in re.findall(r"\b[a-z]\w*\b", line.note):
                    assert word not in p.program.names() or word in r.program.names()


def test_a_different_variant_or_asked_node_is_another_shape():
    by_shape = Counter(shape(make_problem("local", 1, seed)) for seed in range(200))
    assert len(by_shape) > 1                  # minus, negation, a factor: not parallel
    a = make_problem("times", 1, 0)
    other = next(make_problem("times", 1, s) for s in range(1, 100)
                 if make_problem("times", 1, s).question.wrt.label != a.question.wrt.label)
    assert shape(a) != shape(other)           # dL/da and dL/db are different questions
    assert not differs(a, make_problem("times", 1, 0))


def test_find_pair_finds_the_tables_seeds():
    item = find_item("times-1")
    assert find_pair("times", 1) == (item.a.seed, item.b.seed) == (0, 7)
    with pytest.raises(LookupError):
        find_pair("twice", 1, accept=lambda p: p.program.lines[-1].expr.op == "+", most=300)


def test_the_first_form_is_stable_per_learner_and_both_occur_in_a_class():
    assert first_form("ann") == first_form("ann")
    firsts = Counter(first_form(f"learner-{n}") for n in range(200))
    assert set(firsts) == {"A", "B"} and min(firsts.values()) > 70
    assert {other_form("A"), other_form("B")} == {"A", "B"}
    assert other_form(first_form("ann")) != first_form("ann")
