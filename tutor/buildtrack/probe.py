"""The child side of a check: runs the learner's code on given cases, reports what it saw.

Run only by ``tutor.buildtrack.sandbox``, as its own process::

    python -I -X utf8 probe.py REQUEST.json

Standard library only, and it imports nothing of the tutor: it judges nothing
either.  It limits itself (CPU, memory, file size, processes) *before* it
imports a line of learner code, runs the operations the request lists, and
writes what the learner's objects produced (numbers, types, errors) as JSON
lines, each carrying the request's token, to the result file.  Before every call
into learner code it writes a "doing" line, so that when the process is killed
the tutor can say which of the learner's methods was running.  The verdict is
made in the tutor's own process, against its own engine (see ``sandbox``).
"""

import json
import os
import sys
import traceback

CONSTANT = (int, float)
MISSING = object()        # an attribute the learner's object does not have


class Probe:
    def __init__(self, request):
        self.token = request["token"]
        self.workspace = os.path.realpath(request["workspace"])
        self.fd = os.open(request["result"], os.O_WRONLY | os.O_APPEND)
        self.Value = None

    # --- talking to the tutor ----------------------------------------------------

    def send(self, record):
        record["token"] = self.token
        data = (json.dumps(record) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self.fd, data):]

    def doing(self, what, method):
        self.send({"doing": what, "method": method})

    def call(self, what, method, fn, *args):
        """Run fn(*args), learner code; (result, None) or (None, error)."""
        self.doing(what, method)
        try:
            return fn(*args), None
        except BaseException as e:       # SystemExit and KeyboardInterrupt too
            return None, self.error(e, what, method)

    def error(self, e, what, method):
        frames = []
        for frame in traceback.extract_tb(e.__traceback__):
            path = os.path.realpath(frame.filename)
            if path.startswith(self.workspace + os.sep):
                frames.append([os.path.relpath(path, self.workspace), frame.lineno,
                               frame.name, (frame.line or "")[:200]])
        try:
            message = str(e)[:500]
        except BaseException:
            message = "(the error could not be shown)"
        if isinstance(e, SyntaxError) and e.filename:
            path = os.path.realpath(e.filename)
            where = os.path.relpath(path, self.workspace) if path.startswith(
                self.workspace + os.sep) else os.path.basename(path)
            frames = [[where, e.lineno or 0, "", (e.text or "").rstrip("\n")[:200]]]
            message = f"{where}, line {e.lineno}: {e.msg}"
        return {"type": type(e).__name__, "message": message, "what": what,
                "method": method, "frames": frames[-6:]}

    # --- reading the learner's objects ----------------------------------------------

    def number(self, x):
        """A float, or a description of what it was instead."""
        if x is MISSING:
            return {"bad": "missing", "repr": ""}
        if isinstance(x, bool):
            return {"bad": "bool", "repr": repr(x)}
        if isinstance(x, CONSTANT):
            try:
                return float(x)
            except OverflowError:
                return {"bad": "int", "repr": "a very large int"}
        kind = "Value" if self.Value is not None and isinstance(x, self.Value) else \
            type(x).__name__
        return {"bad": kind, "repr": safe_repr(x)}

    def is_value(self, x):
        return self.Value is not None and isinstance(x, self.Value)

    def attr(self, obj, name):
        try:
            return getattr(obj, name)
        except BaseException:
            return MISSING

    # --- importing -----------------------------------------------------------------

    def load(self, modules):
        sys.path.insert(0, self.workspace)
        before = set(sys.modules)
        loaded = {}
        for module in modules:
            path = module.replace(".", "/") + ".py"
            loaded[module], err = self.call(f"importing {path}", "import", self._import, module)
            if err:
                self.send({"done": True, "import_error": err})
                return None
        package = sys.modules.get("micrograd")
        where = os.path.realpath(getattr(package, "__file__", "") or "")
        if package is not None and not where.startswith(self.workspace + os.sep):
            self.send({"done": True, "foreign": f"micrograd from {where}"})
            return None
        tutor = sorted(m for m in set(sys.modules) - before
                       if m.split(".")[0] in ("engine", "tutor", "lessons"))
        if tutor:
            self.send({"done": True, "foreign": f"the tutor's own {tutor[0]}"})
            return None
        return loaded

    def _import(self, module):
        if module == "train":
            import importlib.util
            path = os.path.join(self.workspace, "train.py")
            if not os.path.isfile(path):
                raise ModuleNotFoundError("No module named 'train'")
            spec = importlib.util.spec_from_file_location("train", path)
            mod = importlib.util.module_from_spec(spec)
            sys.modules["train"] = mod
            spec.loader.exec_module(mod)
            return mod
        __import__(module)
        return sys.modules[module]

    def find_value(self, engine):
        Value = getattr(engine, "Value", None)
        if not isinstance(Value, type):
            self.send({"done": True, "missing": "Value", "file": "micrograd/engine.py"})
            return False
        if getattr(Value, "__module__", "") != "micrograd.engine":
            self.send({"done": True, "foreign": f"a Value from {Value.__module__}"})
            return False
        self.Value = Value
        return True

    # --- the probes ------------------------------------------------------------------

    def run(self, request):
        kind = request["kind"]
        modules = {"train": ["micrograd.engine", "micrograd.nn", "train"],
                   "neuron": ["micrograd.engine", "micrograd.nn"],
                   "mlp": ["micrograd.engine", "micrograd.nn"]}.get(kind, ["micrograd.engine"])
        loaded = self.load(modules)
        if loaded is None or not self.find_value(loaded["micrograd.engine"]):
            return
        result = getattr(self, "probe_" + kind)(request, loaded)
        self.send({"done": True, "result": result})

    def probe_basics(self, request, loaded):
        out = {}
        for key, x in (("pos", 2.0), ("neg", -3.5)):
            v, err = self.call(f"Value({x})", "__init__", self.Value, x)
            if err:
                return {"error": err}
            out[key] = {"data": self.number(self.attr(v, "data")),
                        "is_value": self.is_value(v)}
            text, err = self.call(f"repr(Value({x}))", "__repr__", repr, v)
            if err:
                out[key]["repr_error"] = err
            else:
                out[key]["repr"] = text if isinstance(text, str) else safe_repr(text)
        return out

    def probe_expr(self, request, loaded):
        return [self.expr_case(case) for case in request["cases"]]

    def expr_case(self, case):
        env = {}
        for step in case["steps"]:
            made, err = self.build(step, env, case.get("labels", False))
            if err:
                return {"error": err, "step": step[1]}
            env[step[1]] = made
        root = env[case["root"]]
        mode = case["mode"]
        out = {"nodes": {}}
        if mode == "structure":
            out["structure"] = {name: self.structure(v, env) for name, v in env.items()}
        if mode in ("manual", "backward", "order"):
            out["grad0"] = {name: self.number(self.attr(v, "grad")) for name, v in env.items()}
        if mode == "manual":
            err = self.manual(case, env, root)
            if err:
                out["error"] = err
        elif mode in ("order", "backward"):
            calls = []
            wrapped = self.instrument(env, calls)
            _, err = self.call(f"{case['root']}.backward()", "backward", root.backward)
            out["calls"] = calls if wrapped else None
            if err:
                out["error"] = err
        for name, v in env.items():
            is_value = self.is_value(v)
            out["nodes"][name] = {"data": self.number(self.attr(v, "data") if is_value else v),
                                  "is_value": is_value}
            if mode in ("manual", "backward", "order"):
                out["nodes"][name]["grad"] = self.number(self.attr(v, "grad"))
        return out

    def build(self, step, env, labels):
        kind, name = step[0], step[1]
        if kind == "leaf":
            if labels:
                return self.call(f"{name} = Value({step[2]!r}, label={name!r})", "__init__",
                                 lambda: self.Value(step[2], label=name))
            return self.call(f"{name} = Value({step[2]!r})", "__init__",
                             lambda: self.Value(step[2]))
        if kind == "make":   # Value(data, _children=..., _op=..., label=...) by keyword
            kids = tuple(env[c] for c in step[3])
            return self.call(f"{name} = Value({step[2]!r}, _children=(...), _op={step[4]!r}, "
                             f"label={step[5]!r})", "__init__",
                             lambda: self.Value(step[2], _children=kids, _op=step[4],
                                                label=step[5]))
        op, args = step[2], [env[a] if isinstance(a, str) else a for a in step[3:]]
        what = f"{name} = {step_code(step)}"
        method = method_name(op, step[3:])
        fn = OPS[op]
        return self.call(what, method, fn, *args)

    def structure(self, v, env):
        ids = {id(node): name for name, node in env.items()}
        prev = self.attr(v, "_prev")
        try:
            kids = [ids.get(id(c), "?") for c in prev] if prev is not MISSING else None
        except BaseException:
            kids = None
        op = self.attr(v, "_op")
        label = self.attr(v, "label")
        return {"prev": kids, "op": op if isinstance(op, str) else safe_repr(op),
                "label": label if isinstance(label, str) else safe_repr(label),
                "has_prev": prev is not MISSING}

    def manual(self, case, env, root):
        for name in case["leaves"]:
            fn = self.attr(env[name], "_backward")
            if not callable(fn):
                return {"type": "NotCallable", "message": safe_repr(fn),
                        "what": f"{name}._backward()", "method": "_backward", "frames": [],
                        "node": name}
            _, err = self.call(f"{name}._backward() on a leaf", "_backward", fn)
            if err:
                err["node"] = name
                return err
        try:
            root.grad = 1.0
        except BaseException as e:
            return self.error(e, f"{case['root']}.grad = 1.0", "grad")
        for name in case["order"]:
            fn = self.attr(env[name], "_backward")
            if not callable(fn):
                return {"type": "NotCallable", "message": safe_repr(fn),
                        "what": f"{name}._backward()", "method": "_backward", "frames": [],
                        "node": name}
            _, err = self.call(f"{name}._backward()", "_backward", fn)
            if err:
                err["node"] = name
                return err
        return None

    def instrument(self, env, calls):
        """Wrap every node's _backward to record the order backward() calls them in."""
        def wrap(name, fn):
            def recorded():
                calls.append(name)
                return fn()
            return recorded
        for name, v in env.items():
            fn = self.attr(v, "_backward")
            if not callable(fn):
                return False
            try:
                v._backward = wrap(name, fn)
            except BaseException:
                return False
        return True

    # --- nn.py ---------------------------------------------------------------------

    def neuron_parts(self, n, nin, where):
        w, b = self.attr(n, "w"), self.attr(n, "b")
        if not isinstance(w, list) or len(w) != nin or not all(self.is_value(x) for x in w):
            return None, {"shape": f"{where}.w should be a list of {nin} Values",
                          "got": safe_repr(w)}
        if not self.is_value(b):
            return None, {"shape": f"{where}.b should be a Value", "got": safe_repr(b)}
        return (w, b), None

    def probe_neuron(self, request, loaded):
        Neuron = getattr(loaded["micrograd.nn"], "Neuron", None)
        if not isinstance(Neuron, type):
            return {"missing": "Neuron", "file": "micrograd/nn.py"}
        results = []
        for case in request["cases"]:
            nin = len(case["x"])
            n, err = self.call(f"Neuron({nin})", "Neuron.__init__", Neuron, nin)
            if err:
                return {"error": err}
            parts, bad = self.neuron_parts(n, nin, f"Neuron({nin})")
            if bad:
                return bad
            w, b = parts
            start = [self.number(self.attr(p, "data")) for p in w + [b]]
            for p, value in zip(w + [b], case["w"] + [case["b"]]):
                p.data = value
            out, err = self.call(f"Neuron({nin})({case['x']})", "Neuron.__call__", n,
                                 case["x"])
            if err:
                return {"error": err}
            if not self.is_value(out):
                return {"shape": f"Neuron({nin})(x) should return one Value",
                        "got": safe_repr(out)}
            _, err = self.call("out.backward()", "backward", out.backward)
            if err:
                return {"error": err}
            results.append({"start": start, "out": self.number(out.data),
                            "grads": [self.number(self.attr(p, "grad")) for p in w + [b]]})
        return {"cases": results}

    def build_mlp(self, nn, nin, nouts):
        MLP = getattr(nn, "MLP", None)
        if not isinstance(MLP, type):
            return None, {"missing": "MLP", "file": "micrograd/nn.py"}
        model, err = self.call(f"MLP({nin}, {nouts})", "MLP.__init__", MLP, nin, nouts)
        if err:
            return None, {"error": err}
        layers = self.attr(model, "layers")
        if not isinstance(layers, list) or len(layers) != len(nouts):
            return None, {"shape": f"MLP({nin}, {nouts}).layers should be a list of "
                                   f"{len(nouts)} Layers", "got": safe_repr(layers)}
        params = []
        sizes = [nin] + list(nouts)
        for i, layer in enumerate(layers):
            neurons = self.attr(layer, "neurons")
            if not isinstance(neurons, list) or len(neurons) != sizes[i + 1]:
                return None, {"shape": f"layers[{i}].neurons should be a list of "
                                       f"{sizes[i + 1]} Neurons", "got": safe_repr(neurons)}
            for j, n in enumerate(neurons):
                parts, bad = self.neuron_parts(n, sizes[i], f"layers[{i}].neurons[{j}]")
                if bad:
                    return None, bad
                params += parts[0] + [parts[1]]
        return (model, params), None

    def parameters_of(self, obj, what):
        got, err = self.call(f"{what}.parameters()", "parameters", obj.parameters)
        if err:
            return None, err
        try:
            return list(got), None
        except BaseException as e:
            return None, self.error(e, f"{what}.parameters()", "parameters")

    def probe_mlp(self, request, loaded):
        nn = loaded["micrograd.nn"]
        out = {}
        Layer, Neuron = getattr(nn, "Layer", None), getattr(nn, "Neuron", None)
        if not isinstance(Layer, type):
            return {"missing": "Layer", "file": "micrograd/nn.py"}
        for what, make, size in (("Neuron(3)", lambda: Neuron(3), 4),
                                 ("Layer(3, 4)", lambda: Layer(3, 4), 16)):
            obj, err = self.call(what, what.split("(")[0] + ".__init__", make)
            if err:
                return {"error": err}
            if not callable(self.attr(obj, "parameters")):
                return {"missing": f"{what.split('(')[0]}.parameters", "file": "micrograd/nn.py"}
            params, err = self.parameters_of(obj, what)
            if err:
                return {"error": err}
            out[what] = {"count": len(params), "values": all(self.is_value(p) for p in params),
                         "unique": len({id(p) for p in params})}
        layer, err = self.call("Layer(3, 4)", "Layer.__init__", Layer, 3, 4)
        if err:
            return {"error": err}
        outs, err = self.call(f"Layer(3, 4)({request['x']})", "Layer.__call__", layer,
                              request["x"])
        if err:
            return {"error": err}
        out["layer_out"] = (len(outs) if isinstance(outs, list) and
                            all(self.is_value(o) for o in outs) else safe_repr(outs))
        built, bad = self.build_mlp(nn, 3, request["nouts"])
        if bad:
            return bad
        model, params = built
        for p, value in zip(params, request["params"]):
            p.data = value
        listed, err = self.parameters_of(model, f"MLP(3, {request['nouts']})")
        if err:
            return {"error": err}
        mine = {id(p) for p in params}
        out["params"] = {"count": len(listed), "unique": len({id(p) for p in listed}),
                         "all_listed": mine <= {id(p) for p in listed},
                         "extra": len({id(p) for p in listed} - mine)}
        y, err = self.call(f"model({request['x']})", "MLP.__call__", model, request["x"])
        if err:
            return {"error": err}
        if not self.is_value(y):
            out["out_shape"] = safe_repr(y)
            return out
        _, err = self.call("model(x).backward()", "backward", y.backward)
        if err:
            return {"error": err}
        out["out"] = self.number(y.data)
        out["grads"] = [self.number(self.attr(p, "grad")) for p in params]
        return out

    def probe_train(self, request, loaded):
        train = getattr(loaded["train"], "train", None)
        if not callable(train):
            return {"missing": "train", "file": "train.py"}
        built, bad = self.build_mlp(loaded["micrograd.nn"], 3, request["nouts"])
        if bad:
            return bad
        model, params = built
        for p, value in zip(params, request["params"]):
            p.data = value
        losses, err = self.call(f"train(model, xs, ys, steps={request['steps']}, "
                                f"lr={request['lr']})", "train", train, model, request["xs"],
                                request["ys"], request["steps"], request["lr"])
        if err:
            return {"error": err}
        try:
            losses = [self.number(self.attr(x, "data") if self.is_value(x) else x)
                      for x in losses]
        except BaseException:
            return {"shape": "train() should return a list of the losses",
                    "got": safe_repr(losses)}
        return {"losses": losses,
                "params": [self.number(self.attr(p, "data")) for p in params]}


