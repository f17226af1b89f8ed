"""Lesson: several inputs, one at a time (lecture section 3).

d = a*b + c with a = 2, b = -3, c = 10.  The learner predicts d, the direction
and slope for each input before each nudge (h = 0.0001), which input matters
most, and whether c changes how d reacts to a.
"""

from lessons.steps import (AskChoice, AskGrad, AskNumber, AskSign, AskValue, Code, Nudge,
                           Recap, Say, Show, gradients, labelled)

H = 0.0001


def build(a, b, c):
    d = a * b + c
    d.label = "d"
    return d


def lesson():
    yield Say(
        "# Several inputs, one at a time\n\n"
        "Real expressions have many inputs. The trick stays the same: push **one** input "
        "a tiny bit, hold the others still, and watch the output."
    )
    yield Code("a = 2.0\nb = -3.0\nc = 10.0\nd = a*b + c")

    a, b, c = labelled(a=2.0, b=-3.0, c=10.0)
    d = build(a, b, c)
    yield AskValue(node=d, prompt="What is d?",
                   hints=["Multiply first: a*b = 2 * -3."])

    yield Say(f"We will push each input by h = {H:g} and compare d before and after.")

    # --- a -------------------------------------------------------------------
    yield AskSign(out=d, wrt=a, chain_rule=False,
                  prompt="Push a up a little (2.0 -> 2.0001). Does d go up, down, or stay?",
                  mistakes=[(1, "More a means more of a*b, but b is negative: each extra bit "
                                "of a adds a negative amount."),
                            (0, "d = a*b + c: a is in it, so a push on a reaches d.")],
                  hints=["a is multiplied by b. What is the sign of b?"],
                  why="a is multiplied by a negative number, so more a means less d.")
    nudge_a = Nudge(lambda: build(a, b, c), leaf=a, h=H)
    yield AskNumber(
        f"Be precise: what is d after a goes up by {H:g}? (d was {nudge_a.before:g}; "
        "give four decimals.)",
        value=nudge_a.after, abs_tol=H / 2, rel_tol=0.0,
        mistakes=[(nudge_a.slope, "That is the slope, the change per whole unit of a. The "
                                  "question asks for d itself after a push of 0.0001."),
                  (nudge_a.after - nudge_a.before, "That is how much d changes. Add the "
                                                   "change to d's old value."),
                  (2 * nudge_a.before - nudge_a.after, "d moves the other way: a is "
                                                       "multiplied by a negative b."),
                  (nudge_a.before + nudge_a.slope, "You added the whole slope. The push is "
                                                   "only 0.0001 units, so the change is "
                                                   "slope x 0.0001.")],
        hints=["Each extra unit of a adds one b to d.",
               f"The change is b x h = {b.data:g} x {H:g}."],
        why=f"d changes by b x h, so it drops by {abs(nudge_a.after - nudge_a.before):.4f}.",
    )
    yield nudge_a
    yield Say(
        f"d went from {nudge_a.before:g} to {nudge_a.after:.6f}: slope "
        f"**{nudge_a.slope:.4f}**. The slope of d with respect to a is just b."
    )

    # --- b -------------------------------------------------------------------
    yield AskGrad(out=d, wrt=b, prompt="What is the slope of d with respect to b?",
                  chain_rule=False,
                  hints=["By the same reasoning as for a, with the roles swapped.",
                         "b is multiplied by a."],
                  mistakes=[(b.data, "That is b itself, the slope for a. For b the roles "
                                     "swap: b is multiplied by a.")],
                  why="Each extra unit of b adds one a to d.")
    nudge_b = Nudge(lambda: build(a, b, c), leaf=b, h=H)
    yield nudge_b
    yield Say(f"Rise over run: **{nudge_b.slope:.4f}**. Pushing b up raises d, at a rate of a.")

    # --- c -------------------------------------------------------------------
    yield AskGrad(out=d, wrt=c, prompt="And the slope of d with respect to c?",
                  chain_rule=False,
                  hints=["c is simply added to the product."],
                  mistakes=[(c.data, "That is c's value. The slope asks how much d moves per "
                                     "unit push of c, whatever c is."),
                            (0.0, "c does move d: whatever you add to c is added to d.")],
                  why="Whatever you add to c is added to d, one for one.")
    nudge_c = Nudge(lambda: build(a, b, c), leaf=c, h=H)
    yield nudge_c
    yield Say(f"Slope **{nudge_c.slope:.4f}**: c passes straight through to d.")

    # --- comparing ------------------------------------------------------------
    grads = gradients(d)
    leaves = [a, b, c]
    strongest = max(leaves, key=lambda v: abs(grads[v]))
    yield AskChoice(
        "Push each input by the same small amount. Which one moves d the most "
        "(either direction)?",
        skill="sign", choices=[v.label for v in leaves],
        correct=leaves.index(strongest),
        notes=[f"{v.label}'s slope is {grads[v]:g}. Compare its size with the other two "
               "slopes, ignoring signs." if v is not strongest else "" for v in leaves],
        hints=["Compare the sizes of the three slopes, ignoring their signs."],
        why="The slope with the largest size wins; its sign only says which way.",
    )
    yield Show(d, highlight=[strongest],
               caption="The input d is most sensitive to, highlighted.")

    # --- does c matter for a's slope? -----------------------------------------
    a2, b2, c2 = labelled(a=2.0, b=-3.0, c=100.0)
    d2 = build(a2, b2, c2)
    same = abs(gradients(d2)[a2] - grads[a]) < 1e-12
    yield AskChoice(
        "Now change c from 10 to 100 and keep a = 2, b = -3. What happens to the slope "
        "of d with respect to a?",
        choices=[f"It stays {grads[a]:g}", "It changes, because d is now much bigger"],
        correct=0 if same else 1,
        notes=["", "d is bigger, but the slope is about change: how much one extra unit of a "
                   "adds. That depends on what a is multiplied by."] if same else
              ["c changed what a's slope depends on.", ""],
        hints=["Which numbers did the slope with respect to a depend on?"],
        why="The slope with respect to a is b; c only shifts d up or down.",
    )
    yield Say(
        f"With c = 100, d = {d2.data:g} but the slope for a is still "
        f"**{gradients(d2)[a2]:g}**. A partial derivative depends on what the input "
        "is *multiplied* by, not on what is added alongside it."
    )
    yield Recap([
        "With several inputs, nudge one at a time and hold the rest still.",
        "For d = a*b + c: slope for a is b, slope for b is a, slope for c is 1.",
        "The sign of a slope says which way d moves; its size says how strongly.",
        "Added terms shift the output but do not change the other slopes.",
    ])
