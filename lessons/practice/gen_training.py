"""Generators of drills about training: one gradient-descent update, and gradients
that pile up when ``zero_grad`` is forgotten.

The statement here is more than assignments (``L.backward()``, an update, a loop),
so each problem carries its whole ``code``.  The answer is what the engine gives
when it does exactly what the code says, step by step; the expected wrong answers
(the update with the wrong sign, only the newest gradient, only the oldest one) are
computed the same way and declared on the question, so they get their own
explanation.
"""

from __future__ import annotations

from lessons.practice.problem import Problem, mul, num, power, prog, slope, sub
from lessons.steps import AskNumber, Show

__all__ = ["make_descent", "make_accumulate"]


def _p(x: float) -> str:
    """A number inside a sum or product: (-2), 3."""
    return f"({num(x)})" if x < 0 else num(x)


def _apart(mistakes, answer: float):
    """The expected wrong answers that are not, by chance, the right one."""
    return [(v, why) for v, why in mistakes if abs(v - answer) > 1e-6 + 0.01 * abs(answer)]


def _update_lines(lr: float) -> str:
    return f"L.backward()\nw.data += -{num(lr)} * w.grad"


def make_descent(rng, level, seed):
    w0 = float(rng.choice((-3, -2, -1, 1, 2, 3)))
    if level == 1:                 # L = w*x: w.grad is x
        lr = rng.choice((0.1, 0.5, 0.01))
        x = float(rng.choice([v for v in (-4, -3, -2, 2, 3, 4)     # the new w is not L
                              if abs(v) != abs(w0) and w0 - lr * v != w0 * v]))
        p = prog(("w", w0), ("x", x), ("L", mul("w", "x")))
    else:                          # L = (w*x - y)**2, written one step a line
        x = float(rng.choice([v for v in (-2, -1, 1, 2, 3) if abs(v) != abs(w0)]))
        y = float(rng.choice([v for v in range(-4, 5) if v != w0 * x and abs(w0 * x - v) <= 3]))
        lr = rng.choice((0.1, 0.05, 0.01)) if level == 2 else rng.choice((0.1, 0.25, 0.75, 1.25))
        if level == 3:             # the update's size decides: L is built again after it
            y = float(rng.choice([v for v in range(-4, 5) if 1 <= abs(w0 - v) <= 3]))
            p = prog(("w", w0), ("y", y), ("e", sub("w", "y")), ("L", power("e", 2)))
        else:
            p = prog(("w", w0), ("x", x), ("y", y), ("p", mul("w", "x")), ("e", sub("p", "y")),
                     ("L", power("e", 2)))
    values = p.run()
    values["L"].backward()
    grad = values["w"].grad
    values["w"].data += -lr * grad
    new_w = values["w"].data
    values = p.run()                       # the graph as the statement shows it, untouched
    def numeric(h: float) -> float:
        g = slope(p, "L", "w", h)
        if level < 3:
            return w0 - lr * g
        return p.run({"w": -lr * g})["L"].data
    wrong_w = w0 + lr * grad
    if level < 3:
        answer, asks = new_w, "w.data"
        code = f"{p.source()}\n{_update_lines(lr)}"
        prompt = "What is w.data after the update?"
        mistakes = [(wrong_w, "That is a step uphill: the update adds -lr * w.grad, so w "
                              "moves against its gradient."),
                    (w0 - grad, f"The step is the learning rate times the gradient: you "
                                f"left out lr = {num(lr)}."),
                    (-lr * grad, "That is the step itself; add it to w's old value."),
                    (grad, "That is w.grad; the update changes w.data by -lr * w.grad.")]
        why = f"w.data = {num(w0)} + (-{num(lr)}) * {_p(grad)} = {num(new_w)}"
        hints = ["The update moves w a small step against its gradient: "
                 "w.data += -lr * w.grad.",
                 "First work out w.grad, how much L moves per unit of w."]
    else:
        answer = p.run({"w": new_w - w0})["L"].data
        asks = "L.data"
        code = f"{p.source()}\n{_update_lines(lr)}\ne = w - y\nL = e**2"
        prompt = "The last two lines build L again from the new w. What is L now?"
        mistakes = [(values["L"].data, "That is L before the update."),
                    (p.run({"w": wrong_w - w0})["L"].data,
                     "That is where a step uphill lands: the update adds -lr * w.grad."),
                    (new_w, "That is the new w.data; now build e and L from it.")]
        why = (f"w.data = {num(w0)} + (-{num(lr)}) * {_p(grad)} = {num(new_w)}, so "
               f"L = ({num(new_w)} - {num(y)})**2 = {num(answer)}")
        hints = ["Do it in order: w.grad, then the new w.data, then e and L from it.",
                 f"w.grad = 2 * e * 1 with e = {num(w0 - y)}; the update subtracts "
                 f"{num(lr)} times it."]
    question = AskNumber(prompt, value=answer, skill="descent",
                         mistakes=_apart(mistakes, answer), why=why, hints=hints)
    return Problem("descent", level, seed, p, values, question, numeric=numeric, code=code,
                   before=[Show(values["L"])], asks=asks)


