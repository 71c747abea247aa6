"""The `huashu qa --html` report in a real headless Chromium: it loads from disk without a script
error, draws its charts, and its screenshot is not blank.

Chromium is Debian's package (``.ci/run`` installs it); without it these tests are skipped
locally and fail in CI, where a missing browser must not pass unnoticed.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
from pathlib import Path

import pytest

from huashu import cli

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("screenshot_report", ROOT / "scripts" / "screenshot_report.py")
assert _spec is not None and _spec.loader is not None
shots = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shots)

pytest.importorskip("plotly")
pytest.importorskip("jinja2")


@pytest.fixture(scope="module")
def browser() -> str:
    found = shots.find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("no chromium in CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip("no chromium (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    rows = []
    customer = ["快递怎么还没到?", "你们什么态度!", "<b>退款</b>什么时候到账?"]
    agent = ["这个我不知道,你去问快递公司吧。", "你冷静一点,我现在很忙", "您好,请问有什么可以帮您?", "那不是我的错"]
    for c in range(40):
        for t in range(6):
            who = "客户" if t % 2 == 0 else "客服"
            text = customer[(c + t) % 3] if who == "客户" else agent[(c * 3 + t) % 4]
            rows.append({"conversation": f"c{c}", "role": who, "agent": f"A{c % 7}" if who == "客服" else "",
                         "time": f"2024-05-{1 + c % 5:02d} {9 + t}:00:00", "text": text})
    export = folder / "chats.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    page = folder / "report.html"
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["qa", str(export), "--isolated", "--html", str(page), "-q", "-o", str(folder / "f.jsonl")],
                    stdout=out, stderr=err)
    assert code == 1, err.getvalue()
    return page


def test_page_loads_without_errors_and_draws_its_charts(browser: str, report: Path) -> None:
    dom = shots.dump_dom(browser, report)
    ready, errors = shots.page_state(dom)
    assert errors is None, f"script errors in the report: {errors}"
    assert ready, "the report never set data-ready (a chart did not finish drawing)"
    # Plotly drew an SVG into every chart panel; the table was paged by the script.
    for chart in ("chart-categories", "chart-rules", "chart-agents", "chart-trend"):
        start = dom.index(f'id="{chart}"')
        assert "main-svg" in dom[start:start + 3000], f"{chart} is empty"
    assert 'id="page">1 / ' in dom and "&lt;b&gt;退款&lt;/b&gt;" in dom


def test_screenshot_is_not_blank(browser: str, report: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    shots.screenshot(browser, report, png, width=1280, height=2000)
    colours = shots.png_colours(png)
    assert colours > 200, f"the screenshot looks blank: {colours} colours"


def test_a_clean_run_draws_a_page_without_errors(browser: str, tmp_path: Path) -> None:
    export = tmp_path / "clean.csv"
    export.write_text("角色,内容\n客户,你好\n客服,\"您好,请问有什么可以帮您?\"\n", encoding="utf-8")
    page = tmp_path / "clean.html"
    code = cli.main(["qa", str(export), "--isolated", "--html", str(page), "-q"],
                    stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0
    ready, errors = shots.page_state(shots.dump_dom(browser, page))
    assert errors is None and ready
