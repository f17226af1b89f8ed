"""Neuron, Layer and MLP: parameter order, seeding, the two variants, fused vs elementary."""

import math
import random

import pytest

from engine import Value
from engine.data import lecture_dataset, make_moons
from engine.losses import l2_penalty, max_margin_loss, sum_squared_error
from engine.nn import MLP, Layer, Neuron


def data_of(params):
    return [p.data for p in params]


def test_parameter_order_is_layer_by_layer_neuron_by_neuron_weights_then_bias():
    model = MLP(3, [4, 2, 1], rng=random.Random(0))
    expected = []
    for layer in model.layers:
        for neuron in layer.neurons:
            expected += neuron.w
            expected.append(neuron.b)
    params = model.parameters()
    assert len(params) == len(expected) == (3 + 1) * 4 + (4 + 1) * 2 + (2 + 1) * 1
    assert all(p is q for p, q in zip(params, expected))
    assert params[0] is model.layers[0].neurons[0].w[0]
    assert params[3] is model.layers[0].neurons[0].b
    assert params[-1] is model.layers[-1].neurons[0].b


def test_same_seed_same_parameters_different_seed_different():
    one = MLP(3, [4, 4, 1], rng=random.Random(7))
    two = MLP(3, [4, 4, 1], rng=random.Random(7))
    other = MLP(3, [4, 4, 1], rng=random.Random(8))
    assert data_of(one.parameters()) == data_of(two.parameters())
    assert data_of(one.parameters()) != data_of(other.parameters())
    assert data_of(MLP(3, [4, 4, 1]).parameters()) == data_of(MLP(3, [4, 4, 1]).parameters())


def test_weights_are_uniform_in_minus_one_one():
    params = data_of(MLP(3, [4, 4, 1], rng=random.Random(1)).parameters())
    assert all(-1.0 <= p <= 1.0 for p in params)
    assert len(set(params)) == len(params)


def test_neurons_of_a_layer_differ_even_without_an_rng():
    for layer in (Layer(3, 4), Layer(3, 4, rng=random.Random(2))):
        firsts = [n.w[0].data for n in layer.neurons]
        assert len(set(firsts)) == 4


def test_never_touches_the_global_random_state():
    random.seed(12345)
    state = random.getstate()
    model = MLP(3, [4, 4, 1])
    MLP(2, [16, 16, 1], activation="relu", rng=random.Random(3))
    Neuron(3)
    Layer(3, 2)
    make_moons(50)
    make_moons(50, rng=random.Random(4))
    xs, ys = lecture_dataset()
    loss = sum_squared_error([model(x) for x in xs], ys)
    loss.backward()
    assert random.getstate() == state


def test_tanh_variant_squashes_every_neuron_and_has_random_biases():
    model = MLP(3, [4, 4, 1], rng=random.Random(5))
    assert all(n.activation == "tanh" for layer in model.layers for n in layer.neurons)
    assert any(n.b.data != 0.0 for layer in model.layers for n in layer.neurons)
    out = model([2.0, 3.0, -1.0])
    assert out._op == "tanh" and -1.0 < out.data < 1.0


def test_relu_variant_has_a_linear_output_and_zero_biases():
    model = MLP(2, [16, 16, 1], activation="relu", rng=random.Random(6))
    hidden, last = model.layers[:-1], model.layers[-1]
    assert all(n.activation == "relu" for layer in hidden for n in layer.neurons)
    assert [n.activation for n in last.neurons] == ["linear"]
    assert all(n.b.data == 0.0 for layer in model.layers for n in layer.neurons)
    outs = [model(x) for x in make_moons(40)[0]]
    assert all(out._op == "dot" for out in outs)  # no relu on top of the output
    assert any(out.data < 0 for out in outs)  # so scores can be negative


def test_relu_neurons_are_relu_of_the_weighted_sum():
    neuron = Neuron(2, activation="relu", rng=random.Random(9))
    for x in ([1.0, 2.0], [-1.0, -2.0], [0.3, -0.7]):
        expected = sum(w.data * xi for w, xi in zip(neuron.w, x)) + neuron.b.data
        assert neuron(x).data == pytest.approx(max(0.0, expected), abs=1e-15)


def test_mlp_returns_a_list_for_several_outputs_and_a_value_for_one():
    assert isinstance(MLP(3, [4, 1])([1.0, 2.0, 3.0]), Value)
    outs = MLP(3, [4, 2])([1.0, 2.0, 3.0])
    assert isinstance(outs, list) and len(outs) == 2


def test_wrong_number_of_inputs_is_a_value_error():
    with pytest.raises(ValueError, match="takes 3 inputs, got 2"):
        MLP(3, [4, 1])([1.0, 2.0])


def test_unknown_activation_is_a_value_error():
    with pytest.raises(ValueError, match="activation"):
        MLP(3, [4, 1], activation="sigmoid")
    with pytest.raises(ValueError, match="activation"):
        Neuron(3, activation="swish")


