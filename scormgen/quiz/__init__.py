"""Quizzes: the text format and GIFT readers, the quiz model, the QTI 2.1 and Moodle XML writers.

Modules are imported where they are used, so `scormgen quiz convert` starts quickly.
"""
