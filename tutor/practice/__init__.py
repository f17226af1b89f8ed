"""Practice, on the tutor's side: what needs the learner's progress or a front end.

- ``store``: the practice section of the learner's store, the clock, and the hook
  through which course questions feed the review queue;
- ``session``: a practice session, a lesson-like script of drills the runner grades;
- ``worksheet``: a whole backward pass by hand, node by node;
- ``playground``: the learner's own expressions, predictions and nudges;
- ``plain``: the three in line mode; ``cli``: their commands.

The rules themselves (skills, generators, the schedule) are in ``lessons.practice``.
"""
