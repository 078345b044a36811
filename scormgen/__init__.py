"""scormgen: compiles a Markdown course and plain-text quizzes into SCORM, QTI and Moodle XML.

Its immutable records are NamedTuples rather than frozen dataclasses: under Python 3.11 each
frozen dataclass takes about a millisecond to define, and start-up is part of every build.
"""

__version__ = "0.1.0"
