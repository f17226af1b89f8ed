"""The app's screens: the course list, a lesson, help, and the too-small notice."""
