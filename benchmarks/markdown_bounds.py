"""Benchmark: the slowest text Markdown still accepts, against the course's own lessons.

scormgen refuses text on which Python-Markdown's time grows with the square of its length
(scormgen/render/markdown_bounds.py). Within the bounds, the time to render a text grows only
with its length: this prints, per kind of hostile text, how long rendering 64,000 characters of
the worst such text that passes takes, and how long such text takes past the bound (refused
before Markdown reads it), in microseconds per character, beside the course's lessons.

    python3 benchmarks/markdown_bounds.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from course_model.errors import ContentError
from scormgen.render.markdown import MarkdownRenderer
from scormgen.render.markdown_bounds import (
    CODE_SPAN_READINGS,
    MAX_FENCES,
    MAX_OPEN,
    MAX_PARAGRAPH,
    MAX_PARAGRAPH_LINES,
)

REPO = Path(__file__).resolve().parents[1]
SIZE = 64_000


def paragraphs(head: str, filler: str) -> str:
    """Paragraphs as long as allowed, each starting with `head`, up to SIZE characters."""
    paragraph = (head + filler * MAX_PARAGRAPH)[: MAX_PARAGRAPH - 1]
    paragraph = "\n".join(paragraph.split("\n")[: MAX_PARAGRAPH_LINES - 1])
    return "\n\n".join([paragraph] * (SIZE // len(paragraph) + 1))[:SIZE]


def at_start(head: str) -> str:
    """`head`, then paragraphs of plain words up to SIZE characters."""
    return head + paragraphs("", "a ")[len(head) :]


# Groups of backquotes of lengths 1, 2, 3…, none closed: each reads its paragraph to the end.
UNCLOSED_CODE = " ".join("`" * length for length in range(1, CODE_SPAN_READINGS)) + " "

# name → (within the bound, one step past it; None: no bound, the speed-ups keep it linear)
HOSTILE: dict[str, tuple[str, str | None]] = {
    "open brackets": (
        paragraphs("[`" * MAX_OPEN, "a "),
        paragraphs("[`" * (MAX_OPEN + 1), "a "),
    ),
    "link addresses left open": (
        paragraphs("[a](b " * MAX_OPEN, "a "),
        paragraphs("[a](b " * (MAX_OPEN + 1), "a "),
    ),
    "backquotes that close no code": (
        paragraphs(UNCLOSED_CODE, "a "),
        paragraphs("``a`" * 2000, "a "),
    ),
    "unfinished HTML tags": (at_start("<a " * MAX_OPEN), at_start("<a " * (MAX_OPEN + 1))),
    "fenced code never closed": (at_start("```a\n" * MAX_FENCES), at_start("```a\n" * 2000)),
    "lines read one by one": (
        paragraphs("", "a" * 60 + "\n=\n"),
        "a\n=\n" * (SIZE // 4),
    ),
    "references to one footnote": ("[^1] a\n\n" * (SIZE // 8) + "[^1]: nota\n", None),
}


def seconds(render: Callable[[str], object], text: str, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        try:
            render(text)
        except ContentError:
            pass
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    renderer = MarkdownRenderer()
    lessons = [
        screen
        for path in sorted((REPO / "content").glob("uf*/[0-9]*.md"))
        for screen in path.read_text(encoding="utf-8").split("\n---\n")
    ]
    total = sum(len(screen) for screen in lessons)
    started = time.perf_counter()
    for screen in lessons:
        renderer.render(screen)
    course = (time.perf_counter() - started) / total * 1e6
    print(f"the course's lessons: {course:.1f} µs per character ({total:,} characters)")
    for name, (within, past) in HOSTILE.items():
        accepted = seconds(renderer.render, within) / len(within) * 1e6
        refused = (
            f", {seconds(renderer.render, past) / len(past) * 1e6:.2f} µs past it (refused)"
            if past is not None
            else ""
        )
        print(
            f"{name}: {accepted:.1f} µs per character within the bounds "
            f"({accepted / course:.0f}× the lessons){refused}"
        )


if __name__ == "__main__":
    main()
