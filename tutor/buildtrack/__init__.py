"""Build micrograd yourself: the coding track.

The learner writes micrograd (``Value``, its operations and ``_backward``
closures, ``backward()``, then ``Neuron``, ``Layer``, ``MLP`` and a training
loop) in files of their own, one exercise at a time, in the lecture's order.

- ``exercises``: the exercises (statement, API, hints, which regions of which file).
- ``regions``, ``stages``, ``workspace``: the learner's files, the starter code and
  the reference solution by stage; the tutor never writes over the learner's code
  without being asked.
- ``probe`` (run as a separate, limited process), ``sandbox``, ``cases``,
  ``checks``, ``verdict``: checking the learner's code against the tutor's engine.
- ``report``, ``commands``, ``plain``, ``screen``: showing results in both front ends.
"""
