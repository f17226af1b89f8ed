"""``python -m tutor.app [LESSON] [--no-color]``: the app without the full CLI."""

import sys

from tutor.app import run_app


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    no_color = "--no-color" in args
    rest = [a for a in args if a != "--no-color"]
    run_app(rest[0] if rest else None, no_color=no_color)


if __name__ == "__main__":
    main()
