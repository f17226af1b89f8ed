"""Mistakes learners really make fail their exercise, with a reason that names them.

Each case starts from the reference solution (all twelve exercises written),
puts one mistake in, checks one exercise and looks for the words that name the
mistake in what the learner is told.
"""

import pytest

from build_helpers import E, N, T, check, everything, mutate, solved_workspace



ADD_BACKWARD = ("            self.grad += 1.0 * out.grad\n"
                "            other.grad += 1.0 * out.grad\n")
MUL_BACKWARD = ("            self.grad += other.data * out.grad\n"
                "            other.grad += self.data * out.grad\n")
TOPO = ("        build_topo(self)\n\n"
        "        self.grad = 1.0\n"
        "        for node in reversed(topo):\n"
        "            node._backward()\n")

MUL_TAIL = "            other.grad += self.data * out.grad\n        out._backward = _backward\n\n        return out"
RETURN_INSIDE = MUL_TAIL.replace("        out._backward", "            out._backward").replace(
    "\n        return out", "\n            return out")   # the editor kept the deeper indent

MISTAKES = [
    # issue 17: the message names the real place
    ("mul-changes-self", "add-mul", E, "out = Value(self.data * other.data, (self, other), '*')",
     "self.data = self.data * other.data\n        out = self",
     ["`__mul__` changed its operand in place", "should still be"]),
    ("value-in-a-value", "constants", E,
     "other = other if isinstance(other, Value) else Value(other)\n"
     "        out = Value(self.data * other.data",
     "other = Value(other)\n        out = Value(self.data * other.data",
     ["holds a Value in its `data`", "`__mul__` wrapped a Value in a Value"]),
    ("return-inside-backward-5", "backward", E, MUL_TAIL, RETURN_INSIDE,
     ["gave a NoneType (None), not a Value", "indented inside `def _backward():`"]),
    ("return-inside-backward-8", "tanh", E, MUL_TAIL, RETURN_INSIDE,
     ["not a Value", "indented inside `def _backward():`"]),
    ("return-inside-backward-9", "more-ops", E, MUL_TAIL, RETURN_INSIDE,
     ["not a Value", "indented inside `def _backward():`"]),
    ("div-by-one-over", "more-ops", E,
     "        return self * other**-1\n",
     "        return self * (1 / other)\n", ["needs `__rtruediv__`, which is optional",
                                            "self * other**-1"]),
    ("weights-plain-floats", "neuron", N,
     "self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]",
     "self.w = [random.uniform(-1, 1) for _ in range(nin)]",
     ["The weights are plain numbers", "Value(random.uniform(-1, 1))"]),
    ("layer-sizes-wrong", "mlp", N, "self.neurons = [Neuron(nin) for _ in range(nout)]",
     "self.neurons = [Neuron(nin) for _ in range(nin)]",
     ["layers[0].neurons should be a list of 4 Neurons; it is a list of 3",
      "That layer has 3 neurons"]),
    # (id, exercise, file, old, new, words the learner must be told)
    ("repr-without-data=", "value", E, 'return f"Value(data={self.data})"',
     'return f"Value({self.data})"', ["should be 'Value(data=2.0)'", "not the `data=`"]),
    ("repr-bracket-not-closed", "value", E, 'return f"Value(data={self.data})"',
     'return f"Value(data={self.data}"',
     ["is 'Value(data=2.0', should be 'Value(data=2.0)'", "closing `)`"]),
    ("repr-with-spaces", "value", E, 'return f"Value(data={self.data})"',
     'return f" Value(data={self.data}) "', ["should be 'Value(data=2.0)'", "spaces"]),
    ("repr-prints", "value", E, 'return f"Value(data={self.data})"',
     'print(f"Value(data={self.data})")', ["__repr__", "return"]),
    ("data-under-another-name", "value", E, "self.data = data", "self.value = data",
     ["`Value(2.0).data` is missing"]),
    ("add-returns-a-float", "add-mul", E,
     "out = Value(self.data + other.data, (self, other), '+')",
     "out = self.data + other.data\n        return out", ["not a Value", "return Value("]),
    ("mul-adds", "add-mul", E, "out = Value(self.data * other.data, (self, other), '*')",
     "out = Value(self.data + other.data, (self, other), '*')",
     ["`__mul__`", "You added"]),
    ("no-children", "graph", E, "self._prev = set(_children)", "self._prev = set()",
     ["_prev` holds nothing", "should hold a"]),
    ("add-calls-itself-times", "graph", E,
     "out = Value(self.data + other.data, (self, other), '+')",
     "out = Value(self.data + other.data, (self, other), '*')",
     ["_op` is '*', should be '+'"]),
    ("label-dropped", "graph", E, "self.label = label", "self.label = ''",
     ["label` is '', should be 'a'"]),
    ("backward-stored-its-call", "backward-ops", E, "out._backward = _backward\n",
     "out._backward = _backward()\n", ["None", "out._backward = _backward`"]),
    ("mul-uses-own-value", "backward-ops", E, MUL_BACKWARD,
     MUL_BACKWARD.replace("other.data * out.grad", "self.data * out.grad", 1),
     ["should be -3", "other factor", "`__mul__`"]),
    ("add-forgets-out-grad", "backward-ops", E, ADD_BACKWARD,
     "            self.grad += 1.0\n            other.grad += 1.0\n",
     ["`__add__`", "only the local derivative", "from above"]),
    ("grad-never-set", "backward-ops", E, "        self.grad = 0.0\n", "",
     ["has no `grad`", "self.grad = 0.0"]),
    ("topo-not-reversed", "backward", E, "for node in reversed(topo):", "for node in topo:",
     ["before", "but `c` uses `b`", "reversed"]),
    ("no-seed-gradient", "backward", E, "        self.grad = 1.0\n", "",
     ["should be 1", "self.grad = 1.0"]),
    ("no-visited-set", "backward", E, "            if v not in visited:\n",
     "            if True:\n", ["2 times", "visited"]),
    ("no-topological-sort", "backward", E, TOPO,
     "        self.grad = 1.0\n        _down(self)\n\n"
     "        def _down(v):\n            pass\n",
     []),      # replaced below by a whole recursive walk
    ("assign-instead-of-add", "accumulate", E, ADD_BACKWARD,
     ADD_BACKWARD.replace("+=", "="),
     ["`a.grad` is 1, should be 2", "used twice", "`=` overwrote", "+="]),
    ("mul-assigns", "accumulate", E, MUL_BACKWARD, MUL_BACKWARD.replace("+=", "="),
     ["used twice", "`=` overwrote", "+="]),
    ("number-not-wrapped", "constants", E,
     "        other = other if isinstance(other, Value) else Value(other)\n"
     "        out = Value(self.data + other.data, (self, other), '+')",
     "        out = Value(self.data + other.data, (self, other), '+')",
     ["'int' object has no attribute 'data'", "isinstance(other, Value)"]),
    ("no-rmul", "constants", E,
     "    def __rmul__(self, other):  # other * self\n        return self * other\n", "",
     ["__rmul__", "swapping the operands"]),
    ("tanh-one-minus-t", "tanh", E, "(1 - t**2) * out.grad", "(1 - t) * out.grad",
     ["`tanh`", "Square it"]),
    ("tanh-output-as-derivative", "tanh", E, "(1 - t**2) * out.grad", "t * out.grad",
     ["tanh's output itself"]),
    ("tanh-backward-not-stored", "tanh", E,
     "            self.grad += (1 - t**2) * out.grad\n        out._backward = _backward\n",
     "            self.grad += (1 - t**2) * out.grad\n",
     ["No gradient reached", "`tanh`"]),
    ("exp-assigns", "more-ops", E, "self.grad += out.data * out.grad",
     "self.grad = out.data * out.grad", ["used twice", "+="]),
    ("power-rule-without-k", "more-ops", E,
     "self.grad += other * (self.data ** (other - 1)) * out.grad",
     "self.grad += (self.data ** (other - 1)) * out.grad", ["left out the factor k"]),
    ("sub-adds", "more-ops", E, "return self + (-other)", "return self + other",
     ["should be 3", "`__sub__`"]),
    ("no-tanh-in-neuron", "neuron", N, "        out = act.tanh()\n        return out\n",
     "        return act\n", ["weighted sum itself", "tanh()"]),
    ("no-bias", "neuron", N, "zip(self.w, x)), self.b)", "zip(self.w, x)))",
     ["bias is missing"]),
    ("weights-not-random", "neuron", N,
     "self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]",
     "self.w = [Value(0.5) for _ in range(nin)]\n        self.b = Value(0.5)\n"
     "        return\n", ["every weight", "random.uniform(-1, 1)"]),
    ("weights-elsewhere", "neuron", N, "self.w = ", "self.weights = ",
     ["Neuron(3).w should be a list of 3 Values"]),
    ("parameters-nested", "mlp", N, "return self.w + [self.b]", "return [self.w, self.b]",
     ["Neuron(3).parameters() gives 2 items, should be 4"]),
    ("layers-not-chained", "mlp", N, "            x = layer(x)\n        return x\n",
     "            y = layer(x)\n        return y\n", ["previous layer's outputs"]),
    ("layer-always-a-list", "mlp", N, "return outs[0] if len(outs) == 1 else outs",
     "return outs", ["should return one Value", "outs[0]"]),
    ("no-zero-grad", "train", T, "        for p in model.parameters():\n"
     "            p.grad = 0.0\n", "", ["*without* zero_grad", "p.grad = 0.0"]),
    ("update-goes-uphill", "train", T, "p.data += -lr * p.grad", "p.data += lr * p.grad",
     ["goes *with* the gradient", "-lr * p.grad"]),
    ("forward-once", "train", T,
     "    for k in range(steps):\n        # forward pass\n"
     "        ypred = [model(x) for x in xs]\n"
     "        loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))\n",
     "    ypred = [model(x) for x in xs]\n"
     "    loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))\n"
     "    for k in range(steps):\n", ["never changes", "inside the loop"]),
]

