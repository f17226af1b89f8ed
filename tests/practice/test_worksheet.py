"""The worksheet accepts exactly the engine's grads, node by node in backward order."""

import pytest

from lessons.practice.schedule import DAY
from lessons.practice.worksheets import KINDS, worksheet_problem
from lessons.steps import DEFAULT_ABS_TOL, DEFAULT_REL_TOL
from tutor.practice.store import PracticeStore
from tutor.practice.worksheet import WorksheetRun
from tutor.store import open_store

T0 = 1_700_000_000.0
CASES = [(kind, seed) for kind in KINDS for seed in range(40)]


def off_by(g: float) -> float:
    """A number just outside the tolerance around g."""
    return g + 1.5 * (DEFAULT_ABS_TOL + DEFAULT_REL_TOL * abs(g)) + 1e-9


@pytest.mark.parametrize("kind,seed", CASES)
def test_the_engine_s_grads_are_accepted_and_nothing_outside_the_tolerance(kind, seed):
    sheet = WorksheetRun(worksheet_problem(seed, kind))
    engine = {n: n.grad for n in sheet.root.topological_order()}   # nothing ran backward yet
    assert set(engine.values()) == {0.0}
    sheet.root.backward()                                         # the engine's own pass
    engine = {n: n.grad for n in sheet.root.topological_order()}
    while not sheet.finished:
        node = sheet.current
        g = engine[node]
        for wrong in (off_by(g), -off_by(-g)):
            assert sheet.answer(repr(wrong)).status == "wrong"
        assert sheet.answer(repr(g * (1 + 0.5 * DEFAULT_REL_TOL))).status == "correct"
    assert [row[3] for row in sheet.comparison()] == ["right at try 3"] * len(sheet.nodes)


@pytest.mark.parametrize("kind,seed", CASES[::7])
def test_nodes_come_in_backward_order_and_constants_are_left_out(kind, seed):
    sheet = WorksheetRun(worksheet_problem(seed, kind))
    assert sheet.nodes[0] is sheet.root
    for i, node in enumerate(sheet.nodes):
        users = [p for p in sheet.nodes if any(c is node for c in p._prev)]
        assert all(sheet.nodes.index(u) < i for u in users)    # its users come first
        assert node.label or node._prev


def test_a_wrong_grad_gets_the_course_diagnosis_and_the_rule_at_that_node():
    sheet = WorksheetRun(worksheet_problem(0, "lecture"))
    while sheet.names[sheet.current] != "a":
        sheet.reveal()
    feedback = sheet.answer(repr(-sheet.grads[sheet.current]))
    assert feedback.status == "wrong" and feedback.message.startswith("Sign flipped")
    assert feedback.explanation == ["dL/da = dL/de * ∂e/∂a"]      # symbols, no numbers
    assert sheet.current is not None and sheet.names[sheet.current] == "a"   # try again


def test_reveal_hint_and_the_end():
    sheet = WorksheetRun(worksheet_problem(1, "two-paths"))
    hint = sheet.hint()
    assert hint.status == "hint" and hint.message.startswith("Hint 1 of")
    revealed = sheet.reveal()
    assert revealed.status == "revealed" and revealed.answer == "1"
    while not sheet.finished:
        sheet.answer(repr(sheet.grads[sheet.current]))
    rows = sheet.comparison()
    assert rows[0] == ("f", "-", "1", "revealed")
    assert all(mark == "right" for *_, mark in rows[1:])
    assert sheet.score() == (len(rows) - 1, len(rows))
    with pytest.raises(RuntimeError):
        sheet.answer("1")


def test_unreadable_input_costs_nothing():
    sheet = WorksheetRun(worksheet_problem(2))
    assert sheet.answer("twelve").status == "invalid"
    assert sheet.entries[sheet.current].tries == 0


def test_a_missed_node_feeds_the_review_queue():
    progress = open_store()
    sheet = WorksheetRun(worksheet_problem(0, "lecture"), progress, now=lambda: T0)
    while sheet.names[sheet.current] != "a":
        sheet.answer(repr(sheet.grads[sheet.current]))
    sheet.reveal()                                               # dL/da: a chain of three
    assert PracticeStore(progress, now=lambda: T0 + DAY).due() == ["chain"]
