"""Help (F1): the keys, and a short glossary of the words the lessons use."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

# (keys, what they do): the one list the help screen and the README notes share.
KEYS: list[tuple[str, str]] = [
    ("Enter", "check your answer; continue to the next step; open a lesson"),
    ("ctrl+t  or  F2", "a hint (each press gives the next one)"),
    ("ctrl+r  or  F3", "reveal the answer"),
    ("ctrl+n", "next: continue; skip the backward pass to its end; after a lesson, "
               "the next lesson"),
    ("Space or Enter", "backward pass: show the next node now (it also plays by itself)"),
    ("ctrl+s", "stop training"),
    ("+  /  -", "training: rerun with twice / half the learning rate"),
    ("z", "training: rerun with zero_grad switched off / on"),
    ("r", "training: run again (the same settings replace their curve)"),
    ("h  l  s", "training: before a rerun the lesson asks about, guess its final loss: "
                "higher, lower, about the same (Enter: run without a guess)"),
    ("Escape", "back to the course list (progress is kept)"),
    ("p  /  w  /  g  /  b", "course list: practice (reviews due first) / the worksheet / "
                            "the playground / build micrograd yourself"),
    ("t", "course list: the pretest (before lesson 1) or the posttest (after the last), "
          "when the course offers it"),
    ("ctrl+p", "command palette: open any lesson by name"),
    ("F1  or  ?", "this help (? only when not typing an answer)"),
    ("Up/Down, PgUp/PgDn", "move in the course list; scroll a lesson"),
    ("ctrl+q", "quit; you continue at the same step next time"),
]

GLOSSARY: list[tuple[str, str]] = [
    ("derivative", "how far, and which way, an output moves when one input is pushed up "
                   "a tiny bit, per unit of push"),
    ("finite difference", "estimating that slope as (f(x + h) - f(x)) / h; fine for checking, "
                          "but rounding ruins it when h is far too small"),
    ("partial derivative", "the same slope for one input while all the others stay put"),
    ("gradient", "all of an output's partial derivatives; a node's .grad holds "
                 "d(output)/d(node)"),
    ("forward pass", "computing from the inputs to the output; it builds the graph and "
                     "gives every node its .data"),
    ("backward pass", "backpropagation: from the output back to the leaves, the chain rule "
                      "at every node"),
    ("chain rule", "along one path the local slopes multiply; where several paths meet, "
                   "their contributions add"),
    ("local derivative", "∂d/∂c: what one operation knows on its own, how its output d "
                         "moves per unit of its input c: 1 for +, the other factor for *, "
                         "1 - t² for tanh"),
    ("total derivative", "dL/dc: how the output L moves per unit of c through everything in "
                         "between; what ends up in c.grad"),
    ("upstream gradient", "dL/d(this node), the total arriving from above; times the local "
                          "derivative it gives each input its share: dL/dc = dL/dd * ∂d/∂c"),
    ("expression graph", "the values and the operations that made them, a DAG from leaves "
                         "to the output"),
    ("leaf", "a value no operation produced: an input, a weight, a constant"),
    ("topological order", "every node after its inputs; reversed, it is the order of the "
                          "backward pass"),
    ("accumulation", "grads are added (+=), so a node used twice collects both shares"),
    ("zero_grad", "setting every .grad back to 0 before the next backward pass, or old "
                  "gradients pile up"),
    ("neuron", "a weighted sum of its inputs plus a bias, squashed by an activation such "
               "as tanh"),
    ("MLP", "layers of neurons, each layer's outputs being the next layer's inputs"),
    ("loss", "one number for how wrong the predictions are; training lowers it"),
    ("learning rate", "how far each update steps against the gradient"),
    ("gradient descent", "forward, backward, p.data -= lr * p.grad, and again"),
]


def keys_table(keys: list[tuple[str, str]] | None = None) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for keys, what in keys or KEYS:
        table.add_row(keys, what)
    return table


def glossary_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for word, meaning in GLOSSARY:
        table.add_row(word, meaning)
    return table


LESSON_NOTE = ("All keys work while you type an answer, except ? and the plain letters of "
               "training: typed into the answer box they are part of your answer. The mouse "
               "is optional.")


class HelpScreen(Screen):
    """Keys and glossary; Escape, F1 or q closes it.  Another track passes its own keys."""

    BINDINGS = [
        Binding("escape,q", "close", "Close help", priority=True),
    ]

    def __init__(self, keys: list[tuple[str, str]] | None = None, note: str = LESSON_NOTE):
        super().__init__()
        self.keys, self.note = keys, note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold underline"), classes="help-heading")
            yield Static(keys_table(self.keys))
            yield Static(self.note, classes="help-note")
            yield Static(Text("Glossary", style="bold underline"), classes="help-heading")
            yield Static(glossary_table())
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.app.pop_screen()
