"""Exercises 10 to 12 of the build track: a neuron, an MLP (micrograd/nn.py) and a training loop."""

from __future__ import annotations

from tutor.buildtrack.exercise import make as _ex

__all__ = ["NETWORK_EXERCISES"]

NETWORK_EXERCISES = [
    _ex(10, "neuron", "A neuron", "micrograd/nn.py", ["neuron"], [], "lecture section 17",
        """
Now `micrograd/nn.py`. A `Neuron(nin)` holds `nin` weights in `self.w` and one
bias in `self.b`, each a Value starting at a random number between -1 and 1
(`random.uniform(-1, 1)`).

Calling the neuron on a list `x` of `nin` numbers returns tanh(w·x + b): the sum
of every `wi * xi`, plus `b`, through `tanh()`. `sum(items, start)` starts the sum
at `start`, so `sum((wi*xi for wi, xi in zip(self.w, x)), self.b)` is the whole
weighted sum.

The check sets your weights to fixed numbers, then compares the output and the
gradient of every weight and the bias with the right ones.
""",
        """
n = Neuron(3)
n.w               # [Value, Value, Value]
n.b               # Value
n([2.0, 3.0, -1.0])   # Value: tanh(w . x + b)
""",
        ["`self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]`; the bias is one "
         "more random Value.",
         "`zip(self.w, x)` pairs each weight with its input; `wi * xi` works for a plain "
         "number `xi` because of exercise 7.",
         "`act = sum((wi*xi for wi, xi in zip(self.w, x)), self.b)`, then "
         "`return act.tanh()`."]),

    _ex(11, "mlp", "Layer, MLP and parameters()", "micrograd/nn.py", ["layer-mlp"],
        ["neuron"], "lecture sections 17 and 19",
        """
A `Layer(nin, nout)` is `nout` neurons in `self.neurons`, all reading the same
input; calling it returns the list of their outputs (the lecture returns the
Value itself when there is only one neuron).

An `MLP(nin, nouts)` chains layers: with sizes `[nin] + nouts`, one `Layer` for
each pair of neighbouring sizes, kept in `self.layers`; calling it feeds each
layer's output into the next.

`parameters()`, on `Neuron`, `Layer` and `MLP`, returns every weight and bias
below it in one flat list: for a neuron `self.w + [self.b]`. `MLP(3, [4, 4, 1])`
has 41.
""",
        """
Layer(3, 4)(x)               # [Value, Value, Value, Value]
model = MLP(3, [4, 4, 1])
model(x)                     # one Value
len(model.parameters())      # 41
""",
        ["`sz = [nin] + nouts`; the layers are `Layer(sz[i], sz[i+1])` for "
         "`i in range(len(nouts))`.",
         "In `MLP.__call__`, `x = layer(x)` for each layer in turn, then return `x`. For "
         "the last layer to give one Value, `Layer.__call__` returns `outs[0]` when "
         "there is one output.",
         "`parameters()` flattens with a comprehension: "
         "`[p for neuron in self.neurons for p in neuron.parameters()]`."]),

    _ex(12, "train", "A training loop", "train.py", ["train"], [],
        "lecture sections 20, 21 and 22",
        """
In `train.py`, write `train(model, xs, ys, steps, lr)`. Repeat `steps` times:

1. the forward pass: a prediction `model(x)` for every input, and the loss, the
   sum of `(prediction - target)**2`;
2. set every parameter's grad back to 0 (else the grads of earlier steps pile up);
3. `loss.backward()`;
4. step every parameter against its gradient: `p.data += -lr * p.grad`.

Append `loss.data` to the list you return. The check trains your
`MLP(3, [4, 4, 1])` from fixed weights on the lecture's four examples and compares
the loss of every step.
""",
        """
losses = train(model, xs, ys, steps=20, lr=0.05)
losses           # [loss of step 0, loss of step 1, ...], floats
""",
        ["Everything happens inside the loop: the predictions and the loss must be "
         "computed again at every step, from the updated weights.",
         "`loss.backward()` adds into `.grad` (`+=`), so the grads must be set to 0 "
         "before it, at every step; and the step goes *against* the gradient: minus.",
         "`ypred = [model(x) for x in xs]`; "
         "`loss = sum((yout - ygt)**2 for ygt, yout in zip(ys, ypred))`; "
         "`p.grad = 0.0` for every p; `loss.backward()`; `p.data += -lr * p.grad`."]),
]
