"""Lesson: a proper training loop (lecture section 21).

forward, backward, update, twenty times, written out in the lesson exactly as
the Code step shows it.  The learner predicts the first printed loss, whether
the last is lower, how many predictions end with the right sign, what running
the cell again prints, and how 20 steps at lr 0.05 compare with 40 at 0.025.
"""

import random

from engine.data import lecture_dataset
from engine.nn import MLP
from lessons.steps import AskChoice, AskNumber, Code, Recap, Say, Train

SEED = 42
LR = 0.05
STEPS = 20

LOOP_SOURCE = f'''\
n = MLP(3, [4, 4, 1], random.Random({SEED}))

for k in range({STEPS}):
    # forward pass
    ypred = [n(x) for x in xs]
    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
    # backward pass
    for p in n.parameters():
        p.grad = 0.0           # more on this line in the next lesson
    loss.backward()
    # update
    for p in n.parameters():
        p.data += -{LR} * p.grad
    print(k, loss.data)'''


def lecture_net():
    return MLP(3, [4, 4, 1], rng=random.Random(SEED))


def run_loop(n, xs, ys, steps, lr):
    """The loop of LOOP_SOURCE, on the network n; returns the printed losses."""
    printed = []
    for k in range(steps):
        ypred = [n(x) for x in xs]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
        for p in n.parameters():
            p.grad = 0.0
        loss.backward()
        for p in n.parameters():
            p.data += -lr * p.grad
        printed.append(loss.data)
    return printed


def lesson():
    xs, ys = lecture_dataset()
    yield Say(
        "# A proper training loop\n\n"
        "One step of descent lowers the loss a little. Training is that step on repeat: "
        "**forward** (predict, compute the loss), **backward** (gradients), **update** "
        "(nudge every parameter). We start again from a fresh seeded network."
    )
    yield Code(LOOP_SOURCE)

    n = lecture_net()
    printed = run_loop(n, xs, ys, STEPS, LR)
    yield AskNumber("What does the loop print on its very first line, at k = 0? "
                    "(Two decimals.)",
                    value=printed[0], abs_tol=0.005, rel_tol=0,
                    hints=["At k = 0 the loss is computed before any update.",
                           "It is the same seeded network as in the last two lessons."])
    yield AskChoice(
        f"And on its last line, at k = {STEPS - 1}: is the loss lower than at k = 0?",
        choices=["Lower", "About the same", "Higher"],
        correct=0 if printed[-1] < 0.9 * printed[0] else (2 if printed[-1] > 1.1 * printed[0]
                                                          else 1))
    yield Say(
        "The printout: " + ", ".join(f"{v:.3f}" for v in printed[:4])
        + f", … , {printed[-1]:.4f}. Big gains first, then smaller and smaller ones as the "
        "slopes flatten near the bottom."
    )
    final = [n(x).data for x in xs]
    right_sign = sum((p > 0) == (y > 0) for p, y in zip(final, ys))
    yield AskNumber(f"After training, how many of the {len(xs)} predictions have the same "
                    "sign as their target?",
                    value=right_sign, abs_tol=0, rel_tol=0,
                    hints=[f"A loss of {printed[-1]:.2f}, summed over four examples, leaves "
                           "each one only a little way from its target."])
    yield Train(lecture_net, xs, ys, steps=STEPS, lr=LR, title=f"{STEPS} steps at lr = {LR}")
    yield Say(f"Predictions [{', '.join(f'{p:+.3f}' for p in final)}] for targets "
              f"[{', '.join(f'{y:+g}' for y in ys)}].")

    again = run_loop(n, xs, ys, STEPS, LR)
    fresh = printed[0]
    yield AskChoice(
        "In a notebook we run the loop cell a second time, but not the line that creates n. "
        "What does the first printed line show?",
        choices=[f"{fresh:.4f} again: training starts over",
                 f"About {printed[-1]:.4f}: it carries on"],
        correct=0 if abs(again[0] - fresh) < abs(again[0] - printed[-1]) else 1,
        hints=["The loop changes n's parameters in place."])
    yield Say(f"It printed **{again[0]:.4f}**, and {again[-1]:.4f} after {STEPS} more steps. "
              "The network *is* its parameters: they stay trained until n is made again.")

    half = run_loop(lecture_net(), xs, ys, 2 * STEPS, LR / 2)
    a, b = printed[-1], half[-1]
    close = abs(a - b) <= 0.1 * max(a, b)
    yield AskChoice(
        f"Compare {STEPS} steps at lr {LR} with {2 * STEPS} steps at lr {LR / 2}, both from "
        "the same fresh network. Which ends with the lower loss?",
        choices=[f"{STEPS} steps at {LR}, clearly",
                 f"{2 * STEPS} steps at {LR / 2}, clearly",
                 "About the same (within 10%)"],
        correct=2 if close else (0 if a < b else 1),
        hints=["Each step moves the parameters about lr times the gradient.",
               "Half the step size, twice the steps."])
    yield Say(f"{STEPS} × {LR}: **{a:.4f}**. {2 * STEPS} × {LR / 2}: **{b:.4f}**. "
              + ("When the steps are small, what matters most is the total distance "
                 "travelled, about lr × steps. Twice the steps cost twice the time for "
                 "much the same result." if close else
                 "Here the step size mattered more than the total distance travelled."))
    yield Recap([
        "Training = repeat forward, backward, update.",
        "The printed loss is measured before each step's update.",
        "Running the loop again continues training; re-create the net to start over.",
        "With small steps, lr × steps is roughly what counts; fewer, bigger steps are cheaper.",
    ])