def safe_repr(x):
    if x is MISSING:
        return "(missing)"
    try:
        text = repr(x)
    except BaseException:
        text = f"<a {type(x).__name__} that cannot be shown>"
    return text if len(text) <= 80 else text[:77] + "..."


def step_code(step):
    op, args = step[2], step[3:]
    show = [a if isinstance(a, str) else repr(a) for a in args]
    if op in BINARY:
        return f"{show[0]} {BINARY[op]} {show[1]}"
    if op == "neg":
        return f"-{show[0]}"
    if op == "pow":
        return f"{show[0]}**{show[1]}"
    return f"{show[0]}.{op}()"


BINARY = {"add": "+", "mul": "*", "sub": "-", "div": "/"}
_METHODS = {"add": ("__add__", "__radd__"), "mul": ("__mul__", "__rmul__"),
            "sub": ("__sub__", "__rsub__"), "div": ("__truediv__", "__rtruediv__")}


def method_name(op, args):
    if op in _METHODS:
        return _METHODS[op][1] if not isinstance(args[0], str) else _METHODS[op][0]
    return {"neg": "__neg__", "pow": "__pow__"}.get(op, op)


OPS = {
    "add": lambda x, y: x + y,
    "mul": lambda x, y: x * y,
    "sub": lambda x, y: x - y,
    "div": lambda x, y: x / y,
    "neg": lambda x: -x,
    "pow": lambda x, k: x ** k,
    "tanh": lambda x: x.tanh(),
    "exp": lambda x: x.exp(),
    "relu": lambda x: x.relu(),
}


