"""micrograd's engine, written by you: a Value that remembers how it
was made, and can pass gradients back.

This is your file. Each exercise's code goes between its `# >>>` and
`# <<<` lines: keep those two lines, so the tutor can find that part.
Check your work with:  micrograd-tutor build check
"""

import math


class Value:
    # >>> value  (exercise 1; changed again in 3 and 4)
    def __init__(self, data):
        # keep the number in self.data
        raise NotImplementedError("exercise 1")

    def __repr__(self):
        # return a string like Value(data=2.0)
        raise NotImplementedError("exercise 1")
    # <<< value

    # >>> add-mul  (exercise 2; changed again in 3, 4, 6 and 7)
    def __add__(self, other):
        # a new Value holding the sum
        raise NotImplementedError("exercise 2")

    def __mul__(self, other):
        # a new Value holding the product
        raise NotImplementedError("exercise 2")
    # <<< add-mul

    # >>> backward  (exercise 5)
    def backward(self):
        # the topological order, then every _backward, output first
        raise NotImplementedError("exercise 5")
    # <<< backward

    # >>> reflected  (exercise 7)
    def __radd__(self, other):  # other + self: 1 + a, and sum()
        raise NotImplementedError("exercise 7")

    def __rmul__(self, other):  # other * self: 2 * a
        raise NotImplementedError("exercise 7")
    # <<< reflected

    # >>> tanh  (exercise 8)
    def tanh(self):
        # the forward value, and a _backward with 1 - t**2
        raise NotImplementedError("exercise 8")
    # <<< tanh

    # >>> more-ops  (exercise 9)
    def exp(self):
        # e to the power of self.data; its own local derivative
        raise NotImplementedError("exercise 9")

    def __pow__(self, other):  # other: a plain int or float
        # self ** other, and the power rule
        raise NotImplementedError("exercise 9")

    def __truediv__(self, other):  # self / other
        # a / b is a * b**-1
        raise NotImplementedError("exercise 9")

    def __neg__(self):  # -self
        # -a is a * -1
        raise NotImplementedError("exercise 9")

    def __sub__(self, other):  # self - other
        # a - b is a + (-b)
        raise NotImplementedError("exercise 9")

    # Bonus, not required: relu(), __rsub__ (for 1 - a)
    # and __rtruediv__ (for 2 / a).
    # <<< more-ops
