"""The build screen's file: loading it into the editor, saving it, watching it on disk, and
what the screen says when a file is too big, or something else (a folder, a FIFO) is there.

Nothing here ever blocks on the file (``tutor.buildtrack.regular_files`` opens only
regular files, non-blocking) or writes over what it could not load: a file the editor
did not open is left as it is, and the editor stays read-only until it can be opened.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets.text_area import Selection

from tutor.app.widgets.code_area import HIGHLIGHT_CHARS, HIGHLIGHT_LINES, where_to_write
from tutor.buildtrack.regular_files import FileProblem, TooBig, size_words
from tutor.buildtrack.sandbox import MAX_COPY

__all__ = ["FileKeeping", "EDIT_LIMIT"]

EDIT_LIMIT = 1 << 20       # bytes: a bigger file is not opened (F4 hands it to $EDITOR)


class FileKeeping:
    """Mixed into ``BuildScreen``: it has ``exercise``, ``editor`` (a ``CodeArea``),
    ``set_status``, ``_update_header``, ``start_check`` and the app's ``workspace``.

    ``unopened``: why the file is not in the editor (None once it is); the editor is
    read-only meanwhile and nothing is saved over the file."""

    disk_stat = None          # (mtime, size) of the file as last loaded or saved
    saved_text = ""           # the text as last loaded or saved
    conflict = False          # changed on disk while the editor had unsaved edits
    unopened: str | None = None
    save_error: str | None = None       # the last save error told (not told again)
    file_note = ""            # said after the status while the file is open: no colours

    @property
    def modified(self) -> bool:
        return self.unopened is None and self.editor.text != self.saved_text

    def load_from_disk(self, to_region: bool = False) -> bool:
        """Put the file's text in the editor (the cursor stays where it was, if it can);
        False, with the reason on the status line, when it cannot be opened: then the
        editor keeps the text it had (read-only and empty if it never had the file)."""
        ws, file = self.app.workspace, self.exercise.file
        try:
            text = ws.read(file, EDIT_LIMIT)
        except FileProblem as e:
            self._cannot_open(e)
            return False
        editor = self.editor
        cursor = editor.cursor_location
        was_unopened, self.unopened = self.unopened is not None, None
        editor.read_only = False
        editor.load_code(text)
        self.file_note = "" if editor.highlighting or not editor.can_highlight else (
            f" No syntax highlighting: {file} has {editor.document.line_count:,} lines "
            f"(it stays on up to {HIGHLIGHT_LINES:,}), so that typing stays quick."
            if editor.document.line_count > HIGHLIGHT_LINES else
            f" No syntax highlighting: {file} has {len(text):,} characters (it stays on "
            f"up to {HIGHLIGHT_CHARS:,}), so that typing stays quick.")
        self.saved_text = editor.text
        self.disk_stat = ws.stat(file)
        self.conflict = False
        if to_region or was_unopened:
            place = where_to_write(editor.text, self.exercise)
            if place is not None:
                row, start, end = place      # the cursor at the stub's start: no
                editor.move_cursor((row, start), center=True)     # sideways scroll
                editor.selection = Selection((row, end), (row, start))
        else:
            row = min(cursor[0], max(editor.document.line_count - 1, 0))
            editor.move_cursor((row, cursor[1]))
        self._update_header()
        return True

    def reopen(self) -> bool:
        """Open the file that could not be opened: its parts are added first (a file is
        started if none is there now), then it is loaded; False if it still cannot be."""
        try:
            self.app.workspace.start(self.exercise)
        except (FileProblem, OSError):
            pass                         # load_from_disk says what is in the way
        return self.load_from_disk(to_region=True)

    def _cannot_open(self, problem: FileProblem) -> None:
        ws, file = self.app.workspace, self.exercise.file
        self.disk_stat = ws.stat(file)
        if self.unopened is None and self.saved_text:    # it was open: keep the text
            self.set_status(Text(f"{problem} now: the editor keeps your text. Once a file "
                                 "is back in its place, ctrl+s writes yours, ctrl+l loads "
                                 "that file.", style="bold yellow"))
            return
        if isinstance(problem, TooBig):
            then = ("F5 checks it" if problem.size <= MAX_COPY else
                    f"a check takes up to {size_words(MAX_COPY)}")
            said = (f"{file} is {size_words(problem.size)}, more than the editor opens "
                    f"({size_words(EDIT_LIMIT)}): it is left as it is. F4 edits it in your "
                    f"own editor; {then}.")
        else:
            said = (f"{problem}: the tutor leaves it as it is. Move it away or put your file "
                    "in its place; it is opened here then (or press ctrl+l).")
        self.unopened = said
        editor = self.editor
        editor.load_code("")
        editor.read_only = True
        self.saved_text = ""
        self.set_status(Text(said, style="bold yellow"))
        self._update_header()

    def save(self) -> bool:
        """Write the editor's text to the file; False if that would lose a change on disk,
        or the file was never opened here, or cannot be written (said once)."""
        if self.unopened is not None:
            return False                 # nothing of it here: it is never written over
        ws, file = self.app.workspace, self.exercise.file
        try:
            if self.conflict or (ws.stat(file) != self.disk_stat and
                                 ws.read(file) != self.saved_text):
                if not self.conflict:
                    self._conflict()
                return False
            ws.save(file, self.editor.text)
        except (OSError, FileProblem) as e:
            why = e.strerror or e if isinstance(e, OSError) else e
            error = f"Could not save {file}: {why}. Your text stays in the editor."
            if error != self.save_error:          # autosave tries again after each edit
                self.notify(error, severity="error", timeout=10)
            self.save_error = error
            return False
        self.save_error = None
        self.saved_text = self.editor.text
        self.disk_stat = ws.stat(file)
        self._update_header()
        return True

    def poll_disk(self) -> None:
        """The watcher's tick: a change on disk is loaded and checked."""
        ws, file = self.app.workspace, self.exercise.file
        stat = ws.stat(file)
        if stat == self.disk_stat or self.conflict:
            return
        if stat is None and self.unopened is None:   # deleted or moved away: keep the text
            self.disk_stat = None
            self.set_status(Text(f"{file} is gone from disk; the editor still has its text: "
                                 "ctrl+s writes it back.", style="bold yellow"))
            return
        try:
            text = ws.read(file, EDIT_LIMIT)
        except FileProblem as e:         # a FIFO or a folder now: never waited on
            self._cannot_open(e)
            return
        if self.unopened is not None:    # in the way until now: opened, and checked
            if self.reopen():
                self.start_check(f"{file} can be opened now: loaded. Checking...")
            return
        if text == self.saved_text:
            self.disk_stat = stat          # touched, not changed
            return
        if self.modified:
            self._conflict()
            return
        self.load_from_disk()
        self.start_check(f"{file} changed on disk: loaded. Checking...")

    def _conflict(self) -> None:
        self.conflict = True
        self.set_status(Text(f"{self.exercise.file} changed on disk, and the editor has unsaved "
                             "edits: ctrl+s keeps yours (writes over it), ctrl+l loads the "
                             "file's.", style="bold yellow"))
        self._update_header()

    def autosave(self) -> None:
        """The autosave timer's tick, a while after the last edit: the edits are saved
        (atomically), unless the file changed on disk meanwhile: then the learner
        chooses, as on ctrl+s.  Nothing is checked."""
        self.autosave_timer = None
        if self.modified and not self.conflict:
            self.save()

    def action_reload(self) -> None:
        if self.reopen() if self.unopened is not None else self.load_from_disk():
            self.set_status(Text(f"Loaded {self.exercise.file} from disk.{self.file_note}",
                                 style="dim"))

    def _leave_ok(self) -> bool:
        if self.modified and not self.save():
            self.notify("Not left: the file changed on disk and you have unsaved edits. "
                        "ctrl+s keeps yours, ctrl+l loads the file's." if self.conflict else
                        "Not left: your edits could not be saved (said above). ctrl+s tries "
                        "again, ctrl+l loads the file's text instead.", severity="warning",
                        timeout=8)
            return False
        return True

    def save_on_quit(self) -> None:
        """Quitting the app: save the learner's edits unless that would lose a change."""
        if self.modified:
            self.save()
