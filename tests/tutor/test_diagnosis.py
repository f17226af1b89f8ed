"""Diagnoses: a wrong answer gets the most specific true reason, decided by the graph."""

import re

import pytest

from engine import Value
from lessons.steps import AskChoice, AskGrad, AskNumber, AskSign, AskValue, labelled
from tutor.diagnosis import diagnose, grad_mistakes, match_grad_mistake
from tutor.expression import fmt

from tutor_helpers import lecture_L, two_paths


@pytest.fixture
def L_graph():
    return lecture_L()


def lecture_neuron():
    """x1=2, x2=0, w1=-3, w2=1, b=6.88..., n = x1*w1 + x2*w2 + b, o = tanh(n): the lessons'."""
    from lessons._neuron import build_neuron

    return build_neuron()


def kind_of(q, value):
    m = match_grad_mistake(q.out, q.wrt, value, q.all_grads, accepts=q.accepts)
    return m.kind if m else None


def test_the_lecture_answers(L_graph):
    g = L_graph
    expected = dict(L=1, d=-2, f=4, e=-2, c=-2, a=6, b=-4)
    for name, grad in expected.items():
        assert AskGrad(out=g["L"], wrt=g[name]).answer == pytest.approx(grad)


# --- each mistake by itself -------------------------------------------------------------------


def test_sign_flipped(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])  # dL/da = 6
    assert diagnose(q, -6.0).startswith("Sign flipped")


def test_the_gradient_from_above_without_the_local_derivative():
    g = lecture_neuron()
    q = AskGrad(out=g["o"], wrt=g["w1"])      # do/dw1 = 1; do/d(x1*w1) = 0.5
    message = diagnose(q, 0.5)
    assert message.startswith("That is do/d(x1*w1), the gradient arriving at x1*w1 from above")
    assert "∂(x1*w1)/∂w1" in message


def test_the_local_derivative_without_the_gradient_from_above(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])  # ∂e/∂a = b = -3, dL/de = -2
    message = diagnose(q, -3.0)
    assert message.startswith("That is only the local derivative ∂e/∂a")
    assert "dL/de" in message


def test_the_factors_added_instead_of_multiplied(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])  # -2 + -3
    assert "added" in diagnose(q, -5.0) and "multiplies" in diagnose(q, -5.0)


def test_the_local_derivatives_of_a_long_chain_added_instead_of_multiplied():
    a, k = labelled(a=2.0, k=-2.0)
    t = a * 3; t.label = "t"
    s = t * k; s.label = "s"
    o = s * 5; o.label = "o"                 # locals 5, -2, 3: do/da = -30
    q = AskGrad(out=o, wrt=a)
    message = diagnose(q, 6.0)               # 5 + (-2) + 3
    assert message.startswith("You added the local derivatives along the path, "
                              "∂o/∂s + ∂s/∂t + ∂t/∂a.")
    assert "multiplies" in message and "-30" not in message


def test_own_value_instead_of_the_other_factor(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])  # -2 * a = -4
    message = diagnose(q, -4.0)
    assert "a's own value" in message and "other factor, b" in message


def test_half_of_the_gradient_at_a_plus_node_is_the_classic_misconception(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["c"])  # -2, not -1
    assert "does not split the gradient" in diagnose(q, -1.0)


def test_a_local_derivative_further_up_left_out():
    x, w = labelled(x=0.5, w=0.4)
    p = x * w
    p.label = "p"
    q4 = p * 4
    q4.label = "q"
    o = q4.tanh()
    o.label = "o"
    q = AskGrad(out=o, wrt=x)                 # (1 - o**2) * 4 * w; without tanh's factor: 4 * w
    message = diagnose(q, 4 * 0.4)
    assert message.startswith("A factor is missing on the way up: ∂o/∂q")
    assert "tanh" in message


@pytest.mark.parametrize("typed, words", [
    (0.7071067811865476, "tanh's output itself"),   # o instead of 1 - o**2
    (1 - 0.7071067811865476, "Square it"),           # 1 - o
    (1 - 0.8813735870195432 ** 2, "not its input"),  # 1 - n**2
])
def test_tanh_slips(typed, words):
    g = lecture_neuron()
    q = AskGrad(out=g["o"], wrt=g["n"])
    assert words in diagnose(q, typed)


