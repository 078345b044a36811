"""The page templates, compiled once per machine rather than once per build.

Compiling the six page templates takes a tenth of a second, a tenth of a whole build of the
course, and every build (and every rebuild of `scormgen preview`) needs them. Jinja keeps the
compiled code in its own folder for this user in the system's temporary folder
(`_jinja2-cache-<uid>`): it makes the folder its owner's alone each time, and refuses one that
is not a folder or that someone else owns. Jinja checks each entry against the template's source
and Python's version; the entries' names also hold Jinja's version and the environment's
settings, which shape the compiled code, so an edited template, an upgrade or other settings
compile again. The pages are the same with or without it: a folder the cache cannot use, or an
entry it cannot read, means compiling as before.
"""

from __future__ import annotations

import hashlib

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


def template_cache(settings: dict[str, bool]) -> jinja2.BytecodeCache | None:
    """The cache of the templates compiled with the environment `settings`, or None when this
    machine offers no safe folder for it."""
    shaped_by = repr((jinja2.__version__, sorted(settings.items())))
    digest = hashlib.sha256(shaped_by.encode("utf-8")).hexdigest()[:16]
    try:
        return _TemplateCache(pattern=f"__scormgen_{digest}_%s.cache")
    except (OSError, RuntimeError):  # Jinja refuses a folder someone else could write to
        return None