@pytest.mark.parametrize("activation", ["tanh", "relu"])
def test_fused_and_elementary_give_identical_outputs_and_gradients(activation):
    fused = MLP(2, [8, 8, 1], activation=activation, rng=random.Random(11), fused=True)
    plain = MLP(2, [8, 8, 1], activation=activation, rng=random.Random(11), fused=False)
    assert data_of(fused.parameters()) == data_of(plain.parameters())
    xs, ys = make_moons(30, rng=random.Random(12))
    losses = []
    for model in (fused, plain):
        scores = [model(x) for x in xs]
        loss = max_margin_loss(scores, ys) + l2_penalty(model.parameters())
        loss.backward()
        losses.append((loss.data, [s.data for s in scores]))
    assert losses[0] == losses[1]
    assert data_of(fused.parameters()) == data_of(plain.parameters())
    assert [p.grad for p in fused.parameters()] == [p.grad for p in plain.parameters()]


def test_fused_graph_is_smaller_than_elementary():
    fused = MLP(3, [4, 4, 1], rng=random.Random(0), fused=True)
    plain = MLP(3, [4, 4, 1], rng=random.Random(0), fused=False)
    x = [2.0, 3.0, -1.0]
    assert len(fused(x).topological_order()) < len(plain(x).topological_order())


def test_elementary_neuron_is_the_lectures_sum_of_products():
    neuron = Neuron(2, rng=random.Random(3), fused=False)
    out = neuron([Value(1.0), Value(-2.0)])
    assert out._op == "tanh"
    act = out._prev[0]
    assert act._op == "+" and act._prev[1]._op == "*"
    # sum(..., self.b): the sum starts at the bias
    assert act._prev[0]._prev[0] is neuron.b


# --- micrograd's spelling: Neuron(nin, nonlin=True), Layer(nin, nout, **kwargs) ----------

def weighted_sum(neuron, x):
    return sum(w.data * xi for w, xi in zip(neuron.w, x)) + neuron.b.data


@pytest.mark.parametrize("make, activation, name", [
    (lambda: Neuron(3), "tanh", "TanhNeuron(3)"),
    (lambda: Neuron(3, nonlin=True), "tanh", "TanhNeuron(3)"),
    (lambda: Neuron(3, nonlin=False), "linear", "LinearNeuron(3)"),
    (lambda: Neuron(3, False), "linear", "LinearNeuron(3)"),
    (lambda: Neuron(3, activation="linear"), "linear", "LinearNeuron(3)"),
    (lambda: Neuron(3, activation="relu"), "relu", "ReLUNeuron(3)"),
    (lambda: Neuron(3, nonlin=False, activation="relu"), "linear", "LinearNeuron(3)"),
])
def test_nonlin_switches_the_activation_on_or_off(make, activation, name):
    neuron = make()
    assert (neuron.activation, neuron.nonlin, repr(neuron)) == (
        activation, activation != "linear", name)
    x = [1.0, -2.0, 0.5]
    act = weighted_sum(neuron, x)
    expected = {"tanh": math.tanh(act), "relu": max(0.0, act), "linear": act}[activation]
    assert neuron(x).data == pytest.approx(expected, abs=1e-15)


def test_a_non_bool_nonlin_is_a_type_error_that_points_to_activation():
    # Neuron(3, "relu") would otherwise be a tanh neuron with a truthy nonlin
    with pytest.raises(TypeError, match=r"nonlin is True or False, got 'relu'.*activation="):
        Neuron(3, "relu")
    with pytest.raises(TypeError, match="nonlin is True or False"):
        Layer(3, 2, nonlin=None)


def test_layer_passes_micrograds_keyword_arguments_to_every_neuron():
    layer = Layer(3, 4, nonlin=False, rng=random.Random(1))
    assert [repr(n) for n in layer.neurons] == ["LinearNeuron(3)"] * 4
    hidden = Layer(2, 16, activation="relu", zero_bias=True)
    assert all(n.nonlin and n.b.data == 0.0 for n in hidden.neurons)
    assert repr(Layer(3, 2)) == "Layer of [TanhNeuron(3), TanhNeuron(3)]"


def test_the_demo_mlp_is_micrograds_layers_spelled_out():
    # micrograd's MLP: Layer(sz[i], sz[i+1], nonlin=i != len(nouts) - 1), ReLU, zero biases
    model = MLP(2, [16, 16, 1], activation="relu", rng=random.Random(4))
    rng = random.Random(4)
    layers = [Layer(2, 16, activation="relu", zero_bias=True, rng=rng),
              Layer(16, 16, activation="relu", zero_bias=True, rng=rng),
              Layer(16, 1, nonlin=False, activation="relu", zero_bias=True, rng=rng)]
    assert data_of(model.parameters()) == data_of(p for layer in layers for p in layer.parameters())
    assert [repr(layer) for layer in model.layers] == [repr(layer) for layer in layers]
    x = [0.5, -1.0]
    h = layers[1](layers[0](x))
    assert model(x).data == layers[2](h).data


def test_reprs_read_as_micrograds():
    mg_nn = pytest.importorskip("micrograd.nn")
    ours = MLP(2, [16, 16, 1], activation="relu")
    assert repr(ours) == repr(mg_nn.MLP(2, [16, 16, 1]))
    assert repr(Neuron(3, activation="relu")) == repr(mg_nn.Neuron(3))
    assert repr(Neuron(3, nonlin=False)) == repr(mg_nn.Neuron(3, nonlin=False))
