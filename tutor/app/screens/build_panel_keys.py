"""The build screen's panel keys: F6, shift+Tab and Tab between the editor and the Task,
Check and Solution tabs, and the panel in the editor's place below 110 columns."""

from __future__ import annotations

from textual.widgets import TabbedContent

__all__ = ["PanelKeys"]


class PanelKeys:
    """Mixed into ``BuildScreen``: it has ``#build-tabs``, ``#build-side`` and ``editor``,
    and the class ``-narrow`` below 110 columns (``-panel`` while the panel is shown)."""

    def _show_panel(self, tab: str) -> None:
        self.query_one("#build-tabs", TabbedContent).active = tab
        if self.has_class("-narrow"):
            self._narrow_panel(True)

    def _narrow_panel(self, show: bool) -> None:
        """Below 110 columns: the panel in the editor's place (show) or the editor back."""
        self.set_class(show, "-panel")
        if show:
            tabs = self.query_one("#build-tabs", TabbedContent)
            self.call_after_refresh(lambda: self.query_one(
                f"#{tabs.active} VerticalScroll").focus())
        else:
            self.editor.focus()

    def action_tabs(self) -> None:
        """shift+Tab in the editor: to the Task / Check / Solution tabs (Left and Right
        switch them); elsewhere the previous widget, as usual."""
        if not self.editor.has_focus:
            self.focus_previous()
            return
        if self.has_class("-narrow"):
            self.set_class(True, "-panel")
        self.call_after_refresh(lambda: self.query_one("#build-tabs Tabs").focus())

    def action_to_editor(self) -> None:
        """Tab in the panel: back to the editor, where it is shown (below 110 columns it
        is in the panel's place: F6 or Escape brings it back)."""
        if self.editor.display and self.query_one("#build-side").has_focus_within:
            self.editor.focus()
        else:
            self.focus_next()

    def action_panel(self) -> None:
        if self.has_class("-narrow"):
            self._narrow_panel(not self.has_class("-panel"))
            return
        tabs = self.query_one("#build-tabs", TabbedContent)
        order = ["tab-task", "tab-check", "tab-solution"]
        tabs.active = order[(order.index(tabs.active) + 1) % len(order)]
