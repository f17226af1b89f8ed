"""A class on one server: ``micrograd-tutor class`` keeps the roster, ``micrograd-tutor serve``
lets its learners in through the browser, each in a supervised process of their own.

- ``accounts``: the roster, sign-in codes and passwords (hashed), who is a teacher;
- ``supervisor``: starting, limiting and ending one learner's tutor process;
- ``web``: the aiohttp server: sign-in, session cookies, the websocket to the process;
- ``pages``: the HTML the server shows around the tutor;
- ``learner``: what runs in a learner's process (the course app on Textual's web driver);
- ``commands``: the two commands' arguments and output.

Nothing here is imported by the tutor itself: only the ``serve`` and ``class`` commands load
it, and aiohttp (the ``serve`` extra) only when a server starts.
"""
