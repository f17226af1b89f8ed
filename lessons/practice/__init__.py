"""Practice: skills, generators of fresh problems, and the review schedule's rules.

No user interface here (the layering test keeps it so): drills are steps of the
lesson language, so both front ends show them as they show a lesson.

- ``skills``: the skills and their levels; ``make_problem(skill, level, seed)``.
- ``program`` and ``parse``: the one-assignment-a-line language drills are stated
  in and learners type in the playground (read by a whitelist, never ``eval``).
- ``classify``: the skill a course question exercises, read off its graph.
- ``schedule``: mastery, retries and spaced review, as pure functions of a clock.
"""
