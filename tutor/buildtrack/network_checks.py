"""Judging the nn.py exercises: a Neuron, the MLP's parameters and passes, and the
training loop, each against the tutor's own engine on the check's weights."""

from __future__ import annotations

import math
import random

from engine import Value
from tutor.buildtrack.exercises import Exercise
from tutor.buildtrack.judging import close, fail, listed, note, shown
from tutor.buildtrack.verdict import Verdict, from_error
from tutor.expression import fmt, node_names
from tutor.render import graph_tree

__all__ = ["neuron_plan", "mlp_plan", "train_plan"]

LECTURE_X = [2.0, 3.0, -1.0]
XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]
TRAIN_STEPS, TRAIN_LR = 6, 0.05


def neuron_plan(fresh: int | None = None):
    """What the probe runs for exercise 10 (a Neuron), and the judge of its result; with
    ``fresh``, one more neuron drawn from that seed."""
    cases = _neuron_cases(fresh)
    return "neuron", {"cases": cases}, lambda ex, result: _judge_neuron(ex, result, cases)


def mlp_plan():
    """What the probe runs for exercise 11 (Layer and MLP), and the judge of its result."""
    return "mlp", _mlp_request(), _judge_mlp


def train_plan():
    """What the probe runs for exercise 12 (the training loop), and the judge of its result."""
    return "train", _train_request(), _judge_train


def _neuron_cases(fresh: int | None = None) -> list[dict]:
    rng = random.Random(1010)
    cases = [{"x": LECTURE_X, "w": [round(rng.uniform(-1, 1), 3) for _ in range(3)],
              "b": round(rng.uniform(-1, 1), 3)},
             {"x": [2.0, 0.0], "w": [-3.0, 1.0], "b": 6.8813735870195432}]
    if fresh is not None:
        rng = random.Random(fresh)
        cases.append({"x": [round(rng.uniform(-2, 2), 2) for _ in range(4)],
                      "w": [round(rng.uniform(-1, 1), 3) for _ in range(4)],
                      "b": round(rng.uniform(-1, 1), 3)})
    return cases


def _neuron_oracle(case):
    ws = [Value(w, label=f"w{i}") for i, w in enumerate(case["w"])]
    b = Value(case["b"], label="b")
    act = sum((wi * xi for wi, xi in zip(ws, case["x"])), b)
    act.label = "act"
    out = act.tanh()
    out.label = "out"
    out.backward()
    return ws, b, act, out


def _judge_neuron(exercise: Exercise, result: dict, cases: list[dict]) -> Verdict:
    bad = _nn_problem(exercise, result)
    if bad:
        return bad
    for case, seen in zip(cases, result["cases"]):
        nin = len(case["x"])
        start = seen["start"]
        if not all(isinstance(s, float) and -1 <= s <= 1 for s in start):
            return fail(exercise, f"Neuron({nin}) starts with {listed(start)}: each weight "
                                   "and the bias should start at a random number between -1 "
                                   "and 1", "value")
        if len(set(start)) == 1:
            return fail(exercise, f"every weight of Neuron({nin}) starts at {shown(start[0])}",
                         "value", diagnosis="Give each weight its own random start: "
                                            "`random.uniform(-1, 1)` inside the list "
                                            "comprehension.")
        ws, b, act, out = _neuron_oracle(case)
        call = f"Neuron({nin})({case['x']})"
        code = _neuron_code(case)
        if not close(seen["out"], out.data):
            hint = ""
            if close(seen["out"], act.data):
                hint = "That is the weighted sum itself: put it through `tanh()`."
            elif close(seen["out"], math.tanh(act.data - case["b"])):
                hint = "The bias is missing: start the sum at `self.b`."
            return fail(exercise, f"{call} is {shown(seen['out'])}, should be {fmt(out.data)}",
                         "value", code=code, diagnosis=hint)
        for i, p in enumerate(ws + [b]):
            if not close(seen["grads"][i], p.grad):
                name = f"w[{i}]" if i < len(ws) else "b"
                names = node_names(out)
                notes = {q: note(g, close(g, q.grad)) for q, g in zip(ws + [b], seen["grads"])}
                return fail(exercise, f"after {call}.backward(), `{name}.grad` is "
                                       f"{shown(seen['grads'][i])}, should be {fmt(p.grad)}",
                             "grad", code=code,
                             tree=graph_tree(out, show_grads=True, names=names, notes=notes,
                                             highlight=[p]),
                             diagnosis="The weights' grads come from tanh's and `*`'s "
                                       "`_backward`: check those in engine.py.")
    return Verdict(exercise, True, f"{len(result['cases'])} neurons right")


