"""Checking an exercise: which cases, and how the learner's numbers are judged.

``run_check(exercise, workspace)`` sends the exercise's cases to the probe (a
separate, limited process, see ``sandbox``), then compares what the learner's
code produced with the tutor's own engine, here, in the tutor's process.  Of all
the failing cases it reports the smallest, at the first node that differs: in
the forward pass the first wrong value in the order the expression is built; in
the backward pass the first wrong gradient going down from the output, whose
parents are all right, so the mistake is in the step into that node.

The words for a wrong gradient come from ``tutor.diagnosis.match_grad_mistake``
(missing path, wrong local derivative, missing factor, sign), put in terms of the
learner's code: a value used twice whose gradient is one path's share is the
``=`` that should be ``+=``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text

from engine import Value
from lessons.steps import gradients
from tutor.buildtrack import cases as C
from tutor.buildtrack.cases import Expr
from tutor.buildtrack.exercises import Exercise
from tutor.buildtrack.sandbox import Limits, run_probe
from tutor.buildtrack.verdict import Verdict, from_error, from_outcome
from tutor.diagnosis import match_grad_mistake, value_mistakes
from tutor.explain import backward_frames, chain_rule_lines, fmt, forward_line, node_names
from tutor.render import graph_tree

__all__ = ["run_check", "exercise_cases", "close", "OP_METHODS"]

OP_METHODS = {"+": "__add__", "*": "__mul__", "tanh": "tanh", "exp": "exp", "relu": "relu"}
LECTURE_X = [2.0, 3.0, -1.0]
XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
YS = [1.0, -1.0, -1.0, 1.0]
TRAIN_STEPS, TRAIN_LR = 6, 0.05


def close(got, want) -> bool:
    """Equal up to rounding (the learner may add in another order)."""
    if not isinstance(got, float) or not isinstance(want, float):
        return False
    if math.isnan(want):
        return math.isnan(got)
    return abs(got - want) <= 1e-6 * max(1.0, abs(want))


def run_check(exercise: Exercise, workspace: Path, limits: Limits = Limits()) -> Verdict:
    """Check one exercise on the learner's files; never raises for the learner's code."""
    kind, request, judge = _plan(exercise)
    outcome = run_probe(Path(workspace), dict(request, kind=kind), limits)
    early = from_outcome(exercise, outcome)
    if early is not None:
        return early
    verdict = judge(exercise, outcome.result["result"])
    if not verdict.passed:
        verdict.output = (outcome.stdout + ("\n" + outcome.stderr if outcome.stderr.strip()
                                            else "")).strip()
    return verdict


def _plan(exercise: Exercise):
    if exercise.id == "value":
        return "basics", {}, _judge_basics
    if exercise.id == "neuron":
        return "neuron", {"cases": _neuron_cases()}, _judge_neuron
    if exercise.id == "mlp":
        return "mlp", _mlp_request(), _judge_mlp
    if exercise.id == "train":
        return "train", _train_request(), _judge_train
    exprs = exercise_cases(exercise)
    return ("expr", {"cases": [e.request() for e in exprs]},
            lambda ex, result: _judge_exprs(ex, exprs, result))


# --- the cases ------------------------------------------------------------------------


def exercise_cases(exercise: Exercise) -> list[Expr]:
    """The expressions an expression exercise is checked on, smallest first within a group."""
    seed = 1000 + exercise.number
    n = exercise.id
    if n == "add-mul":
        return ([C.small("a + b", {"a": 2, "b": -3}, ("c", "add", "a", "b"), mode="forward"),
                 C.small("a * b", {"a": 2, "b": -3}, ("c", "mul", "a", "b"), mode="forward"),
                 C.lecture("L", "forward")]
                + C.random_exprs(seed, 20, ("add", "mul"), reuse=True, mode="forward"))
    if n == "graph":
        make = Expr([C.leaf("a", 2), C.leaf("b", -3), ["make", "s", 5.0, ["a", "b"], "+", "s"]],
                    "s", "Value(data, _children, _op, label) by keyword", "structure",
                    labels=True)
        exprs = [C.lecture("L", "structure"), C.lecture("a*a", "structure"), make]
        exprs += C.random_exprs(seed, 10, ("add", "mul"), reuse=True, mode="structure")
        for e in exprs:
            e.labels = True
        return exprs
    if n == "backward-ops":
        return ([C.small("a * b", {"a": 2, "b": -3}, ("c", "mul", "a", "b"), mode="manual"),
                 C.small("a + b", {"a": 2, "b": -3}, ("c", "add", "a", "b"), mode="manual"),
                 C.lecture("L", "manual")]
                + C.random_exprs(seed, 25, ("add", "mul"), reuse=False, mode="manual"))
    if n == "backward":
        return ([C.lecture("L")] + C.random_exprs(seed, 20, ("add", "mul"), reuse=False)
                + [C.lecture("two-paths", "order")]
                + C.random_exprs(seed + 50, 15, ("add", "mul"), reuse=True, mode="order"))
    if n == "accumulate":
        return ([C.lecture("a+a"), C.lecture("a*a"), C.lecture("two-paths")]
                + C.random_exprs(seed, 25, ("add", "mul"), reuse=True))
    if n == "constants":
        return ([C.small("a + 1", {"a": 2}, ("b", "add", "a", 1)),
                 C.small("1 + a", {"a": 2}, ("b", "add", 1, "a")),
                 C.small("a * 2", {"a": 2}, ("b", "mul", "a", 2)),
                 C.small("2 * a", {"a": 2}, ("b", "mul", 2, "a")),
                 C.small("3 * a + 1", {"a": 2}, ("b", "mul", 3, "a"), ("c", "add", "b", 1))]
                + C.random_exprs(seed, 20, ("add", "mul"), reuse=True, consts=True))
    if n == "tanh":
        return ([C.small("tanh", {"a": 0.5}, ("b", "tanh", "a")), C.lecture("neuron")]
                + C.random_exprs(seed, 20, ("add", "mul", "tanh"), reuse=True, consts=True))
    if n == "more-ops":
        return ([C.small("exp", {"x": 1}, ("y", "exp", "x")),
                 C.small("x ** 2", {"x": 3}, ("y", "pow", "x", 2)),
                 C.small("x ** -1", {"x": 4}, ("y", "pow", "x", -1)),
                 C.small("a / b", {"a": 2, "b": 4}, ("c", "div", "a", "b")),
                 C.small("a - b", {"a": 5, "b": 2}, ("c", "sub", "a", "b")),
                 C.small("-x", {"x": 4}, ("y", "neg", "x")),
                 C.lecture("exp+x"), C.lecture("decomposed-tanh")]
                + C.random_exprs(seed, 25, ("add", "mul", "exp", "pow", "div", "sub", "neg"),
                                 reuse=True, consts=True)
                + [C.small("relu (bonus)", {"x": -2}, ("y", "relu", "x"), bonus=True),
                   C.small("relu (bonus)", {"x": 3}, ("y", "relu", "x"), bonus=True),
                   C.small("1 - a (bonus)", {"a": 2}, ("b", "sub", 1, "a"), bonus=True),
                   C.small("10 / x (bonus)", {"x": 2}, ("y", "div", 10, "x"), bonus=True)])
    raise ValueError(f"exercise {exercise.id} is not an expression exercise")


# --- judging expressions ----------------------------------------------------------------


@dataclass
class Failure:
    expr: Expr
    kind: str                 # "error", "type", "value", "structure", "grad0", "order", "grad"
    summary: str
    node: str | None = None
    error: dict | None = None
    diagnosis: str = ""
    got: dict | None = None   # the learner's number per node, for the tree


def _judge_exprs(exercise: Exercise, exprs: list[Expr], results: list[dict]) -> Verdict:
    failures: list[tuple[int, Failure]] = []
    for i, (expr, res) in enumerate(zip(exprs, results)):
        failure = _compare(expr, res)
        if failure is not None:
            failures.append((i, failure))
    required = [(i, f) for i, f in failures if not f.expr.bonus]
    bonus_total = sum(e.bonus for e in exprs)
    bonus_failed = sorted({f.expr.title for _, f in failures if f.expr.bonus})
    bonus = ""
    if bonus_total:
        bonus = ("bonus: all done" if not bonus_failed else
                 f"bonus (optional): not yet {', '.join(bonus_failed)}")
    if not required:
        return Verdict(exercise, True, f"{len(exprs) - bonus_total} cases right", cases=len(exprs),
                       bonus=bonus)
    _, smallest = min(required, key=lambda pair: (pair[1].expr.size, pair[0]))
    verdict = _expr_verdict(exercise, smallest)
    verdict.cases = len(exprs)
    verdict.bonus = bonus
    return verdict


def _compare(expr: Expr, res: dict) -> Failure | None:
    if "step" in res:       # the expression could not even be built
        return Failure(expr, "error", "", node=res["step"], error=res["error"])
    env, root = expr.build()
    nodes = res["nodes"]
    for step in expr.steps:             # the forward pass, in the order it is built
        name = step[1]
        seen = nodes[name]
        if step[0] == "op" and not seen["is_value"]:
            got = seen["data"]
            shown = f"the number {got!r}" if isinstance(got, float) else _shown(got)
            return Failure(expr, "type", f"`{_code(step)}` gave {shown}, not a Value", node=name,
                           diagnosis="An operation must return a new Value: "
                                     "`return Value(...)`, or `return out`.")
        if not close(seen["data"], env[name].data):
            return _wrong_value(expr, step, env, root, nodes)
    if expr.mode == "structure":
        return _structure(expr, env, res["structure"])
    if expr.mode == "forward":
        return None
    for name, g in res["grad0"].items():
        if isinstance(g, dict) and g.get("bad") == "missing":
            return Failure(expr, "grad0", f"`{name}` has no `grad`", node=name,
                           diagnosis="Give every Value `self.grad = 0.0` in `__init__` "
                                     "(exercise 4).")
        if not close(g, 0.0):
            return Failure(expr, "grad0", f"a new Value's grad should start at 0, "
                                          f"`{name}.grad` is {_shown(g)}", node=name,
                           diagnosis="Set `self.grad = 0.0` in `__init__`: nothing has been "
                                     "passed back yet.")
    if res.get("error"):
        return Failure(expr, "error", "", error=res["error"],
                       node=res["error"].get("node"))
    if expr.mode in ("order", "backward"):
        wrong = _order(expr, env, root, res)
        if wrong is not None or expr.mode == "order":
            return wrong
    return _grads(expr, env, root, nodes)


def _code(step) -> str:
    from tutor.buildtrack.probe import step_code

    return step_code(step)


def _shown(x) -> str:
    if isinstance(x, float):
        return fmt(x)
    kind = x.get("bad", "?")
    if kind == "missing":
        return "missing"
    return f"a {kind} ({x.get('repr', '')})" if kind != "Value" else x.get("repr", "a Value")


def _wrong_value(expr, step, env, root, nodes) -> Failure:
    name = step[1]
    got, want = nodes[name]["data"], env[name].data
    if step[0] == "leaf":
        return Failure(expr, "value", f"`Value({step[2]!r}).data` is {_shown(got)}, should be "
                                      f"{fmt(want)}", node=name,
                       diagnosis="`__init__` must keep the number it is given in `self.data`.")
    from tutor.buildtrack.probe import method_name

    method = method_name(step[2], step[3:])
    node = env[name]
    diagnosis = next((m.message for m in value_mistakes(node)
                      if isinstance(got, float) and close(got, m.value) and m.kind == "forward"),
                     "")
    names = node_names(root)
    return Failure(expr, "value", f"`{name} = {_code(step)}` is {_shown(got)}, should be "
                                  f"{fmt(want)}: look at your `{method}`", node=name,
                   diagnosis=diagnosis or forward_line(node, names),
                   got={n: s["data"] for n, s in nodes.items()})


def _structure(expr: Expr, env, structure: dict) -> Failure | None:
    names = {node: n for n, node in env.items()}
    for step in expr.steps:
        name = step[1]
        seen = structure[name]
        if not seen["has_prev"]:
            return Failure(expr, "structure", f"`{name}` has no `_prev`", node=name,
                           diagnosis="Keep the children in `__init__`: "
                                     "`self._prev = set(_children)`.")
        if step[0] == "leaf":
            want_kids, want_op, want_label = set(), "", name
        elif step[0] == "make":
            want_kids, want_op, want_label = set(step[3]), step[4], step[5]
        else:
            want_kids = {names[c] for c in env[name]._prev if c in names}
            want_op, want_label = env[name]._op, ""
        kids = set(seen["prev"] or [])
        if kids != want_kids:
            what = (f"should be empty: `{name}` was made by hand, it is a leaf" if not want_kids
                    else f"should hold {' and '.join(sorted(want_kids))}")
            return Failure(expr, "structure", f"`{name}._prev` holds "
                                              f"{_listing(seen['prev'])}; it {what}", node=name,
                           diagnosis="Pass `(self, other)` as the children when `+` and `*` "
                                     "make their Value, and keep them in `self._prev`.")
        for attr in ("op", "label"):
            if seen[attr] == "(missing)":
                return Failure(expr, "structure", f"`{name}` has no `_{attr}`" if attr == "op"
                               else f"`{name}` has no `label`", node=name,
                               diagnosis=f"Keep `__init__`'s `{'_op' if attr == 'op' else 'label'}`"
                                         f" parameter as `self.{'_op' if attr == 'op' else 'label'}`.")
        if seen["op"] != want_op:
            return Failure(expr, "structure", f"`{name}._op` is {seen['op']!r}, should be "
                                              f"{want_op!r}", node=name,
                           diagnosis="`+` passes '+' and `*` passes '*' as `_op`; a leaf's "
                                     "`_op` is ''.")
        if seen["label"] != want_label:
            return Failure(expr, "structure", f"`{name}.label` is {seen['label']!r}, should be "
                                              f"{want_label!r}", node=name,
                           diagnosis="`label=''` is a parameter of `__init__`; keep it in "
                                     "`self.label`.")
    return None


def _listing(kids) -> str:
    return "nothing" if not kids else ", ".join(kids)


def _order(expr, env, root, res) -> Failure | None:
    calls = res.get("calls")
    nodes = res["nodes"]
    if not close(nodes[expr.root]["grad"], 1.0):
        return Failure(expr, "grad", f"`{expr.root}.grad` is {_shown(nodes[expr.root]['grad'])} "
                                     "after backward(), should be 1", node=expr.root,
                       diagnosis="backward() starts with `self.grad = 1.0`: the output's "
                                 "gradient with respect to itself.")
    if calls is None:
        return None
    names = {node: n for n, node in env.items()}
    users = {n: [names[p] for p in env.values() if env[n] in p._prev] for n in env}
    inner = [n for n in env if env[n]._prev]
    for n in inner:
        if calls.count(n) == 0:
            return Failure(expr, "order", f"backward() never called `{n}._backward`", node=n,
                           diagnosis="Every node of the graph goes into the topological "
                                     "order, and every one gets its `_backward()` called.")
        if calls.count(n) > 1:
            return Failure(expr, "order", f"backward() called `{n}._backward` "
                                          f"{calls.count(n)} times", node=n,
                           diagnosis="A node reached along two paths must go into the "
                                     "topological order once: that is what the `visited` set "
                                     "in `build_topo` is for.")
    for n in inner:
        at = calls.index(n)
        for u in users[n]:
            if u in calls and calls.index(u) > at:
                return Failure(expr, "order", f"backward() called `{n}._backward` before "
                                              f"`{u}._backward`, but `{u}` uses `{n}`", node=n,
                               diagnosis=f"`{n}.grad` was not complete yet when `{n}` passed it "
                                         f"on: `{u}` still had its share to add. Go through "
                                         "the topological order reversed: a node comes after "
                                         "every node that uses it.")
    return None


def _grads(expr, env, root, nodes) -> Failure | None:
    grads = gradients(root)
    names = node_names(root)
    got = {n: s["grad"] for n, s in nodes.items()}
    order = [n for n in reversed(root.topological_order()) if n.label in env]
    for node in order:
        name = node.label
        if close(got[name], grads[node]):
            continue
        return Failure(expr, "grad", f"`{name}.grad` is {_shown(got[name])}, should be "
                                     f"{fmt(grads[node])}", node=name,
                       diagnosis=_grad_diagnosis(root, node, got[name], grads, names, expr),
                       got=got)
    return None


def _grad_diagnosis(root: Value, node: Value, got, grads, names, expr: Expr) -> str:
    name = names[node]
    if node is root:
        return ("backward() starts with `self.grad = 1.0`: the output's gradient with respect "
                "to itself.")
    users = [(p, i) for p in root.topological_order() for i, c in enumerate(p._prev)
             if c is node]
    where = _methods({p for p, _ in users})
    if not isinstance(got, float):
        return f"A grad must be a number; look at {where}'s `_backward`."
    if close(got, 0.0):
        return (f"No gradient reached `{name}`: does {where} store its `_backward` on `out`, "
                f"and does that `_backward` add into `{name}.grad`?")
    mistake = match_grad_mistake(root, node, got, grads)
    if mistake is None:
        return f"Compare {where}'s `_backward` with the chain rule above."
    if mistake.kind == "missing-path" and len(users) > 1:
        times = "twice" if len(users) == 2 else f"{len(users)} times"
        return (f"`{name}` is used {times}, and `=` overwrote the first contribution: the "
                "contributions of every use add up. Use `+=` in every `_backward`.")
    if mistake.kind == "wrong-local" and mistake.node is not None:
        return f"The local derivative in {_methods({mistake.node})}'s `_backward`: {mistake.message}"
    return f"In {where}'s `_backward`: {mistake.message}"


def _methods(nodes) -> str:
    found = sorted({OP_METHODS.get(n._op, "__pow__" if n._op.startswith("**") else n._op)
                    for n in nodes})
    return " and ".join(f"`{m}`" for m in found) or "the operation"


def _expr_verdict(exercise: Exercise, f: Failure) -> Verdict:
    expr = f.expr
    if f.kind == "error":
        return from_error(exercise, f.error, code=expr.code(), case_title=expr.title)
    env, root = expr.build()
    names = node_names(root)
    verdict = Verdict(exercise, False, f"{f.summary} (in {expr.one_line()})", f.kind,
                      code=expr.code(), case_title=expr.title, diagnosis=f.diagnosis)
    node = env.get(f.node) if f.node else None
    if f.kind == "grad" and f.got is not None:
        grads = gradients(root)
        for n in root.topological_order():
            n.grad = grads[n]
        verdict.tree = graph_tree(root, show_grads=True, names=names,
                                  notes=_notes(env, f.got, grads.__getitem__),
                                  highlight=_wrong(env, f.got, grads.__getitem__))
        if node is not None and node is not root:
            frame = next(fr for fr in backward_frames(root) if fr.node is node)
            verdict.chain = chain_rule_lines(frame, root, names)
    elif f.kind == "value" and f.got is not None:
        verdict.tree = graph_tree(root, names=names,
                                  notes=_notes(env, f.got, lambda n: n.data),
                                  highlight=_wrong(env, f.got, lambda n: n.data))
    return verdict


def _wrong(env, got: dict, right) -> list:
    """Every node whose number in the learner's run is wrong (each gets the '<-')."""
    return [node for name, node in env.items() if name in got and not close(got[name],
                                                                           right(node))]


