"""The view's gain tab: the pre/post test per skill and overall (tutor.concepttest.gain), with its caveats.

One row per skill and one for the whole test: matched learners (both tests taken), the
pre and post means, Hake's <g> from the class means, and Cohen's d (paired d_z and the
pooled-SD d_av).  The line under the table gives the row's spreads, or, on the whole
test's row, the forms and the first caveat; ``micrograd-tutor class gain`` prints all.
"""

from __future__ import annotations

from rich.text import Text

from tutor.classview.panes import Pane

__all__ = ["GainPane", "GAIN_TAB"]


def _f(x, digits: int = 1) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


class GainPane(Pane):
    """The class's learning gain on the tutor's own pre/post test."""

    def noun(self, count):
        return "row" if count == 1 else "rows"

    def head(self, count: int) -> str:
        gain = self.board.gain if self.board is not None else None
        if gain is None:
            return ""
        return (f"{gain.overall.n} took both tests ({gain.took['pre']} the pretest, "
                f"{gain.took['post']} the posttest); <g> from the class means")

    def columns(self):
        return ["skill", "n", "pre %", "post %", "<g>", "d_z", "d_av"]

    def _rows(self):
        gain = self.board.gain
        if gain is None:
            return []
        return [(skill, title, s) for skill, title, s in gain.skills] + \
            [("all", "All items", gain.overall)]

    def rows(self):
        return [((skill, n), [Text(title[:22]), str(s.n), _f(s.pre_mean), _f(s.post_mean),
                              _f(s.g, 2), _f(s.d_z, 2), _f(s.d_av, 2)], title)
                for n, (skill, title, s) in enumerate(self._rows())]

    def detail(self, key):
        rows = self._rows()
        if key[1] >= len(rows):
            return ""
        skill, title, s = rows[key[1]]
        spread = (f"{title}: SD pre {_f(s.pre_sd)}, SD post {_f(s.post_sd)}, individual "
                  f"gains {_f(s.g_mean, 2)} (SD {_f(s.g_sd, 2)}), {s.at_top} at 100% before "
                  "(not in the individual gains).")
        if skill != "all":
            return spread + " Two items per skill: coarse."
        return spread + (" The test is the tutor's own, not a validated inventory; "
                         "'micrograd-tutor class gain' lists every caveat.")

    def empty(self):
        if self.board is None:
            return ""
        return ("Nobody has taken both the pretest and the posttest yet "
                "('micrograd-tutor pretest', 'posttest').")


GAIN_TAB = (("gain", "Gain", GainPane),)
