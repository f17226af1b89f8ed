"""Lesson: the chain rule through a plus node (lecture section 8).

Continuing down L = (a*b + c) * f from dL/dd = -2: the notation for total
(dL/dc) and local (∂d/∂c) derivatives, the local derivative of a + node, the
chain rule (car / bike / walker, built as Values), dL/dc = -2, the plus node
routing its gradient, then a.grad = 6 and b.grad = -4, which leaf matters most
(from the learner's own answers, before the engine prints them), and the real
backward pass to confirm them all.
"""

from lessons._l_graph import build
from lessons.steps import (AskChoice, AskGrad, Nudge, Recap, RevealBackward, Say, Show,
                           gradients, labelled)


def lesson():
    a, b, c, f = labelled(a=2.0, b=-3.0, c=10.0, f=-2.0)
    e, d, L = build(a, b, c, f)
    grads = gradients(L)

    # Where the last lesson stopped: the top three grads, filled in by hand.
    for node in (L, d, f):
        node.grad = grads[node]
    yield Say(
        "# The chain rule through a plus node\n\n"
        f"We know the top: dL/dL = {L.grad:g}, dL/dd = {d.grad:g}, dL/df = {f.grad:g}. "
        "Now the hard part: the nodes that reach L only **through** d."
    )
    yield Show(L, show_grads=True, highlight=[c, e],
               caption="c and e feed d; d feeds L")

    yield Say(
        "From here on we need two kinds of derivative, so they get two spellings:\n\n"
        "- **dL/dc** is a *total* derivative: how much L moves per unit push of c, through "
        "everything in between. It is what ends up in `c.grad`.\n"
        "- **∂d/∂c** is a *local* derivative: how much the node d moves per unit push of "
        "its own input c, by d's own formula alone. It knows nothing about L."
    )
    yield Say(
        "A `+` node only knows its own inputs and output. So first ask a **local** "
        "question that ignores L entirely."
    )
    yield AskGrad(out=d, wrt=c, within=L,
                  prompt="d = e + c. What is ∂d/∂c, the local derivative?",
                  hints=["Push c up by h. How much does e + c go up?"],
                  mistakes=[(0.5, "A plus node does not share the push out between its "
                                  "inputs: d moves by the whole push of c.")],
                  why="((e + c + h) - (e + c)) / h = 1.")

    yield Say(
        "We know how c moves d (∂d/∂c), and how d moves L (dL/dd). The **chain rule** joins "
        "them: **dL/dc = dL/dd * ∂d/∂c**. The rates multiply, the way speeds do along a chain."
    )
    car_vs_bike, bike_vs_walker = 2.0, 4.0
    (walker,) = labelled(walker=5.0)     # a walking speed, in km/h
    bike = walker * bike_vs_walker
    bike.label = "bike"
    car = bike * car_vs_bike
    car.label = "car"
    yield AskGrad(
        out=car, wrt=walker,
        prompt=f"A car goes {car_vs_bike:g}x as fast as a bike, and the bike "
               f"{bike_vs_walker:g}x as fast as a walker. How many times as fast as the "
               "walker is the car?",
        hints=["Each walker step is worth some bike steps, and each bike step some car steps."],
        mistakes=[(car_vs_bike + bike_vs_walker, "You added the two rates. Along a chain the "
                                                  "rates multiply.")],
        why="The rates multiply along the chain.",
    )
    yield Show(car, caption=f"The same story as a graph, for a walker at {walker.data:g} "
                            f"km/h: the bike does {bike.data:g} and the car {car.data:g}.")

    yield AskGrad(out=L, wrt=c,
                  hints=["Chain rule: dL/dc = dL/dd * ∂d/∂c. You already know both "
                         "factors."],
                  why="A local derivative of 1 passes dL/dd through untouched.")
    yield Nudge(lambda: build(a, b, c, f)[2], leaf=c, h=0.001)

    rules = [grads[d], grads[d] / 2, grads[d] * c.data]
    yield AskChoice(
        "e is the other input of the same + node. How does e.grad compare with d.grad?",
        skill="plus", choices=["It is the same as d.grad", "It is half of d.grad", "It is d.grad times c"],
        correct=next(i for i, r in enumerate(rules) if abs(r - grads[e]) < 1e-12),
        notes=["",
               "This is the classic misconception: a plus node does not split its gradient "
               "between its inputs. Push e by h and d moves by the whole h, so ∂d/∂e = 1 and "
               "e gets all of d.grad, just as c does.",
               "Multiplying by the other input is the rule of a product. d = e + c is a sum."],
        hints=["∂d/∂e is a local derivative of a + node, just like ∂d/∂c."],
        why="A + node hands the gradient from above, unchanged, to every input.",
    )
    c.grad, e.grad = grads[c], grads[e]
    yield Show(L, show_grads=True, highlight=[e, c],
               caption="A plus node routes its gradient: c and e both get d's")

    yield Say(
        "Last level: `e = a * b`. It is a product, so its local derivatives are the "
        f"other factors. And e.grad = {e.grad:g} is already known."
    )
    yield AskGrad(out=L, wrt=a,
                  hints=["dL/da = dL/de * ∂e/∂a.",
                         "∂e/∂a is the other factor of e = a * b."],
                  why="A * node sends each input the gradient from above times the other "
                      "factor: a gets e's gradient times b.")
    yield AskGrad(out=L, wrt=b,
                  hints=["dL/db = dL/de * ∂e/∂b, and ∂e/∂b is the other factor."],
                  why="The same product rule from b's side: b gets e's gradient times a.")

    # Before the engine prints every grad: which of the learner's own answers is biggest?
    leaves = [a, b, c, f]
    strongest = max(leaves, key=lambda v: abs(grads[v]))
    yield AskChoice(
        "You now have the gradient of L with respect to each of the four leaves (f's was in "
        "the last lesson). Per unit of push, which leaf moves L the most?",
        choices=[v.label for v in leaves],
        correct=leaves.index(strongest),
        notes=[f"dL/d{v.label} is not the largest in size. Compare all four, ignoring signs."
               if v is not strongest else "" for v in leaves],
        hints=["Compare the sizes of the four leaf grads, ignoring the signs."],
        why=f"|dL/d{strongest.label}| = {abs(grads[strongest]):g} is the largest.",
    )

    yield Say("Now let the engine run the real backward pass and compare with yours.")
    yield RevealBackward(L)
    yield Show(L, show_grads=True, caption="Every grad, computed by backward()")
    nudge_a = Nudge(lambda: build(a, b, c, f)[2], leaf=a, h=0.001)
    yield nudge_a
    yield Say(f"And the nudge check on a gives {nudge_a.slope:.6f}: it agrees.")
    yield Recap([
        "dL/dc is a total derivative (c's grad); ∂d/∂c a local one (d's own formula).",
        "Chain rule: dL/dc = dL/dd * ∂d/∂c, the gradient from above times the local one.",
        "A + node has local derivative 1: it copies its gradient to every input.",
        "A * node sends each input the gradient times the other factor.",
        "For L: c and e get -2, a gets 6, b gets -4.",
    ])
