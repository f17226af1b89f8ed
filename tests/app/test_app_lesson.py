"""A lesson as a learner goes through it: questions, feedback, hints, moving on, keys."""

from textual.widgets import Input

from lessons.steps import AskSign, AskValue
from pilot_helpers import make_app, plain, save_at_type, transcript_text, widget_text
from tutor.app.screens.home import HomeScreen
from tutor.app.screens.lesson import LessonScreen
from tutor.app.widgets.question import QuestionView
from tutor.hints import hints_for


async def open_derivative_question(pilot):
    """From the start of "derivative" to its first question: What is f(3.0)?"""
    await pilot.pause()
    await pilot.press("enter")          # past the narration
    await pilot.press("enter")          # past the code
    await pilot.pause()


def header(app) -> str:
    return plain(app.screen.query_one("#lesson-header").content)


async def test_opening_a_lesson_from_the_course_list():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert "A derivative is a slope" in header(app)
        assert "step 1" in header(app)
        assert "poke at it" in transcript_text(app)


async def test_wrong_answer_then_hint_then_right_answer():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_derivative_question(pilot)
        screen = app.screen
        assert isinstance(screen.run.step, AskValue)
        answer = screen.query_one("#answer", Input)
        assert answer.has_focus and answer.cursor_blink is False

        await pilot.press("1", "0", "enter")                  # f(3) is 20, not 10
        await pilot.pause()
        text = transcript_text(app)
        assert "You said 10." in text and "2 more tries" in text
        assert screen.run.attempts == 1 and screen.run.score == (0, 0)
        assert screen.query("#answer")                        # still open

        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint 1 of" in transcript_text(app)

        await pilot.press("2", "0", "enter")
        await pilot.pause()
        text = transcript_text(app)
        assert "Right, on attempt 2." in text
        assert "Answer: 20" in text
        assert screen.run.score == (1, 1) and "score 1/1" in header(app)
        assert not screen.query("#answer")                    # the question is closed

        await pilot.press("enter")                            # continue
        await pilot.pause()
        assert isinstance(screen.run.step, AskSign)
        assert screen.query_one("#answer", Input).has_focus


async def test_asking_for_hints_past_the_last_one_says_so_once():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_derivative_question(pilot)
        hints = len(hints_for(app.screen.run.question))
        await pilot.press(*["ctrl+t"] * (hints + 4))
        await pilot.pause()
        text = transcript_text(app)
        assert text.count("No more hints") == 1
        assert f"Hint {hints} of {hints}" in text


async def test_an_unreadable_answer_costs_no_attempt():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_derivative_question(pilot)
        await pilot.press(*"twenty", "enter")
        await pilot.pause()
        assert app.screen.run.attempts == 0
        assert "not a number" in transcript_text(app)


async def test_reveal_and_f_keys_work_while_typing():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_derivative_question(pilot)
        await pilot.press("1", "f2")                          # F2: hint, mid-answer
        await pilot.pause()
        assert "Hint 1 of" in transcript_text(app)
        assert app.screen.query_one("#answer", Input).value == "1"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert "Here is the answer." in transcript_text(app)
        assert app.screen.run.score == (0, 1)


async def test_gradient_question_shows_the_tree_with_the_asked_node_marked():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_derivative_question(pilot)
        await pilot.press("2", "0", "enter", "enter")
        await pilot.pause()
        view = app.screen.view
        assert isinstance(view, QuestionView) and isinstance(view.question, AskSign)
        tree = widget_text(view, ".q-tree")
        assert "x   3  <-" in tree                                # the asked node
        assert "grad" not in tree                                 # no answer given away


async def test_letters_are_answer_text_and_ctrl_n_waits_for_an_answer():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_derivative_question(pilot)
        await pilot.press("z", "r", "s", "question_mark", "ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#answer", Input).value == "zrs?"
        assert app.screen.run.index == 2                      # did not move on


