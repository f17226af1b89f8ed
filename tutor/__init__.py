"""Everything the learner sees: runner, progress, rendering, front ends, CLI."""

__version__ = "0.1.0"
