"""Lesson: the zero_grad bug (lecture section 22, pitfall 2).

The training loop without `p.grad = 0.0`: because backward() adds into .grad,
step 2's gradient lands on top of step 1's.  The learner predicts w.grad at
step 2 (computed by running the buggy loop; only the new gradient and only the old
one are named as the two central mistakes), when the two loops first print
different losses, and which one ends lower after 20 steps: on this toy problem
the buggy one may win, which is the point.  Both loops run as Train steps.
"""

import math
import random

from engine.data import lecture_dataset
from engine.losses import sum_squared_error
from engine.nn import MLP
from engine.train import train
from lessons.steps import AskChoice, AskNumber, Code, Recap, Say, Train

SEED = 42
LR = 0.05
STEPS = 20

BUGGY_SOURCE = f'''\
for k in range({STEPS}):
    ypred = [n(x) for x in xs]
    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))
    loss.backward()            # no p.grad = 0.0 before this
    for p in n.parameters():
        p.data += -{LR} * p.grad'''


def lecture_net():
    return MLP(3, [4, 4, 1], rng=random.Random(SEED))


def step(model, xs, ys, zero_grad):
    """One forward, (zero), backward; returns the loss value.  The update is separate."""
    loss = sum_squared_error([model(x) for x in xs], ys)
    if zero_grad:
        model.zero_grad()
    loss.backward()
    return loss.data


def update(model, lr):
    for p in model.parameters():
        p.data += -lr * p.grad


