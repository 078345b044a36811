from pathlib import Path

import pytest

from course_model.errors import ContentError
from scormgen.authoring.facts import contradictions, load_facts

REPO = Path(__file__).resolve().parents[3]

PROFILE = """\
---
title: Il caso
facts:
  - id: orario
    label: Orario dell'assistenza
    value: "8:30-17:30"
    find: 'assistenza\\b[^.]{0,40}?\\d{1,2}:\\d{2}-\\d{1,2}:\\d{2}'
    expect: '8:30-17:30'
---

# Il caso
"""


def test_a_statement_with_another_value_is_a_contradiction(tmp_path: Path) -> None:
    profile = tmp_path / "azienda.md"
    profile.write_text(PROFILE, encoding="utf-8")
    facts = load_facts(profile)
    text = "Riga uno.\nL'assistenza è aperta 9:00-18:00.\nL'assistenza risponde 8:30-17:30."
    [found] = contradictions(facts, Path("lezione.md"), text)
    assert (found.fact.id, found.line, found.found) == (
        "orario",
        2,
        "assistenza è aperta 9:00-18:00",
    )


def test_a_broken_pattern_is_an_error_with_its_line(tmp_path: Path) -> None:
    profile = tmp_path / "azienda.md"
    profile.write_text(
        PROFILE.replace("expect: '8:30-17:30'", "expect: '8:30-(17:30'"), encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"azienda.md:8: 'expect' is not a valid pattern"):
        load_facts(profile)


def test_no_profile_no_facts(tmp_path: Path) -> None:
    assert load_facts(tmp_path / "azienda.md") == ()


def test_the_shipped_course_agrees_with_its_company_profile() -> None:
    facts = load_facts(REPO / "content" / "azienda.md")
    assert len(facts) >= 20
    sources = [
        *sorted((REPO / "content").glob("uf*/**/*.md")),
        *sorted((REPO / "quizzes").glob("*.md")),
    ]
    found = [
        f"{c.path.relative_to(REPO)}:{c.line}: {c.fact.label}: {c.found!r}"
        for path in sources
        for c in contradictions(facts, path, path.read_text(encoding="utf-8"))
    ]
    assert found == []