async def test_escape_leaves_the_lesson_even_from_the_input():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_derivative_question(pilot)
        await pilot.press("1", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_lesson_that_fails_is_reported_without_crashing(monkeypatch):
    from lessons.course import Lesson
    from lessons.steps import Say
    from tutor.runner import LessonRun

    def broken():
        yield Say("# Broken\n\nThe next step fails.")
        raise ZeroDivisionError("oops")

    lesson = Lesson("broken", "A broken lesson", "none", (1,))
    monkeypatch.setattr(Lesson, "script", lambda self: broken())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(LessonScreen(LessonRun(lesson)))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "This lesson has a bug" in transcript_text(app)
        await pilot.press("enter")                             # back to the course
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_lesson_that_cannot_start_leaves_the_learner_on_the_course(monkeypatch):
    from lessons.course import Lesson

    def missing(self):
        raise ModuleNotFoundError("No module named 'lessons.l99'")

    monkeypatch.setattr(Lesson, "script", missing)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("cannot start" in n.message for n in app._notifications)


async def test_finishing_a_lesson_marks_it_done():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for _ in range(40):
            if screen.run.finished:
                break
            await pilot.press("ctrl+r" if screen.run.awaiting_answer else "ctrl+n")
            await pilot.pause()
        assert screen.run.finished
        assert "Lesson complete" in transcript_text(app)
        assert "done" in header(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.progress.status("derivative") == "done"


def finish(lesson_id: str) -> None:
    """Save a lesson as done, every answer revealed."""
    from lessons.course import find_lesson
    from tutor.store import open_store
    from tutor.runner import LessonRun

    run = LessonRun(find_lesson(lesson_id), open_store())
    while not run.finished:
        run.reveal() if run.awaiting_answer else run.advance()


async def finish_on_screen(app, pilot) -> None:
    screen = app.screen
    for _ in range(80):
        if screen.run.finished:
            break
        await pilot.press("ctrl+r" if screen.run.awaiting_answer else "ctrl+n")
        await pilot.pause()
    assert screen.run.finished


async def test_the_last_lesson_says_the_course_is_over_and_what_is_left():
    from lessons.course import all_lessons

    last = all_lessons()[-1].id
    app = make_app(last)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await finish_on_screen(app, pilot)
        text = transcript_text(app)
        assert "That was the course's last lesson." in text
        assert f"{len(all_lessons()) - 1} of {len(all_lessons())} lessons are not done" in text
        assert "What an autograd engine does" in text        # the first one left


async def test_the_last_lesson_of_a_finished_course_says_so():
    from lessons.course import all_lessons

    lessons = all_lessons()
    for lesson in lessons[:-1]:
        finish(lesson.id)
    app = make_app(lessons[-1].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await finish_on_screen(app, pilot)
        assert f"you have finished all {len(lessons)} lessons" in transcript_text(app)


async def test_a_question_on_a_whole_network_does_not_draw_its_huge_graph():
    save_at_type("loss", AskSign)
    app = make_app("loss")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = app.screen.view
        assert isinstance(view, QuestionView) and len(view.question.out.topological_order()) > 40
        assert "too many to draw here" in widget_text(view, ".q-tree")
        assert view.outer_size.height < 12                   # prompt and answer box, not 100 lines


def footer_keys(app) -> dict[str, str]:
    return {key.description: key.key for key in app.screen.query("FooterKey")}


async def test_at_a_lessons_end_the_footer_says_where_enter_and_ctrl_n_go():
    app = make_app("derivative")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert footer_keys(app).get("Continue") == "enter"
        await finish_on_screen(app, pilot)
        await pilot.pause()
        keys = footer_keys(app)
        assert keys.get("Course") == "enter" and "Continue" not in keys
        assert keys.get("Next lesson") == "ctrl+n"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.run.lesson.id == "several-inputs"


async def test_the_last_lesson_offers_no_next_lesson():
    from lessons.course import all_lessons

    app = make_app(all_lessons()[-1].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await finish_on_screen(app, pilot)
        await pilot.pause()
        assert "Next lesson" not in footer_keys(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_lesson_title_is_not_printed_twice_at_the_top():
    app = make_app("intro")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "What an autograd engine does" in header(app)
        say = app.screen.view
        assert "What an autograd engine does" not in say.source   # the header has it
        assert say.source.startswith("Training a neural net")


def test_emphasis_and_escapes_never_show_their_markdown():
    from tutor.app.widgets.inline import inline

    hint = inline("A product hands each input the *other* input's value; x * y stays.")
    assert hint.plain == "A product hands each input the other input's value; x * y stays."
    assert [hint.plain[s.start:s.end] for s in hint.spans] == ["other"]
    assert inline(r"an escaped \*other\* and `*`").plain == "an escaped *other* and *"


def test_a_line_break_never_splits_f_equals_from_its_value_or_starts_with_minus():
    from rich.console import Console

    from tutor.app.widgets.inline import inline

    text = ("We have " + "word " * 7 + "so f = 20 and the slope is 1 - t^2 there, " * 3
            + "and the output `L = d * f` " * 3)
    for width in range(30, 60):
        console = Console(width=width, color_system=None, record=True)
        with console.capture() as captured:
            console.print(inline(text))
        for line in captured.get().splitlines():
            assert not line.rstrip().endswith(" ="), (width, line)
            assert not line.lstrip().startswith("- t"), (width, line)
            assert not line.rstrip().endswith(("L", "L =", "L = d", "L = d *")), (width, line)
