"""Chapters 4 and 5: training a network, and the bigger picture (lessons l16 to l24)."""

import importlib
import math

import pytest
from lesson_walk import questions, walk

from lessons.steps import (AskChoice, AskGrad, AskNumber, AskSign, AskValue, Code, Say, Train)
from tutor.diagnosis import diagnose

MODULES = ["l16_mlp", "l17_loss", "l18_parameters", "l19_descent", "l20_training_loop",
           "l21_zero_grad", "l22_scaling_up", "l23_demo", "l24_custom_ops"]


def lesson_fn(module):
    return importlib.import_module(f"lessons.{module}").lesson


def find(module, kind, text):
    """The one question of type `kind` whose prompt contains `text`."""
    found = [q for q in questions(lesson_fn(module))
             if isinstance(q, kind) and text in q.prompt]
    assert len(found) == 1, f"{module}: {len(found)} {kind.__name__} questions with {text!r}"
    return found[0]


def trains(module):
    return [s for s in walk(lesson_fn(module)) if isinstance(s, Train)]


def graded_at(q, places):
    """The stated precision is what is graded: the rounded answer is right, a miss in
    that decimal is wrong."""
    off = 2 * 10 ** -places
    return (q.accepts(round(q.answer, places)) and not q.accepts(q.answer + off)
            and not q.accepts(q.answer - off))


def run(train_step, **kwargs):
    _, iterator = train_step.start(**kwargs)
    return [s.loss for s in iterator]


# --- the lecture's numbers, as computed answers -------------------------------------------

def test_l16_neuron_counts_and_syntax_trap():
    assert find("l16_mlp", AskNumber, "How many neurons").answer == 9
    assert find("l16_mlp", AskNumber, "How many tanh").answer == 9
    assert find("l16_mlp", AskNumber, "multiplications").answer == 32
    assert find("l16_mlp", AskNumber, "Layer(3, 4)").answer == 4
    trap = find("l16_mlp", AskChoice, "What does Python make")
    assert "SyntaxError" in trap.choices[trap.correct]
    said = " ".join(s.text for s in walk(lesson_fn("l16_mlp")) if isinstance(s, Say))
    assert "Generator expression must be parenthesized" in said
    # x3 < 0: raising w3 lowers the output.
    assert find("l16_mlp", AskSign, "w3").answer == -1


def test_l16_shows_the_seed_it_asks_about_and_practises_on_fresh_numbers():
    from lessons.l16_mlp import MLP_SEED, X_NEURON
    steps = walk(lesson_fn("l16_mlp"))
    seed_q = find("l16_mlp", AskChoice, "second MLP")
    shown = [s.source for s in steps[:steps.index(seed_q)] if isinstance(s, Code)]
    assert any(f"MLP(3, [4, 4, 1], random.Random({MLP_SEED}))" in src for src in shown)
    assert X_NEURON[0] != 2.0       # not x1 = 2 again (chapter 3's neuron, the MLP's input)
    assert any(f"n({X_NEURON})" in src for src in shown)
    act = find("l16_mlp", AskValue, "act = w·x + b")
    assert graded_at(act, 3)


def test_l16_names_the_usual_miscounts():
    act = find("l16_mlp", AskValue, "act = w·x + b")
    messages = {v: diagnose(act, v) for v, _ in act.mistakes}
    assert any("bias" in m for m in messages.values())
    assert any("tanh(act)" in m for m in messages.values())
    neurons = find("l16_mlp", AskNumber, "How many neurons")
    assert "inputs" in diagnose(neurons, 12) and "output neuron" in diagnose(neurons, 8)
    products = find("l16_mlp", AskNumber, "multiplications")
    assert "parameters" in diagnose(products, 41)
    assert "first layer" in diagnose(products, 27)


def test_l17_loss_numbers():
    assert find("l17_loss", AskValue, "whole loss").answer == pytest.approx(7.0913, abs=1e-4)
    assert find("l17_loss", AskValue, "second example").answer == pytest.approx(3.5344)
    grad = find("l17_loss", AskGrad, "dloss/dŷ2")
    assert grad.answer == pytest.approx(3.76)
    direction = find("l17_loss", AskChoice, "which way should ŷ2 move")
    assert direction.choices[direction.correct].startswith("Down")
    inputs = find("l17_loss", AskChoice, "input number")
    assert inputs.choices[inputs.correct].startswith("No")   # the input gets a gradient (pitfall 15)