@pytest.mark.parametrize("make, wrong, words", [
    (lambda x: x.exp(), 1.5, "its own derivative"),          # x instead of exp(x)
    (lambda x: x ** 3, 1.5 ** 2, "left out the factor k"),   # x**(k-1)
    (lambda x: x ** 3, 3 * 1.5 ** 3, "Lower the exponent"),  # k * x**k
    (lambda x: x.log(), 1.5, "1/x"),
    (lambda x: x * -1, 1.0, "flips the sign"),               # -x: times -1, not +1
])
def test_slips_of_other_operations(make, wrong, words):
    x = Value(1.5, label="x")
    y = make(x)
    y.label = "y"
    q = AskGrad(out=y, wrt=x)
    assert words in diagnose(q, wrong)


def test_relu_blocks_or_passes():
    x = Value(-2.0, label="x")
    y = x.relu()
    y.label = "y"
    assert "blocks the gradient" in diagnose(AskGrad(out=y, wrt=x), 1.0)
    x2 = Value(2.0, label="x")
    y2 = x2.relu()
    y2.label = "y"
    assert "passes the gradient through" in diagnose(AskGrad(out=y2, wrt=x2), 0.0)


# --- when several mistakes give the same number, the graph decides ------------------------------


def test_one_path_of_two_is_a_missing_path_even_when_it_looks_like_a_sign_flip():
    g = two_paths()
    q = AskGrad(out=g["f"], wrt=g["a"])       # -3 = 3 (through d) + (-6) (through e)
    assert q.answer == pytest.approx(-3)
    message = diagnose(q, 3.0)                # 3 is also -(-3)
    assert message.startswith("That is only the path through d.")
    assert "Sign" not in message
    both = diagnose(q, -6.0)                  # f's own value is -6 as well: both are said
    assert both.startswith("Two different slips give this number. One: That is only the "
                           "path through e.")
    assert "The other: That is the value of f itself" in both


def test_one_use_of_a_plus_a():
    a = Value(3.0, label="a")
    b = a + a
    b.label = "b"
    q = AskGrad(out=b, wrt=a)
    assert q.answer == pytest.approx(2)
    assert diagnose(q, 1.0) == ("That counts only one of the two uses of a in b. Each use "
                                "passes its own share, and the shares add up.")


def test_declared_mistakes_come_before_anything_read_off_the_graph():
    g = two_paths()
    true_grad = AskGrad(out=g["f"], wrt=g["a"]).answer          # -3
    buggy = 3.0                                                 # what the overwriting pass gives
    q = AskNumber("With the bug, what is a.grad?", value=buggy,
                  mistakes=[(true_grad, "That is what the correct engine gives; the bug "
                                        "changes it because the last write wins.")])
    assert diagnose(q, -3.0).startswith("That is what the correct engine gives")
    assert diagnose(q, 3.0) == ""             # the right answer is never a mistake


def test_of_declared_mistakes_close_to_each_other_the_nearest_one_is_named():
    """Graded at three decimals, 0.854 (no step) and 0.851 (the sign flipped) are both
    within the default 1% of each other: each typed number gets its own reason."""
    q = AskNumber("w after the step? (Three decimals.)", value=0.857, abs_tol=0.0005,
                  rel_tol=0, mistakes=[(0.851, "Sign flipped."), (0.854, "No step.")])
    assert diagnose(q, 0.851) == "Sign flipped."
    assert diagnose(q, 0.854) == "No step."
    assert diagnose(q, 0.8545) == "No step."
    assert diagnose(q, 0.857) == ""
    assert diagnose(q, 0.86) == ""            # nearer the answer: rounded, not 'no step'


