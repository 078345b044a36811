"""scormgen: compiles a Markdown course and plain-text quizzes into SCORM, QTI and Moodle XML."""

__version__ = "0.1.0"
