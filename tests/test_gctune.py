"""The collector setting of long runs (jiaokan.gctune): raised once, never lowered, never re-enabled."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from jiaokan.gctune import FIRST_THRESHOLD, collect_less


@pytest.fixture
def restore_gc():
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_raises_the_first_threshold(restore_gc) -> None:
    gc.set_threshold(700, 10, 10)
    collect_less()
    assert gc.get_threshold() == (FIRST_THRESHOLD, 20, 20)
    collect_less()  # idempotent
    assert gc.get_threshold() == (FIRST_THRESHOLD, 20, 20)


def test_never_lowers_a_higher_threshold(restore_gc) -> None:
    gc.set_threshold(500_000, 50, 50)
    collect_less()
    assert gc.get_threshold() == (500_000, 50, 50)


def test_leaves_a_disabled_threshold_alone(restore_gc) -> None:
    gc.set_threshold(0, 10, 10)
    collect_less()
    assert gc.get_threshold()[0] == 0


def test_the_library_does_not_touch_the_collector(restore_gc) -> None:
    gc.set_threshold(700, 10, 10)
    from jiaokan import api

    api.check_text("我们要再接再励。")
    assert gc.get_threshold()[0] == 700


def test_the_command_line_collects_less() -> None:
    code = ("import gc, sys\nsys.argv = ['jiaokan', '--help']\nfrom jiaokan.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.get_threshold()[0], file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().splitlines()[-1] == str(FIRST_THRESHOLD)