def limit(limits):
    """Lower this process's own limits before any learner code runs."""
    no_processes()
    try:
        import resource
    except ImportError:           # not POSIX: only the tutor's wall clock limits the check
        return

    def lower(kind, value):
        soft, hard = resource.getrlimit(kind)
        new_hard = value if hard == resource.RLIM_INFINITY else min(hard, value)
        try:
            resource.setrlimit(kind, (min(value, new_hard), new_hard))
        except (ValueError, OSError):
            pass

    lower(resource.RLIMIT_CPU, limits["cpu"])
    lower(resource.RLIMIT_AS, limits["memory"])
    lower(resource.RLIMIT_FSIZE, limits["fsize"])
    lower(resource.RLIMIT_CORE, 0)
    if hasattr(resource, "RLIMIT_NPROC"):
        lower(resource.RLIMIT_NPROC, 0)   # no fork (root is exempt: the tutor kills the group)


def no_processes():
    """Starting processes raises, for root too (whom RLIMIT_NPROC does not stop): an
    accidental fork in learner code must not multiply."""
    def refuse(*args, **kwargs):
        raise PermissionError("the check does not let your code start other processes")

    for name in ("fork", "forkpty", "system", "posix_spawn", "posix_spawnp", "popen"):
        if hasattr(os, name):
            setattr(os, name, refuse)
    try:
        import _posixsubprocess
        _posixsubprocess.fork_exec = refuse
    except ImportError:
        pass


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        request = json.load(f)
    probe = Probe(request)
    limit(request["limits"])
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    try:
        probe.run(request)
    except BaseException as e:     # a bug of the probe itself, or learner code escaping it
        probe.send({"done": True, "probe_error": probe.error(e, "checking", "probe")})
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:       # output over the size limit, a closed stream...
            pass
    os._exit(0)     # threads the learner's code may have started do not keep us alive


if __name__ == "__main__":
    main(sys.argv)