def _neuron_code(case) -> str:
    nin = len(case["x"])
    lines = [f"n = Neuron({nin})"]
    lines += [f"n.w[{i}].data = {w!r}" for i, w in enumerate(case["w"])]
    lines += [f"n.b.data = {case['b']!r}", f"out = n({case['x']})", "out.backward()"]
    return "\n".join(lines)


def _nn_problem(exercise: Exercise, result: dict) -> Verdict | None:
    if "missing" in result:
        return fail(exercise, f"{result.get('file', 'nn.py')} has no {result['missing']}",
                     "missing")
    if "error" in result:
        return from_error(exercise, result["error"])
    if "shape" in result:
        count = result.get("count")
        got = (f"a list of {count}" if count is not None and not result.get("plain")
               else result.get("got", "?"))
        return fail(exercise, f"{result['shape']}; it is {got}", "shape",
                     diagnosis=_shape_diagnosis(result))
    return None


def _shape_diagnosis(result: dict) -> str:
    """What a wrong shape points at: plain numbers for weights, a wrong count of neurons
    (the sizes), or a part under another name than the lecture's."""
    shape, got, count = result["shape"], str(result.get("got", "")), result.get("count")
    if result.get("plain"):
        return ("The weights are plain numbers: make each a Value, "
                "`[Value(random.uniform(-1, 1)) for _ in range(nin)]`, so backward() can "
                "give it a grad.")
    if ".neurons should be" in shape and count is not None:
        return (f"That layer has {count} neurons: `Layer(nin, nout)` makes `nout` of them, "
                "and MLP chains the sizes, `sz = [nin] + nouts`, layer i is "
                "`Layer(sz[i], sz[i+1])`.")
    if ".w should be" in shape and count is not None:
        return (f"`w` has {count} weights: a neuron has one weight per input, "
                "`range(nin)`, and the MLP must pass each layer the previous layer's size.")
    if got in ("(missing)", "None"):
        return ("Use the lecture's names: `self.w` and `self.b` in Neuron, `self.neurons` in "
                "Layer, `self.layers` in MLP.")
    if "should return one Value" in shape:
        return "`__call__` must return the Value it computed: `return out`."
    return ("Use the lecture's names and shapes: `self.w`, a list of Values, and `self.b`, a "
            "Value, in Neuron; `self.neurons` in Layer; `self.layers` in MLP.")


def _mlp_params(seed: int, count: int = 41) -> list[float]:
    rng = random.Random(seed)
    return [round(rng.uniform(-1, 1), 3) for _ in range(count)]


def _mlp_request() -> dict:
    return {"x": LECTURE_X, "nouts": [4, 4, 1], "params": _mlp_params(1011)}


def _engine_mlp(params: list[float]):
    from engine.nn import MLP

    model = MLP(3, [4, 4, 1], fused=False)
    for p, value in zip(model.parameters(), params):
        p.data = value
    return model


def _judge_mlp(exercise: Exercise, result: dict) -> Verdict:
    bad = _nn_problem(exercise, result)
    if bad:
        return bad
    for what, want in (("Neuron(3)", 4), ("Layer(3, 4)", 16)):
        seen = result[what]
        if seen["count"] != want or seen["unique"] != want or not seen["values"]:
            return fail(exercise, f"{what}.parameters() gives {seen['count']} items, should be "
                                   f"{want} different Values", "shape",
                         diagnosis="A neuron's parameters are `self.w + [self.b]`; a layer's "
                                   "are all its neurons' parameters in one flat list.")
    if result["layer_out"] != 4:
        return fail(exercise, f"Layer(3, 4)(x) gives {result['layer_out']}, should be a list "
                               "of 4 Values", "shape")
    params = result["params"]
    if params["count"] != 41 or params["unique"] != 41 or not params["all_listed"]:
        return fail(exercise, f"MLP(3, [4, 4, 1]).parameters() gives {params['count']} items "
                               f"({params['unique']} different), should be the 41 weights and "
                               "biases", "shape",
                     diagnosis="Flatten: `[p for layer in self.layers for p in "
                               "layer.parameters()]`.")
    if "out_shape" in result:
        return fail(exercise, f"MLP(3, [4, 4, 1])(x) should return one Value; it is "
                               f"{result['out_shape']}", "shape",
                     diagnosis="For one output, `Layer.__call__` returns the Value itself: "
                               "`outs[0] if len(outs) == 1 else outs`.")
    model = _engine_mlp(_mlp_request()["params"])
    out = model(LECTURE_X)
    out.backward()
    if not close(result["out"], out.data):
        return fail(exercise, f"MLP(3, [4, 4, 1])({LECTURE_X}) is {shown(result['out'])}, "
                               f"should be {fmt(out.data)} (with the check's weights)", "value",
                     diagnosis="Each layer must read the previous layer's outputs: "
                               "`x = layer(x)` in turn.")
    for i, (p, g) in enumerate(zip(model.parameters(), result["grads"])):
        if not close(g, p.grad):
            return fail(exercise, f"the gradient of parameter {i} ({_param_name(i)}) is "
                                   f"{shown(g)}, should be {fmt(p.grad)}", "grad")
    return Verdict(exercise, True, "41 parameters; forward and backward right")


