"""The page templates, compiled once per machine rather than once per build.

Compiling the six page templates takes a tenth of a second, a tenth of a whole build of the
course, and every build (and every rebuild of `scormgen preview`) needs them. Jinja keeps the
compiled code in its own private folder, in the system's temporary folder, one per user
(`_jinja2-cache-<uid>`, created with permissions for its owner only and refused otherwise).
Each entry is checked against the template's source and the versions of Jinja and Python before
use, so an edited template or an upgrade compiles again. The pages are the same with or without
it: a folder the cache cannot use, or an entry it cannot read, means compiling as before.
"""

from __future__ import annotations

import jinja2


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache in its private folder; a problem with it is only a template to compile."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or unreadable entry: Jinja's reader raises many kinds
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk, a folder removed meanwhile: next time, then
            pass


def template_cache() -> jinja2.BytecodeCache | None:
    """The cache of compiled templates, or None when this machine offers no safe folder for it."""
    try:
        return _TemplateCache()
    except (OSError, RuntimeError):  # Jinja refuses a folder someone else could write to
        return None