def test_a_declared_mistake_on_a_gradient_question_wins_over_the_sign(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"], mistakes=[(-6.0, "Declared.")])
    assert diagnose(q, -6.0) == "Declared."


def test_the_gradient_from_above_wins_over_a_split_further_up():
    """0.5 for do/dw1 is also what halving at the plus node n would give: the slip at
    the node right above w1 is the likelier one, and is the one named."""
    g = lecture_neuron()
    q = AskGrad(out=g["o"], wrt=g["w1"])
    assert kind_of(q, 0.5) == "upstream-only"


def test_right_answers_and_unrelated_numbers_are_not_mistakes(L_graph):
    q = AskGrad(out=L_graph["L"], wrt=L_graph["a"])
    assert diagnose(q, 6.0) == ""
    assert diagnose(q, 6.01) == ""            # within the tolerance: right
    assert diagnose(q, 17.0) == ""


def test_a_small_gradient_answered_zero_is_not_called_a_sign_flip():
    x = Value(0.001, label="x")
    y = x * x
    y.label = "y"
    q = AskGrad(out=y, wrt=x)  # 0.002
    assert diagnose(q, -0.002).startswith("Sign flipped")
    assert "Sign" not in diagnose(q, 0.0)


def _numbers(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", text))


@pytest.mark.parametrize("graph, out, nodes", [
    (lecture_L, "L", "abcdef"),
    (two_paths, "f", "abde"),
    (lecture_neuron, "o", ["x1", "x2", "w1", "w2", "b", "n"]),
])
def test_no_diagnosis_states_the_answer(graph, out, nodes):
    g = graph()
    for name in nodes:
        q = AskGrad(out=g[out], wrt=g[name])
        answer = fmt(q.answer)
        for m in grad_mistakes(q.out, q.wrt, q.all_grads):
            if answer not in ("0", "1", "-1"):   # these also stand in rules (1 - o**2, = 1)
                assert answer not in _numbers(m.message), (name, m.message)


# --- other kinds of question ----------------------------------------------------------------


def test_every_choice_can_carry_its_own_explanation():
    q = AskChoice("How does e.grad compare with d.grad at a plus node?",
                  choices=["the same", "half of it", "times c"], correct=0,
                  notes=["", "The classic misconception: a plus node copies, it does not "
                             "split.", "That would be a product's rule."])
    picked = {q.choices[i]: diagnose(q, i) for i in range(3)}
    assert picked["half of it"].startswith("The classic misconception")
    assert picked["times c"] == "That would be a product's rule."
    assert picked["the same"] == ""


def test_choices_are_rotated_the_same_way_every_time_with_their_notes():
    def make():
        return AskChoice("Which way?", choices=["one", "two", "three"], correct=1,
                         notes=["n1", "n2", "n3"])
    first, again = make(), make()
    assert first.choices == again.choices and first.correct == again.correct
    assert first.choices[first.correct] == "two"
    assert first.notes[first.choices.index("three")] == "n3"
    assert first.choices in (["one", "two", "three"], ["two", "three", "one"],
                             ["three", "one", "two"])
    fixed = AskChoice("Which way?", choices=["up", "down"], correct=1, shuffle=False)
    assert fixed.choices == ["up", "down"] and fixed.correct == 1


def test_sign_question_in_the_wrong_direction_points_at_the_factors(L_graph):
    q = AskSign(out=L_graph["L"], wrt=L_graph["b"])  # dL/db = -4: down
    flips = diagnose(q, 1)                            # only ∂L/∂d = f is negative
    assert flips.startswith("The direction flips at ∂L/∂d: that local derivative is "
                            "negative.") and "∂e/∂b" not in flips
    assert "let a nudge through" in diagnose(q, 0)
    for wrong in (1, 0):   # with three possible answers, never name the one that is left
        text = diagnose(q, wrong).lower()
        assert "opposite" not in text and "down" not in text


def test_sign_question_with_no_effect():
    x = Value(-1.0, label="x")
    y = x.relu()
    y.label = "y"
    q = AskSign(out=y, wrt=x)
    assert q.answer == 0
    text = diagnose(q, 1)
    assert "blocked relu" in text
    assert "0" not in text and "same" not in text


@pytest.mark.parametrize("node, typed, words", [
    ("e", 6.0, "wrong sign"),
    ("e", -1.0, "You added"),        # a + b instead of a * b
    ("d", -60.0, "You multiplied"),  # e * c instead of e + c
])
def test_forward_values(L_graph, node, typed, words):
    assert words in diagnose(AskValue(node=L_graph[node]), typed)


def test_a_number_question_with_the_sign_flipped():
    assert diagnose(AskNumber("?", value=2.5), -2.5) == "Right size, wrong sign."
