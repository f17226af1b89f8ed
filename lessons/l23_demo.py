"""Lesson: the demo, two moons with max-margin loss, L2 and decay (lecture section 24).

A tour of the released micrograd: ReLU instead of tanh, Module.zero_grad, tests
against PyTorch, and demo.ipynb.  The demo's pieces, each predicted first: the
untrained network's accuracy on make_moons(100, noise 0.1), the hinge loss
relu(1 - y·s) for three examples (0.7; 0 with no gradient; 1.5), the L2
gradient 2·alpha·p (-8e-5 at p = -0.4: not 0.5, where 2·alpha·p would equal
alpha), the decaying learning rate (1.0, 0.55, 0.109).  Each number question
names its usual slips (1 + y·s for 1 - y·s, the relu forgotten, the 2 or the p
of 2·alpha·p dropped, the amount taken off the rate for the rate).  Then the real thing as a Train step with decision regions.

Only one forward pass of the demo network runs while the lesson is built; the
100 training steps run when the front end starts the Train step.
"""

import random

from engine import Value
from engine.data import make_moons
from engine.losses import l2_penalty, max_margin_loss
from engine.nn import MLP
from engine.train import linear_decay, max_margin_objective
from lessons.steps import (AskChoice, AskGrad, AskNumber, AskValue, Code, Recap, Say, Train,
                           gradients)

SEED = 1337
STEPS = 100
ALPHA = 1e-4
L2_P = -0.4          # not 0.5: there 2·alpha·p is alpha itself

MODULE_SOURCE = '''\
class Module:
    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0

    def parameters(self):
        return []

class Neuron(Module): ...
class Layer(Module): ...
class MLP(Module): ...'''


def demo_net():
    """The demo's MLP(2, [16, 16, 1]): ReLU hidden layers, linear output, fused sums."""
    return MLP(2, [16, 16, 1], activation="relu", rng=random.Random(SEED), fused=True)


def moons():
    return make_moons(100, noise=0.1, rng=random.Random(SEED))


def hinge(label, s_value):
    """One example's max-margin loss, built as the Code step shows it (y a Value, so that
    the tree shows the code's -y rather than its number)."""
    y, s = Value(label, label="y"), Value(s_value, label="s")
    loss = (1 + -y * s).relu()
    loss.label = "loss"
    assert loss.data == max_margin_loss([s], [label]).data   # the engine's loss agrees
    return s, loss


