"""The kind of a wrong answer, as the diagnosis names it, for the answer's stored event.

``tutor.diagnosis.diagnose`` returns the message shown to the learner; this returns
the kind of the same mistake (``Mistake.kind``: "missing-path", "wrong-local",
"dropped-factor", "no-upstream", "added", "sign", "forward", or "declared" for a
mistake the lesson declares, a choice's note, a sign question's pointer), or None
when the diagnosis names none.  It follows ``diagnose`` branch by branch and uses
its functions, so the two never disagree.
"""

from __future__ import annotations

from lessons.steps import AskChoice, AskGrad, AskSign, AskValue, Question
from tutor.diagnosis import _declared, diagnose, match_grad_mistake
from tutor.slips import close, value_mistakes

__all__ = ["mistake_kind"]


def mistake_kind(question: Question, value) -> str | None:
    if not diagnose(question, value):
        return None
    if isinstance(question, AskChoice) or _declared(question, value):
        return "declared"
    if isinstance(question, AskSign):
        return "sign-path"              # a pointer along the paths, not a computed value
    if isinstance(question, AskGrad) and question.chain_rule:
        found = match_grad_mistake(question.out, question.wrt, value, question.all_grads,
                                   accepts=question.accepts)
        return found.kind if found else None
    if isinstance(question, AskValue):
        for m in value_mistakes(question.node):
            if not question.accepts(value) and close(value, m.value):
                return m.kind
        return None
    return "sign"                       # 'Right size, wrong sign.'
