"""The child side of a check: runs the learner's code on the cases it is sent, reports what it saw.

Run only by ``tutor.buildtrack.sandbox``, as its own process::

    python -I -S -X utf8 -B probe.py CASES_FD RESULTS_FD TUTOR_PID

Standard library only, and it imports nothing of the tutor: it judges nothing
either.  Before it imports a line of learner code it asks to be killed when the
tutor ends, reads the whole request (the workspace copy and the cases, chosen by
the tutor after this process started) from the CASES_FD pipe and closes it,
enters its namespaces (``probe_jail``: a read-only root, the copy the only
writable folder) or, where the system has none, a private temporary folder, and
lowers its own limits.  Then it runs the operations the request lists and writes
what the learner's objects produced (numbers, types, errors) as JSON lines to
the RESULTS_FD pipe, which only its own ``send`` holds.  Before every call into
learner code it writes a "doing" line, so that when the process is killed the
tutor can say which of the learner's methods was running.  The verdict is made
in the tutor's own process, against its own engine (see ``sandbox``).
"""

import os
import sys
import sysconfig
import traceback

CONSTANT = (int, float)
MISSING = object()        # an attribute the learner's object does not have


def _sibling(name):
    """The module ``name`` next to this file, loaded by its path: run as ``python -I
    probe.py`` this folder is not on sys.path, and must not be (the learner's imports
    would find the tutor's modules)."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py")
    spec = importlib.util.spec_from_file_location("micrograd_check_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NetworkCases = _sibling("probe_network").NetworkCases
_jail = _sibling("probe_jail")
_steps = _sibling("probe_steps")
OPS, method_name, step_code = _steps.OPS, _steps.method_name, _steps.step_code


class Probe(NetworkCases):
    """Runs one request's cases on the learner's code; the nn.py cases are ``NetworkCases``'."""

    def __init__(self, send, workspace):
        self.send = send
        self.workspace = os.path.realpath(workspace)
        self.Value = None

    # --- talking to the tutor ----------------------------------------------------

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
        outside = sorted(m for m in set(sys.modules) - before if not self.own(sys.modules[m]))
        if outside:
            where = getattr(sys.modules[outside[0]], "__file__", "")
            self.send({"done": True, "foreign": f"{outside[0]} from {where}"})
            return None
        return loaded

    def own(self, module):
        """Loaded from the workspace copy or the standard library (or built in)."""
        where = getattr(module, "__file__", None)
        if not isinstance(where, str):
            return True
        path = os.path.realpath(where)
        return any(path.startswith(folder + os.sep) for folder in [self.workspace] + STDLIB)

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
        for cls in Value.__mro__[:-1]:          # its methods were written in the workspace
            for name, fn in vars(cls).items():
                code = getattr(getattr(fn, "__func__", fn), "__code__", None)
                path = os.path.realpath(getattr(code, "co_filename", "") or "") if code else ""
                if code is not None and not path.startswith(self.workspace + os.sep):
                    self.send({"done": True, "foreign": f"a Value whose {name} is from {path}"})
                    return False
        self.Value = Value
        return True

    # --- the probes ------------------------------------------------------------------

    def run(self, request):
        kind = request["kind"]
        if kind == "none":          # the tutor asking which walls this system gives
            self.send({"done": True, "result": None})
            return
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
        elif mode in ("order", "backward") and self.is_value(root):   # None: judged as such
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

    def shown(self, x):
        return safe_repr(x)


def safe_repr(x):
    if x is MISSING:
        return "(missing)"
    try:
        text = repr(x)
    except BaseException:
        text = f"<a {type(x).__name__} that cannot be shown>"
    return text if len(text) <= 80 else text[:77] + "..."


STDLIB = sorted({os.path.realpath(sysconfig.get_paths()[k]) for k in ("stdlib", "platstdlib")})


def main(argv):
    cases_fd, results_fd, tutor = (int(x) for x in argv[1:4])
    sys.argv = ["probe"]
    _jail.die_with_parent(tutor)
    request, files = _jail.read_request(cases_fd)
    send = _jail.sender(results_fd)
    del results_fd
    workspace = _jail.enter(request, files, send)
    probe = Probe(send, workspace)
    _jail.limit(request["limits"])
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
    # The probe runs as a copy of this file outside sys.modules: the learner's
    # `import __main__` finds an empty module, not the probe's objects.
    _private = _sibling("probe")
    sys.modules["__main__"] = type(sys)("__main__")
    _private.main(sys.argv)
