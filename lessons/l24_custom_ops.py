"""Lesson: inside PyTorch, custom ops, and a recap (lecture section 25).

PyTorch's tanh backward boils down to grad·(1 - b²), our engine's local
derivative times the upstream gradient.  Custom ops: the Legendre polynomial
P3(x) = (5x³ - 3x)/2, built from elementary Values and then as a single node
with its local derivative (15x² - 3)/2 given by hand; a wrong hand-written
derivative is caught by the engine's gradient check.  Value.dot is such a fused
op.  A closing synthesis on one neuron: gradient, then one update.  Every number
question names its usual slips (tanh's output for its slope, the /2 forgotten, the
update with the wrong sign or none at all, the plain inputs counted as nodes).
"""

import math
import random

from engine import Value
from engine.gradcheck import gradient_check
from engine.nn import Neuron
from lessons.steps import AskChoice, AskGrad, AskNumber, Code, Recap, Say, Show, gradients

P3_SOURCE = '''\
def p3(x):                       # one node, local derivative by hand
    out = (5 * x.data**3 - 3 * x.data) / 2
    local = (15 * x.data**2 - 3) / 2
    return Value(out, (x,), "P3", _local=(local,))'''


def p3_elementary(x):
    return (5 * x**3 - 3 * x) / 2


def p3_node(x, broken=False):
    """P3 as a single node.  broken=True forgets the /2 in the local derivative."""
    out = (5 * x.data**3 - 3 * x.data) / 2
    local = (15 * x.data**2 - 3) / (1 if broken else 2)
    return Value(out, (x,), "P3", _local=(local,))


