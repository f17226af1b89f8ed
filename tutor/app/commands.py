"""The command palette (ctrl+p): open any lesson (or, in the build track, any exercise)
by its title or id."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

__all__ = ["ListedCommands", "LessonCommands"]


class ListedCommands(Provider):
    """A palette provider over a fixed list: subclasses yield (text, callback, help)."""

    def _commands(self):
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            yield DiscoveryHit(text, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), command, help=help_text)


class LessonCommands(ListedCommands):
    """One command per lesson: "Open lesson: A derivative is a slope (derivative)"."""

    def _commands(self):
        from lessons.course import all_lessons

        progress = self.app.progress
        for lesson in all_lessons():
            status = progress.status(lesson.id)
            yield (f"Open lesson: {lesson.title} ({lesson.id})",
                   partial(self.app.open_lesson, lesson.id),
                   f"{status}; lecture section {', '.join(map(str, lesson.sections))}")
