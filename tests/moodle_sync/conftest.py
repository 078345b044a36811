"""Fixtures for moodle_sync: a running fake Moodle, a client for it, a small build."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from moodle_sync.moodle.client import MoodleClient
from moodle_sync.moodle.settings import Settings, Token
from tests.conftest import BUILT_UNITS
from tests.moodle_sync.fake_moodle import FakeMoodle, write_build

RECORDINGS = Path(
    os.environ.get(
        "MOODLE_WS_RECORDINGS",
        Path(__file__).resolve().parents[2].parent / "shared" / "moodle-ws" / "recordings",
    )
)
# The plugin's answers and the core calls the shared recordings lack, recorded on a real site by
# tests/integration/record.py; a name here replaces the shared recording of that name.
LOCAL_RECORDINGS = Path(__file__).resolve().parent / "recordings"


@pytest.fixture
def build(tmp_path: Path) -> Path:
    write_build(tmp_path / "build", BUILT_UNITS)
    return tmp_path / "build"


@pytest.fixture
def moodle() -> Iterator[FakeMoodle]:
    with FakeMoodle() as fake:
        yield fake


@pytest.fixture
def settings(moodle: FakeMoodle) -> Settings:
    return Settings(moodle.url, Token(moodle.token), timeout=1.0)


@pytest.fixture
def client(settings: Settings) -> Iterator[MoodleClient]:
    with MoodleClient(settings, sleep=lambda seconds: None) as moodle_client:
        yield moodle_client


def recording(name: str, shared: bool = False) -> dict:
    """A recording, the local one where there is one (unless `shared`)."""
    local = LOCAL_RECORDINGS / f"{name}.json"
    path = local if local.exists() and not shared else RECORDINGS / f"{name}.json"
    if not path.exists():
        pytest.skip(f"the Moodle recordings are not at {RECORDINGS} (set MOODLE_WS_RECORDINGS)")
    return json.loads(path.read_text(encoding="utf-8"))
