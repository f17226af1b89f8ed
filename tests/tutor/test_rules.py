"""The named slips of tutor.rules: each fires on expressions, lessons and drills it was not
written for, and the wrong answers issue 17 lists are each named for what they are."""


import pytest

from lesson_walk import questions
from lessons.course import find_lesson
from lessons.practice.skills import SKILLS, make_problem
from lessons.steps import AskChoice, AskGrad, AskNumber, labelled
from tutor.check import check_course
from tutor.common_slips import common_slips, unexplained_choices, unnamed_slips
from tutor.diagnosis import diagnose, match_grad_mistake
from tutor.hints import explanation_for, hints_for, rule_lines



def lesson_questions(lesson_id):
    import importlib

    lesson = find_lesson(lesson_id)
    return questions(importlib.import_module(f"lessons.{lesson.module}").lesson)


def asked(lesson_id, fragment, kind=AskGrad):
    found = [q for q in lesson_questions(lesson_id)
             if isinstance(q, kind) and fragment in q.prompt]
    assert len(found) == 1, [q.prompt for q in lesson_questions(lesson_id)]
    return found[0]


def kind(q, value):
    m = match_grad_mistake(q.out, q.wrt, value, q.all_grads, accepts=q.accepts,
                           within=q.within, chain_rule=q.chain_rule)
    return m.kind if m else None


def named(x, label):
    x.label = label
    return x


# --- each rule on a new expression -------------------------------------------------------------


def test_the_forward_value_typed_for_a_gradient():
    (a,) = labelled(a=4.0)
    o = named(a * 5, "o")                              # do/da = 5, o = 20
    message = diagnose(AskGrad(out=o, wrt=a), 20.0)
    assert message.startswith("That is the value of o itself, 20, from the forward pass.")
    (a,) = labelled(a=3.0)
    b = named(a * a, "b")                              # db/da = 6, b = 9
    assert "the value of b itself, 9" in diagnose(AskGrad(out=b, wrt=a), 9.0)


def test_the_forward_value_is_named_before_the_chain_rule_too():
    """A question asked before the chain-rule lesson gets the slips that need no chain rule."""
    x, y = labelled(x=3.0, y=-2.0)
    z = named(x * y + x, "z")                          # dz/dx = y + 1 = -1, z = -3
    q = AskGrad(out=z, wrt=x, chain_rule=False)
    assert diagnose(q, -3.0).startswith("That is the value of z itself")
    assert diagnose(q, 1.0) == "Right size, wrong sign."
    assert "∂" not in diagnose(q, -3.0)


def test_the_output_value_for_dL_dL_is_named():
    q = asked("manual-backprop", "dL/dL")
    assert diagnose(q, q.out.data).startswith("That is the value of L itself")


def test_the_wrong_variable_in_a_new_expression():
    p, r, s = labelled(p=2.0, r=5.0, s=-1.0)
    t = named(p * r + s * 3, "t")                      # dt/dp = 5, dt/ds = 3
    assert diagnose(AskGrad(out=t, wrt=p), 3.0).startswith(
        "That is dt/ds, the derivative with respect to s. The question is about p")


def test_the_wrong_variable_in_more_ops_division():
    q = asked("more-ops", "What is dq/db?")            # q = a / b, a = 2, b = 4
    dq_da = q.all_grads[q.out._prev[0]]
    assert kind(q, dq_da) == "wrong-variable"
    assert "dq/da, the derivative with respect to a" in diagnose(q, dq_da)


def test_the_seed_passed_down_without_the_local_factor():
    q = asked("backward-closures", "After seeding")    # n.grad = 1 - o² = 0.64
    message = diagnose(q, 1.0)
    assert message.startswith("That is do/do = 1, the seed the backward pass starts from.")
    assert "∂o/∂n" in message
    (u,) = labelled(u=0.5)
    v = named(u.exp(), "v")                            # a new expression: dv/du = e^0.5
    assert kind(AskGrad(out=v, wrt=u), 1.0) == "upstream-only"


def test_o_squared_for_one_minus_o_squared_everywhere():
    for q in (asked("backward-closures", "After seeding"),
              asked("backward-closures", "o.local_grads()")):
        assert "1 - o**2, one minus the square" in diagnose(q, q.out.data ** 2)
    (h,) = labelled(h=-0.3)
    k = named(h.tanh(), "k")
    m = named(k * 3, "m")                              # dm/dh = 3 (1 - k²)
    q = AskGrad(out=m, wrt=h)
    assert kind(q, 3 * k.data ** 2) == "wrong-local"
    assert "one minus the square" in diagnose(q, 3 * k.data ** 2)