def _param_name(i: int) -> str:
    """Parameter i of MLP(3, [4, 4, 1]) as the lecture's attributes spell it."""
    sizes = [3, 4, 4, 1]
    for layer in range(3):
        per, count = sizes[layer] + 1, sizes[layer + 1]
        if i < per * count:
            neuron, k = divmod(i, per)
            part = f"w[{k}]" if k < sizes[layer] else "b"
            return f"layers[{layer}].neurons[{neuron}].{part}"
        i -= per * count
    return "?"


def _train_request() -> dict:
    return {"xs": XS, "ys": YS, "nouts": [4, 4, 1], "params": _mlp_params(1012),
            "steps": TRAIN_STEPS, "lr": TRAIN_LR}


def _engine_losses(zero_grad=True, lr=TRAIN_LR) -> tuple[list[float], list[float]]:
    from engine.train import train

    model = _engine_mlp(_train_request()["params"])
    losses = [s.loss for s in train(model, XS, YS, steps=TRAIN_STEPS, lr=lr,
                                    zero_grad=zero_grad)]
    return losses, [p.data for p in model.parameters()]


def _judge_train(exercise: Exercise, result: dict) -> Verdict:
    bad = _nn_problem(exercise, result)
    if bad:
        return bad
    losses = result["losses"]
    right, params = _engine_losses()
    call = f"train(model, xs, ys, steps={TRAIN_STEPS}, lr={TRAIN_LR})"
    if len(losses) != TRAIN_STEPS:
        return fail(exercise, f"{call} returned {len(losses)} losses, should be {TRAIN_STEPS}: "
                               "one per step", "shape")
    first_bad = next((k for k, (a, b) in enumerate(zip(losses, right)) if not close(a, b)), None)
    if first_bad is None:
        if all(close(a, b) for a, b in zip(result["params"], params)):
            return Verdict(exercise, True, f"{TRAIN_STEPS} steps, every loss right "
                                           f"({fmt(right[0])} down to {fmt(right[-1])})")
        return fail(exercise, f"the losses are right, but after {call} the weights are not: "
                               "is the update the last thing in each step?", "value")
    got, want = losses[first_bad], right[first_bad]
    summary = (f"the loss at step {first_bad} is {shown(got)}, should be {fmt(want)}")
    diagnosis = ""
    no_zero, _ = _engine_losses(zero_grad=False)
    uphill, _ = _engine_losses(lr=-TRAIN_LR)
    if all(close(a, b) for a, b in zip(losses, no_zero)):
        diagnosis = ("These are the losses of training *without* zero_grad: the grads of earlier "
                     "steps pile up, because backward() adds into them. Set every `p.grad = 0.0` "
                     "before `loss.backward()`, at every step.")
    elif all(close(a, b) for a, b in zip(losses, uphill)):
        diagnosis = ("The loss goes up: the step goes *with* the gradient. Step against it: "
                     "`p.data += -lr * p.grad`.")
    elif first_bad > 0 and all(close(x, losses[0]) for x in losses):
        diagnosis = ("The loss never changes: compute the predictions and the loss inside the "
                     "loop, from the updated weights, and update every parameter.")
    elif first_bad == 0:
        diagnosis = ("Already the first loss is off: it is the sum over the four examples of "
                     "`(prediction - target)**2`.")
    table = [f"step {k}: yours {shown(a)}   right {fmt(b)}" for k, (a, b) in
             enumerate(zip(losses, right))]
    return fail(exercise, summary, "value", diagnosis=diagnosis, detail=table,
                 code=f"model = MLP(3, [4, 4, 1])   # with the check's weights\nlosses = {call}")
