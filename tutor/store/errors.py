"""What a store engine raises when it cannot read or save: one short reason a learner can act on."""

from __future__ import annotations

__all__ = ["StoreError"]


class StoreError(Exception):
    """The store could not be used.  ``reason`` is short and plain ("the disk is full");
    ``busy``: another process held the database longer than a save may wait."""

    def __init__(self, reason: str, *, busy: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.busy = busy
