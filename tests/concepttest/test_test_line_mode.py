"""The test in line mode, as a learner runs it (a process, a pipe), and the course's line-mode
offers before lesson 1 and after the last lesson."""

import io
import os
import subprocess
import sys
from pathlib import Path

from lessons.course import all_lessons
from tutor.concepttest import plain as test_plain
from tutor.concepttest.items import ITEMS, problem_of
from tutor.concepttest.session import TestRun
from tutor.plain import QUIT_WORDS, run_plain
from tutor.runner import LessonRun
from tutor.store import open_store
from tutor_helpers import right_text

ROOT = Path(__file__).resolve().parents[2]


def tutor(*args, input_text="", home):
    env = {**os.environ, "MICROGRAD_TUTOR_HOME": str(home), "TERM": "dumb",
           "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    env.pop("MICROGRAD_TUTOR_DB", None)
    return subprocess.run([sys.executable, "-m", "tutor.cli", *args], input=input_text,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def answers(form, items=ITEMS, right=True):
    return "".join((right_text(problem_of(item, form).question) if right else "skip") + "\n"
                   for item in items)


def test_the_pretest_says_its_rules_first_and_gives_no_feedback(tutor_home):
    out = tutor("pretest", input_text="banana\n+\n-\n0.5\n", home=tutor_home)
    assert out.returncode == 0 and "Traceback" not in out.stderr
    assert "running line mode" in out.stderr            # piped: the course's one rule
    text = out.stdout
    assert text.index("No feedback and no hints") < text.index("Question 1 of 20")
    assert "not a direction I know" in text and "does not use up your try" in text
    assert "Question 3 of 20" in text and "Question 4 of 20" in text
    for feedback in ("Right", "Not quite", "Answer:", "Hint", "wrong"):
        assert feedback not in text, feedback
    assert "Your answers so far are saved" in text
    assert len(open_store().events()) == 3              # banana cost nothing


def test_quit_leaves_and_the_next_sitting_goes_on_with_the_fourth(tutor_home):
    tutor("pretest", "--plain", input_text="skip\nskip\nskip\nquit\n", home=tutor_home)
    out = tutor("pretest", "--plain", input_text="", home=tutor_home)
    assert "You have answered 3 of 20; on you go." in out.stdout
    assert "Question 4 of 20" in out.stdout and "Question 1 of 20" not in out.stdout


def test_a_whole_pretest_then_posttest_shows_before_after_and_gain(tutor_home):
    form = TestRun(open_store(), "pre").form
    out = tutor("pretest", input_text=answers(form, right=False), home=tutor_home)
    assert "Pretest done, and saved." in out.stdout
    assert "All 20 questions" in out.stdout and "0/20 (0%)" in out.stdout
    post = TestRun(open_store(), "post").form
    assert post != form
    out = tutor("posttest", input_text=answers(post), home=tutor_home)
    assert "Posttest done, and saved. Before and after, skill by skill:" in out.stdout
    whole = next(line for line in out.stdout.splitlines() if "All 20 questions" in line)
    assert whole.split()[3:] == ["0/20", "(0%)", "20/20", "(100%)", "+1.00"]
    again = tutor("posttest", input_text="", home=tutor_home)
    assert "You have taken the posttest already" in again.stdout
    assert "20/20 (100%)" in again.stdout
    late = tutor("pretest", input_text="", home=tutor_home)
    assert "You have taken the posttest already, so a pretest now" in late.stdout


def test_progress_shows_lessons_practice_and_the_test(tutor_home):
    tutor("pretest", input_text="skip\n" * 20, home=tutor_home)
    out = tutor("progress", home=tutor_home)
    assert out.returncode == 0, out.stderr
    for words in ("0 of 24 done", "0 of 10 skills mastered", "Pretest and posttest",
                  "0/20 (0%)", "not taken", "micrograd-tutor posttest"):
        assert words in out.stdout, words


def test_progress_shows_only_the_learner_who_runs_it(tmp_path, tutor_home):
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    ann = open_store(url, "ann")
    run = TestRun(ann, "pre")
    while not run.done:
        run.answer(right_text(run.problem().question))
    out = tutor("progress", "--db", url, "--learner", "bob", home=tutor_home)
    assert "not taken" in out.stdout and "20/20" not in out.stdout
    out = tutor("progress", "--db", url, "--learner", "ann", home=tutor_home)
    assert "20/20 (100%)" in out.stdout


def test_the_line_mode_quit_words_are_the_courses():
    assert test_plain.QUIT_WORDS == QUIT_WORDS


def test_the_course_in_line_mode_offers_the_pretest_and_enter_skips_it():
    out = io.StringIO()
    run_plain(stdin=io.StringIO("\n"), stdout=out)
    text = out.getvalue()
    assert "Before lesson 1: the pretest" in text and "just Enter to start lesson 1" in text
    assert "What an autograd engine does" in text       # lesson 1 started
    assert open_store().events() == [] or all(e["track"] != "test"
                                              for e in open_store().events())


def test_the_course_in_line_mode_takes_the_pretest_when_asked():
    store = open_store()
    form = TestRun(store, "pre").form
    out = io.StringIO()
    run_plain(stdin=io.StringIO("t\n" + answers(form, ITEMS[:2]) + "quit\n"), stdout=out)
    text = out.getvalue()
    assert "Question 3 of 20" in text and "Bye" in text
    assert [e["item"] for e in open_store().events()] == [f"sign-1/{form}", f"sign-2/{form}"]


def test_the_posttest_is_offered_after_the_last_lesson():
    last = all_lessons()[-1]
    run = LessonRun(last, open_store())
    while not run.finished:                  # every question revealed, up to the end
        if run.awaiting_answer:
            run.reveal()
        else:
            run.advance()
    store = open_store()
    assert store.status(last.id) == "done"
    # back to its last step, as if the learner had quit there: done once, being retaken
    store.set_lesson_state(last.id, {**store.lesson_state(last.id), "finished": False,
                                     "step": run.index - 1})
    out = io.StringIO()
    run_plain(last.id, stdin=io.StringIO("t\nskip\nquit\n"), stdout=out)
    text = out.getvalue()
    assert "That was the last lesson" in text and "Now the posttest" in text
    assert "Question 2 of 20" in text
    assert [e["subject"] for e in open_store().events() if e["track"] == "test"] == \
        ["post/sign"]
