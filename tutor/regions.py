"""A text map of a 2-D classifier: which side of its boundary each spot falls on.

Used after the two-moons demo.  Pure text, so it works in line mode, in a
screen reader and on the Linux console.
"""

from __future__ import annotations

__all__ = ["region_map", "score_grid"]


def score_grid(model, xs, width: int, height: int, margin: float = 0.25):
    """The model's score on a width x height grid covering the data (top row first).

    Returns (grid, (x_min, x_max, y_min, y_max)).
    """
    x_min = min(p[0] for p in xs) - margin
    x_max = max(p[0] for p in xs) + margin
    y_min = min(p[1] for p in xs) - margin
    y_max = max(p[1] for p in xs) + margin
    grid = []
    for row in range(height):
        y = y_max - (y_max - y_min) * row / max(height - 1, 1)
        grid.append([model([x_min + (x_max - x_min) * col / max(width - 1, 1), y]).data
                     for col in range(width)])
    return grid, (x_min, x_max, y_min, y_max)


def region_map(model, xs, ys, width: int = 48, height: int = 16) -> list[str]:
    """Lines of text: '+' / '-' where the model says +1 / -1, 'o' / 'x' for data points."""
    grid, (x_min, x_max, y_min, y_max) = score_grid(model, xs, width, height)
    cells = [["+" if s > 0 else "-" for s in row] for row in grid]
    for (x, y), label in zip(xs, ys):
        col = round((x - x_min) / (x_max - x_min) * (width - 1))
        row = round((y_max - y) / (y_max - y_min) * (height - 1))
        cells[row][col] = "o" if label > 0 else "x"
    return ["".join(row) for row in cells]
