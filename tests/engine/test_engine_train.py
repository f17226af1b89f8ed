"""The training loop, its schedules and losses, and the datasets."""

import dataclasses
import random

import pytest

from engine import Value
from engine.data import lecture_dataset, make_moons
from engine.losses import accuracy, l2_penalty, max_margin_loss, sum_squared_error
from engine.nn import MLP
from engine.train import (
    Step,
    constant_lr,
    linear_decay,
    max_margin_objective,
    squared_error_objective,
    train,
)


def lecture_model():
    return MLP(3, [4, 4, 1], rng=random.Random(42))


def test_train_yields_one_step_record_per_step():
    xs, ys = lecture_dataset()
    steps = list(train(lecture_model(), xs, ys, steps=5, lr=0.05))
    assert [s.step for s in steps] == [0, 1, 2, 3, 4]
    assert all(isinstance(s, Step) for s in steps)
    assert [f.name for f in dataclasses.fields(Step)] == ["step", "loss", "accuracy", "lr"]
    assert all(type(s.loss) is float and 0.0 <= s.accuracy <= 1.0 for s in steps)
    assert all(s.lr == 0.05 for s in steps)
    with pytest.raises(dataclasses.FrozenInstanceError):
        steps[0].loss = 0.0


def test_loss_goes_down_on_the_lecture_dataset():
    xs, ys = lecture_dataset()
    losses = [s.loss for s in train(lecture_model(), xs, ys, steps=30, lr=0.05)]
    assert losses[-1] < losses[0] / 4
    assert sum(b < a for a, b in zip(losses, losses[1:])) >= 25


def test_trained_model_predicts_the_targets():
    xs, ys = lecture_dataset()
    model = lecture_model()
    *_, last = train(model, xs, ys, steps=100, lr=0.1)
    assert last.accuracy == 1.0
    assert [model(x).data for x in xs] == pytest.approx(ys, abs=0.2)


def test_loss_reported_is_the_loss_before_the_update():
    xs, ys = lecture_dataset()
    model = lecture_model()
    before = sum_squared_error([lecture_model()(x) for x in xs], ys).data
    first = next(train(model, xs, ys, steps=3, lr=0.05))
    assert first.loss == before


def test_updates_move_against_the_gradient():
    xs, ys = lecture_dataset()
    model = lecture_model()
    before = [p.data for p in model.parameters()]
    next(train(model, xs, ys, steps=1, lr=0.5))
    for p, old in zip(model.parameters(), before):
        assert p.data == pytest.approx(old - 0.5 * p.grad, abs=1e-15)


def test_linear_decay_is_the_demos_schedule():
    lr = linear_decay()
    assert lr(0, 100) == 1.0
    assert lr(50, 100) == pytest.approx(0.55)
    assert lr(99, 100) == pytest.approx(0.109)
    assert linear_decay(0.5, 0.5)(10, 20) == pytest.approx(0.25)
    assert constant_lr(0.1)(7, 100) == 0.1


def test_schedule_is_called_with_step_and_total():
    xs, ys = lecture_dataset()
    rates = [s.lr for s in train(lecture_model(), xs, ys, steps=4, lr=linear_decay())]
    assert rates == pytest.approx([1.0, 0.775, 0.55, 0.325])


def grads_after_two_steps(zero_grad):
    xs, ys = lecture_dataset()
    model = lecture_model()
    list(train(model, xs, ys, steps=2, lr=0.0, zero_grad=zero_grad))  # lr 0: same graph twice
    return [p.grad for p in model.parameters()]


def test_zero_grad_false_accumulates_gradients_across_steps():
    fresh = grads_after_two_steps(zero_grad=True)
    piled = grads_after_two_steps(zero_grad=False)
    assert any(g != 0.0 for g in fresh)
    assert piled == pytest.approx([2 * g for g in fresh], rel=1e-12)  # summed in another order


def test_max_margin_objective_is_the_demos_loss():
    xs, ys = make_moons(20, rng=random.Random(0))
    model = MLP(2, [4, 1], activation="relu", rng=random.Random(1))
    loss, acc = max_margin_objective(alpha=1e-4)(model, xs, ys)
    scores = [model(x).data for x in xs]
    hinge = sum(max(0.0, 1 - y * s) for y, s in zip(ys, scores)) / len(xs)
    reg = 1e-4 * sum(p.data ** 2 for p in model.parameters())
    assert loss.data == pytest.approx(hinge + reg, rel=1e-12)
    assert acc == sum((y > 0) == (s > 0) for y, s in zip(ys, scores)) / len(xs)


def test_max_margin_training_learns_the_moons():
    xs, ys = make_moons(60, rng=random.Random(3))
    model = MLP(2, [8, 8, 1], activation="relu", rng=random.Random(4))
    steps = list(train(model, xs, ys, steps=40, lr=linear_decay(), objective=max_margin_objective()))
    assert steps[-1].loss < steps[0].loss / 2
    assert steps[-1].accuracy >= 0.85


def test_squared_error_objective():
    xs, ys = lecture_dataset()
    model = lecture_model()
    loss, acc = squared_error_objective(model, xs, ys)
    preds = [model(x).data for x in xs]
    assert loss.data == pytest.approx(sum((p - y) ** 2 for p, y in zip(preds, ys)))


def test_losses_on_hand_made_numbers():
    # OUTLINE item 82: hinge losses 0.7, 0 and 1.5; the L2 gradient of p = 0.5 at 1e-4
    for y, s, expected in [(1.0, 0.3, 0.7), (-1.0, -2.0, 0.0), (1.0, -0.5, 1.5)]:
        assert max_margin_loss([Value(s)], [y]).data == pytest.approx(expected)
    p = Value(0.5)
    l2_penalty([p], alpha=1e-4).backward()
    assert p.grad == pytest.approx(1e-4)
    preds = [Value(v) for v in (0.91, 0.88, 0.88, 0.88)]
    assert sum_squared_error(preds, [1.0, -1.0, -1.0, 1.0]).data == pytest.approx(7.0913)
    assert accuracy(preds, [1.0, -1.0, -1.0, 1.0]) == 0.5


def test_make_moons_is_seeded():
    one = make_moons(100, rng=random.Random(5))
    assert one == make_moons(100, rng=random.Random(5))
    assert one != make_moons(100, rng=random.Random(6))
    assert make_moons(100) == make_moons(100)


@pytest.mark.parametrize("n", [100, 101, 2])
def test_make_moons_has_n_balanced_two_dimensional_points(n):
    xs, ys = make_moons(n, rng=random.Random(0))
    assert len(xs) == len(ys) == n
    assert all(len(x) == 2 and all(isinstance(c, float) for c in x) for x in xs)
    assert set(ys) == {-1.0, 1.0}
    assert abs(ys.count(1.0) - ys.count(-1.0)) <= 1


def test_make_moons_shapes():
    xs, ys = make_moons(200, noise=0.0, rng=random.Random(0))
    upper = [x for x, y in zip(xs, ys) if y < 0]
    lower = [x for x, y in zip(xs, ys) if y > 0]
    assert all(abs(px ** 2 + py ** 2 - 1) < 1e-9 and py >= -1e-12 for px, py in upper)
    assert all(abs((px - 1) ** 2 + (py - 0.5) ** 2 - 1) < 1e-9 and py <= 0.5 + 1e-12
               for px, py in lower)


def test_lecture_dataset():
    xs, ys = lecture_dataset()
    assert xs == [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
    assert ys == [1.0, -1.0, -1.0, 1.0]