def lesson():
    yield Say(
        "# The demo: two moons, max-margin, L2, decay\n\n"
        "The released micrograd is the lecture's code, tidied. `engine.py` has `Value` "
        "with +, ×, powers and **ReLU**, `max(0, x)`, in place of tanh; the speaker says the "
        "choice hardly matters and tanh's smooth slope was just nicer to teach. `nn.py` has "
        "Neuron, Layer and MLP on a shared parent class."
    )
    yield Code(MODULE_SOURCE, caption="nn.py: every part of a model gets zero_grad() for free.")
    yield Say(
        "A test file builds the same expressions in micrograd and in PyTorch and checks "
        "that values and gradients agree. And `demo.ipynb` trains a bigger network on a "
        "2-D task: sort points into two interleaving half moons."
    )

    xs, ys = moons()
    model = demo_net()
    scores = [model(x) for x in xs]
    correct = sum((s.data > 0) == (y > 0) for s, y in zip(scores, ys))
    acc = correct / len(xs)
    yield Say(f"The data: **{len(xs)}** points, labels -1 and +1. The model: MLP(2, [16, 16, 1]) "
              f"with **{len(model.parameters())}** parameters, ReLU hidden layers and a plain "
              "linear output, its *score*. A positive score means +1.")
    bands = [(0.0, 0.3, "Close to 0%"), (0.3, 0.7, "Around 50%"), (0.7, 1.01, "Close to 100%")]
    yield AskChoice(
        "Before any training, what fraction of the points does it classify correctly?",
        choices=[label for _, _, label in bands],
        correct=next(i for i, (lo, hi, _) in enumerate(bands) if lo <= acc < hi),
        shuffle=False,
        notes=["" if lo <= acc < hi else text for (lo, hi, _), text in zip(bands, [
            "Getting almost every point wrong takes as much knowledge as getting them all "
            "right: flip the sign and you would have a perfect classifier.",
            "Random weights know nothing about moons: it does as well as a coin flip.",
            "Nothing has been learned yet: random weights know nothing about moons."])],
        hints=["Random weights know nothing about moons.",
               "Half the points are +1, half are -1."])
    positive = sum(s.data > 0 for s in scores)
    negatives = sum(y < 0 for y in ys)
    yield Say(f"{correct} of {len(xs)} right: **{acc:.0%}**. "
              + (f"None of its scores is positive: it calls every point -1, so it gets "
                 f"exactly the {negatives} points labelled -1 right."
                 if positive == 0 else
                 f"{positive} of its {len(xs)} scores are positive."))

    # The max-margin loss.
    yield Say(
        "The demo's loss is the **max-margin** (hinge) loss: for label y and score s, "
        "`relu(1 - y·s)`, averaged over the points. It is zero once a point is on the right "
        "side *with a margin of at least 1*, and grows the further it is from that."
    )
    yield Code("loss = (1 + -y * s).relu()")
    def added(y, s_value):
        """The slip 1 + y·s for 1 - y·s."""
        return max(0.0, 1 + y * s_value)

    s1, l1 = hinge(+1.0, 0.3)
    yield AskValue(node=l1, prompt="y = +1 and s = 0.3: right side, but close. The loss?",
                   hints=["1 - (+1)(0.3)."], abs_tol=0.0005,
                   mistakes=[(added(+1.0, 0.3), "That is 1 + y·s. The loss is 1 minus y·s: "
                                                "a score on the right side lowers it.")])
    s2, l2 = hinge(-1.0, -2.0)
    yield AskValue(node=l2, prompt="y = -1 and s = -2: right side, by a wide margin. The loss?",
                   hints=["1 - (-1)(-2) = -1, and relu of a negative number is..."],
                   abs_tol=0.0005,
                   mistakes=[(1 - (-1.0) * (-2.0), "That is 1 - y·s before the relu. relu "
                                                   "turns anything negative into 0."),
                             (added(-1.0, -2.0), "That is 1 + y·s. y·s = (-1)(-2) is "
                                                 "positive, and the loss subtracts it.")])
    yield AskGrad(out=l2, wrt=s2, prompt="And for that point, dloss/ds?",
                  hints=["A relu that outputs 0 has a flat local slope."],
                  mistakes=[(1.0, "That would be the slope if the relu were on: ∂(1 - y·s)/∂s "
                                  "= -y. But the relu is off here, and it passes nothing."),
                            (-1.0, "The relu is off for this point: its local slope is 0, "
                                   "and it passes nothing down.")],
                  why="The relu is off: this point sends no gradient at all. It is done.")
    s3, l3 = hinge(+1.0, -0.5)
    yield AskValue(node=l3, prompt="y = +1 and s = -0.5: wrong side. The loss?",
                   hints=["1 - (+1)(-0.5)."], abs_tol=0.0005,
                   mistakes=[(added(+1.0, -0.5), "That is 1 + y·s. The loss is 1 minus y·s: "
                                                 "a score on the wrong side raises it."),
                             (0.0, "relu only zeroes negative numbers, and 1 - y·s is "
                                   "positive here: a wrong-side point always costs.")])

    # L2 regularization.
    p = Value(L2_P, label="p")
    penalty = l2_penalty([p], alpha=ALPHA)
    penalty.label = "penalty"
    slope = gradients(penalty)[p]
    yield Say(
        f"To the loss the demo adds **L2 regularization**: `alpha · Σ p²` with "
        f"alpha = {ALPHA:g}. It pulls every parameter gently towards 0, which keeps the "
        "network from bending itself around single points (overfitting)."
    )
    yield AskGrad(out=penalty, wrt=p, prompt=f"For a parameter p = {L2_P:g}, what is "
                                             f"dpenalty/dp with alpha = {ALPHA:g}?",
                  hints=["The derivative of alpha·p² is 2·alpha·p."],
                  abs_tol=1e-7, rel_tol=0.01,
                  mistakes=[(ALPHA * p.data, "That is alpha·p: the power rule brings down a "
                                             "2 as well."),
                            (2 * ALPHA, "That is 2·alpha, with the p left out: the slope of "
                                        "alpha·p² is 2·alpha·p."),
                            (penalty.data, "That is the penalty itself, alpha·p². The question "
                                           "is its slope."),
                            (-slope, "Right size, wrong sign: p is negative, so 2·alpha·p is "
                                     "too.")],
                  why=f"2 · {ALPHA:g} · ({L2_P:g}) = {slope:.1e}: negative, so the update "
                      "-lr · grad pushes p up, towards 0. Tiny next to the hinge loss's "
                      "gradients.")

    # Learning-rate decay.
    schedule = linear_decay()
    yield Say(
        f"Finally the learning rate **decays**: `lr = 1.0 - 0.9 * k / {STEPS}` at step k. "
        f"At k = 0 that is {schedule(0, STEPS):.1f}: big steps first, finer ones later."
    )
    half, last = STEPS // 2, STEPS - 1
    start = schedule(0, STEPS)
    yield AskNumber(f"What is the learning rate halfway, at k = {half}? "
                    "(Three decimals.)",
                    value=schedule(half, STEPS), abs_tol=0.0005, rel_tol=0,
                    mistakes=[(start - schedule(half, STEPS), "That is 0.9 · k / 100, the amount "
                                                              "taken off. The rate is 1.0 minus "
                                                              "that."),
                              (start / 2, "The rate does not fall all the way to 0, so "
                                          "halfway is not half of 1.0. Put k = 50 into the "
                                          "formula.")])
    yield AskNumber(f"And at the last step, k = {last}? (Three decimals.)",
                    value=schedule(last, STEPS), abs_tol=0.0005, rel_tol=0,
                    hints=[f"0.9 · {last} / {STEPS}."],
                    mistakes=[(schedule(STEPS, STEPS), f"That is k = {STEPS}. The steps are "
                                                       f"numbered 0 to {last}."),
                              (start - schedule(last, STEPS), "That is the amount taken off. "
                                                              "The rate is 1.0 minus that.")])

    yield Say(f"All together: {STEPS} steps of zero_grad, backward, update, on all "
              f"{len(xs)} points. Watch the accuracy and the two regions the network carves "
              "out of the plane.")
    yield Train(demo_net, xs, ys, steps=STEPS, lr=linear_decay(),
                objective=max_margin_objective(ALPHA), show_regions=True, predict_reruns=True,
                title=f"Two moons: max-margin + L2, lr {schedule(0, STEPS):.1f} -> "
                      f"{schedule(STEPS - 1, STEPS):.3g}")
    yield Recap([
        "The released micrograd uses ReLU; Module gives every model zero_grad().",
        "Max-margin loss relu(1 - y·s): points past the margin cost 0 and send no gradient.",
        "L2 adds alpha·Σp²: each parameter is pulled back by 2·alpha·p.",
        "A decaying learning rate: big steps early, small steps late.",
    ])
