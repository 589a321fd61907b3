from __future__ import annotations

from pathlib import Path

import pytest

from jiaokan.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SEED = ROOT / "examples" / "seed_report.txt"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()
