"""Lesson: gradient descent and the learning rate (lecture section 20).

The update p.data += -lr * p.grad on the lecture's example weight (0.854, grad
-0.3, lr 0.01: 0.857, or 0.851 without the minus); the update with the wrong sign,
no update at all and the learning rate left out are named.  Pitfall 4: one step with
the wrong sign, run on the seeded network, raises the loss.  Pitfall 3: seeded
runs at lr 0.01 (slow), 0.05 (good), 0.1 (a bump on the way) and 1.0 (every
tanh saturates and the loss sticks near 8).  Train steps show the curves live.
"""

import random

from engine import Value
from engine.data import lecture_dataset
from engine.losses import sum_squared_error
from engine.nn import MLP
from engine.train import train
from lessons.steps import AskChoice, AskNumber, Code, Recap, Say, Train

SEED = 42
STEPS = 20
SLOW, GOOD, BUMPY, HUGE = 0.01, 0.05, 0.1, 1.0


def lecture_net():
    return MLP(3, [4, 4, 1], rng=random.Random(SEED))


def losses(lr, steps=STEPS):
    xs, ys = lecture_dataset()
    model = lecture_net()
    history = [s.loss for s in train(model, xs, ys, steps=steps, lr=lr)]
    return history, model


def one_step(sign, lr):
    """Loss before and after one update p.data += sign * lr * p.grad."""
    xs, ys = lecture_dataset()
    model = lecture_net()
    loss = sum_squared_error([model(x) for x in xs], ys)
    loss.backward()
    for p in model.parameters():
        p.data += sign * lr * p.grad
    after = sum_squared_error([model(x) for x in xs], ys)
    return loss.data, after.data


