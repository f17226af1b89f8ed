"""Lesson: one step uphill (lecture section 9).

Backprop summarised, then one optimisation step on L = (a*b + c) * f: every
leaf moves by 0.01 * grad.  The learner first predicts what L.data shows if
the leaves change but the forward pass is not rerun (pitfall 12: it is stale),
then the new L after rebuilding (-7.286496), and L after a step the other way
(-8.726304).
"""

from lessons._l_graph import build
from lessons.steps import (AskChoice, AskNumber, AskValue, Code, Recap, Say, Show, gradients,
                           labelled)

STEP = 0.01
START = dict(a=2.0, b=-3.0, c=10.0, f=-2.0)


def lesson():
    a, b, c, f = leaves = labelled(**START)
    e, d, L = build(a, b, c, f)
    yield Say(
        "# One step uphill\n\n"
        "Backprop in one sentence: visit the nodes from the output down; each node "
        "already knows dL/d(itself), and hands each child its share."
    )
    grads = gradients(L)
    local_a = e.local_grads()[e._prev.index(a)]
    candidates = [grads[e] * local_a, e.data * a.data, local_a]
    yield AskChoice(
        "e = a * b. What exactly does e hand down to a?",
        skill="times", choices=["e.grad times the local derivative ∂e/∂a",
                 "e.data times a.data",
                 "the local derivative ∂e/∂a alone"],
        correct=next(i for i, x in enumerate(candidates) if abs(x - grads[a]) < 1e-12),
        notes=["",
               "The backward pass hands down gradients, not values: what reaches e from "
               "above, times e's own local rule.",
               "∂e/∂a alone says how e moves, not how L moves. The gradient from above, "
               "e.grad, carries the rest of the way to L."],
        hints=["It is the chain rule, applied at one node."],
        why="Gradient from above x local derivative: that is all backprop ever does.",
    )

    L.backward()
    yield Show(L, show_grads=True,
               caption="After L.backward(): every node's gradient, dL/d(node)")
    yield Say(
        f"L is {L.data:g}. Suppose we want it **higher**. Each leaf's grad says which "
        "way raises L, and how strongly. So move every leaf a little **along** its grad."
    )
    yield Code(
        f"for p in [a, b, c, f]:\n"
        f"    p.data += {STEP} * p.grad\n"
        f"\n"
        f"print(L.data)",
        caption="One step of optimisation... almost",
    )
    old_grads = {p: p.grad for p in leaves}
    for p in leaves:
        p.data += STEP * p.grad

    rebuilt = build(*labelled(**{p.label: p.data for p in leaves}))[2].data
    yield AskNumber(
        "The leaves have moved. What does `print(L.data)` show now?",
        value=L.data,
        mistakes=[(rebuilt, "That is what L would be if its line ran again. Nothing has "
                            "recomputed it: L.data is the number stored when L was made.")],
        hints=["When was L's number computed? Has that line run again?"],
        why="L.data was stored when L was built. Changing a leaf does not recompute it.",
    )
    yield Show(L, highlight=leaves,
               caption="The leaves are new, but e, d and L still hold the old numbers")
    yield Say(
        "**Stale data.** A Value stores its number at the moment it is made. After "
        "changing the leaves you must run the **forward pass again** to get a new L."
    )

    e2, d2, L2 = build(a, b, c, f)
    yield Code("e = a * b\nd = e + c\nL = d * f\nprint(L.data)", caption="Rerun the forward pass")
    yield AskChoice(
        f"After rebuilding, will L be above or below {L.data:g}?",
        choices=[f"above {L.data:g}", f"below {L.data:g}"],
        correct=0 if L2.data > L.data else 1, shuffle=False,
        notes=["Each leaf moved against its gradient's sign? Look again: += grad."
               if L2.data <= L.data else "",
               "" if L2.data <= L.data else
               "Every leaf moved along its grad, the direction that raises L."],
        hints=["Each leaf moved in the direction that raises L."],
    )
    rise = STEP * sum(g * g for g in old_grads.values())
    a3, b3, c3, f3 = down = labelled(**START)
    for p, p_old in zip(down, leaves):
        p.data -= STEP * old_grads[p_old]
    _, _, L3 = build(a3, b3, c3, f3)
    yield AskValue(
        node=L2, prompt="What is the new L? (Two decimals.)", abs_tol=0.005, rel_tol=0,
        hints=["Rebuild e = a*b, d = e + c and L = d*f from the new leaves.",
               f"The leaves are now a = {a.data:g}, b = {b.data:g}, "
               f"c = {c.data:g}, f = {f.data:g}."],
        mistakes=[(L.data + rise, f"That is the straight-line estimate, L + {STEP} x (sum of "
                                  "grad²). L curves, so the real value differs in the second "
                                  "decimal: compute it from the new leaves."),
                  (L3.data, "That is a step *against* the gradient, which lowers L. These "
                            "leaves moved along it."),
                  (L.data, "That is the old L. Rebuilt from the new leaves, L changes.")],
        why="A step along the gradient raised L.",
    )
    yield Show(L2, caption="The rebuilt graph")
    yield Say(
        f"L went from {L.data:g} to **{L2.data:.6f}**: it went up, a little less than the "
        f"linear estimate ({rise:g}) because the expression curves. "
        "That is one step of optimisation."
    )

    yield AskValue(
        node=L3, abs_tol=0.005, rel_tol=0,
        prompt=f"Start again from L = {L.data:g} and step the other way: each leaf "
               f"moves by -{STEP} x grad. What is L then? (Two decimals.)",
        hints=["Moving against every grad lowers L, by about the same amount.",
               f"The leaves are now a = {a3.data:g}, b = {b3.data:g}, c = {c3.data:g}, "
               f"f = {f3.data:g}."],
        mistakes=[(L2.data, "That is the step along the gradient. This time every leaf moves "
                            "against it."),
                  (L.data - rise, "That is the straight-line estimate; compute L from the "
                                  "moved leaves.")],
        why="Against the gradient, L goes down. A loss is minimised this way.",
    )
    yield Say(
        f"L = **{L3.data:.6f}**, lower than {L.data:g}. With a loss we want exactly this: "
        "step *against* the gradient, so the loss goes down."
    )
    yield Recap([
        "Backprop is the chain rule, applied node by node from the output back.",
        "Stepping each leaf along its grad raises L; against its grad lowers it.",
        "After changing leaves, rerun the forward pass: old .data values are stale.",
        f"Here a step of {STEP} moved L from {L.data:g} to {L2.data:.6f} "
        f"(or {L3.data:.6f} the other way).",
    ])
