"""Recognised credits: hours counted as attended, each with its reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from moodle_sync.files.credits import Credit, load_credits
from course_model.errors import InputError


def test_credits_with_decimal_point_or_comma(tmp_path: Path) -> None:
    path = tmp_path / "crediti.csv"
    path.write_text('username,hours,reason\nanna,12,Attestato corso sicurezza 2025\nbruno,"2,5",Tirocinio pregresso\n',
                    encoding="utf-8")
    assert load_credits(path) == (Credit("anna", 12, "Attestato corso sicurezza 2025", 2),
                                  Credit("bruno", 2.5, "Tirocinio pregresso", 3))


def test_bad_rows_refuse_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "crediti.csv"
    path.write_text("username,hours,reason\nanna,12,ok\nbruno,-3,x\ncarla,dieci,\n,4,y\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_credits(path)
    details = caught.value.details
    assert f"{path}:3: hours '-3' is not a positive number" in details
    assert f"{path}:4: hours 'dieci'" in details and f"{path}:4: reason is empty" in details
    assert f"{path}:5: username is empty" in details
    assert "anna" not in details