def test_l17_grades_as_stated_and_names_the_usual_slips():
    term = find("l17_loss", AskValue, "second example")
    whole = find("l17_loss", AskValue, "whole loss")
    assert graded_at(term, 3) and graded_at(whole, 3)
    assert "mean" in diagnose(whole, whole.answer / 4)
    assert "minus -1" in diagnose(term, (0.88 - 1) ** 2)
    grad = find("l17_loss", AskGrad, "dloss/dŷ2")
    assert "power rule" in diagnose(grad, grad.answer / 2)
    assert "target of +1" in diagnose(grad, 2 * (0.88 - 1))


def test_l17_the_weight_in_the_whole_network_is_a_readable_unscored_guess():
    from tutor.hints import explanation_for, prompt_text
    sign = find("l17_loss", AskSign, "w goes up")
    assert not sign.scored and prompt_text(sign).startswith("A guess, not scored:")
    shown = "\n".join(explanation_for(sign))
    assert "[" not in shown                     # no '[weighted sum of w (2)]'
    assert all(f"act{k}" in shown for k in range(1, 5))
    # the graph's node count is stated with how it is counted
    steps = walk(lesson_fn("l17_loss"))
    at = next(i for i, s in enumerate(steps) if isinstance(s, AskSign) and s.prompt == sign.prompt)
    count = len(steps[at].out.topological_order())
    said = [s.text for s in steps[:at] if isinstance(s, Say)]
    assert any(f"**{count}**" in t and "fused" in t for t in said)


def test_l18_parameter_counts():
    assert find("l18_parameters", AskNumber, "Neuron(3)").answer == 4
    assert find("l18_parameters", AskNumber, "Layer(3, 4)").answer == 16
    assert find("l18_parameters", AskNumber, "MLP(3, [4, 4, 1])").answer == 41
    assert find("l18_parameters", AskNumber, "MLP(2, [16, 16, 1])").answer == 337
    stale = find("l18_parameters", AskChoice, "n.parameters()")
    assert "AttributeError" in stale.choices[stale.correct]


def test_l18_names_the_forgotten_biases_and_the_misread_layers():
    assert "bias" in diagnose(find("l18_parameters", AskNumber, "Neuron(3)"), 3)
    assert "bias" in diagnose(find("l18_parameters", AskNumber, "Layer(3, 4)"), 12)
    mlp = find("l18_parameters", AskNumber, "MLP(3, [4, 4, 1])")
    assert "bias" in diagnose(mlp, 32) and "4 numbers" in diagnose(mlp, 36)
    demo = find("l18_parameters", AskNumber, "MLP(2, [16, 16, 1])")
    assert "bias" in diagnose(demo, 304) and "output neuron" in diagnose(demo, 320)


def test_l19_update_sign_and_learning_rates():
    right = find("l19_descent", AskNumber, "-0.01 * w.grad")
    wrong = find("l19_descent", AskNumber, "minus sign is forgotten")
    assert right.answer == pytest.approx(0.857)
    assert wrong.answer == pytest.approx(0.851)
    assert not right.accepts(0.851) and not wrong.accepts(0.857)
    climb = find("l19_descent", AskChoice, "wrong-signed step")
    assert climb.choices[climb.correct].startswith("Above")
    best = find("l19_descent", AskChoice, "lowest loss")
    assert best.choices[best.correct] == "lr = 0.05"
    assert find("l19_descent", AskNumber, "stuck").answer == pytest.approx(8.0, abs=0.01)


def test_l19_names_the_wrong_sign_and_the_missing_step_and_grades_as_stated():
    right = find("l19_descent", AskNumber, "-0.01 * w.grad")
    wrong = find("l19_descent", AskNumber, "minus sign is forgotten")
    assert graded_at(right, 3) and graded_at(wrong, 3)
    assert "sign flipped" in diagnose(right, 0.851)
    assert "before the step" in diagnose(right, 0.854)
    assert "correct update" in diagnose(wrong, 0.857)
    assert "before the step" in diagnose(wrong, 0.854)
    stuck = find("l19_descent", AskNumber, "stuck")
    assert graded_at(stuck, 1)
    assert "all four" in diagnose(stuck, 16)