def lesson():
    yield Say(
        "# Gradient descent and the learning rate\n\n"
        "Each parameter's `.grad` says which way is **uphill**: how the loss changes if that "
        "parameter goes up. We want downhill, so we step every parameter a little *against* "
        "its gradient. The step size is the **learning rate**, lr."
    )
    yield Code("for p in n.parameters():\n    p.data += -0.01 * p.grad")

    lr = 0.01
    w = Value(0.854, label="w")
    w.grad = -0.3          # the lecture's example weight, after loss.backward()
    right = w.data + -lr * w.grad
    wrong = w.data + lr * w.grad
    tight = dict(abs_tol=0.0005, rel_tol=0)
    yield Say(f"In the lecture one weight had data **{w.data}** and a gradient of about "
              f"**{w.grad}**. A negative gradient: raising this weight would lower the loss.")
    yield AskNumber(f"After `w.data += -{lr} * w.grad`, what is w.data? (Three decimals.)",
                    skill="descent", value=right, **tight,
                    hints=[f"Work out -{lr} * w.grad first: mind the two minus signs.",
                           f"-{lr} times {w.grad} is positive."],
                    mistakes=[(wrong, "That is the update with the sign flipped: it moves w "
                                      "along its gradient, uphill. Here -lr times a negative "
                                      "gradient is positive."),
                              (w.data, "That is w before the step. The update adds "
                                       "-lr * w.grad to it."),
                              (w.data - w.grad, "You stepped by the whole gradient. It is "
                                                "scaled by the learning rate first."),
                              (w.data + w.grad, "That steps by the whole gradient, and the "
                                                "wrong way. Scale it by -lr.")],
                    why="Minus times minus: the weight goes up, against the gradient.")
    yield AskNumber(f"And if the minus sign is forgotten, `w.data += {lr} * w.grad`? "
                    "(Three decimals.)",
                    skill="descent", value=wrong, **tight,
                    mistakes=[(right, "That is the correct update, with the minus. Without "
                                      "it, the step goes the other way."),
                              (w.data, "That is w before the step. A step still happens, "
                                       "just in the wrong direction.")],
                    why="Now the weight moves with the gradient: uphill.")

    # Pitfall 4 on the real network.
    start, down = one_step(-1, GOOD)
    _, up = one_step(+1, GOOD)
    yield Say(f"Now the whole seeded network from before, loss **{start:.4f}**. We take one "
              f"step with lr = {GOOD}, but with the sign flipped: `p.data += {GOOD} * p.grad`.")
    yield AskChoice(
        f"After that one wrong-signed step, is the loss above or below {start:.4f}?",
        choices=["Below: any step helps", "Above: we walked uphill"],
        correct=int(up > start), shuffle=False,
        notes=["A step helps only in the right direction. The gradient points uphill, and "
               "this step follows it." if up > start else "",
               "" if up > start else "This time the step was small enough to land lower."],
        hints=["The gradient points in the direction that makes the loss grow."])
    yield Say(f"With the sign flipped the loss went **{start:.4f} -> {up:.4f}**. With the "
              f"correct minus sign: **{start:.4f} -> {down:.4f}**.")

    # Pitfall 3: the learning rate.
    rates = [SLOW, GOOD, HUGE]
    runs = {r: losses(r) for r in rates + [BUMPY]}
    finals = [runs[r][0][-1] for r in rates]
    yield Say(
        f"How big should lr be? We repeat forward, backward, update for {STEPS} steps, "
        f"each time from the same seeded network, with three learning rates: "
        f"{', '.join(map(str, rates))}."
    )
    yield AskChoice(
        f"Which learning rate ends with the lowest loss after {STEPS} steps?",
        choices=[f"lr = {r}" for r in rates], correct=finals.index(min(finals)),
        shuffle=False,
        notes=["" if f == min(finals) else
               ("Small steps are safe, but in 20 steps they do not get far." if r < GOOD else
                "Too big: the gradient only holds near where we stand, and long steps "
                "overshoot or saturate the tanh units.")
               for r, f in zip(rates, finals)],
        hints=["Small steps are safe but slow.",
               "The gradient only describes the loss near where we stand."])
    yield Train(lecture_net, *lecture_dataset(), steps=STEPS, lr=SLOW,
                title=f"lr = {SLOW}: safe but slow")
    yield Train(lecture_net, *lecture_dataset(), steps=STEPS, lr=GOOD, predict_reruns=True,
                title=f"lr = {GOOD}: much faster")

    bumpy = runs[BUMPY][0]
    falls_every_step = all(b < a for a, b in zip(bumpy, bumpy[1:]))
    yield AskChoice(
        f"Double it to lr = {BUMPY}. Does the loss go down at every single step?",
        choices=["Yes, every step lowers it a little more", "No, at least one step goes up"],
        correct=0 if falls_every_step else 1, shuffle=False,
        notes=["" if falls_every_step else
               "A step against the gradient goes downhill only if it is short enough. A "
               "longer one can jump over the valley's bottom and land higher.",
               "" if not falls_every_step else "Here every step was still short enough."],
        hints=["A longer step can jump over the bottom of the valley."])
    rises = [(k, a, b) for k, (a, b) in enumerate(zip(bumpy, bumpy[1:])) if b > a]
    bump_text = "; ".join(f"step {k} -> {k + 1}: {a:.2f} -> {b:.2f}" for k, a, b in rises)
    yield Say(
        (f"It rose on the way ({bump_text}), " if rises else "It fell every step, ")
        + f"and ended at **{bumpy[-1]:.4f}**, "
        + ("lower" if bumpy[-1] < runs[GOOD][0][-1] else "higher") + f" than lr = {GOOD} "
        f"({runs[GOOD][0][-1]:.4f}). Large rates are a gamble: the lecture's run even "
        "'exploded' for a step and happened to land somewhere good."
    )

    huge_losses, huge_model = runs[HUGE]
    xs, ys = lecture_dataset()
    _, after_one = losses(HUGE, steps=1)
    first = [after_one(x).data for x in xs]
    outputs = [huge_model(x) for x in xs]
    slopes = [1 - o.data ** 2 for o in outputs]
    yield Say(f"Now lr = {HUGE}. After a single step the four outputs are "
              f"[{', '.join(f'{o:.3f}' for o in first)}], for targets "
              f"[{', '.join(f'{y:+g}' for y in ys)}]. After that the loss hardly moves.")
    yield AskNumber(
        "Where does the loss get stuck? (One decimal is enough.)",
        value=huge_losses[-1], abs_tol=0.05, rel_tol=0,
        mistakes=[(sum((2 * y) ** 2 for y in ys), "That counts all four as wrong. The "
                                                  "examples whose target is -1 are right."),
                  ((1 - (-1)) ** 2, "That is what one wrong example costs, (+1 - (-1))². "
                                    "How many outputs sit on the wrong side?"),
                  (0.0, "A loss stuck at 0 would be perfect. Look at the outputs: are they all "
                        "on the right side?")],
        hints=["Two targets are -1: those outputs are right.",
               "Two targets are +1, and their outputs are -1: (+1 - (-1))² each."])
    yield Train(lecture_net, xs, ys, steps=STEPS, lr=HUGE,
                title=f"lr = {HUGE}: the outputs saturate")
    yield Say(
        f"After {STEPS} steps the outputs are [{', '.join(f'{o.data:.3f}' for o in outputs)}]. "
        "The output tanh sits on its flat tail, where its local slope 1 - t² is at most "
        f"{max(slopes):.1e}, so almost no gradient gets through and the network cannot "
        "climb back. Too small a rate wastes steps; too large a rate can break training."
    )
    yield Recap([
        "Update: p.data += -lr * p.grad. The minus sign makes it go downhill.",
        "Forget the minus and every step climbs the loss.",
        "lr too small: slow. lr too large: bumps, blow-ups, or saturated tanh units.",
        "The gradient is only a local guide: take small steps and look again.",
    ])
