"""Loss functions, written with Value ops so their gradients come for free."""


__all__ = ["sum_squared_error", "max_margin_loss", "l2_penalty", "accuracy"]


def sum_squared_error(predictions, targets):
    """The lecture's loss: sum of (prediction - target)**2 (a sum, not a mean)."""
    return sum((yp - yt) ** 2 for yt, yp in zip(targets, predictions))


def max_margin_loss(scores, labels):
    """The demo's hinge loss: mean of relu(1 - y * score), labels are -1 or +1."""
    losses = [(1 + -y * s).relu() for y, s in zip(labels, scores)]
    return sum(losses) * (1.0 / len(losses))


def l2_penalty(parameters, alpha=1e-4):
    """alpha * sum(p**2): keeps weights small (the demo adds it to the loss)."""
    return alpha * sum(p * p for p in parameters)


def accuracy(scores, labels):
    """Fraction of examples whose score has the label's sign."""
    hits = [(y > 0) == (s.data > 0) for y, s in zip(labels, scores)]
    return sum(hits) / len(hits)
