"""Benchmark: quiz conversion to QTI, ours against text2qti, as whole processes.

Writes a 25-question quiz and a generated 1,000-question bank in text2qti's syntax (every kind
text2qti has, numbers in a third of the answers as real banks have them: `a) 42`, `[*] 3`,
numerical answers; Markdown in a fifth of the texts), converts each several times with
`python3 -m scormgen quiz convert FILE --to qti21` and with `text2qti FILE`, alternately, and
prints the median wall time of each and the ratio of the medians. Targets: ours at least 2x
faster on the bank, and no slower on the 25 questions. Also prints the time to parse the bank
in-process (no process start, no writing).

    python3 benchmarks/quiz.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SUBJECTS = [
    "il cliente",
    "la pratica",
    "il ticket",
    "il contatto",
    "la campagna",
    "l'opportunità",
    "il preventivo",
    "la segnalazione",
    "il reclamo",
    "l'ordine",
]
VERBS = [
    "registra",
    "aggiorna",
    "chiude",
    "assegna",
    "archivia",
    "qualifica",
    "inoltra",
    "verifica",
]


def _sentence(rng: random.Random, number: int) -> str:
    text = f"Chi {rng.choice(VERBS)} {rng.choice(SUBJECTS)} numero {number} nel sistema CRM?"
    if number % 5 == 0:  # a fifth of the texts use Markdown
        text = text.replace(
            "sistema CRM", rng.choice(["**sistema CRM**", "*sistema* CRM", "`sistema CRM`"])
        )
    return text


def _question(rng: random.Random, number: int) -> str:
    """One question in text2qti syntax; the kinds rotate, numbers in a third of the answers."""
    lines = [f"Title: Domanda {number}"] if number % 3 == 0 else []
    if number % 4 == 0:
        lines.append("Points: 2")
    lines.append(f"{number}.  {_sentence(rng, number)}")
    kind = number % 6
    numeric = number % 3 == 1
    if kind == 0:
        options = (
            [str(rng.randint(2, 99)) for _ in range(4)]
            if numeric
            else [
                "L'operatore di front office",
                "Il responsabile commerciale",
                "Il cliente stesso",
                "Nessuno, lo fa il sistema",
            ]
        )
        lines += [
            "... Rileggere la lezione sul ciclo di vita del cliente.",
            f"*a) {options[0]}",
            "... Esatto.",
            f"b)  {options[1]}",
            f"c)  {options[2]}",
            f"d)  {options[3]}",
        ]
    elif kind == 1:
        lines += ["+   Corretto.", "-   Non corretto.", "*a) True", "b)  False"]
    elif kind == 2:
        options = (
            [str(n) for n in rng.sample(range(1, 20), 4)]
            if numeric
            else ["L'operatore", "Il fornitore", "Il supervisore", "Il cliente"]
        )
        lines += [
            f"[*] {options[0]}",
            f"[ ] {options[1]}",
            f"[*] {options[2]}",
            f"[ ] {options[3]}",
        ]
    elif kind == 3:
        lines += [f"*   ticket{number}", f"*   Ticket {number}"]
    elif kind == 4:
        lines += [f"=   {number * 1.5:g} +- 0.5"]
    else:
        lines += ["___"]
    return "\n".join(lines)


def write_quiz(path: Path, questions: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    parts = [
        f"Quiz title: Verifica di {questions} domande",
        "Quiz description: Verifica generata.",
        "Shuffle answers: true",
    ]
    number = 1
    while number <= questions:
        if questions >= 100 and number % 100 == 1 and number + 10 <= questions:
            group = ["GROUP", "pick: 3", "points per question: 1"]
            group += [
                _question(rng, n).replace("Points: 2\n", "") for n in range(number, number + 10)
            ]
            parts.append("\n\n".join(group) + "\n\nEND_GROUP")
            number += 10
            continue
        parts.append(_question(rng, number))
        number += 1
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def _run(command: list[str], cwd: Path) -> float:
    # Python's defaults for both tools (bytecode written and reused), whatever this shell sets.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    subprocess.run(
        command,
        cwd=cwd,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
    )
    return time.perf_counter() - started


def _compare(
    ours: list[str], theirs: list[str], runs: int, work: Path
) -> tuple[list[float], list[float]]:
    """Wall times of both commands, run alternately so that both meet the same machine load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(_run(ours, REPO))
        times[1].append(_run(theirs, work))
    return times


def _parse_in_process(path: Path, runs: int) -> float:
    sys.path.insert(0, str(REPO))
    from scormgen.quiz.parser import parse_quiz

    text = path.read_text(encoding="utf-8")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        parse_quiz(text, path)
        times.append(time.perf_counter() - started)
    return min(times)  # best of N: the machine's other load only ever adds time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=7, help="runs of each command (median is reported)"
    )
    runs = parser.parse_args().runs
    # text2qti of this interpreter's environment, so both tools start the same Python.
    beside = Path(sys.executable).parent / "text2qti"
    text2qti = str(beside) if beside.exists() else shutil.which("text2qti")
    if text2qti is None:
        sys.exit("text2qti is not installed (pip install text2qti==0.8.0)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        print(
            f"wall time in seconds, median and best of {runs} runs; "
            "ratio = text2qti / ours (medians)"
        )
        print(
            f"{'quiz':<16}{'ours median':>12}{'best':>7}"
            f"{'text2qti median':>17}{'best':>7}{'ratio':>8}   target"
        )
        for name, questions, target in (("quiz-25.md", 25, 1.0), ("bank-1000.md", 1000, 2.0)):
            source = write_quiz(work / name, questions)
            ours, theirs = _compare(
                [
                    sys.executable,
                    "-m",
                    "scormgen",
                    "quiz",
                    "convert",
                    str(source),
                    "--to",
                    "qti21",
                    "-o",
                    str(work / f"{source.stem}-ours.zip"),
                ],
                [text2qti, str(source)],
                runs,
                work,
            )
            ratio = statistics.median(theirs) / statistics.median(ours)
            verdict = "met" if ratio >= target else "NOT met"
            print(
                f"{name:<16}{statistics.median(ours):>12.3f}{min(ours):>7.3f}{statistics.median(theirs):>17.3f}"
                f"{min(theirs):>7.3f}{ratio:>7.1f}x   ≥ {target:g}x {verdict}"
            )
        bank = work / "bank-1000.md"
        print(
            f"parsing the 1,000-question bank in-process, best of {runs}: "
            f"{_parse_in_process(bank, runs) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
