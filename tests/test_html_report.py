"""The HTML review page: self-contained, and checked in headless Chromium (every change shown,
filters and keyboard navigation work); a screenshot is kept in tests/artifacts/."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from jiaokan.engine import Engine, FixOutcome
from jiaokan.formats import from_text
from jiaokan.reporters.html import FONTS, render

from .conftest import SEED

ARTIFACTS = Path(os.environ.get("JIAOKAN_ARTIFACTS", Path(__file__).parent / "artifacts"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def outcomes(engine: Engine) -> list[FixOutcome]:
    seed = engine.fix(from_text(SEED.read_text(encoding="utf-8"), path="examples/seed_report.txt"))
    other = engine.fix(from_text("我们要再接再励,把工作做好。<b>标签</b>", path="notes/a&b.txt"))
    return [seed, other]


def test_page_is_self_contained(outcomes: list[FixOutcome]) -> None:
    page = render(outcomes)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "<link" not in page and "url(" not in page
    assert FONTS in page and '"Noto Sans CJK SC"' in FONTS and FONTS.endswith("sans-serif")
    # user text is escaped, the file index links every section
    assert "&lt;b&gt;标签&lt;/b&gt;" in page and "notes/a&amp;b.txt" in page
    assert page.count('<section id="f') == 2 and 'href="#f1"' in page


def test_every_change_highlighted_once_on_each_side(outcomes: list[FixOutcome]) -> None:
    seed = outcomes[0]
    page = render([seed])
    assert page.count('<del class="chg') == len(seed.changes) == page.count('<ins class="chg')
    assert page.count('<tr class="item"') == len(seed.changes)
    assert page.count('<tr class="item suggestion"') == len(seed.remaining)


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (driver only)")
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("Chromium not installed: apt-get install chromium")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_report_in_chromium(outcomes: list[FixOutcome], browser, tmp_path: Path) -> None:
    seed = outcomes[0]
    page_file = tmp_path / "report.html"
    page_file.write_text(render(outcomes), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    assert not errors
    assert all(u.startswith("file://") for u in requests), requests

    sec = "#f0"
    n = len(seed.changes)
    assert page.locator(f"{sec} .pane.orig .chg").count() == n
    assert page.locator(f"{sec} .pane.fixed .chg").count() == n
    assert page.locator(f"{sec} table.changes tr.item:visible").count() == n
    assert page.locator(f"{sec} table.suggestions tr.item:visible").count() == len(seed.remaining)
    total = sum(len(o.changes) + len(o.remaining) for o in outcomes)
    assert page.inner_text("#shown") == str(total)
    # the corrected pane reads as the fixed text, the original pane as the source
    assert page.inner_text(f"{sec} .pane.fixed").replace("corrected\n", "", 1).count("，") == seed.text.count("，")

    # keyboard: j selects the first change on both sides, j again the next, k goes back
    page.locator("h1").click()
    page.keyboard.press("j")
    first = page.locator("tr.item.current").get_attribute("data-ref")
    assert first == "f0-c0" and page.locator('.chg.current[data-ref="f0-c0"]').count() == 2
    page.keyboard.press("j")
    assert page.locator("tr.item.current").get_attribute("data-ref") == "f0-c1"
    page.keyboard.press("k")
    assert page.locator("tr.item.current").get_attribute("data-ref") == "f0-c0"

    # filter by rule: unticking ZH501 hides exactly its rows and un-highlights its changes
    zh501 = sum(c.finding.code == "ZH501" for c in seed.changes)
    zh501_all = sum(c.finding.code == "ZH501" for o in outcomes for c in o.changes) + sum(
        f.code == "ZH501" for o in outcomes for f in o.remaining)
    assert zh501 > 0
    page.locator('input.rule[value="ZH501"]').uncheck()
    assert page.locator(f"{sec} table.changes tr.item:visible").count() == n - zh501
    assert page.locator(f"{sec} .pane.orig .chg.off").count() == zh501
    assert page.inner_text("#shown") == str(total - zh501_all)
    page.locator('input.rule[value="ZH501"]').check()
    # filter by confidence: only findings at or above the threshold stay
    page.locator("#minconf").fill("0.9")
    high = sum(c.finding.confidence >= 0.9 - 1e-9 for c in seed.changes)
    assert 0 < high < n
    assert page.locator(f"{sec} table.changes tr.item:visible").count() == high
    page.locator("#minconf").fill("0")

    # a CJK font is used where installed (the fallback stack reaches WenQuanYi / Noto)
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Sans CJK SC"')
    page.keyboard.press("j")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "seed_report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print(f"\nscreenshot: {shot}")
    page.close()
