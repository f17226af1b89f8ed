"""A training loop that yields one record per step, so a UI can plot it live.

    for step in train(model, xs, ys, steps=100):
        print(step.step, step.loss, step.accuracy, step.lr)

Stop early by breaking out of the loop.
"""

from dataclasses import dataclass

from engine.losses import accuracy, l2_penalty, max_margin_loss, sum_squared_error

__all__ = ["Step", "train", "constant_lr", "linear_decay", "squared_error_objective",
           "max_margin_objective"]


@dataclass(frozen=True)
class Step:
    """What happened in one step of gradient descent."""

    step: int
    loss: float
    accuracy: float
    lr: float


def constant_lr(lr):
    return lambda k, steps: lr


def linear_decay(start=1.0, drop=0.9):
    """The demo's schedule: lr = start - drop * k / steps (1.0 down to 0.109)."""
    return lambda k, steps: start - drop * k / steps


def squared_error_objective(model, xs, ys):
    """The lecture's loss: summed squared error of the predictions."""
    scores = [model(x) for x in xs]
    return sum_squared_error(scores, ys), accuracy(scores, ys)


def max_margin_objective(alpha=1e-4):
    """The demo's loss: mean hinge loss plus alpha * sum(p**2)."""

    def objective(model, xs, ys):
        scores = [model(x) for x in xs]
        loss = max_margin_loss(scores, ys) + l2_penalty(model.parameters(), alpha)
        return loss, accuracy(scores, ys)

    return objective


def train(model, xs, ys, steps=20, lr=0.05, objective=squared_error_objective,
          zero_grad=True):
    """Full-batch gradient descent; yields a ``Step`` after each update.

    ``lr`` is a number or a schedule ``f(k, steps)``.  ``zero_grad=False``
    reproduces the lecture's bug: gradients pile up from step to step.
    """
    schedule = lr if callable(lr) else constant_lr(lr)
    params = model.parameters()
    for k in range(steps):
        loss, acc = objective(model, xs, ys)
        if zero_grad:
            model.zero_grad()
        loss.backward()
        rate = schedule(k, steps)
        for p in params:
            p.data -= rate * p.grad
        step = Step(k, loss.data, acc, rate)
        del loss  # free this step's graph now, not after the next one is built
        yield step
