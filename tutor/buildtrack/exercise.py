"""What a build exercise is: the file it is about, the regions it adds and changes, its texts."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Exercise", "Region", "REGIONS", "make", "ENGINE", "NN", "TRAIN"]

ENGINE, NN, TRAIN = "micrograd/engine.py", "micrograd/nn.py", "train.py"


@dataclass(frozen=True)
class Region:
    """A marked part of a workspace file: ``# >>> name`` ... ``# <<< name``.

    ``container``: the class the region lives in (its lines are indented in it),
    or None for a region at the top level of the file.
    """

    name: str
    file: str
    container: str | None


REGIONS = {r.name: r for r in (
    Region("value", ENGINE, "Value"),
    Region("add-mul", ENGINE, "Value"),
    Region("backward", ENGINE, "Value"),
    Region("reflected", ENGINE, "Value"),
    Region("tanh", ENGINE, "Value"),
    Region("more-ops", ENGINE, "Value"),
    Region("neuron", NN, None),
    Region("layer-mlp", NN, None),
    Region("train", TRAIN, None),
)}


@dataclass(frozen=True)
class Exercise:
    id: str
    number: int
    title: str
    file: str
    adds: tuple[str, ...]      # regions this exercise brings into the file
    edits: tuple[str, ...]     # earlier regions it changes
    statement: str             # Markdown
    api: str                   # the lecture's API, as code
    hints: tuple[str, ...]     # from the idea to nearly the code
    section: str               # where the lecture builds it

    @property
    def regions(self) -> tuple[str, ...]:
        """The regions to look at: the ones it changes, then the ones it adds."""
        return self.edits + self.adds

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"


def make(number, id, title, file, adds, edits, section, statement, api, hints) -> Exercise:
    """An exercise from its texts as written (stripped of the lines around them)."""
    return Exercise(id, number, title, file, tuple(adds), tuple(edits), statement.strip(),
                    api.strip(), tuple(h.strip() for h in hints), section)
