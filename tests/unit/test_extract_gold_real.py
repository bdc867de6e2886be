"""The corpus of real public texts in ``extract/gold/real``: split rule, format and README.

These tests read the gold files only; they never run the extractor.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pycountry
import pytest
import yaml

from pledgetrack.extract.evaluation import gold_directory, load_gold_dir
from pledgetrack.model.sources import find_quote

REAL = gold_directory() / "real"
HALVES = ("test", "tune")
KEYS = {"title", "style", "provenance", "text", "announced", "actor", "pledges", "non_pledges"}
URL = re.compile(r"(https?://\S+?),? published ")


def _documents() -> list[tuple[str, Path, dict[str, Any]]]:
    out = []
    for half in HALVES:
        for path in sorted((REAL / half).glob("*.yaml")):
            out.append((half, path, yaml.safe_load(path.read_text(encoding="utf-8"))))
    return out


DOCS = _documents()
IDS = [path.stem for _, path, _ in DOCS]


def _url(data: dict[str, Any]) -> str:
    m = URL.search(data["provenance"])
    assert m, f"no URL followed by 'published' in the provenance: {data['provenance']}"
    return m.group(1)


def test_both_halves_load_and_hold_at_least_forty_documents() -> None:
    sizes = {half: len(load_gold_dir(REAL / half)) for half in HALVES}
    assert sum(sizes.values()) >= 40
    assert all(n >= 15 for n in sizes.values()), sizes


@pytest.mark.parametrize(("half", "path", "data"), DOCS, ids=IDS)
def test_the_half_is_fixed_by_the_last_hex_digit_of_the_url_hash(
    half: str, path: Path, data: dict[str, Any]
) -> None:
    digit = hashlib.sha256(_url(data).encode("utf-8")).hexdigest()[-1]
    assert half == ("test" if digit in "01234567" else "tune"), (path.name, digit)


@pytest.mark.parametrize(("half", "path", "data"), DOCS, ids=IDS)
def test_each_document_is_a_described_excerpt_of_150_to_700_words(
    half: str, path: Path, data: dict[str, Any]
) -> None:
    assert data.keys() >= KEYS, KEYS - data.keys()
    assert data["text"] == path.stem + ".txt"
    words = len((path.parent / data["text"]).read_text(encoding="utf-8").split())
    assert 150 <= words <= 700, words
    assert "retrieved 2026-11-30" in data["provenance"]
    announced = data["announced"]
    assert isinstance(announced, dt.date)
    assert dt.date(2010, 1, 1) <= announced <= dt.date(2025, 12, 31)


@pytest.mark.parametrize(("half", "path", "data"), DOCS, ids=IDS)
def test_pledges_are_well_formed(half: str, path: Path, data: dict[str, Any]) -> None:
    pledges = data["pledges"] or []
    assert pledges, "a document without a gold pledge"
    for number, item in enumerate(pledges, start=1):
        where = f"{path.name} pledge {number}"
        if "quantity" in item:
            assert Decimal(item["quantity"]) > 0, where
        if "currency" in item:
            assert "quantity" in item and "unit" not in item, where
            assert pycountry.currencies.get(alpha_3=item["currency"]) is not None, where
        if "parent" in item:
            assert 1 <= item["parent"] <= len(pledges) and item["parent"] != number, where
            chain, up = {number}, item["parent"]
            while up is not None:  # a part may belong to a part, but never to itself
                assert up not in chain, f"{where}: parents form a cycle"
                chain.add(up)
                up = pledges[up - 1].get("parent")
        deadline = item.get("deadline")
        if deadline and deadline.get("date") is not None:
            assert deadline["date"] >= data["announced"], f"{where}: due before it was made"
            assert deadline["precision"] in {"day", "month", "quarter", "year"}, where
        if "horizon" in item:
            assert "deadline" in item, f"{where}: a horizon without a deadline"


@pytest.mark.parametrize(("half", "path", "data"), DOCS, ids=IDS)
def test_non_pledges_stand_in_the_text_apart_from_the_pledges(
    half: str, path: Path, data: dict[str, Any]
) -> None:
    text = (path.parent / data["text"]).read_text(encoding="utf-8")
    pledged = [find_quote(text, p["quote"]) for p in data["pledges"]]
    for item in data["non_pledges"] or []:
        span = find_quote(text, item["quote"])
        assert span is not None, f"{path.name}: not in the text: {item['quote'][:60]}"
        assert item.get("reason"), path.name
        overlaps = [p for p in pledged if p and p[0] < span[1] and span[0] < p[1]]
        assert not overlaps, f"{path.name}: a non-pledge overlaps a pledge: {item['quote'][:60]}"


def test_sources_are_distinct_and_pledgers_varied() -> None:
    urls = [_url(data) for _, _, data in DOCS]
    assert len(set(urls)) == len(urls)
    actors = {data["actor"] for _, _, data in DOCS}
    actors |= {p["actor"] for _, _, data in DOCS for p in data["pledges"] if "actor" in p}
    assert len(actors) >= 10


def test_the_readme_lists_every_document_with_its_half_and_pledge_count() -> None:
    rows = {}
    for line in (REAL / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 8 and cells[1] in HALVES:
            rows[cells[0]] = cells
    assert set(rows) == set(IDS)
    for half, path, data in DOCS:
        row = rows[path.stem]
        assert row[1] == half and f"<{_url(data)}>" in row
        assert str(len(data["pledges"])) in row, path.stem