RECURSIVE_BACKWARD = '''    def backward(self):
        self.grad = 1.0
        self._down()

    def _down(self):
        self._backward()
        for child in self._prev:
            child._down()
'''


@pytest.mark.parametrize("name, exercise, file, old, new, words", MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_a_mistake_fails_with_a_reason_that_names_it(tmp_path, name, exercise, file, old, new,
                                                     words):
    ws = solved_workspace(tmp_path)
    if name == "no-topological-sort":
        text = ws.read(E)
        start = text.index("    def backward(self):")
        end = text.index("    # <<< backward")
        ws.save(E, text[:start] + RECURSIVE_BACKWARD + text[end:])
        words = ["2 times", "build the topological order first", "A walk down from the output"]
    else:
        mutate(ws, file, old, new)
    if name == "div-by-one-over":               # the optional reflected division not written
        mutate(ws, E, "    def __rtruediv__(self, other):  # other / self\n"
                      "        return other * self**-1\n", "")
    verdict = check(ws, exercise)
    assert not verdict.passed
    said = everything(verdict)
    for word in words:
        assert word in said, f"{word!r} not in:\n{said}"


def test_the_overwrite_bug_shows_the_tree_and_the_chain_rule_at_the_first_wrong_node(tmp_path):
    ws = solved_workspace(tmp_path)
    mutate(ws, E, ADD_BACKWARD, ADD_BACKWARD.replace("+=", "="))
    verdict = check(ws, "accumulate")
    assert verdict.code.splitlines() == ["a = Value(3.0)", "b = a + a", "b.backward()"]
    from pilot_like import plain_text

    tree = plain_text(verdict.tree)
    assert "a   3   grad 2   yours 1  <-" in tree       # right, learner's, highlighted
    assert verdict.chain[0].startswith("db/da = ")
    assert any("used 2 times" in line for line in verdict.chain)


def test_a_bonus_left_out_passes_and_says_so(tmp_path):
    ws = solved_workspace(tmp_path)
    text = ws.read(E)
    start = text.index("    def relu(self):")
    end = text.index("    # <<< more-ops")
    ws.save(E, text[:start] + text[end:])
    verdict = check(ws, "more-ops")
    assert verdict.passed
    assert verdict.bonus.startswith("bonus (optional): not yet")
    assert "relu" in verdict.bonus


@pytest.mark.parametrize("new", ['return f"Value(data={self.data}"',
                                 'print(f"Value(data={self.data})")',
                                 'return f"Value({self.data})"'])
def test_a_wrong_repr_is_told_what_to_show_but_not_given_the_code(tmp_path, new):
    ws = solved_workspace(tmp_path, done=1, started=1)
    mutate(ws, E, 'return f"Value(data={self.data})"', new)
    verdict = check(ws, "value")
    said = everything(verdict)
    assert "Value(data=2.0)" in said                     # what it must show
    assert "return f" not in said and "{self.data}" not in said     # not the answer


def test_the_repr_may_show_more_fields_after_the_number_as_micrograd_does(tmp_path):
    ws = solved_workspace(tmp_path, done=1, started=1)
    mutate(ws, E, 'return f"Value(data={self.data})"',
           'return f"Value(data={self.data}, grad={getattr(self, \'grad\', 0.0)})"')
    assert check(ws, "value").passed


def test_every_wrong_node_of_the_smallest_case_is_marked(tmp_path):
    from pilot_like import plain_text

    ws = solved_workspace(tmp_path, done=4, started=4)
    mutate(ws, E, "self.grad = other.data * out.grad\n            other.grad = self.data * "
                  "out.grad", "self.grad = out.grad\n            other.grad = out.grad")
    tree = plain_text(check(ws, "backward-ops").tree)
    assert "a   2   grad -3   yours 1  <-" in tree and "b   -3   grad 2   yours 1  <-" in tree
    assert "c = a*b   -6   grad 1   yours 1  <-" not in tree