def _notes(env, got: dict, right) -> dict:
    """'yours 1' after each node: dim where the learner's number is right, red where not."""
    notes = {}
    for name, node in env.items():
        if name in got:
            notes[node] = _note(got[name], close(got[name], right(node)))
    return notes


def _note(value, ok: bool) -> Text:
    return Text(f"   yours {_shown(value)}", style="dim" if ok else "bold red")


# --- nn.py ------------------------------------------------------------------------------


def _neuron_cases() -> list[dict]:
    rng = random.Random(1010)
    return [{"x": LECTURE_X, "w": [round(rng.uniform(-1, 1), 3) for _ in range(3)],
             "b": round(rng.uniform(-1, 1), 3)},
            {"x": [2.0, 0.0], "w": [-3.0, 1.0], "b": 6.8813735870195432}]


def _neuron_oracle(case):
    ws = [Value(w, label=f"w{i}") for i, w in enumerate(case["w"])]
    b = Value(case["b"], label="b")
    act = sum((wi * xi for wi, xi in zip(ws, case["x"])), b)
    act.label = "act"
    out = act.tanh()
    out.label = "out"
    out.backward()
    return ws, b, act, out


def _judge_neuron(exercise: Exercise, result: dict) -> Verdict:
    bad = _nn_problem(exercise, result)
    if bad:
        return bad
    for case, seen in zip(_neuron_cases(), result["cases"]):
        nin = len(case["x"])
        start = seen["start"]
        if not all(isinstance(s, float) and -1 <= s <= 1 for s in start):
            return _fail(exercise, f"Neuron({nin}) starts with {_listed(start)}: each weight "
                                   "and the bias should start at a random number between -1 "
                                   "and 1", "value")
        if len(set(start)) == 1:
            return _fail(exercise, f"every weight of Neuron({nin}) starts at {_shown(start[0])}",
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
            return _fail(exercise, f"{call} is {_shown(seen['out'])}, should be {fmt(out.data)}",
                         "value", code=code, diagnosis=hint)
        for i, p in enumerate(ws + [b]):
            if not close(seen["grads"][i], p.grad):
                name = f"w[{i}]" if i < len(ws) else "b"
                names = node_names(out)
                notes = {q: _note(g, close(g, q.grad)) for q, g in zip(ws + [b], seen["grads"])}
                return _fail(exercise, f"after {call}.backward(), `{name}.grad` is "
                                       f"{_shown(seen['grads'][i])}, should be {fmt(p.grad)}",
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
        return _fail(exercise, f"{result.get('file', 'nn.py')} has no {result['missing']}",
                     "missing")
    if "error" in result:
        return from_error(exercise, result["error"])
    if "shape" in result:
        return _fail(exercise, f"{result['shape']}; it is {result.get('got', '?')}", "shape",
                     diagnosis="Use the lecture's names: `self.w` and `self.b` in Neuron, "
                               "`self.neurons` in Layer, `self.layers` in MLP.")
    return None


def _fail(exercise, summary, kind, **more) -> Verdict:
    return Verdict(exercise, False, summary, kind, **more)


def _listed(values) -> str:
    return "[" + ", ".join(_shown(v) for v in values) + "]"


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
            return _fail(exercise, f"{what}.parameters() gives {seen['count']} items, should be "
                                   f"{want} different Values", "shape",
                         diagnosis="A neuron's parameters are `self.w + [self.b]`; a layer's "
                                   "are all its neurons' parameters in one flat list.")
    if result["layer_out"] != 4:
        return _fail(exercise, f"Layer(3, 4)(x) gives {result['layer_out']}, should be a list "
                               "of 4 Values", "shape")
    params = result["params"]
    if params["count"] != 41 or params["unique"] != 41 or not params["all_listed"]:
        return _fail(exercise, f"MLP(3, [4, 4, 1]).parameters() gives {params['count']} items "
                               f"({params['unique']} different), should be the 41 weights and "
                               "biases", "shape",
                     diagnosis="Flatten: `[p for layer in self.layers for p in "
                               "layer.parameters()]`.")
    if "out_shape" in result:
        return _fail(exercise, f"MLP(3, [4, 4, 1])(x) should return one Value; it is "
                               f"{result['out_shape']}", "shape",
                     diagnosis="For one output, `Layer.__call__` returns the Value itself: "
                               "`outs[0] if len(outs) == 1 else outs`.")
    model = _engine_mlp(_mlp_request()["params"])
    out = model(LECTURE_X)
    out.backward()
    if not close(result["out"], out.data):
        return _fail(exercise, f"MLP(3, [4, 4, 1])({LECTURE_X}) is {_shown(result['out'])}, "
                               f"should be {fmt(out.data)} (with the check's weights)", "value",
                     diagnosis="Each layer must read the previous layer's outputs: "
                               "`x = layer(x)` in turn.")
    for i, (p, g) in enumerate(zip(model.parameters(), result["grads"])):
        if not close(g, p.grad):
            return _fail(exercise, f"the gradient of parameter {i} ({_param_name(i)}) is "
                                   f"{_shown(g)}, should be {fmt(p.grad)}", "grad")
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
        return _fail(exercise, f"{call} returned {len(losses)} losses, should be {TRAIN_STEPS}: "
                               "one per step", "shape")
    first_bad = next((k for k, (a, b) in enumerate(zip(losses, right)) if not close(a, b)), None)
    if first_bad is None:
        if all(close(a, b) for a, b in zip(result["params"], params)):
            return Verdict(exercise, True, f"{TRAIN_STEPS} steps, every loss right "
                                           f"({fmt(right[0])} down to {fmt(right[-1])})")
        return _fail(exercise, f"the losses are right, but after {call} the weights are not: "
                               "is the update the last thing in each step?", "value")
    got, want = losses[first_bad], right[first_bad]
    summary = (f"the loss at step {first_bad} is {_shown(got)}, should be {fmt(want)}")
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
    table = [f"step {k}: yours {_shown(a)}   right {fmt(b)}" for k, (a, b) in
             enumerate(zip(losses, right))]
    return _fail(exercise, summary, "value", diagnosis=diagnosis, detail=table,
                 code=f"model = MLP(3, [4, 4, 1])   # with the check's weights\nlosses = {call}")


# --- Value basics ------------------------------------------------------------------------


def _judge_basics(exercise: Exercise, result: dict) -> Verdict:
    if "error" in result:
        return from_error(exercise, result["error"])
    for key, x in (("pos", 2.0), ("neg", -3.5)):
        seen = result[key]
        if not close(seen["data"], x):
            return _fail(exercise, f"`Value({x}).data` is {_shown(seen['data'])}, should be {x}",
                         "value", diagnosis="Keep the number in `self.data`.")
        if "repr_error" in seen:
            return from_error(exercise, seen["repr_error"])
        text, want = seen["repr"], f"Value(data={x})"
        if not repr_ok(text, x):
            return _fail(exercise, f"`repr(Value({x}))` is {text!r}, should be {want!r}",
                         "value", diagnosis=repr_diagnosis(text, want))
    return Verdict(exercise, True, "Value(2.0) holds 2.0 and shows itself as "
                                   f"{result['pos']['repr']}")


def repr_ok(text: str, x: float) -> bool:
    """The task's text exactly, or micrograd's later form with more fields after the
    number (``Value(data=2.0, grad=0.0)``), brackets closed."""
    return text == f"Value(data={x})" or (text.startswith(f"Value(data={x}, ")
                                          and text.endswith(")"))


def repr_diagnosis(text: str, want: str) -> str:
    """What is wrong with a ``__repr__``'s text: the idea first, then where it differs;
    never the code (the hints and the solution come to that)."""
    idea = (f"`__repr__` returns the text Python shows for the Value, and it must be "
            f"exactly `{want}`. ")
    if text.strip() == want:
        return idea + "Yours has spaces around it: nothing may come before or after."
    if text.startswith(want[:-1]) and not text.endswith(")"):
        return idea + "Yours stops before the closing `)`: the bracket that opens after " \
                      "`Value` must be closed at the end."
    if text.startswith("Value(") and "data=" not in text:
        return idea + "Yours has the number, but not the `data=` in front of it."
    if not text.startswith("Value("):
        return idea + "Yours does not start with `Value(`."
    return idea + "Compare yours with it character by character."

