"""The course: lesson scripts and the small language they are written in.

Lessons import the engine and this package only, never a user interface.
"""
