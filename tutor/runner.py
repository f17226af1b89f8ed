"""Drives one lesson with no user interface: grading, attempts, hints, score, resume.

Both front ends (the full-screen app and line mode) and ``micrograd-tutor check``
use this class; they only decide how to show what it returns.

    run = LessonRun(find_lesson("chain-rule"), progress)
    while not run.finished:
        step = run.step                   # show it
        if run.awaiting_answer:
            feedback = run.answer(text)   # or run.hint(), run.reveal()
        else:
            run.advance()

Lessons are deterministic, so resuming replays the generator up to the saved
step, sending back the outcomes the learner had then.

Every graded answer and every reveal is an event (``tutor.store.events``), saved
in the same transaction as the lesson's state; ``answers`` (default: ``progress``)
is the store that records events when there is no lesson state (practice).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from lessons.course import Lesson
from lessons.steps import Code, Nudge, Outcome, Question, Say, Show, Step
from tutor.diagnosis import diagnose
from tutor.grading import Unreadable, is_correct, parse_answer
from tutor.hints import answer_text, explanation_for, hints_for, rule_lines
from tutor.mistakes import mistake_kind
from tutor.store.events import item_id, make_event

__all__ = ["LessonRun", "Feedback", "MAX_ATTEMPTS", "LessonError"]

MAX_ATTEMPTS = 3
# Shown again on resume (the steps since the last question), so a question is never
# asked without the code or graph it refers to.  Training and the backward pass are not.
CONTEXT_STEPS = (Say, Show, Code, Nudge)


class LessonError(RuntimeError):
    """A lesson script failed: a bug in the lesson, not the learner's doing."""


@dataclass
class Feedback:
    """What the runner says about an answer, a hint or a reveal."""

    status: str                 # "invalid", "wrong", "correct", "revealed", "hint"
    message: str
    explanation: list[str] = field(default_factory=list)
    answer: str = ""            # the right answer, once the question is over
    attempts: int = 0

    @property
    def done(self) -> bool:
        """The question is over (answered right, or revealed)."""
        return self.status in ("correct", "revealed")


@dataclass
class _QuestionState:
    attempts: int = 0
    hints_given: int = 0
    done: bool = False
    correct: bool = False
    revealed: bool = False