def lesson():
    yield Say(
        "# Inside PyTorch, custom ops, and a recap\n\n"
        "Search PyTorch's source for tanh and you find thousands of hits. Dig down to the "
        "backward kernel and, under the type-dispatch and the GPU branches, it computes "
        "`grad * (1 - b*b)` with b the output of tanh: the upstream gradient times tanh's "
        "local derivative. Exactly our rule."
    )
    n = Value(math.log(2), label="n")
    o = n.tanh()
    o.label = "o"
    yield Say(f"In our engine: n = ln 2 gives o = tanh(n) = **{o.data:.4f}**. The engine "
              "stores the local derivative ∂o/∂n in the node itself.")
    b_out = o.data
    yield AskGrad(out=o, wrt=n, within=o, prompt="What is ∂o/∂n, that is 1 - b², with b = o?",
                  hints=["b is the output of tanh, shown above."],
                  mistakes=[(b_out ** 2, "That is b². The local derivative is 1 minus it.")],
                  why=f"The node holds it: o.local_grads() = ({o.local_grads()[0]:.4f},).")
    L = o * 5
    L.label = "L"
    yield AskGrad(out=L, wrt=n,
                  prompt="Now o feeds L = 5·o, so o's upstream grad is 5. What is dL/dn?",
                  hints=["PyTorch's line: grad · (1 - b²), with grad = dL/do."],
                  mistakes=[(5 * b_out, "That is grad · b, with tanh's output b. PyTorch's line "
                                        "multiplies by 1 - b².")])

    yield Say(
        "PyTorch lets you add an op of your own: subclass `torch.autograd.Function`, write "
        "`forward` and a `backward` that applies the local derivative. Its docs use the "
        "Legendre polynomial **P3(x) = (5x³ - 3x)/2**, whose derivative is (15x² - 3)/2."
    )
    x = Value(0.6, label="x")
    built = p3_elementary(x)
    built.label = "P3"
    exact_slope = gradients(built)[x]
    yield AskGrad(out=built, wrt=x, prompt="Built from +, ×, powers: what is dP3/dx at x = 0.6?",
                  hints=["(15x² - 3)/2 at x = 0.6.", "0.6² = 0.36."],
                  mistakes=[(2 * exact_slope, "That is 15x² - 3 without the /2: the whole "
                                              "polynomial is halved, and so is its slope."),
                            (built.data, "That is P3(0.6), the value. The question is its "
                                         "slope, (15x² - 3)/2.")])

    xo = Value(0.6, label="x")
    one = p3_node(xo)
    one.label = "P3"
    yield Code(P3_SOURCE, caption="Our engine's version: a node records its children, its op "
                                  "and one local derivative per child.")
    yield Show(one, highlight=[xo], caption="P3 as one node.")
    same = abs(gradients(one)[xo] - gradients(built)[x]) < 1e-9
    yield Say(f"The elementary version has **{len(built.topological_order())}** nodes; this "
              f"one has **{len(one.topological_order())}**. dP3/dx: "
              f"{gradients(built)[x]:.4f} and {gradients(one)[xo]:.4f}, "
              + ("the same." if same else "different!"))

    xb = Value(0.6, label="x")
    rows = gradient_check(lambda: p3_node(xb, broken=True), [xb])
    _, analytic, numeric, ok = rows[0]
    yield Code("local = (15 * x.data**2 - 3)      # the /2 forgotten",
               caption="A hand-written local derivative, with a slip.")
    yield AskChoice(
        "We run the engine's gradient check on this broken op: backprop's dP3/dx against "
        "the nudge-by-h estimate. What happens?",
        choices=["It fails: backprop and the nudge disagree",
                 "It passes: the forward value is still right"],
        correct=1 if ok else 0, shuffle=False,
        notes=["" if not ok else "Here the two slopes agree.",
               "The forward value is right, but the check compares slopes: the nudge's "
               "from the forward values, backprop's from the local derivative you typed."
               if not ok else ""],
        hints=["The nudge only looks at forward values; backprop trusts the local "
               "derivative you typed."])
    yield Say(f"Backprop says **{analytic:.4f}**, the nudge says **{numeric:.4f}**. A custom "
              "op is only as right as its local derivative, so check it numerically, as the "
              "lecture did from the very start.")

    neuron = Neuron(3, rng=random.Random(3), fused=True)
    unfused = Neuron(3, rng=random.Random(3), fused=False)
    x_in = [2.0, 3.0, -1.0]
    fused_out, plain_out = neuron(x_in), unfused(x_in)
    yield Say(
        "Our own engine has one such op: `Value.dot(w, x, b)` computes a neuron's whole "
        "w·x + b as **one** node, with local derivatives xᵢ for each wᵢ and 1 for b. "
        "That is what `fused=True` in our MLP uses."
    )
    fused_count = len(fused_out.topological_order())
    yield AskNumber(
        "A fused Neuron(3) on the plain numbers x = [2, 3, -1]: how many nodes does its "
        "output's graph have, counting the leaves?",
        value=fused_count, abs_tol=0, rel_tol=0,
        mistakes=[(len(plain_out.topological_order()), "That is the count with the sum spelled "
                                                       "out in × and +. Fused, w·x + b is one "
                                                       "node."),
                  (fused_count + len(x_in), "Plain numbers handed to dot are not Values: the "
                                            "inputs make no nodes here."),
                  (fused_count - 1, "One node is missing: the dot and the tanh on top are "
                                    "a node each, above the leaves.")],
        hints=["Plain numbers given to dot are not nodes at all.",
               "The leaves are the parameters. Then one dot node, then the tanh."])
    yield Say(f"{len(fused_out.topological_order())} nodes against "
              f"{len(plain_out.topological_order())} when the sum is spelled out with × and +, "
              f"for the same output ({fused_out.data:.4f} and {plain_out.data:.4f}). Fewer "
              "nodes, less bookkeeping: that is why real libraries fuse operations.")

    # Closing synthesis.
    yield Say(
        "## The whole course on one neuron\n\n"
        "x = 2, w = 0.5, b = -1, target y = 1. The prediction is tanh(w·x + b) and the "
        "loss (pred - y)². Put everything together."
    )
    xs_, w, b = Value(2.0, label="x"), Value(0.5, label="w"), Value(-1.0, label="b")
    pred = (w * xs_ + b).tanh()
    pred.label = "pred"
    loss = (pred - 1.0) ** 2
    loss.label = "loss"
    g_w = gradients(loss)[w]
    yield AskGrad(out=loss, wrt=w,
                  hints=["w·x + b = 0, so pred = tanh(0) = 0 and tanh's slope there is 1.",
                         "Chain: 2(pred - y) · (1 - pred²) · x."],
                  mistakes=[(-g_w, "Right size, wrong sign: the power rule gives 2(pred - y), "
                                   "and pred is below the target."),
                            (g_w / 2, "One factor of the chain is missing. There are three: "
                                      "2(pred - y), 1 - pred², and x.")])
    lr = 0.1
    w_before = w.data
    loss.backward()
    w.data += -lr * w.grad
    yield AskNumber(f"One gradient-descent step with lr = {lr}: what is w now? "
                    "(Three decimals.)", skill="descent", value=w.data,
                    abs_tol=0.0005, rel_tol=0,
                    mistakes=[(w_before + lr * g_w, "That is the step with the sign flipped: "
                                                    "it moves w along the gradient, uphill."),
                              (w_before, "That is w before the step."),
                              (w_before - g_w, "You stepped by the whole gradient. Scale it by "
                                               "the learning rate first.")],
                    hints=["w.data += -lr * w.grad: against the gradient."])
    yield AskChoice(
        "Which of these bugs does a numerical gradient check catch?",
        choices=["A wrong local derivative in an op",
                 "Forgetting zero_grad between training steps",
                 "A learning rate that is too large"],
        correct=0, shuffle=False,
        notes=["",
               "Each backward pass is still right, from zeroed grads in a gradient check: "
               "the bug only shows across training steps.",
               "The gradient is still right; only the step taken with it is too long."],
        hints=["A gradient check compares one backward pass with nudging, at one point. "
               "It knows nothing about training."],
        why="The other two go wrong across training steps; a single backward pass from "
            "zeroed grads is still correct, so a gradient check passes.")
    yield Recap([
        "A derivative is a slope; backprop finds every slope at once with the chain rule.",
        "Each node needs only its local derivative: + passes, × swaps, tanh gives 1 - t².",
        "Gradients add when a node is used twice; reset them before every backward pass.",
        "Train: forward, backward, p -= lr·grad, repeat; watch the sign and the step size.",
        "Any function with a known local derivative can be one node: PyTorch works the same.",
    ])
