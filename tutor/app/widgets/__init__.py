"""Widgets of the lesson screen: step views, the question panel, the backward
pass animation, and the training view with its plots."""
