"""Lesson: a proper training loop (lecture section 21).

forward, backward, update, twenty times, written out in the lesson exactly as
the Code step shows it.  The learner predicts which loss the first line prints
(the one before the update: print runs after it, but loss.data is stale, both
numbers offered on screen), whether the last is lower, how many predictions end
with the right sign, what running the cell again prints, and how 20 steps at lr
0.05 compare with 40 at 0.025.
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

    untrained = lecture_net()
    untrained_right = sum((untrained(x).data > 0) == (y > 0) for x, y in zip(xs, ys))
    n = lecture_net()
    printed = run_loop(n, xs, ys, STEPS, LR)
    before, after = printed[0], printed[1]      # printed[1]: measured after one update
    yield AskChoice(
        "`print(k, loss.data)` runs after the update. Before it, the loss of this fresh "
        f"network is {before:.4f}; after the first update it is {after:.4f}. Which does "
        "the first line, at k = 0, print?",
        choices=[f"{before:.4f}, the loss before the update",
                 f"{after:.4f}, the loss after the update"],
        correct=0, shuffle=False,
        notes=["", "loss.data was stored by the forward pass, before the update. Changing "
                   "the parameters does not recompute it: the stale data of the one-step "
                   "lesson."],
        hints=["When was loss.data computed: by the forward pass, or by print?",
               "Does changing p.data recompute a Value made earlier?"],
        why="The loss is computed at the top of each step; the update only changes the "
            "parameters.")
    trend = (0 if printed[-1] < 0.9 * printed[0] else
             (2 if printed[-1] > 1.1 * printed[0] else 1))
    yield AskChoice(
        f"And on its last line, at k = {STEPS - 1}: is the loss lower than at k = 0?",
        choices=["Lower", "About the same", "Higher"], correct=trend, shuffle=False,
        notes=["" if trend == 0 else "Not this time: see how far it went.",
               "" if trend == 1 else
               "Each step moves every parameter downhill, and twenty of them add up.",
               "" if trend == 2 else
               "With a small enough learning rate each step goes downhill, so the loss "
               "falls, step after step."])
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
                    mistakes=[(untrained_right, "That is how many the untrained network got "
                                                "right. Training has lowered the loss a lot "
                                                "since.")],
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
        skill="accumulate", choices=[f"{fresh:.4f} again: training starts over",
                 f"About {printed[-1]:.4f}: it carries on"],
        correct=0 if abs(again[0] - fresh) < abs(again[0] - printed[-1]) else 1, shuffle=False,
        notes=["The loop never makes a new network: it changes n's parameters in place, "
               "and they are still trained from the first run.", ""],
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
        correct=2 if close else (0 if a < b else 1), shuffle=False,
        notes=["" if not close and a < b else
               "Bigger steps cover more ground per step, but there are half as many.",
               "" if not close and b < a else
               "Twice the steps, but each one half as long.",
               "" if close else "Here the two differ by more than 10%."],
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
