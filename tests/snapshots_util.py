"""Snapshot files: compare output with tests/snapshots/NAME; JIAOKAN_UPDATE_SNAPSHOTS=1 rewrites them."""

from __future__ import annotations

import os
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_snapshot(name: str, actual: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("JIAOKAN_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"no snapshot {path}; run with JIAOKAN_UPDATE_SNAPSHOTS=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"output differs from {path} (JIAOKAN_UPDATE_SNAPSHOTS=1 rewrites it)"