def test_l20_loop_numbers():
    # the first printed line: asked from the two numbers on screen, not from memory
    first = find("l20_training_loop", AskChoice, "first line")
    assert first.choices[first.correct].startswith("5.2305, the loss before the update")
    assert all(c.split(",")[0] in first.prompt for c in first.choices)
    assert "stale" in diagnose(first, 1 - first.correct)
    lower = find("l20_training_loop", AskChoice, "last line")
    assert lower.choices[lower.correct] == "Lower"
    signs = find("l20_training_loop", AskNumber, "same sign")
    assert signs.answer == 4
    assert "untrained" in diagnose(signs, 2)
    steps = walk(lesson_fn("l20_training_loop"))          # asked before the Train shows it
    signs = next(i for i, s in enumerate(steps) if isinstance(s, AskNumber)
                 and "same sign" in s.prompt)
    assert signs < next(i for i, s in enumerate(steps) if isinstance(s, Train))
    again = find("l20_training_loop", AskChoice, "second time")
    assert "carries on" in again.choices[again.correct]


def test_l21_accumulated_gradient_and_the_buggy_winner():
    steps = walk(lesson_fn("l21_zero_grad"))
    said = next(s.text for s in steps if isinstance(s, Say) and "At step 1" in s.text)
    g1, g2 = [float(t.strip("*.")) for t in said.split() if t.startswith("**")]
    acc = find("l21_zero_grad", AskNumber, "after step 2's backward")
    assert acc.answer == pytest.approx(g1 + g2, abs=1e-4)
    # the two central mistakes are named: only the new gradient, only the old one
    assert "only the new gradient" in diagnose(acc, g2)
    assert "only the old gradient" in diagnose(acc, g1)
    # 'Three significant digits.' is what is graded
    assert acc.accepts(float(f"{acc.answer:.3g}")) and not acc.accepts(acc.answer + 0.02)
    winner = find("l21_zero_grad", AskChoice, "which loop has the lower loss")
    buggy, fixed = [t for t in steps if isinstance(t, Train)]
    assert not buggy.zero_grad and fixed.zero_grad
    assert winner.correct == int(run(buggy)[-1] < run(fixed)[-1])
    assert winner.correct == 1          # on this toy problem the bug "wins" (lecture §22)


def test_l22_scaling_up():
    assert find("l22_scaling_up", AskNumber, "MLP(3, [8, 8, 1])").answer == 113
    assert find("l22_scaling_up", AskValue, "-log(0.25)").answer == pytest.approx(math.log(4))
    slope = find("l22_scaling_up", AskGrad, "dloss/dp")
    assert slope.answer == pytest.approx(-2.0)
    assert "minus the log" in diagnose(slope, 2.0) and "p = 0.25" in diagnose(slope, -4.0)
    log = find("l22_scaling_up", AskValue, "-log(0.25)")
    assert graded_at(log, 2)
    assert "base 10" in diagnose(log, math.log10(4))
    wider = find("l22_scaling_up", AskNumber, "MLP(3, [8, 8, 1])")
    assert "Twice" in diagnose(wider, 82) and "bias" in diagnose(wider, 96)
    assert find("l22_scaling_up", AskSign, "more probability").answer == -1


def test_l23_demo_numbers():
    assert find("l23_demo", AskValue, "s = 0.3").answer == pytest.approx(0.7)
    assert find("l23_demo", AskValue, "s = -2").answer == 0.0
    assert find("l23_demo", AskGrad, "for that point").answer == 0.0
    assert find("l23_demo", AskValue, "s = -0.5").answer == pytest.approx(1.5)
    l2 = find("l23_demo", AskGrad, "dpenalty/dp")
    assert l2.answer == pytest.approx(2 * 1e-4 * -0.4)
    # not p = 0.5, where 2·alpha·p equals alpha: forgetting the 2 must be a wrong answer
    assert not l2.accepts(1e-4 * -0.4) and not l2.accepts(1e-4) and not l2.accepts(0.0)
    assert "brings down a 2" in diagnose(l2, 1e-4 * -0.4)
    assert "p left out" in diagnose(l2, 2e-4)
    assert "before the relu" in diagnose(find("l23_demo", AskValue, "s = -2"), -1.0)
    assert "relu were on" in diagnose(find("l23_demo", AskGrad, "for that point"), 1.0)
    assert "1 + y·s" in diagnose(find("l23_demo", AskValue, "s = 0.3"), 1.3)
    assert "amount taken off" in diagnose(find("l23_demo", AskNumber, "halfway"), 0.45)
    assert "numbered 0 to 99" in diagnose(find("l23_demo", AskNumber, "last step"), 0.1)
    assert find("l23_demo", AskNumber, "halfway").answer == pytest.approx(0.55)
    assert find("l23_demo", AskNumber, "last step").answer == pytest.approx(0.109)
    (demo,) = trains("l23_demo")
    assert demo.show_regions and demo.steps == 100
    assert [demo.lr(k, demo.steps) for k in (0, 50, 99)] == pytest.approx([1.0, 0.55, 0.109])
    said = " ".join(s.text for s in walk(lesson_fn("l23_demo")) if isinstance(s, Say))
    assert "**337** parameters" in said and "that is 1.0" in said