def lesson():
    xs, ys = lecture_dataset()
    yield Say(
        "# The zero_grad bug\n\n"
        "Remember why backward() *adds* into `.grad` instead of assigning: a node used "
        "twice must collect from both paths. Now delete the `p.grad = 0.0` line from the "
        "training loop, as the lecture first did, and think about what `+=` does across steps."
    )
    yield Code(BUGGY_SOURCE, caption="The buggy loop.")

    buggy, fixed = lecture_net(), lecture_net()
    w_bug = buggy.layers[0].neurons[0].w[0]
    w_ok = fixed.layers[0].neurons[0].w[0]
    step(buggy, xs, ys, zero_grad=False)
    step(fixed, xs, ys, zero_grad=True)
    g1 = w_bug.grad
    update(buggy, LR)
    update(fixed, LR)
    step(fixed, xs, ys, zero_grad=True)
    g2 = w_ok.grad
    step(buggy, xs, ys, zero_grad=False)
    yield Say(
        "Watch one weight w, the first weight of the first neuron. At step 1 its gradient "
        f"is **{g1:.4f}**. After the update, step 2's backward pass (in a correct loop, with "
        f"the grads zeroed first) gives **{g2:.4f}**."
    )
    piled = w_bug.grad
    three_digits = 0.5 * 10 ** (math.floor(math.log10(abs(piled))) - 2)
    yield AskNumber("In the buggy loop, what is w.grad right after step 2's backward()? "
                    "(Three significant digits.)",
                    skill="accumulate", value=piled, abs_tol=three_digits, rel_tol=0,
                    mistakes=[(g2, "That is only the new gradient: what a loop that zeroes "
                                   "the grads gets. Nothing zeroed w.grad here, and "
                                   "backward() adds into it."),
                              (g1, "That is only the old gradient, from step 1. backward() "
                                   "ran again and added its new contribution on top."),
                              (g1 - g2, "backward() adds the new gradient to the old one; "
                                        "it does not subtract it.")],
                    hints=["Nothing reset w.grad after step 1.",
                           "backward() adds its new contribution to what is already there."],
                    why=f"{g1:.4f} + ({g2:.4f}): the old gradient plus the new one.")
    piles_up = abs(w_bug.grad - (g1 + g2)) < 1e-9
    same_as_ok = abs(w_bug.grad - g2) < 1e-12
    yield AskChoice(
        "So what does the buggy loop's update do, as the steps go by?",
        skill="accumulate",
        choices=["Exactly what the correct loop does",
                 "Nothing: old and new gradients cancel out",
                 "Steps along the sum of all past gradients"],
        correct=0 if same_as_ok else (2 if piles_up else 1), shuffle=False,
        notes=["" if same_as_ok else
               "Its w.grad already differs from the correct loop's after two steps, and the "
               "update uses w.grad.",
               "They would cancel only if each new gradient were the opposite of all the "
               "old ones. Here they point mostly the same way, so the sum grows.",
               "" if piles_up else "Not here: the grads do not simply add up."],
        why="While the gradients keep pointing the same way, their sum keeps growing: "
            "like an ever larger step size.",
        hints=["You just saw w.grad after two steps. What will it hold after ten?"])

    bug_run = [s.loss for s in train(lecture_net(), xs, ys, steps=STEPS, lr=LR,
                                     zero_grad=False)]
    ok_run = [s.loss for s in train(lecture_net(), xs, ys, steps=STEPS, lr=LR,
                                    zero_grad=True)]
    first_diff = next((k for k, (a, b) in enumerate(zip(bug_run, ok_run)) if a != b), None)
    yield AskChoice(
        "Both loops print the loss at the top of each step, before updating. Do they print "
        "the same loss at k = 1, the second line?",
        choices=["Yes, the same", "No, already different"],
        correct=0 if bug_run[1] == ok_run[1] else 1, shuffle=False,
        notes=["" if bug_run[1] == ok_run[1] else "The first update already differs.",
               "The first backward pass started from zero grads in both loops, so the first "
               "update, and the loss after it, are the same. The piling up starts at step 2."
               if bug_run[1] == ok_run[1] else ""],
        hints=["The loss at k = 1 is measured after exactly one update.",
               "At step 1 every grad started at 0 in both loops."])
    yield Say(
        "The printed losses: buggy "
        + ", ".join(f"{v:.3f}" for v in bug_run[:4]) + " …; correct "
        + ", ".join(f"{v:.3f}" for v in ok_run[:4]) + " …. "
        + (f"They first differ at k = {first_diff}." if first_diff is not None
           else "They never differ.")
    )

    final_bug, final_ok = bug_run[-1], ok_run[-1]
    yield AskChoice(
        f"After {STEPS} steps at lr = {LR}, which loop has the lower loss?",
        choices=["The correct loop, with the grads zeroed", "The buggy loop, without"],
        correct=int(final_bug < final_ok),
        notes=["Correct code is not always faster. On this tiny problem the piled-up "
               "gradients act like a growing learning rate, and that happens to help."
               if final_bug < final_ok else "",
               "" if final_bug < final_ok else
               "Here the growing steps did not pay off."],
        hints=["This problem is tiny and easy.",
               "Which of the two takes bigger and bigger steps?"])
    yield Train(lecture_net, xs, ys, steps=STEPS, lr=LR, zero_grad=False,
                title="Without zero_grad (buggy)")
    yield Train(lecture_net, xs, ys, steps=STEPS, lr=LR, zero_grad=True, predict_reruns=True,
                title="With zero_grad (correct)")
    yield Say(
        f"Final loss: buggy **{final_bug:.2g}**, correct **{final_ok:.2g}**. "
        + ("The bug *won*. " if final_bug < final_ok else "The correct loop won. ")
        + "On four easy examples the piled-up gradients act like a huge learning rate, and "
        "here that happens to help. On a harder problem the ever-growing steps keep the "
        "loss from being optimized well."
    )
    yield Say(
        "The fix is one line before `loss.backward()`: `n.zero_grad()`, or `p.grad = 0.0` "
        "for every parameter. With it, descent is slower here but correct."
    )
    yield AskChoice(
        "The buggy loop's loss went down nicely. What does that tell you about the code?",
        choices=["The code is correct, because the loss went down",
                 "Not much: buggy code can still train"],
        correct=1,
        notes=["You just watched buggy code bring the loss down. A falling loss only says "
               "the steps went downhill on average, not that the gradients were right.", ""],
        hints=["The loss curve alone did not reveal this bug at all."])
    yield Recap([
        "backward() adds into .grad, so grads must be reset before every backward pass.",
        "Forgetting zero_grad makes each step follow the sum of all past gradients.",
        "On an easy problem that can even look faster; on a real one it breaks training.",
        "A falling loss does not prove the code is right.",
    ])
