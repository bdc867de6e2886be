"""The HTML report in a real browser: headless Chromium renders it, a screenshot shows the charts.

Needs Debian's ``chromium`` package; skipped without it, except under ``CI=true`` where a
missing browser fails the test.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import pledgetrack as pt
from pledgetrack.model import Citation, Deadline, Status
from pledgetrack.render import render_html
from pledgetrack.render.common import STATUS_COLOURS, TIMELINE_COLOURS
from pledgetrack.rollups import summarize
from pledgetrack.testing import make_source

pytestmark = pytest.mark.browser

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
EVIL = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'
AS_OF = dt.date(2026, 1, 1)
WIDTH, HEIGHT = 1280, 2000


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        if IN_CI:
            pytest.fail("headless Chromium is required under CI=true (apt-get install chromium)")
        pytest.skip("no chromium (apt-get install chromium)")
    return found


def browse(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}", *extra, page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def pixels(png: bytes) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the set of colours of an 8-bit RGB or RGBA PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, data, header = 8, b"", b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6)
    size = 3 if colour == 2 else 4
    raw = zlib.decompress(data)
    stride = width * size
    previous = bytearray(stride)
    colours: set[tuple[int, int, int]] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - size] if i >= size else 0
            up = previous[i]
            corner = previous[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                pa, pb, pc = abs(guess - left), abs(guess - up), abs(guess - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        colours.update(
            (line[i], line[i + 1], line[i + 2]) for i in range(0, stride, size * 4)
        )
        previous = line
    return width, height, colours


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    with pt.open(tmp_path / "b.db") as tracker:
        tracker.add_source(make_source())
        for key, title, due, status in [
            ("late", "China to host the summit", dt.date(2025, 6, 30), None),
            ("evil", EVIL, dt.date(2024, 12, 31), "in_progress"),
            ("done", "Delivered training", dt.date(2025, 3, 31), "fulfilled"),
            ("soon", "Due next spring", dt.date(2026, 4, 30), "in_progress"),
            ("free", "Whenever", None, None),
        ]:
            tracker.add_commitment(
                key=key,
                title=title,
                actors=["China" if key != "evil" else EVIL],
                themes=["digital"],
                announced=dt.date(2024, 7, 4),
                deadline=Deadline(due) if due else None,
                citations=[Citation("summit-report", "China is ready to provide")],
            )
            if status:
                tracker.record_status(key, status, effective="2025-01-15")
        summary = summarize(tracker, as_of=AS_OF, by=["actor"], detail=True, evidence=True)
    page = tmp_path / "report.html"
    page.write_text(render_html(summary, today=AS_OF), encoding="utf-8")
    return page


def test_chromium_renders_the_report(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    done = browse(report, tmp_path / "profile-shot", f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr
    width, height, colours = pixels(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    for colour in (
        STATUS_COLOURS[Status.FULFILLED], STATUS_COLOURS[Status.IN_PROGRESS],
        TIMELINE_COLOURS["overdue"], TIMELINE_COLOURS["open"],
    ):  # fmt: skip
        assert rgb(colour) in colours, colour
    assert len(colours) > 20


def test_the_page_content_in_the_browser(report: Path, tmp_path: Path) -> None:
    done = browse(report, tmp_path / "profile-dom", "--dump-dom")
    assert done.returncode == 0, done.stderr
    dom = done.stdout
    assert "<title>Commitments as of 2026-01-01</title>" in dom
    assert "5 commitments as of 2026-01-01" in dom
    for key in ("late", "evil", "done", "soon", "free"):
        assert f"<code>{key}</code>" in dom
    assert 'id="as-of-marker"' in dom and ">today<" in dom
    assert "Overdue (1)" in dom and "Deadline passed, not assessed (1)" in dom
    for key in ("late", "evil", "done", "soon", "free"):
        assert f'href="#c-{key}"' in dom and f'id="c-{key}"' in dom
    assert "“China is ready to provide”" in dom
    assert "pwned" in dom  # the title is shown as text…
    assert "<img" not in dom and "<script" not in dom  # …and never became markup
    assert "&lt;script&gt;" in dom