def make_accumulate(rng, level, seed):
    if level == 1:                 # backward() twice on the same graph
        a = float(rng.choice((-4, -3, 3, 4)))      # not 2: then 2*b would be L itself
        b = float(rng.choice([v for v in (-4, -3, -2, 2, 3, 4) if abs(v) != abs(a)]))
        p = prog(("a", a), ("b", b), ("L", mul("a", "b")))
        values = p.run()
        values["L"].backward()
        once = values["a"].grad
        values["L"].backward()
        answer = values["a"].grad
        values = p.run()
        code = f"{p.source()}\nL.backward()\nL.backward()"
        question = AskNumber(
            "backward() ran twice, with no zero_grad in between. What is a.grad now?",
            value=answer, skill="accumulate",
            mistakes=[(once, "That is one backward() call's worth. The second call added "
                             "the same again: backward() adds into .grad, it never resets "
                             "it.")],
            hints=["What does backward() do to a.grad: set it, or add to it?"],
            why=f"each backward() adds {num(once)}: a.grad = {_p(once)} + {_p(once)} = "
                f"{num(answer)}")
        return Problem("accumulate", level, seed, p, values, question,
                       numeric=lambda h: 2 * slope(p, "L", "a", h), code=code,
                       before=[Show(values["L"])], asks="a.grad")
    steps = level                  # level 2: two steps, level 3: three
    w0 = float(rng.choice((-4, -2, 2, 4)))
    lr = rng.choice((0.25, 0.1)) if steps == 2 else 0.25
    p = prog(("w", w0), ("L", power("w", 2)))
    w = p.run()["w"]                # the loop, done by the engine itself
    grads = []
    for _ in range(steps):
        L = w ** 2
        before = w.grad
        L.backward()
        grads.append(w.grad - before)
        w.data += -lr * w.grad
    answer = w.grad
    values = p.run()
    code = (f"w = {w0!r}\nfor k in range({steps}):\n    L = w**2\n"
            f"    L.backward()          # no zero_grad before it\n"
            f"    w.data += -{num(lr)} * w.grad")
    mistakes = [(grads[-1], "That is only the newest gradient; the ones from the earlier "
                            "steps are still in w.grad: backward() adds to it."),
                (grads[0], "That is only the first gradient; every later backward() added "
                           "its own to it.")]
    if steps == 3:
        mistakes.append((grads[0] + grads[1], "That is w.grad after two steps; the third "
                                              "backward() added its gradient too."))
    question = AskNumber("The loop never calls zero_grad. What is w.grad after the loop?",
                         value=answer, skill="accumulate", mistakes=_apart(mistakes, answer),
                         hints=["backward() adds each step's gradient to w.grad; and the "
                                "update uses w.grad as it is then, the sum so far.",
                                f"Step 1: w = {num(w0)}, its gradient is 2 * w = "
                                f"{num(grads[0])}."],
                         why="w.grad = " + " + ".join(_p(g) for g in grads) +
                             f" = {num(answer)}")

    def numeric(h: float) -> float:
        total, shift = 0.0, 0.0
        for _ in range(steps):
            total += slope(p, "L", "w", h, shift={"w": shift})
            shift += -lr * total
        return total

    return Problem("accumulate", level, seed, p, values, question, numeric=numeric, code=code,
                   before=[Show(values["L"])], asks="w.grad")
