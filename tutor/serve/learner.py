"""One learner's served process: the course app on Textual's web driver, which the class
server starts (``python -I -m tutor.serve.learner``) with the learner's folder as
MICROGRAD_TUTOR_HOME, the class's store in MICROGRAD_TUTOR_DB and the learner's name in
MICROGRAD_TUTOR_SERVED_LEARNER, and speaks to through standard input and output."""

from __future__ import annotations

import contextlib
import os
import sys

from tutor.app.app import TutorApp

__all__ = ["ServedApp", "main", "NO_BUILD"]

NO_BUILD = ("The build track runs your own code, so it is off in a served class; install "
            "micrograd-tutor on your own computer to build micrograd yourself.")


class ServedApp(TutorApp):
    """The course as a served learner sees it: the build track is off (it runs the learner's
    own code), and a quit from the server (the tab closed) saves first, as ctrl+q does."""

    def open_build(self) -> None:
        self.notify(NO_BUILD, severity="warning", timeout=10)

    async def _on_exit_app(self) -> None:
        with contextlib.suppress(Exception):          # Textual's web driver quits this way
            self.save_all(leaving=True)
        await super()._on_exit_app()


def main() -> int:
    from tutor.serve.supervisor import SERVED_LEARNER
    from tutor.store import UrlError, configure

    try:                         # the class's store, as this learner (set by the server)
        configure(None, os.environ.get(SERVED_LEARNER) or None)
    except UrlError as e:
        print(f"micrograd-tutor: {e}", file=sys.stderr)
        return 2
    app = ServedApp()
    app.run()
    if app.crash:
        print(app.crash, file=sys.stderr)
        return 1
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
