"""Adversarial tests: what an author, a package or a process could do to break a promise, one
module per boundary. They use the scormgen tests' small course."""

from __future__ import annotations

from tests.scormgen.conftest import course_dir, lesson_writer  # noqa: F401 (fixtures)
