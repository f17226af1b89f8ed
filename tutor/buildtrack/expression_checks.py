"""Judging an expression exercise: the learner's values, structure, backward order and
gradients against the tutor's engine, and the verdict on the smallest failing case.

Of all the failing cases the smallest is reported, at the first node that differs: in
the forward pass the first wrong value in the order the expression is built; in the
backward pass the first wrong gradient going down from the output, whose parents are
all right, so the mistake is in the step into that node.  The words for a wrong
gradient come from ``tutor.diagnosis.match_grad_mistake``, put in terms of the
learner's code: a value used twice whose gradient is one path's share is the ``=``
that should be ``+=``.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import Value
from lessons.steps import gradients
from tutor.buildtrack.cases import Expr
from tutor.buildtrack.exercises import Exercise
from tutor.buildtrack.judging import close, note, shown
from tutor.buildtrack.verdict import Verdict, from_error
from tutor.diagnosis import match_grad_mistake, value_mistakes
from tutor.explain import backward_frames, chain_rule_lines
from tutor.expression import fmt, forward_line, node_names
from tutor.render import graph_tree

__all__ = ["judge_exprs", "OP_METHODS"]

OP_METHODS = {"+": "__add__", "*": "__mul__", "tanh": "tanh", "exp": "exp", "relu": "relu"}


@dataclass
class Failure:
    expr: Expr
    kind: str                 # "error", "type", "value", "structure", "grad0", "order", "grad"
    summary: str
    node: str | None = None
    error: dict | None = None
    diagnosis: str = ""
    got: dict | None = None   # the learner's number per node, for the tree


def judge_exprs(exercise: Exercise, exprs: list[Expr], results: list[dict]) -> Verdict:
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
    _, smallest = min(required, key=lambda pair: (bool(pair[1].expr.extra.get("fresh")),
                                                  pair[1].expr.size, pair[0]))
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
            what = f"the number {got!r}" if isinstance(got, float) else shown(got)
            return Failure(expr, "type", f"`{_code(step)}` gave {what}, not a Value", node=name,
                           diagnosis=_not_a_value(step, got))
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
                                          f"`{name}.grad` is {shown(g)}", node=name,
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


def _not_a_value(step, got) -> str:
    """What to fix when an operation gave something else than a Value."""
    from tutor.buildtrack.probe_steps import method_name

    if isinstance(got, dict) and got.get("bad") == "NoneType":
        method = method_name(step[2], step[3:])
        return (f"`{method}` (or an operation it calls) returned None: is `return out` "
                "indented inside `def _backward():`? There it runs only when the backward "
                "pass does. Put it back at the indent of `def _backward():`, after "
                "`out._backward = _backward`.")
    return "An operation must return a new Value: `return Value(...)`, or `return out`."


def _code(step) -> str:
    from tutor.buildtrack.probe_steps import step_code

    return step_code(step)


def _wrong_value(expr, step, env, root, nodes) -> Failure:
    name = step[1]
    got, want = nodes[name]["data"], env[name].data
    from tutor.buildtrack.probe_steps import method_name

    if step[0] == "leaf":
        changed = _changed_by(expr, name, got, env, nodes)
        if changed is not None:
            code, method = _code(changed), method_name(changed[2], changed[3:])
            return Failure(expr, "value", f"`{name}` is {shown(got)} after `{changed[1]} = "
                                          f"{code}`, should still be {fmt(want)}: look at "
                                          f"your `{method}`", node=changed[1],
                           diagnosis=f"`{method}` changed its operand in place. An operation "
                                     "must leave `self` and `other` as they are and return "
                                     "a new Value: `out = Value(...)`, then `return out`.")
        return Failure(expr, "value", f"`Value({step[2]!r}).data` is {shown(got)}, should be "
                                      f"{fmt(want)}", node=name,
                       diagnosis="`__init__` must keep the number it is given in `self.data`.")

    method = method_name(step[2], step[3:])
    node = env[name]
    diagnosis = next((m.message for m in value_mistakes(node)
                      if isinstance(got, float) and close(got, m.value) and m.kind == "forward"),
                     "")
    names = node_names(root)
    if isinstance(got, dict) and got.get("bad") == "Value":     # Value(data=Value(...))
        return Failure(expr, "value", f"`{name} = {_code(step)}` holds a Value in its `data`, "
                                      f"should hold the number {fmt(want)}: look at your "
                                      f"`{method}`", node=name,
                       diagnosis=f"`{method}` wrapped a Value in a Value. Wrap only a plain "
                                 "number: `other = other if isinstance(other, Value) else "
                                 "Value(other)`, then compute from `self.data` and "
                                 "`other.data`.", got={n: s["data"] for n, s in nodes.items()})
    return Failure(expr, "value", f"`{name} = {_code(step)}` is {shown(got)}, should be "
                                  f"{fmt(want)}: look at your `{method}`", node=name,
                   diagnosis=diagnosis or forward_line(node, names),
                   got={n: s["data"] for n, s in nodes.items()})


def _changed_by(expr: Expr, leaf: str, got, env, nodes):
    """The operation that changed the leaf in place, if it looks so: the leaf holds what an
    operation using it should have made, or the other leaves kept their numbers."""
    users = [s for s in expr.steps if s[0] == "op" and leaf in s[3:]]
    if not users or not isinstance(got, float):
        return None
    for user in users:
        if close(got, env[user[1]].data):
            return user
    others = [s for s in expr.steps if s[0] == "leaf" and s[1] != leaf]
    if others and all(isinstance(nodes[s[1]]["data"], float)
                      and close(nodes[s[1]]["data"], env[s[1]].data) for s in others):
        return users[0]
    return None


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
        return Failure(expr, "grad", f"`{expr.root}.grad` is {shown(nodes[expr.root]['grad'])} "
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
                           diagnosis="A node reached along two paths must get its "
                                     "`_backward()` called once. A walk down from the output "
                                     "that calls `_backward()` as it goes meets it once per "
                                     "path: build the topological order first, each node "
                                     "once (the lecture's `build_topo` with its `visited` "
                                     "set), then call `_backward()` along it reversed.")
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
        return Failure(expr, "grad", f"`{name}.grad` is {shown(got[name])}, should be "
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
    if mistake.kind == "wrong-local" and mistake.node is not None \
            and not mistake.message.startswith("Two different slips"):
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
            notes[node] = note(got[name], close(got[name], right(node)))
    return notes
