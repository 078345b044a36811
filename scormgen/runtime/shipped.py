"""The runtime's script and styles as packages ship them: minified by rjsmin and rcssmin.

Every SCO loads runtime.js and course.css; written to be read, with comments, they weigh more
than the 40 KB the learner's first screen is allowed. Packages carry minified copies; each
file's first comment, which says what the file is, stays on top. Both minifiers are
deterministic, so packages stay reproducible.
"""

from __future__ import annotations

from importlib import resources

import rcssmin
import rjsmin

STATIC_FILES = ("course.css", "runtime.js")


def shipped(name: str) -> bytes:
    """A file of the runtime's static folder as packages carry it."""
    source = resources.files("scormgen.runtime").joinpath("static", name).read_text("utf-8")
    header = source[: source.index("*/") + 2]  # each static file opens with what it is
    minify = rjsmin.jsmin if name.endswith(".js") else rcssmin.cssmin
    return f"{header}\n{minify(source[len(header) :]).strip()}\n".encode()
