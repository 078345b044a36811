"""Benchmark: the slowest text Markdown still accepts, against the course's own lessons.

scormgen refuses text on which Python-Markdown's time grows with the square of its length
(scormgen/render/markdown_bounds.py). Within the bounds, the time to render a text grows only
with its length: this prints, per kind of hostile text, how long rendering 64,000 characters of
the worst such text that passes takes, and how long the same text takes a step past the bound
(refused before Markdown reads it), in microseconds per character, beside the course's lessons.

    python3 benchmarks/markdown_bounds.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from course_model.errors import ContentError
from scormgen.render.markdown import MarkdownRenderer
from scormgen.render.markdown_bounds import MAX_BACKQUOTE_GROUPS, MAX_OPEN, MAX_PARAGRAPH

REPO = Path(__file__).resolve().parents[1]
SIZE = 64_000


def paragraphs(head: str, filler: str) -> str:
    """Paragraphs as long as allowed, each starting with `head`, up to SIZE characters."""
    paragraph = (head + filler * MAX_PARAGRAPH)[: MAX_PARAGRAPH - 1]
    return "\n\n".join([paragraph] * (SIZE // MAX_PARAGRAPH + 1))[:SIZE]


# name → (within the bound, one step past it)
HOSTILE: dict[str, tuple[str, str]] = {
    "open brackets": (
        paragraphs("[`" * MAX_OPEN, "a "),
        paragraphs("[`" * (MAX_OPEN + 1), "a "),
    ),
    "link addresses left open": (
        paragraphs("[a](b " * MAX_OPEN, "a "),
        paragraphs("[a](b " * (MAX_OPEN + 1), "a "),
    ),
    "backquotes": (  # groups of 2 and 3 backquotes, none closed by one of its length
        paragraphs("``a`" * (MAX_BACKQUOTE_GROUPS - 1), "a "),  # a group more than repeats
        paragraphs("``a`" * MAX_BACKQUOTE_GROUPS, "a "),
    ),
    "unfinished HTML tags": (  # counted in the whole text: all at its start
        "<a " * MAX_OPEN + paragraphs("", "a ")[3 * MAX_OPEN :],
        "<a " * (MAX_OPEN + 1) + paragraphs("", "a ")[3 * (MAX_OPEN + 1) :],
    ),
    "lines read one by one": (
        paragraphs("", "[a]: https://a.it\n[a]: https://a.it\n'"),
        "[a]: https://a.it\n[a]: https://a.it\n'" * (SIZE // 37),
    ),
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
        refused = seconds(renderer.render, past) / len(past) * 1e6
        print(
            f"{name}: {accepted:.1f} µs per character within the bound "
            f"({accepted / course:.0f}× the lessons), {refused:.2f} µs a step past it (refused)"
        )


if __name__ == "__main__":
    main()
