"""The recordings the fake Moodle is checked against still describe the real site."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.record import RECORDINGS, record
from tests.integration.site import RealSite
from tests.moodle_sync.test_fake_moodle import shape_problem


def test_the_committed_recordings_have_the_shapes_the_site_answers_now(
    site: RealSite, token: str, tmp_path: Path
) -> None:
    fresh = record(site, tmp_path)
    assert fresh == sorted(p.stem for p in RECORDINGS.glob("*.json"))
    for name in fresh:
        now, kept = (
            json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
            for folder in (tmp_path, RECORDINGS)
        )
        assert now["params"].keys() == kept["params"].keys(), name
        answers = [r["response"] for r in (now, kept)]
        if all(isinstance(a, str) for a in answers):  # JSON inside JSON
            answers = [json.loads(a) for a in answers]
        assert shape_problem(answers[1], answers[0]) is None, name
        assert shape_problem(answers[0], answers[1]) is None, name
