"""Compiled page templates kept beside the templates, as Python keeps compiled modules."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiling the SCO templates takes longer than rendering a unit's lesson pages with them.

    Their compiled form goes in the templates' __pycache__, like a .pyc: written only where
    Python would write one (a writable folder, bytecode writing not turned off), and compiled
    again whenever a template's source changes (Jinja checks the source's checksum).
    """

    def __init__(self, templates: Path) -> None:
        super().__init__(str(templates / "__pycache__"), "%s.jinja")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):  # unreadable or damaged: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only installation: the templates are compiled on every run
