"""The pre/post concept test: items in parallel forms, the sittings, the learner's and the class's gain.

- ``items``: two items per skill of the course, each in forms A and B (practice drills
  from seeds); ``forms``: what makes two forms parallel, and form B's other names.
- ``session``: one sitting (no feedback, one try per item, every answer an event of the
  track "test"); ``texts``: what the test says; ``plain``: line mode.
- ``results``: a learner's own pre, post and gain per skill; ``figures``: ``progress``.
- ``stats`` and ``gain``: the class's figures (Hake's <g>, spreads, Cohen's d) from a
  whole store, by aggregate queries.
- ``check``: the forms' part of ``micrograd-tutor check``.

The full-screen test is ``tutor.app.screens.concept_test``.
"""
