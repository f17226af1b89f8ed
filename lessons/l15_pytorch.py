"""Lesson: the same neuron in PyTorch (lecture section 16).

PyTorch is not needed (and not imported): the learner reads the lecture's
PyTorch version, predicts what a missing requires_grad does (w1.grad stays None:
stated, not run, since torch is not installed) and why .double(), and then
explains its slightly-off printout.  ``torch.Tensor([...])`` stores the bias as float32
before ``.double()``; rounding the bias the same way here (``struct``) and
running our engine reproduces PyTorch's 0.7071066904.
"""

import struct

from lessons._neuron import SPECIAL_BIAS, build_neuron
from lessons.steps import (AskChoice, AskGrad, AskValue, Code, Recap, RevealBackward, Say,
                           gradients)

# What the lecture notebook's PyTorch cell printed (its saved output, OUTLINE section 2.5).
# Quoted as an observation to compare against; every answer below comes from our engine.
LECTURE_PYTORCH_PRINTED = {
    "o": 0.7071066904050358,
    "x2": 0.5000001283844369,
    "w2": 0.0,
    "x1": -1.5000003851533106,
    "w1": 1.0000002567688737,
}

TORCH_NEURON = """\
import torch

x1 = torch.Tensor([2.0]).double();  x1.requires_grad = True
x2 = torch.Tensor([0.0]).double();  x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double(); w1.requires_grad = True
w2 = torch.Tensor([1.0]).double();  w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double(); b.requires_grad = True
n = x1*w1 + x2*w2 + b
o = torch.tanh(n)

print(o.data.item())
o.backward()
print('x2', x2.grad.item())
print('w2', w2.grad.item())
print('x1', x1.grad.item())
print('w1', w1.grad.item())"""


def float32(x):
    """x rounded to the nearest float32, as torch.Tensor([x]) stores it."""
    return struct.unpack("f", struct.pack("f", x))[0]


