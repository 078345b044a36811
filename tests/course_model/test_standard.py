from pathlib import Path

import pytest

from course_model.errors import ContentError
from course_model.standard import load_standard

REPO = Path(__file__).resolve().parents[2]


def test_shipped_standard_has_the_seed_figures():
    standard = load_standard(REPO / "content" / "standard.yml")
    assert standard.hours.total_min == 300 and standard.hours.aula_min == 180
    assert standard.hours.internship_lab_min == 90 and standard.hours.key_competences == 20
    assert (standard.sync_max_pct_of_aula, standard.async_max_pct_of_aula) == (210, 120)
    assert (standard.max_absence_pct, standard.latest_entry_pct) == (20, 20)
    assert standard.min_age == 18 and standard.min_eqf == 4
    assert [u.code for u in standard.units] == ["1784", "1790", "1791", "3126"]
    assert list(standard.unit("1790").abilities) == [f"A{n}" for n in range(1, 9)]
    assert list(standard.unit("1791").knowledge) == [f"K{n}" for n in range(1, 7)]


def test_invalid_yaml_reports_its_line(tmp_path):
    path = tmp_path / "standard.yml"
    path.write_text("qualification: X\nhours: [1, 2\n", encoding="utf-8")
    with pytest.raises(ContentError, match="invalid YAML") as error:
        load_standard(path)
    assert error.value.line is not None and error.value.line >= 2


def test_item_ids_must_follow_the_standard_numbering(tmp_path):
    text = (
        (REPO / "content" / "standard.yml")
        .read_text(encoding="utf-8")
        .replace("      A3:", "      B3:", 1)
    )
    path = tmp_path / "standard.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="abilities ids are A1, A2"):
        load_standard(path)
