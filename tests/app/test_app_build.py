"""The build track's editor screen at 80x24: write, check, read the reason, fix; the
panel, hints and the solution; an outside editor; the way back to the course.  (The
file on disk, autosave and odd files: test_app_build_files.py.)

Checks run in a worker thread (a real child process): tests wait for the worker
instead of racing it.  The file watcher's and the autosave's timers are off
(watch_seconds=None, autosave_seconds=None); tests call their ticks (poll_disk,
autosave) by hand.
"""

import sys

from textual import events
from textual.widgets import TextArea

from build_pilot import E, SIZE, header, make_build_app, settle, status, stub_line, \
    type_over_line
from pilot_helpers import plain, widget_text
from tutor.buildtrack.exercises import find_exercise
from tutor.buildtrack.workspace import Workspace

async def test_write_the_first_exercise_in_the_editor_with_a_wrong_try_first(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        assert editor.has_focus
        assert "# >>> value" in editor.text
        await type_over_line(pilot, editor, stub_line(editor), "        self.value = data")
        await pilot.press("ctrl+s")                       # save and check
        await settle(pilot)
        assert "FAIL" in status(app) and "Value(2.0).data` is missing" in status(app)
        ws = Workspace(tutor_home / "workspace")
        assert "self.value = data" in ws.read(E)         # saved as typed
        line = editor.text.split("\n").index("        self.value = data")
        await type_over_line(pilot, editor, line, "        self.data = data")
        await pilot.press("f5")                           # F5 saves first, then checks
        await settle(pilot)
        assert "FAIL" in status(app) and "`__repr__` is not written yet" in status(app)
        await type_over_line(pilot, editor, stub_line(editor),
                             "        return 'Value(data=' + str(self.data) + ')'")
        await pilot.press("f5")
        await settle(pilot)
        assert status(app).startswith("PASS")
        assert app.track.passed(find_exercise("value"))
        assert "self.data = data" in ws.read(E)


async def test_a_failure_opens_the_check_tab_and_f6_swaps_editor_and_panel(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        screen = app.screen
        assert "F6: details" in status(app)
        assert not screen.query_one("#build-side").display            # narrow: editor only
        await pilot.press("f6")
        await pilot.pause()
        assert screen.query_one("#build-side").display
        assert not screen.query_one("#editor").display
        result = widget_text(screen, "#result")
        assert "your `__init__` is not written yet" in result
        assert "Replace the `raise NotImplementedError(...)`" in result
        await pilot.press("escape")                                   # back to the code
        await pilot.pause()
        assert screen.query_one("#editor").display and screen.query_one("#editor").has_focus
        await pilot.press("escape")                                   # and to the list
        await pilot.pause()
        assert type(app.screen).__name__ == "ExerciseListScreen"
        assert "[!]  1. A Value holds a number" in plain(
            app.screen.query_one("#exercises").get_option_at_index(0).prompt)


async def test_hints_come_one_by_one_and_the_solution_only_when_asked_twice(tutor_home):
    app = make_build_app("tanh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("f2")
        await pilot.pause()
        assert screen.query_one("#build-side").display
        assert "Hint 1 of 3" in widget_text(screen, "#hints")
        assert "Hint 2 of 3" not in widget_text(screen, "#hints")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint 2 of 3" in widget_text(screen, "#hints")
        await pilot.press("f3")
        await pilot.pause()
        assert "(1 - t**2)" not in widget_text(screen, "#solution")
        await pilot.press("f3")
        await pilot.pause()
        assert "self.grad += (1 - t**2) * out.grad" in widget_text(screen, "#solution")
        assert app.track.exercise_state(find_exercise("tanh"))["hints"] == 2


async def test_the_outside_editor_round_trip_loads_and_checks_the_file(tutor_home, tmp_path):
    fake = tmp_path / "fake_editor.py"
    fake.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path).read()\n"
        "text = text.replace('raise NotImplementedError(\"exercise 1\")', 'self.data = data', 1)\n"
        "text = text.replace('raise NotImplementedError(\"exercise 1\")',\n"
        "                    'return f\"Value(data={self.data})\"', 1)\n"
        "open(path, 'w').write(text)\n")
    app = make_build_app("value", editor_command=[sys.executable, str(fake)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        assert "self.data = data" not in editor.text
        await pilot.press("f4")
        await settle(pilot)
        assert "self.data = data" in editor.text               # reloaded from disk
        assert status(app).startswith("PASS")


async def test_editor_env_variable_is_used(tutor_home, tmp_path, monkeypatch):
    fake = tmp_path / "fake editor.py"                          # a space in the path
    fake.write_text("import sys\nopen(sys.argv[1], 'a').write('# edited outside\\n')\n")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} '{fake}'")
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen.query_one("#editor", TextArea).text.endswith("# edited outside\n")


async def test_next_exercise_saves_and_adds_its_part_and_quit_saves(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        await type_over_line(pilot, editor, stub_line(editor), "        self.data = data")
        await pilot.press("f8")
        await pilot.pause()
        ws = Workspace(tutor_home / "workspace")
        assert app.screen.exercise.id == "add-mul"
        assert "self.data = data" in ws.read(E)                 # saved on the way
        assert "# >>> add-mul" in ws.read(E)                    # exercise 2's part added
        editor = app.screen.query_one("#editor", TextArea)
        assert editor.cursor_location[0] == editor.text.split("\n").index(
            "    # >>> add-mul  (exercise 2; changed again in 3, 4, 6 and 7)") + 3
        assert editor.selected_text == 'raise NotImplementedError("exercise 2")'
        editor.insert("        # thinking\n")
        await pilot.press("ctrl+q")
    assert "# thinking" in Workspace(tutor_home / "workspace").read(E)


async def test_help_lists_the_build_keys(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = widget_text(app.screen)
        assert "check your code" in text and "$EDITOR" in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "BuildScreen"


async def test_keys_typed_just_before_check_are_all_saved(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        editor.select_line(stub_line(editor))
        await pilot.press("backspace")
        for ch in "        self.data = data":                # all queued at once, as a fast
            app.post_message(events.Key({" ": "space"}.get(ch, ch), ch))   # typist's are
        app.post_message(events.Key("f5", None))
        await settle(pilot)
        assert "        self.data = data\n" in Workspace(tutor_home / "workspace").read(E)


async def test_enter_keeps_the_indentation_and_indents_after_a_colon(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        editor.select_line(stub_line(editor))
        await pilot.press("backspace", *["space"] * 8, *"if", "space", *"True:", "enter",
                          *"pass", "enter", "x")
        lines = editor.text.split("\n")
        at = lines.index("        if True:")
        assert lines[at + 1:at + 3] == ["            pass", "            x"]


def test_snapshot_a_failed_check_at_80x24(snap_compare, tutor_home):
    import sys as _sys
    from pathlib import Path

    _sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "buildtrack"))
    from build_helpers import solved_workspace

    solved_workspace(tutor_home / "workspace", done=5, started=6)     # exercise 6: still `=`

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f6")                                   # the panel: the check
        await pilot.pause()

    assert snap_compare(make_build_app("accumulate"), run_before=run_before, terminal_size=SIZE)


async def test_escape_on_the_exercise_list_goes_back_to_the_course(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")                              # the editor: to the list
        await pilot.pause()
        assert type(app.screen).__name__ == "ExerciseListScreen"
        assert "Escape: the course" in plain(app.screen.query_one("#build-intro").render())
        shown = [active.binding for active in app.screen.active_bindings.values()
                 if active.binding.show]
        assert any(binding.action == "course" for binding in shown)      # in the footer
        await pilot.press("escape")                              # the list: to the course
    assert app.return_value == "course"


def test_the_course_and_the_build_app_hand_over_to_each_other(monkeypatch):
    import tutor.app.app as app_module
    import tutor.app.build as build_module
    import tutor.app.launch as launch

    course_results = iter(["build", None])       # b, then ctrl+q on the course list
    runs = []
    monkeypatch.setattr(app_module.TutorApp, "run",
                        lambda self: runs.append("course") or next(course_results))
    monkeypatch.setattr(build_module.BuildApp, "run",
                        lambda self: runs.append("build") or "course")   # Escape on its list
    assert launch.run_app() == 0
    assert runs == ["course", "build", "course"]
    runs.clear()
    course_results = iter([None])                # `micrograd-tutor build`, Escape, ctrl+q
    assert launch.run_build_app() == 0
    assert runs == ["build", "course"]


async def test_the_header_keeps_the_passed_count_whole_at_80_columns(tutor_home):
    app = make_build_app("add-mul")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = header(app)
        assert text.endswith("passed 0/12") and "2/12 + and *, forward" in text
        assert len(text) <= SIZE[0] - 2
        editor = app.screen.query_one("#editor", TextArea)
        editor.insert("x")
        await pilot.pause()
        assert "modified" in header(app) and header(app).endswith("passed 0/12")


async def test_a_resumed_exercise_shows_the_last_check_in_the_check_tab_too(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tab = widget_text(app.screen, "#result")
        assert "No check yet" not in tab
        assert "Last check: FAIL: your `__init__` is not written yet" in tab
        assert "F5 to check again" in tab
        assert status(app).startswith("Last check: FAIL: your `__init__` is not written yet")


async def test_what_the_screen_says_is_not_hidden_by_stale_notifications(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert status(app).startswith("Created micrograd/engine.py. Write your code")
        assert not app.screen.query("Toast")
        await pilot.press("f3")                               # not yet: asks to press again
        await pilot.pause()
        assert "Press F3 again to see it now" in widget_text(app.screen, "#solution")
        assert not app.screen.query("Toast")
        await pilot.press("f3")
        await pilot.pause()
        assert "Press F3 again" not in widget_text(app.screen)
        assert 'return f"Value(data={self.data})"' in widget_text(app.screen, "#solution")


async def test_the_editor_opens_on_the_line_to_write_and_ctrl_home_end_move(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        await pilot.press(*"self.data", "space", "=", "space", *"data")   # typed over the stub
        lines = editor.text.split("\n")
        at = lines.index("        self.data = data")
        assert lines[at - 2] == "    def __init__(self, data):"
        await pilot.press("ctrl+end")
        assert editor.cursor_location == editor.document.end
        await pilot.press("ctrl+home")
        assert editor.cursor_location == (0, 0)


async def test_shift_tab_reaches_the_tabs_and_tab_comes_back_to_the_editor(tutor_home):
    from textual.widgets import TabbedContent, Tabs

    app = make_build_app("value")
    async with app.run_test(size=(120, 30)) as pilot:          # side by side
        await pilot.pause()
        screen = app.screen
        editor = screen.query_one("#editor", TextArea)
        await pilot.press("tab")                                # in the editor: indents
        assert editor.has_focus
        assert screen.modified
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(app.focused, Tabs)
        await pilot.press("right")
        await pilot.pause()
        assert screen.query_one("#build-tabs", TabbedContent).active == "tab-check"
        await pilot.press("tab")
        assert editor.has_focus
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:                # narrow: the panel opens
        await pilot.pause()
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(app.focused, Tabs) and app.screen.query_one("#build-side").display
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#editor").has_focus


async def test_the_cursor_line_stays_in_view_when_the_status_line_grows(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        editor.insert("\n" * 60)                       # the file longer than the screen
        await pilot.press("ctrl+end", *"x=1y=2", "f5")  # a syntax error: two status lines
        await settle(pilot)
        await pilot.pause()
        assert app.screen.query_one("#build-status").size.height >= 2
        row, top = editor.cursor_location[0], editor.scroll_offset.y
        assert top <= row < top + editor.scrollable_content_region.height
