"""Walk a lesson generator without any front end (for lesson tests)."""

from lessons.steps import Code, Outcome, Question, Say


def walk(lesson_fn, correct=True):
    """All steps of a lesson; every question answered right, or (correct=False)
    wrong three times and then revealed."""
    reply_to_question = (Outcome(correct=True, attempts=1) if correct
                         else Outcome(correct=False, attempts=3, revealed=True))
    gen = lesson_fn()
    steps = []
    try:
        step = next(gen)
        while True:
            steps.append(step)
            step = gen.send(reply_to_question if isinstance(step, Question) else None)
    except StopIteration:
        return steps


def walk_wrong(lesson_fn):
    return walk(lesson_fn, correct=False)


def questions(lesson_fn):
    return [s for s in walk(lesson_fn) if isinstance(s, Question)]


def signature(steps):
    """What a learner would see of the steps, comparable between two walks."""
    out = []
    for s in steps:
        if isinstance(s, Question):
            out.append((type(s).__name__, s.prompt, s.answer))
        elif isinstance(s, Say):
            out.append(("Say", s.text))
        elif isinstance(s, Code):
            out.append(("Code", s.source, s.output))
        else:
            out.append((type(s).__name__,))
    return out