def lesson():
    yield Say(
        "# The same neuron in PyTorch\n\n"
        "micrograd's API was modelled on PyTorch, the library people train real networks "
        "with. Here is our neuron written for PyTorch. You do not need it installed: "
        "just read it and compare it with our Value version."
    )
    yield Code(TORCH_NEURON, caption="The lecture's neuron in PyTorch.")
    yield Say(
        "A **tensor** is an array of numbers; these hold one number each. `torch.tanh` "
        "is the op, `o.backward()` runs backprop, and `.item()` pulls a plain Python "
        "number out of a one-element tensor."
    )
    yield AskChoice(
        "Suppose we drop the line `w1.requires_grad = True`. What is `w1.grad` after "
        "`o.backward()`?",
        choices=["None: a new leaf tensor does not track gradients unless asked",
                 "0.0, like a fresh Value in our engine before any backward pass",
                 "1.0, the same as before: backward() fills in every leaf it finds"],
        correct=0,
        notes=["", "A PyTorch leaf that does not ask for gradients gets no grad at all, not "
                   "even a zero: nothing is recorded for it.",
               "PyTorch only fills in the leaves that asked, with requires_grad = True."],
        hints=["Think of the inputs of a real network: do you usually want d(loss)/d(data)?",
               "A leaf tensor's requires_grad defaults to False."],
        why="PyTorch records no gradient path to w1 at all, so w1.grad stays None. "
            "Gradients for data you never change would be wasted work, so you opt in.",
    )
    yield AskChoice(
        "And why `.double()` on every tensor?",
        choices=["PyTorch defaults to float32; Python floats are float64",
                 "torch.tanh only accepts double tensors as input",
                 "backward() refuses to run on single-precision tensors"],
        correct=0,
        notes=["", "torch.tanh works on float32 tensors too; the point is matching our "
                   "numbers digit for digit.",
               "backward() runs fine in float32; it would just give slightly different "
               "digits from our engine's."],
        hints=["How many digits does a Python float keep? And a 32-bit float?"],
        why="float32 keeps about 7 significant digits, float64 about 16.",
    )

    g = build_neuron()
    o = g["o"]
    yield AskGrad(out=o, wrt=g["x1"],
                  prompt="PyTorch runs the same chain rule. What should it print for x1's grad?",
                  hints=["The same neuron, the same bias: remember the hand-backprop lesson."])
    yield RevealBackward(o)
    ours = {k: g[k].grad for k in ("x2", "w2", "x1", "w1")}
    gap = max(abs(LECTURE_PYTORCH_PRINTED[k] - v) for k, v in {**ours, "o": o.data}.items())
    yield Say(
        "Our engine's grads: "
        + ", ".join(f"{k} {v:.4f}" for k, v in ours.items())
        + f", and o = {o.data:.10f}. The lecture's PyTorch printout agrees with every one "
        f"of these to within {gap:.1g}, yet not exactly. Look again at the first lines of "
        "the PyTorch code."
    )

    # --- the float32 detour ----------------------------------------------------------------
    yield Say(
        "`torch.Tensor([...])` makes a **float32** tensor. `.double()` converts it to "
        "float64 afterwards, but digits lost in the first step cannot come back."
    )
    starts = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": SPECIAL_BIAS}
    changed = [k for k, v in starts.items() if float32(v) != v]
    options = [[], ["b"], list(starts), ["w1", "w2", "b"]]
    yield AskChoice(
        "Which of the five starting numbers does a round trip through float32 change?",
        choices=["None of them", "Only the bias b", "All five", "The weights and the bias"],
        correct=options.index(changed),
        notes=["One of them has far more significant digits than float32 keeps.", "",
               "float32 stores small whole numbers like 2, 0, -3 and 1 exactly.",
               "The weights are -3 and 1: small whole numbers, stored exactly."],
        hints=["float32 stores small whole numbers exactly.",
               "It keeps only about 7 significant digits."],
        why="2, 0, -3 and 1 fit exactly; 6.8813735870195432 has far more digits than "
            "float32 holds.",
    )
    b32 = float32(SPECIAL_BIAS)
    delta = b32 - SPECIAL_BIAS
    yield Code(
        "import struct\n"
        "b = 6.8813735870195432\n"
        "b32 = struct.unpack('f', struct.pack('f', b))[0]   # to float32 and back\n"
        "print(b32, b32 - b)",
        output=f"{b32!r} {delta!r}",
        caption="Rounding through float32 in plain Python.",
    )

    g32 = build_neuron(b32)
    o32 = g32["o"]
    local = o.local_grads()[0]
    yield AskValue(
        node=o32, abs_tol=3e-9, rel_tol=0,
        prompt=f"Predict o with this bias, to 8 decimals or more. "
               f"(Before: o = {o.data:.10f}.)",
        mistakes=[(o.data, "That is o with the exact bias. The float32 bias is a little "
                           "smaller, so o is a little smaller too."),
                   (o.data - local * delta, "o moves the same way as b: the bias went down, "
                                            "so o goes down.")],
        hints=[f"do/db = 1 - o² = {local:.2f}: o moves by about {local:.2f} times the bias "
               "change.",
               f"{local:.2f} * ({delta:.4g}) = {local * delta:.4g}. Add that to the old o."],
        why="A tiny change in b moves o by do/db times that change: the gradient at work.",
    )
    printed = LECTURE_PYTORCH_PRINTED["o"]
    yield Say(
        f"Our engine with the float32 bias gives **{o32.data:.10f}**. The lecture's PyTorch "
        f"printed {printed:.10f}: "
        + ("the same, to every digit shown." if abs(o32.data - printed) < 1e-12 else
           f"a difference of {o32.data - printed:.2g}.")
    )

    g32_grads = gradients(o32)
    x1_32 = g32_grads[g32["x1"]]
    x1_64 = gradients(o)[g["x1"]]
    if abs(x1_32 - x1_64) < 1e-12:
        which = 2
    else:
        which = 0 if x1_32 < x1_64 else 1
    yield AskChoice(
        f"o came out a little {'lower' if o32.data < o.data else 'higher'}. "
        "Then x1's grad, w1 · (1 - o²), is...",
        skill="neuron", choices=["a little more negative than -1.5",
                 "a little less negative than -1.5",
                 "still exactly -1.5: the grads do not depend on o"],
        correct=which,
        notes=["" if which == 0 else "Work it through: is 1 - o² now bigger or smaller?",
               "" if which == 1 else "1 - o² grew a little; w1 is negative, so the product "
                                     "moves further below zero.",
               "" if which == 2 else "x1's grad is w1 · (1 - o²), and o changed."],
        hints=["A smaller o makes o² smaller, so 1 - o² a little bigger.",
               "w1 = -3 is negative."],
        why="1 - o² grew a little, and w1 = -3 scales that growth onto the negative side.",
    )
    rows = []
    for k in ("o", "x2", "w2", "x1", "w1"):
        mine = o32.data if k == "o" else g32_grads[g32[k]]
        rows.append(f"| {k} | `{LECTURE_PYTORCH_PRINTED[k]!r}` | `{mine!r}` |")
    yield Say("The lecture's PyTorch printout beside our engine fed the float32 bias:\n\n"
              "| | PyTorch printed | our engine, b32 |\n|---|---:|---:|\n" + "\n".join(rows))
    yield Say(
        "So PyTorch and our engine agree: same forward value, same chain rule. The "
        "difference was never in the math, only in how the bias was typed in. "
        "`torch.tensor([6.88...], dtype=torch.float64)` would have kept every digit."
    )
    yield Recap([
        "PyTorch does what our engine does, on whole tensors at once.",
        "Leaf tensors default to requires_grad=False; the default dtype is float32; "
        ".item() gives a plain Python number.",
        "torch.Tensor([...]).double() rounds through float32 first: that moved the bias "
        f"by {delta:.2g} and o to {o32.data:.10f}.",
        "PyTorch's grads agree with ours: "
        + ", ".join(f"{k} {round(v, 6):g}" for k, v in ours.items()) + ".",
    ])
