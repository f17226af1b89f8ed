"""Training an MLP on the lecture's four examples, written by you.

Run it with:  python train.py   (in this folder)
"""

from micrograd.nn import MLP

# >>> train  (exercise 12)
def train(model, xs, ys, steps=20, lr=0.05):
    """Gradient descent on the squared-error loss.

    Returns the list of the loss of every step (floats)."""
    losses = []
    # forward, zero the grads, backward, update; steps times
    raise NotImplementedError("exercise 12")
    return losses
# <<< train


if __name__ == "__main__":
    xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0],
          [1.0, 1.0, -1.0]]
    ys = [1.0, -1.0, -1.0, 1.0]
    model = MLP(3, [4, 4, 1])
    for k, loss in enumerate(train(model, xs, ys)):
        print(k, loss)
    print([model(x).data for x in xs])