def test_l24_custom_ops():
    assert find("l24_custom_ops", AskGrad, "1 - b²").answer == pytest.approx(0.64)
    assert find("l24_custom_ops", AskGrad, "dL/dn").answer == pytest.approx(3.2)
    assert find("l24_custom_ops", AskGrad, "dP3/dx").answer == pytest.approx(1.2)
    check = find("l24_custom_ops", AskChoice, "broken op")
    assert check.choices[check.correct].startswith("It fails")
    assert find("l24_custom_ops", AskNumber, "fused Neuron(3)").answer == 6
    assert find("l24_custom_ops", AskGrad, "dloss/dw").answer == pytest.approx(-4.0)
    assert find("l24_custom_ops", AskNumber, "what is w now").answer == pytest.approx(0.9)


def test_l24_names_the_usual_slips():
    assert "b²" in diagnose(find("l24_custom_ops", AskGrad, "1 - b²"), 0.36)
    assert "/2" in diagnose(find("l24_custom_ops", AskGrad, "dP3/dx"), 2.4)
    nodes = find("l24_custom_ops", AskNumber, "fused Neuron(3)")
    assert "inputs make no nodes" in diagnose(nodes, 9)
    step = find("l24_custom_ops", AskNumber, "what is w now")
    assert "sign flipped" in diagnose(step, 0.1) and "before the step" in diagnose(step, 0.5)
    assert "wrong sign" in diagnose(find("l24_custom_ops", AskGrad, "dloss/dw"), 4.0)


# --- every wrong answer gets a reason ---------------------------------------------------------

@pytest.mark.parametrize("module", MODULES)
def test_every_wrong_choice_says_what_is_wrong_with_it(module):
    for q in questions(lesson_fn(module)):
        if isinstance(q, AskChoice):
            for i, note in enumerate(q.notes):
                assert bool(note) == (i != q.correct), (q.prompt, q.choices[i])


@pytest.mark.parametrize("module", MODULES)
def test_every_number_question_declares_its_usual_wrong_answers(module):
    for q in questions(lesson_fn(module)):
        if q.kind == "number":
            assert q.mistakes, q.prompt
            for value, why in q.mistakes:
                assert not q.accepts(value) and diagnose(q, value) == why, (q.prompt, value)


# --- Train steps ----------------------------------------------------------------------------

@pytest.mark.parametrize("module", ["l19_descent", "l20_training_loop", "l21_zero_grad"])
def test_train_steps_start_and_learn(module):
    for step in trains(module):
        losses = run(step)
        assert len(losses) == step.steps
        if not callable(step.lr) and step.lr >= 0.5:   # l19's deliberately huge rate
            assert losses[-1] > losses[0]
            assert losses[-1] == pytest.approx(8.0, abs=0.05)
        else:
            assert losses[-1] < 0.5 * losses[0], step.title


def test_train_step_can_be_rerun_with_other_settings():
    slow = trains("l19_descent")[0]
    assert run(slow) == run(slow)                       # a fresh model every time
    assert run(slow, lr=0.05)[-1] < run(slow)[-1]
    assert run(slow, zero_grad=False)[-1] != run(slow)[-1]


def test_demo_train_step_learns_the_moons():
    (demo,) = trains("l23_demo")
    _, iterator = demo.start()
    records = list(iterator)
    assert len(records) == demo.steps
    assert records[-1].loss < 0.1 * records[0].loss
    assert records[0].accuracy == pytest.approx(0.5)     # as the lesson's question says
    assert records[-1].accuracy >= 0.95
    assert [r.lr for r in records[::50]] == pytest.approx([1.0, 0.55])
