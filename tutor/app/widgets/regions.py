"""Decision regions of a trained 2-d classifier (the two-moons demo), as a text plot.

``region_grid`` asks the model for a coarse grid of predictions (through
``tutor.regions``, shared with line mode; plain Python, safe to run in the
training thread); ``draw_regions`` puts the grid and the
data points on a plotext figure: each grid cell shows the predicted sign ("-"
or "+"), each point its label ("x" for -1, "o" for +1), so it reads in colour
and in monochrome alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.regions import score_grid


@dataclass
class RegionGrid:
    xs: list[float]
    ys: list[float]
    positive: list[bool]        # model output > 0 at (xs[i], ys[i])
    bounds: tuple[float, float, float, float]


def region_grid(model, points, cols: int = 36, rows: int = 14,
                margin: float = 0.3) -> RegionGrid:
    """The model's sign on a cols x rows grid around the points (``tutor.regions``
    computes the scores; here they become plot coordinates)."""
    scores, bounds = score_grid(model, points, cols, rows, margin)
    x0, x1, y0, y1 = bounds
    gx, gy, positive = [], [], []
    for r, row in enumerate(scores):            # top row first
        y = y1 - (y1 - y0) * r / max(rows - 1, 1)
        for c, score in enumerate(row):
            gx.append(x0 + (x1 - x0) * c / max(cols - 1, 1))
            gy.append(y)
            positive.append(score > 0)
    return RegionGrid(gx, gy, positive, bounds)


def draw_regions(plt, grid: RegionGrid, points, labels, glyphs, title: str = "",
                 no_color: bool = False) -> None:
    """Draw the regions and the labelled points on a plotext ``plt``.  In colour the
    regions are dim and the points bold; without colour dim would be a grey close to
    the background, so the markers alone tell them apart."""
    plt.clear_figure()
    plt.title(title or "decision regions")
    below, above = glyphs.region_markers
    for sign, marker, color in ((False, below, "red"), (True, above, "blue")):
        xs = [x for x, p in zip(grid.xs, grid.positive) if p is sign]
        ys = [y for y, p in zip(grid.ys, grid.positive) if p is sign]
        if xs:
            plt.scatter(xs, ys, marker=marker, color=color,
                        style="default" if no_color else "dim")
    neg, pos = glyphs.point_markers
    for label, marker, color in ((-1.0, neg, "red+"), (1.0, pos, "blue+")):
        xs = [p[0] for p, y in zip(points, labels) if y == label]
        ys = [p[1] for p, y in zip(points, labels) if y == label]
        if xs:
            plt.scatter(xs, ys, marker=marker, color=color, style="bold")
    x0, x1, y0, y1 = grid.bounds
    plt.xlim(x0, x1)
    plt.ylim(y0, y1)