class LessonRun:
    """One learner's way through one lesson."""

    def __init__(self, lesson: Lesson, progress=None, on_outcome=None, on_slip=None, *,
                 answers=None, track: str = "course", clock=time.monotonic):
        self.lesson = lesson
        self.progress = progress
        self.answers = answers if answers is not None else progress   # records events
        self.track = track
        self.clock = clock              # seconds on a question: the time it was shown
        self._shown_at = clock()
        # on_outcome(question, outcome): told when a question is over, with the outcome
        # as saved plus "hints" (how many were given); practice feeds its review queue so.
        self.on_outcome = on_outcome
        # on_slip(question, attempts, hints): told at a wrong try or a hint while the
        # question is still open, so practice records it even if the learner leaves.
        self.on_slip = on_slip
        self._start()
        saved = progress.lesson_state(lesson.id) if progress is not None else None
        # A lesson finished before stays done, with its best score, while it is retaken.
        self._completed = bool(saved and (saved.get("finished") or saved.get("completed")))
        self._best = _score_of(saved, "best") or _score_of(saved, "score") if self._completed \
            else None
        if saved and not saved.get("finished"):
            try:
                self._replay(saved)
            except (TypeError, ValueError, AttributeError, KeyError, IndexError,
                    OverflowError):  # a saved state that makes no sense: from the start
                self._start()

    def _start(self) -> None:
        self.context: list[Step] = []   # after a resume: what came since the last question
        self.index = 0                  # number of the current step, from 0
        self.step: Step | None = None
        self.outcomes: list[dict] = []  # one per finished question, in order
        self._q = _QuestionState()
        try:
            self._gen = self.lesson.script()
        except Exception as e:  # e.g. the lesson's module does not import
            raise LessonError(f"lesson {self.lesson.id!r} could not be loaded: "
                              f"{type(e).__name__}: {e}") from e
        self._next(None)

    # --- state ----------------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.step is None

    @property
    def question(self) -> Question | None:
        return self.step if isinstance(self.step, Question) else None

    @property
    def awaiting_answer(self) -> bool:
        return self.question is not None and not self._q.done

    @property
    def attempts(self) -> int:
        return self._q.attempts

    @property
    def hints_left(self) -> int:
        q = self.question
        return 0 if q is None else len(hints_for(q)) - self._q.hints_given

    @property
    def score(self) -> tuple[int, int]:
        """(questions answered right without a reveal, questions finished).

        Predictions (``scored=False``) count in neither."""
        counted = [o for o in self.outcomes if o.get("scored", True)]
        return sum(bool(o["correct"]) for o in counted), len(counted)

    # --- actions --------------------------------------------------------------

    def advance(self) -> Step | None:
        """Go on to the next step.  Not allowed while a question waits for its answer."""
        if self.finished:
            return None
        if self.awaiting_answer:
            raise RuntimeError("answer or reveal the question before moving on")
        self._step_forward()
        self._save()
        return self.step

    def answer(self, text: str) -> Feedback:
        q = self._require_question()
        try:
            value = parse_answer(q, text)
        except Unreadable as e:
            return Feedback("invalid", str(e), attempts=self._q.attempts)
        self._q.attempts += 1
        right = is_correct(q, value)
        kind = mistake_kind(q, value) if q.scored and not right else None
        event = self._event("answer", text, right, kind)   # saved with the try, at once
        if not q.scored:     # a prediction: one try, then the truth, and no score
            if right:
                return self._finish(correct=True, message="Your prediction was right.",
                                    event=event)
            return self._finish(correct=False,   # a guess: no mistake to point out
                                message="Not this time; here is what happens.", event=event)
        if right:
            return self._finish(correct=True, message=_praise(self._q.attempts), event=event)
        if self._q.attempts >= MAX_ATTEMPTS:
            mistake = diagnose(q, value)
            lead = f"{mistake} " if mistake else ""
            return self._finish(correct=False, event=event,
                                message=f"{lead}That was attempt {MAX_ATTEMPTS}; here is the answer.")
        self._save(event)  # a wrong try counts even if the connection drops now
        mistake = diagnose(q, value) or "Not quite."
        self._slipped()
        left = MAX_ATTEMPTS - self._q.attempts
        tries = f"{left} more {'try' if left == 1 else 'tries'}"
        return Feedback("wrong", f"{mistake} {tries} (or ask for a hint).",
                        explanation=rule_lines(q), attempts=self._q.attempts)

    def hint(self) -> Feedback:
        q = self._require_question()
        hints = hints_for(q)
        if self._q.hints_given >= len(hints):
            return Feedback("hint", "No more hints: answer, or reveal the answer.",
                            attempts=self._q.attempts)
        text = hints[self._q.hints_given]
        self._q.hints_given += 1
        self._save()
        self._slipped()
        label = f"Hint {self._q.hints_given} of {len(hints)}"
        return Feedback("hint", f"{label}: {text}", attempts=self._q.attempts)

    def reveal(self) -> Feedback:
        self._require_question()
        return self._finish(correct=False, message="Here is the answer.",
                            event=self._event("reveal", None, False, None))

    def restart(self) -> None:
        """Start the lesson again from its first step; the saved state is dropped."""
        self._start()
        if self.progress is not None:
            self.progress.set_lesson_state(self.lesson.id, None)

    # --- internals --------------------------------------------------------------

    def _slipped(self) -> None:
        if self.on_slip is not None:
            self.on_slip(self.question, self._q.attempts, self._q.hints_given)

    def _require_question(self) -> Question:
        if not self.awaiting_answer:
            raise RuntimeError("there is no open question")
        return self.question

    def _event(self, kind: str, text: str | None, correct: bool, mistake: str | None) -> dict:
        """The event of an answer (or a reveal) to the open question."""
        q = self.question
        item_of = getattr(self.lesson, "item_of", None)   # practice: skill, level, seed
        subject, item, seed = item_of(q) if item_of else (self.lesson.id, item_id(q.prompt),
                                                          None)
        return make_event(self.track, kind, subject, item, seed=seed, answer=text,
                          correct=correct, mistake=mistake, hints=self._q.hints_given,
                          seconds=round(max(self.clock() - self._shown_at, 0.0), 3))

    def _finish(self, correct: bool, message: str, event: dict | None = None) -> Feedback:
        q = self.question
        self._q.done, self._q.correct, self._q.revealed = True, correct, not correct
        outcome = {"correct": correct, "attempts": self._q.attempts, "revealed": not correct}
        if not q.scored:
            outcome["scored"] = False
        self.outcomes.append(outcome)
        self._save(event)
        if self.on_outcome is not None:
            self.on_outcome(q, {**outcome, "hints": self._q.hints_given})
        return Feedback("correct" if correct else "revealed", message,
                        explanation=explanation_for(q), answer=answer_text(q),
                        attempts=self._q.attempts)

    def _next(self, reply) -> None:
        try:
            self.step = self._gen.send(reply)
        except StopIteration:
            self.step = None
        except Exception as e:  # a lesson bug must not become a learner's traceback
            raise LessonError(f"lesson {self.lesson.id!r} failed at step {self.index + 1}: "
                              f"{type(e).__name__}: {e}") from e
        self._q = _QuestionState()
        self._shown_at = self.clock()

    def _replay(self, saved: dict) -> None:
        target = int(saved.get("step", 0))
        outcomes = list(saved.get("outcomes", []))
        pending = saved.get("question")  # a question left half-way: attempts, hints
        while self.index < target and not self.finished:
            if isinstance(self.step, CONTEXT_STEPS):
                self.context.append(self.step)
            elif self.question is not None:
                self.context = []
            if self.question is not None:
                if not outcomes:
                    break  # the saved file and the lesson disagree: stop here
                o = outcomes.pop(0)
                self._q = _QuestionState(attempts=_count(o.get("attempts", 1), MAX_ATTEMPTS),
                                         done=True,
                                         correct=bool(o.get("correct")),
                                         revealed=bool(o.get("revealed")))
                self.outcomes.append(self._outcome_of(self.question))
            self._step_forward()
        if self.question is not None and outcomes:
            o = outcomes.pop(0)  # the current question was already answered
            self._q = _QuestionState(attempts=_count(o.get("attempts", 1), MAX_ATTEMPTS),
                                     done=True,
                                     correct=bool(o.get("correct")),
                                     revealed=bool(o.get("revealed")))
            self.outcomes.append(self._outcome_of(self.question))
        elif self.question is not None and pending:  # still open: at least one try is left
            self._q.attempts = _count(pending.get("attempts", 0), MAX_ATTEMPTS - 1)
            self._q.hints_given = _count(pending.get("hints_given", 0),
                                         len(hints_for(self.question)))

    def _outcome_of(self, q: Question) -> dict:
        outcome = {"correct": self._q.correct, "attempts": self._q.attempts,
                   "revealed": self._q.revealed}
        if not q.scored:
            outcome["scored"] = False
        return outcome

    def _step_forward(self) -> None:
        reply = None
        if self.question is not None:
            reply = Outcome(self._q.correct, self._q.attempts, self._q.revealed)
        self._next(reply)
        self.index += 1

    def state(self) -> dict:
        """What progress keeps for this lesson."""
        right, asked = self.score
        state = {
            "step": self.index,
            "outcomes": self.outcomes,
            "question": asdict(self._q) if self.awaiting_answer else None,
            "finished": self.finished,
            "score": [right, asked],
        }
        if self._completed or self.finished:
            best = self._best
            if self.finished and (best is None or right >= best[0]):
                best = (right, asked)
            state["completed"] = True
            if best is not None:        # a done lesson whose saved score was unreadable
                state["best"] = list(best)
        return state

    def _save(self, event: dict | None = None) -> None:
        if self.progress is not None:
            self.progress.set_lesson_state(self.lesson.id, self.state(), event=event)
        elif event is not None and self.answers is not None:
            self.answers.record(event)

    def save(self) -> None:
        """Save now (e.g. on quit, to keep attempts and hints of an open question)."""
        self._save()


def _score_of(saved: dict | None, key: str) -> tuple[int, int] | None:
    try:
        right, asked = saved[key]
        return int(right), int(asked)
    except (TypeError, KeyError, ValueError, OverflowError):
        return None


def _count(saved, most: int) -> int:
    """A saved count, kept between 0 and most (a damaged file may say -100 or 10**9)."""
    return min(max(int(saved), 0), most)


def _praise(attempts: int) -> str:
    return "Right!" if attempts == 1 else f"Right, on attempt {attempts}."
