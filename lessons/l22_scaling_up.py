"""Lesson: what scales up, from 41 parameters to billions (lecture section 23).

A summary of the method, then what changes at scale: parameter counts (wider
layers grow the count with the square of the width, counted by the engine),
cross-entropy as the loss for picking the next token (-log p, its value, sign
and gradient from the engine), and mini-batches instead of the full dataset.
"""

import math
import random

from engine import Value
from engine.nn import MLP
from lessons.steps import (AskChoice, AskGrad, AskNumber, AskSign, AskValue, Code, Recap, Say,
                           gradients)

SEED = 0


def count(nin, nouts):
    """Parameters of MLP(nin, nouts), counted on a real network."""
    return len(MLP(nin, nouts, rng=random.Random(SEED)).parameters())


def lesson():
    yield Say(
        "# What scales up: from 41 to billions\n\n"
        "Step back. A neural network is one big **expression** of the data and the weights. "
        "The **loss** scores its predictions. **Backprop** gives the slope of the loss for "
        "every weight, a small step against it lowers the loss, and repeating that is "
        "**gradient descent**."
    )
    yield AskChoice(
        "What does backward() need to know about neural networks to do its job?",
        choices=["Which nodes are neurons and which are layers",
                 "Nothing: only each node's local derivative",
                 "The name of the loss function at the top"],
        correct=1,
        notes=["Neurons and layers are how we build the graph. backward() only sees Values, "
               "each with its children and its local derivatives.", "",
               "backward() starts at whatever node you call it on; every node below it "
               "looks the same to it, whatever it is called."],
        hints=["Think of the L = (a·b + c)·f graph from the start of the course."],
        why="Backprop works on any expression graph; a network is just a big one.")

    ours = count(3, [4, 4, 1])
    wider = count(3, [8, 8, 1])
    widest = count(3, [16, 16, 1])
    yield Say(f"Our network has **{ours}** parameters. What happens if we make the hidden "
              "layers wider?")
    wider_net = MLP(3, [8, 8, 1], rng=random.Random(SEED))
    wider_weights = sum(len(n.w) for lay in wider_net.layers for n in lay.neurons)
    yield AskNumber("How many parameters does MLP(3, [8, 8, 1]) have?", value=wider,
                    abs_tol=0, rel_tol=0,
                    mistakes=[(2 * ours, f"Twice the {ours} would be right if every count "
                                         "grew with the width. The 8 × 8 weights between "
                                         "the hidden layers grow faster."),
                              (wider_weights, "Those are the weights alone. Each neuron has a "
                                              "bias too.")],
                    hints=["Each neuron: one weight per input, plus a bias.",
                           "(3+1)·8 + (8+1)·8 + (8+1)·1."])
    ratio = widest / wider
    bands = [(0, 2.5, "About 2 times: the count grows like the width"),
             (2.5, 5, "About 3 to 4 times: it grows like width²"),
             (5, float("inf"), "More than 5 times: it grows like width³")]
    yield AskChoice(
        "Double the widths again, to MLP(3, [16, 16, 1]). About how many times more "
        f"parameters than the {wider} of [8, 8, 1]?",
        choices=[label for _, _, label in bands],
        correct=next(i for i, (lo, hi, _) in enumerate(bands) if lo <= ratio < hi),
        shuffle=False,
        notes=["" if lo <= ratio < hi else text for (lo, hi, _), text in zip(bands, [
            "Only the first layer's weights and the biases grow like the width. The "
            "weights between two hidden layers grow with both widths.",
            "The weights between the two hidden layers grow like width²; the rest grows "
            "more slowly.",
            "Nothing here multiplies three widths together: the biggest block of weights "
            "connects two layers, width × width."])],
        hints=["A layer from 8 to 8 neurons has 8·8 weights; from 16 to 16 it has 16·16."])
    yield Say(f"MLP(3, [16, 16, 1]) has **{widest}**, {ratio:.1f} times as many. Big language "
              "models have billions of parameters, and the counting works the same way. "
              "They store them in tensors, whole arrays at once, so the hardware can work "
              "in parallel; the calculus is what we did, one number at a time.")

    yield Say(
        "Such a model predicts the **next token** of a text: it gives each possible token a "
        "probability. Its loss is not squared error but **cross-entropy**: minus the log of "
        "the probability it gave to the token that really came next."
    )
    p = Value(0.25, label="p")
    loss = -(p.log())
    loss.label = "loss"
    yield Code("p = Value(0.25)        # probability given to the right token\n"
               "loss = -p.log()")
    yield AskValue(node=loss, prompt="What is loss = -log(0.25)? (Two decimals.)",
                   hints=["-log(1/4) = log(4), natural log.", "log(2) is about 0.693."],
                   abs_tol=0.005, rel_tol=0,
                   mistakes=[(math.log(p.data), "That is log(0.25) itself. The loss is minus "
                                                "that, so it is positive."),
                             (-math.log10(p.data), "That is the logarithm to base 10. Here, as "
                                                   "in Python's math.log, log is natural: "
                                                   "base e.")])
    yield AskSign(out=loss, wrt=p,
                  prompt="If the model gives the right token a bit more probability, does "
                         "the loss go up, down, or stay the same?",
                  hints=["A perfect model gives probability 1, and log(1) = 0."])
    p_half = Value(0.5, label="p")
    loss_half = -(p_half.log())
    loss_half.label = "loss"
    yield AskGrad(out=loss_half, wrt=p_half,
                  prompt="A better model gives the right token p = 0.5. What is dloss/dp "
                         "there?",
                  hints=["The derivative of log(p) is 1/p.", "Don't forget the minus sign."],
                  mistakes=[(-gradients(loss_half)[p_half], "Right size, but the loss is "
                                                            "minus the log: its slope is "
                                                            "minus 1/p."),
                            (gradients(loss)[p], f"That is the slope at p = {p.data:g}, the "
                                                 f"first model's. Here p = "
                                                 f"{p_half.data:g}."),
                            (loss_half.data, "That is the loss itself at p = 0.5, -log(0.5). "
                                             "The question is its slope.")],
                  why=f"-1/p = -1/{p_half.data:g}: the closer p gets to 1, the gentler the "
                      "push.")

    yield AskChoice(
        "With billions of training examples, what does each step of gradient descent "
        "usually use?",
        choices=["Every example, every step, as we did",
                 "A random mini-batch of examples",
                 "One parameter at a time"],
        correct=1,
        notes=["With billions of examples one step would take forever. A random handful "
               "gives a good enough estimate of the gradient, much faster.", "",
               "Every step still updates every parameter: backward() gives all their "
               "gradients at once."],
        hints=["Our loop ran all 4 examples every step. Imagine 4 billion."],
        why="A random batch gives a cheap, noisy estimate of the gradient: stochastic "
            "gradient descent.")
    yield Recap([
        "A network is an expression; backprop works on any expression.",
        f"Counts grow with width squared: {ours}, {wider}, {widest}, … billions.",
        "Language models: next-token prediction with cross-entropy, -log p.",
        "At scale: tensors, mini-batches and fancier update rules; the same principle.",
    ])