def test_a_dropped_minus_at_a_subtraction():
    a, b = labelled(a=5.0, b=2.0)
    o = named(a - b, "o")                              # do/db = -1
    message = diagnose(AskGrad(out=o, wrt=b), 1.0)
    assert message.startswith("The minus was dropped at the subtraction in o: b enters as "
                              "b * (-1)")
    assert "gradient arriving" not in message
    x, y, w = labelled(x=1.0, y=3.0, w=2.0)
    L = named((x - y) * w, "L")                         # dL/dy = -2: a new expression
    assert kind(AskGrad(out=L, wrt=y), 2.0) == "dropped-minus"


def test_stopping_early_in_a_chain_drill():
    """The chain drill's gradient after one step is named as that, not as a slip at b."""
    for seed in range(60):
        p = make_problem("chain", 1, seed)
        q = p.question
        g = q.all_grads
        for name, steps in (("c", 2), ("b", 1)):
            value = g[p.values[name]]
            if q.accepts(value):
                continue
            message = diagnose(q, value)
            assert "stopped" in message or "arriving at" in message, (p.source, message)
            assert "own value" not in message or "Two different slips" in message


def test_the_total_for_the_local_and_the_local_for_the_total():
    q = asked("chain-rule", "What is ∂d/∂c")           # local: 1; dL/dc = -2
    message = diagnose(q, -2.0)
    assert message.startswith("That is dL/dc, the total derivative")
    assert "local derivative ∂d/∂c" in message
    a, b, f = labelled(a=2.0, b=-3.0, f=4.0)
    e = named(a * b, "e")
    L = named(e * f, "L")                               # dL/da = b f = -12; ∂e/∂a = -3
    assert kind(AskGrad(out=L, wrt=a), -3.0) == "no-upstream"
    assert kind(AskGrad(out=e, wrt=a, within=L), -12.0) == "total-for-local"


def test_a_local_question_gets_no_chain_rule_hint():
    q = asked("chain-rule", "What is ∂d/∂c")
    hints = hints_for(q)
    assert not any("dd/dc" in h or "chain rule" in h.lower() for h in hints)
    assert rule_lines(q) == []
    assert explanation_for(q)[0].startswith("∂d/∂c = 1")


def test_two_slips_with_one_number_are_both_told():
    """-6 for df/da = -3 in f = (a*b)*(a+b): the path through e, or f's own value."""
    a, b = labelled(a=-2.0, b=3.0)
    d, e = named(a * b, "d"), named(a + b, "e")
    f = named(d * e, "f")
    message = diagnose(AskGrad(out=f, wrt=a), -6.0)
    assert message.startswith("Two different slips give this number.")
    assert "path through e" in message and "the value of f itself" in message


def test_tied_declared_mistakes_are_both_told():
    q = asked("graph", "How many leaves", AskNumber)     # 4 leaves; 3 = computed or f missed
    message = diagnose(q, 3.0)
    assert "computed" in message and "f" in message and message.startswith("Two different")


# --- everywhere: the lessons, the drills, the check ----------------------------------------


@pytest.mark.parametrize("skill", [s.id for s in SKILLS])
def test_every_common_slip_on_the_drills_is_named(skill):
    top = next(s.top for s in SKILLS if s.id == skill)
    for level in range(1, top + 1):
        for seed in range(25):
            q = make_problem(skill, level, seed).question
            assert unnamed_slips(q) == [], (skill, level, seed, q.prompt)


def test_the_drills_meet_every_rule():
    """The rules are not lesson strings: each fires on generated drills."""
    kinds = set()
    for s in SKILLS:
        for level in range(1, s.top + 1):
            for seed in range(25):
                q = make_problem(s.id, level, seed).question
                if isinstance(q, AskGrad):
                    for rule, value in common_slips(q):
                        if not q.accepts(value):
                            kinds.add(kind(q, value))
    assert {"forward-value", "wrong-variable", "upstream-only", "no-upstream",
            "dropped-minus", "sign", "wrong-local"} <= kinds


def test_check_reports_a_slip_no_rule_names(monkeypatch):
    import tutor.common_slips as slips_module

    monkeypatch.setattr(slips_module, "diagnose", lambda q, v: "")
    x, y = labelled(x=2.0, y=3.0)
    z = named(x * y, "z")
    assert "forward-value (6)" in slips_module.unnamed_slips(AskGrad(out=z, wrt=x))


def test_check_fails_a_wrong_choice_without_a_note():
    q = AskChoice("Which?", choices=["yes", "no", "maybe"], correct=0,
                  notes=["", "No says nothing new.", ""], shuffle=False)
    assert unexplained_choices(q) == ["maybe"]


def test_the_check_passes_every_lesson():
    lines = []
    assert check_course(out=lines.append) == 0, "\n".join(lines)
