"""Lesson: the chain rule through a plus node (lecture section 8).

Continuing down L = (a*b + c) * f from dL/dd = -2: the local derivative of a
+ node, the chain rule (car / bike / walker, built as Values), dL/dc = -2, the
plus node routing its gradient, then a.grad = 6 and b.grad = -4, and the real
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
        "A `+` node only knows its own inputs and output. So first ask a **local** "
        "question that ignores L entirely."
    )
    yield AskGrad(out=d, wrt=c,
                  prompt="d = e + c. What is dd/dc, the local derivative?",
                  hints=["Push c up by h. How much does e + c go up?"],
                  why="((e + c + h) - (e + c)) / h = 1.")

    yield Say(
        "We know how c moves d, and how d moves L. The **chain rule** joins them: "
        "if z depends on y and y on x, then **dz/dx = dz/dy x dy/dx**. The rates multiply."
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
        why="The rates multiply along the chain.",
    )
    yield Show(car, caption=f"The same story as a graph, for a walker at {walker.data:g} "
                            f"km/h: the bike does {bike.data:g} and the car {car.data:g}.")

    yield AskGrad(out=L, wrt=c,
                  hints=["Chain rule: dL/dc = dL/dd x dd/dc. You already know both "
                         "factors."],
                  why="A local derivative of 1 passes dL/dd through untouched.")
    yield Nudge(lambda: build(a, b, c, f)[2], leaf=c, h=0.001)

    rules = [grads[d], grads[d] / 2, grads[d] * c.data]
    yield AskChoice(
        "e is the other input of the same + node. How does e.grad compare with d.grad?",
        choices=["It is the same as d.grad", "It is half of d.grad", "It is d.grad times c"],
        correct=next(i for i, r in enumerate(rules) if abs(r - grads[e]) < 1e-12),
        hints=["dd/de is a local derivative of a + node, just like dd/dc."],
        why="A + node hands the gradient from above, unchanged, to every input.",
    )
    c.grad, e.grad = grads[c], grads[e]
    yield Show(L, show_grads=True, highlight=[e, c],
               caption="A plus node routes its gradient: c and e both get d's")

    yield Say(
        "Last level: `e = a * b`. It is a product, so the local derivatives are the "
        f"other factors. And e.grad = {e.grad:g} is already known."
    )
    yield AskGrad(out=L, wrt=a,
                  hints=["dL/da = dL/de x de/da.",
                         f"de/da is the other factor, b = {b.data:g}."],
                  why=f"{e.grad:g} x {b.data:g}")
    yield AskGrad(out=L, wrt=b,
                  hints=["dL/db = dL/de x de/db, and de/db is a."],
                  why=f"{e.grad:g} x {a.data:g}")

    yield Say("Now let the engine run the real backward pass and compare with yours.")
    yield RevealBackward(L)
    yield Show(L, show_grads=True, caption="Every grad, computed by backward()")
    nudge_a = Nudge(lambda: build(a, b, c, f)[2], leaf=a, h=0.001)
    yield nudge_a
    yield Say(f"And the nudge check on a gives {nudge_a.slope:.6f}: it agrees.")

    leaves = [a, b, c, f]
    strongest = max(leaves, key=lambda v: abs(grads[v]))
    yield AskChoice(
        "Per unit of push, which leaf moves L the most?",
        choices=[v.label for v in leaves],
        correct=leaves.index(strongest),
        hints=["Compare the sizes of the leaf grads, ignoring the signs."],
        why=f"|dL/d{strongest.label}| = {abs(grads[strongest]):g} is the largest.",
    )
    yield Recap([
        "Chain rule: multiply the gradient from above by the local derivative.",
        "A + node has local derivative 1: it copies its gradient to every input.",
        "A * node sends each input the gradient times the other factor.",
        "For L: c and e get -2, a gets 6, b gets -4.",
    ])
