"""The build editor and its file on disk, at 80x24: a change made elsewhere is loaded and
checked, unsaved edits and a change on disk let the learner choose, autosave, a hang-up;
and files the editor must not choke on: a folder or a FIFO where the file should be (also
swapped in while it is open), a file too big to open, a file too long to highlight.

The watcher's and the autosave's timers are off; tests call ``poll_disk`` and
``autosave`` themselves.  A FIFO is made with ``tests/fifos.py``, which lets a reader
that blocked on it go after a minute: a regression fails, it does not hang the suite.
"""

import os

from textual.widgets import TextArea

from build_pilot import E, SIZE, header, make_build_app, settle, status, stub_line, \
    type_over_line
from fifos import fifo
from tutor.app.screens.build_file import EDIT_LIMIT
from tutor.app.widgets.code_area import HIGHLIGHT_LINES
from tutor.buildtrack import stages
from tutor.buildtrack.workspace import Workspace


async def test_a_change_on_disk_is_loaded_and_checked(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        ws = Workspace(tutor_home / "workspace")
        text = ws.read(E).replace('raise NotImplementedError("exercise 1")', "self.data = 1", 1)
        ws.save(E, text)                                        # another editor saves
        screen.poll_disk()                                      # the watcher's tick
        await settle(pilot)
        assert screen.query_one("#editor", TextArea).text == text
        assert "FAIL" in status(app)
        assert "`Value(2.0).data` is 1, should be 2.0" in status(app)


async def edit_then_change_on_disk(screen, pilot, tutor_home):
    """The learner edits exercise 1's stub; another window saves the file meanwhile.
    Returns the workspace and what that window saved."""
    editor = screen.query_one("#editor", TextArea)
    await type_over_line(pilot, editor, stub_line(editor), "        self.data = data")
    ws = Workspace(tutor_home / "workspace")
    outside = ws.read(E) + "# from the other window\n"
    ws.save(E, outside)
    return ws, outside


async def test_unsaved_edits_and_a_change_on_disk_let_the_learner_choose(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        ws, outside = await edit_then_change_on_disk(screen, pilot, tutor_home)
        editor = screen.query_one("#editor", TextArea)
        screen.poll_disk()
        await pilot.pause()
        assert "changed on disk" in status(app)
        assert "self.data = data" in editor.text                # the learner's edit is kept
        await pilot.press("escape")                             # leaving would lose one
        await pilot.pause()
        assert app.screen is screen
        assert ws.read(E) == outside
        await pilot.press("ctrl+l")                             # take the file's
        await pilot.pause()
        assert editor.text == outside
        assert not screen.conflict


async def test_ctrl_s_in_a_conflict_keeps_the_learners_edits(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        editor = screen.query_one("#editor", TextArea)
        await type_over_line(pilot, editor, stub_line(editor), "        self.data = data")
        ws = Workspace(tutor_home / "workspace")
        ws.save(E, ws.read(E) + "# from the other window\n")
        screen.poll_disk()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ws.read(E) == editor.text
        assert "self.data = data" in ws.read(E)


async def test_a_file_deleted_on_disk_keeps_the_editors_text_and_ctrl_s_writes_it_back(
        tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        text = screen.query_one("#editor", TextArea).text
        ws = Workspace(tutor_home / "workspace")
        ws.path(E).unlink()
        screen.poll_disk()
        await pilot.pause()
        assert "is gone from disk" in status(app)
        assert screen.query_one("#editor", TextArea).text == text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ws.read(E) == text


async def test_edits_are_saved_a_while_after_the_last_one_without_a_reload(tutor_home):
    app = make_build_app("value", autosave_seconds=3600)    # the timer: started, not waited for
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        editor = screen.query_one("#editor", TextArea)
        ws = Workspace(tutor_home / "workspace")
        before = ws.read(E)
        await type_over_line(pilot, editor, stub_line(editor), "        self.data = data")
        assert screen.autosave_timer is not None
        assert "modified" in header(app) and ws.read(E) == before
        said = status(app)
        screen.autosave()                                      # the timer's tick
        await pilot.pause()
        assert ws.read(E) == editor.text and "self.data = data" in ws.read(E)
        assert "saved" in header(app) and "modified" not in header(app)
        screen.poll_disk()                                     # its own save: no reload
        await pilot.pause()
        assert status(app) == said and not app.workers._workers   # nor a check
        assert not screen.conflict


async def test_autosave_never_writes_over_a_change_made_on_disk(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        ws, outside = await edit_then_change_on_disk(screen, pilot, tutor_home)
        screen.autosave()
        await pilot.pause()
        assert ws.read(E) == outside
        assert "changed on disk" in status(app) and "changed on disk" in header(app)


async def test_a_hang_up_saves_the_editors_text(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one("#editor", TextArea)
        await type_over_line(pilot, editor, stub_line(editor), "        self.data = data")
        app.hang_up()                          # what SIGHUP and SIGTERM call
    assert "        self.data = data\n" in Workspace(tutor_home / "workspace").read(E)




def notes(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_a_folder_where_the_file_should_be_is_named_and_never_written_over(tutor_home):
    folder = tutor_home / "workspace" / E
    folder.mkdir(parents=True)
    (folder / "mine.txt").write_text("kept\n")
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.editor
        assert status(app).startswith("micrograd/engine.py is a folder, not a file: the tutor "
                                      "leaves it as it is")
        assert "not opened" in header(app) and editor.read_only and editor.text == ""
        await pilot.press("x", "ctrl+s")               # nothing to save: ctrl+s checks
        await settle(pilot)
        assert status(app).startswith("FAIL micrograd/engine.py is a folder, not a file")
        await pilot.press("f8", "escape")              # leaving writes nothing either
        await pilot.pause()
        assert (folder / "mine.txt").read_text() == "kept\n"
    (folder / "mine.txt").unlink()
    folder.rmdir()                                     # moved away: opened at the next look
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "# >>> value" in app.screen.editor.text and not app.screen.editor.read_only


async def test_the_folder_moved_away_while_the_app_is_open_starts_the_file(tutor_home):
    folder = tutor_home / "workspace" / E
    folder.mkdir(parents=True)
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.unopened is not None
        folder.rmdir()
        screen.poll_disk()                              # the watcher's tick
        await settle(pilot)
        assert screen.unopened is None and not screen.editor.read_only
        assert "# >>> value" in screen.editor.text
        assert screen.editor.selected_text == 'raise NotImplementedError("exercise 1")'
        assert "your `__init__` is not written yet" in status(app)      # and checked
        assert "saved" in header(app)


async def test_a_fifo_swapped_in_while_the_file_is_open_never_freezes_the_editor(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen, editor = app.screen, app.screen.editor
        await type_over_line(pilot, editor, stub_line(editor), "        self.data = data")
        ws = Workspace(tutor_home / "workspace")
        os.rename(ws.path(E), ws.path("micrograd/engine.bak"))
        with fifo(ws.path(E)):
            screen.poll_disk()                          # would block on a FIFO: never does
            await pilot.pause()
            assert status(app).startswith("micrograd/engine.py is a named pipe (FIFO), not a "
                                          "file now: the editor keeps your text")
            assert "        self.data = data" in editor.text
            await pilot.press("ctrl+s")
            await settle(pilot)
            screen.autosave()
            assert "Could not save micrograd/engine.py: micrograd/engine.py is a named pipe" \
                in notes(app)
            assert ws.path(E).is_fifo()                 # left as it is
        os.unlink(ws.path(E))
        screen.poll_disk()
        await pilot.pause()
        assert "is gone from disk" in status(app)
        await pilot.press("ctrl+s")                     # the learner's text comes back
        await settle(pilot)
        assert "        self.data = data\n" in ws.read(E)


async def test_a_file_bigger_than_the_editor_opens_is_left_as_it_is(tutor_home):
    ws = Workspace(tutor_home / "workspace")
    solved = stages.stage_files(1, 1)[E]
    ws.save(E, solved + "# " + "x" * EDIT_LIMIT + "\n")
    ws.save("micrograd/__init__.py", "")
    before = ws.path(E).read_bytes()
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.editor
        assert status(app) == ("micrograd/engine.py is 1.0 MB, more than the editor opens "
                               "(1 MB): it is left as it is. F4 edits it in your own editor; "
                               "F5 checks it.")
        assert editor.read_only and editor.text == ""
        await pilot.press("x", "enter", "f5")
        await settle(pilot)
        assert status(app).startswith("PASS")           # the check reads it all the same
        await pilot.press("ctrl+q")
    assert ws.path(E).read_bytes() == before


async def test_a_long_file_is_not_highlighted_and_the_status_says_so(tutor_home):
    ws = Workspace(tutor_home / "workspace")
    ws.save(E, stages.file_at_start(E, 1) + "# a note\n" * (HIGHLIGHT_LINES + 100))
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.editor
        assert editor.language is None
        lines = f"{editor.document.line_count:,}"
        assert (f"No syntax highlighting: micrograd/engine.py has {lines} lines (it stays on "
                "up to 2,000), so that typing stays quick.") in status(app)
        await pilot.press("x")                          # it still edits
        assert "x" in editor.text and "modified" in header(app)


async def test_a_file_of_long_lines_is_not_highlighted_either(tutor_home):
    ws = Workspace(tutor_home / "workspace")
    ws.save(E, stages.file_at_start(E, 1) + ("# " + "x" * 998 + "\n") * 120)
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.editor.language is None
        assert "characters (it stays on up to 100,000), so that typing stays quick" \
            in status(app)


async def test_highlighting_goes_off_when_the_text_grows_past_the_limit(tutor_home):
    app = make_build_app("value")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.editor
        assert editor.language == "python"              # a learner's usual file: colours
        editor.insert("# pasted\n" * HIGHLIGHT_LINES)
        await pilot.pause()
        where = editor.cursor_location
        assert editor.language is None
        assert editor.cursor_location == where and where[0] > HIGHLIGHT_LINES
        assert status(app) == ("No syntax highlighting from 2,000 lines or 100,000 "
                               "characters on, so that typing stays quick.")
