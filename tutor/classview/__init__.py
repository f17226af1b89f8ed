"""The teacher's view: a whole store's learners, questions, mistakes and who is stuck (``micrograd-tutor class``).

- ``cli``: ``class [view] | export --csv | grid --csv``, which store is read;
- ``app``, ``panes``, ``screens``: the full screen (Textual); ``report``: the same as lines;
- ``board``: every panel's figures, kept up to date by a cheap poll;
- ``cache``: each learner's first try per question and the mistakes counted, in
  temporary tables brought up to date by new answers only;
- ``grid``, ``questions``, ``mistakes``, ``stuck``: the panels' SQL;
- ``export``: CSV; ``cells``: short cells and words; ``catalogue``: ids in words.

Nothing here writes to the store but its schema on opening, as every command does (the
temporary tables are the view's connection's own).
"""
