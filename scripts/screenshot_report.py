"""Open a `huashu qa --html` report in headless Chromium: check it loads cleanly, screenshot it.

    python scripts/screenshot_report.py report.html report.png

prints whether the page signalled it was ready (every chart drawn), any script errors the page
recorded, and how many distinct colours the screenshot has (a blank page has one or two).
Exit status 0 when the page is ready, has no errors and the screenshot is not blank.

Chromium comes from Debian's packages (``apt-get install chromium``); the flags below let it run
as root in a container with no network, no GPU and no first-run chatter. ``tests/test_report_browser.py``
uses these functions.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio")


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) binary, or ``None``."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(browser: str, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="huashu-chromium-") as profile:
        return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=timeout, check=False)


def dump_dom(browser: str, page: Path, *, budget_ms: int = 20000, timeout: float = 120) -> str:
    """The page's DOM after its scripts ran (virtual time lets timers and promises settle)."""
    result = _run(browser, [f"--virtual-time-budget={budget_ms}", "--dump-dom",
                            page.resolve().as_uri()], timeout)
    return result.stdout


def page_state(dom: str) -> tuple[bool, str | None]:
    """Whether the report set ``data-ready="1"`` on ``<html>``, and the errors it recorded."""
    match = re.search(r"<html\b[^>]*>", dom)
    tag = match.group(0) if match else ""
    errors = re.search(r'data-errors="([^"]*)"', tag)
    return 'data-ready="1"' in tag, errors.group(1) if errors else None


def screenshot(browser: str, page: Path, png: Path, *, width: int = 1280, height: int = 2000,
               budget_ms: int = 20000, timeout: float = 120) -> None:
    """Save a PNG of the page as a ``width``×``height`` window shows it."""
    png.unlink(missing_ok=True)
    result = _run(browser, [f"--window-size={width},{height}", f"--virtual-time-budget={budget_ms}",
                            f"--screenshot={png.resolve()}", page.resolve().as_uri()], timeout)
    if not png.exists():
        raise RuntimeError(f"chromium wrote no screenshot (exit {result.returncode}):\n{result.stderr[-2000:]}")


def png_colours(png: Path, *, limit: int = 100_000) -> int:
    """Distinct colours in an 8-bit RGB or RGBA PNG, decoded with zlib alone (no Pillow)."""
    data = png.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{png}: not a PNG")
    pos, idat, width = 8, bytearray(), 0
    channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _height, depth, colour_type = struct.unpack(">IIBB", body[:10])
            if depth != 8 or colour_type not in (2, 6):
                raise ValueError(f"{png}: only 8-bit RGB(A) PNGs (depth {depth}, type {colour_type})")
            channels = 3 if colour_type == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(bytes(idat))
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    bpp = channels
    for y in range(len(raw) // (stride + 1)):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 4 == 0 and len(colours) < limit:  # every fourth row is plenty to tell blank from not
            colours.update(bytes(line[i:i + 3]) for i in range(0, stride, channels))
        previous = line
    return len(colours)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    page, png = Path(args[0]), Path(args[1])
    browser = os.environ.get("CHROMIUM") or find_chromium()
    if browser is None:
        print("no chromium: apt-get install chromium", file=sys.stderr)
        return 2
    ready, errors = page_state(dump_dom(browser, page))
    screenshot(browser, page, png)
    colours = png_colours(png)
    print(f"ready: {ready}; errors: {errors or 'none'}; {png}: {colours} colours")
    return 0 if ready and not errors and colours > 50 else 1


if __name__ == "__main__":
    sys.exit(main())
