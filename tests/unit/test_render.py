"""Renderers: JSON against its schema, Markdown and HTML escaping, CSV and DataFrame tables,
terminal text. Each summary comes from a real store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

import pledgetrack as pt
from pledgetrack.model import Citation, Deadline, Status, Target
from pledgetrack.render import (
    FORMATS,
    json_schema,
    render,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
    table_rows,
    to_data,
    to_dataframe,
)
from pledgetrack.render.common import STATUS_ORDER, table_columns
from pledgetrack.rollups import Section, Summary, summarize
from pledgetrack.testing import make_source

EVIL = '<script>alert("x")</script> | *bold* [link](http://evil.example) & `code` _u_'
QUOTE = "China is ready to provide at least 1,000 training opportunities"
AS_OF = dt.date(2026, 1, 1)


def _store(path: Path) -> pt.Tracker:
    tracker = pt.open(path)
    tracker.add_source(make_source())
    rows = [
        ("late-one", "China to host a forum", ["China"], ["youth"], dt.date(2025, 6, 30), None),
        ("late-two", EVIL, ["Kazakhstan", EVIL], [EVIL], dt.date(2024, 12, 31), "in_progress"),
        ("soon", "Training places", ["China"], ["digital"], dt.date(2026, 7, 4), "in_progress"),
        ("done", "A delivered pledge", ["SCO"], ["digital"], dt.date(2025, 1, 31), "fulfilled"),
        ("open", "No deadline at all", ["China"], [], None, None),
        ("later", "Far away", ["SCO"], ["trade"], dt.date(2029, 12, 31), None),
        ("dropped", "Abandoned", ["China"], ["trade"], dt.date(2025, 3, 1), "broken"),
    ]
    for key, title, actors, themes, due, status in rows:
        tracker.add_commitment(
            key=key,
            title=title,
            actors=actors,
            themes=themes,
            announced=dt.date(2024, 7, 4),
            deadline=Deadline(due) if due else None,
            target=Target("1000", "training places") if key == "soon" else None,
            citations=[Citation("summit-report", QUOTE)],
            custom={"region": "asia"} if key != "open" else {},
        )
        if status:
            tracker.record_status(
                key, status, effective="2025-01-15", progress="400" if key == "soon" else None
            )
    return tracker


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Summary:
    with _store(tmp_path_factory.mktemp("render") / "r.db") as tracker:
        return summarize(
            tracker, as_of=AS_OF, by=["theme", "actor"], detail=True, since="2024-12-01"
        )


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Summary:
    with _store(tmp_path_factory.mktemp("render") / "p.db") as tracker:
        return summarize(tracker, as_of=AS_OF, detail=False)


# --- JSON --------------------------------------------------------------------------------


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("which", ["summary", "plain"])
def test_json_follows_its_schema(which: str, request: pytest.FixtureRequest) -> None:
    chosen: Summary = request.getfixturevalue(which)
    data = json.loads(render_json(chosen))
    jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)
    assert data == to_data(chosen)


def test_json_carries_the_summary(summary: Summary) -> None:
    data = json.loads(render_json(summary))
    assert data["as_of"] == AS_OF.isoformat()
    assert data["total"] == summary.total == 7
    assert data["by_status"] == {s.value: summary.by_status[s] for s in Status}
    assert data["overdue"] == summary.overdue
    assert data["dimensions"] == ["theme", "actor"]
    for group, entry in zip(summary.groups, data["groups"], strict=True):
        assert entry["key"] == dict(group.key)
        assert entry["total"] == group.counts.total
        assert entry["by_status"] == {s.value: group.counts.by_status[s] for s in Status}
    listed = {i["key"] for items in data["items"].values() for i in items}
    assert listed == {"late-one", "late-two", "soon", "done", "open", "later", "dropped"}
    (soon,) = data["items"]["due_soon"]
    assert (soon["target"], soon["delivered"], soon["behind_pace"]) == ("1000", "400", True)
    assert data["transitions"]["since"] == "2024-12-01"


def test_a_broken_document_fails_the_schema(summary: Summary) -> None:
    data = to_data(summary)
    del data["by_status"]["fulfilled"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_schema(), cls=jsonschema.Draft202012Validator)


# --- HTML --------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def test_html_escapes_every_user_text(summary: Summary) -> None:
    page = render_html(summary, today=AS_OF)
    parsed = _parse(page)
    assert "script" not in {tag for tag, _ in parsed.tags}
    assert "<script" not in page
    assert EVIL in "".join(parsed.text)  # shown, as text
    assert not any(tag == "a" for tag, _ in parsed.tags)


def test_html_is_self_contained(summary: Summary) -> None:
    parsed = _parse(render_html(summary, today=AS_OF))
    for tag, attributes in parsed.tags:
        for name in ("src", "href", "xlink:href", "action"):
            assert name not in attributes, (tag, attributes)
        assert tag not in ("link", "img", "iframe", "object", "embed")
    assert "@import" not in render_html(summary) and "url(" not in render_html(summary)


def test_html_draws_the_charts(summary: Summary) -> None:
    page = render_html(summary, today=AS_OF)
    parsed = _parse(page)
    ids = {attributes.get("id") for _, attributes in parsed.tags}
    assert {"status-bar", "group-bars", "timeline", "as-of-marker", "figures"} <= ids
    bars = [a for t, a in parsed.tags if t == "g" and a.get("class") == "group-bar"]
    assert len(bars) == len(summary.groups)
    overall = re.search(r'<svg id="status-bar".*?</svg>', page, re.S)
    assert overall is not None
    drawn = re.findall(r'data-status="(\w+)"', overall.group(0))
    assert drawn == [s.value for s in STATUS_ORDER if summary.by_status[s]]
    assert ">today<" in page
    assert f">as of {AS_OF.isoformat()}<" in render_html(summary, today=dt.date(2030, 1, 1))
    for section in Section:
        if summary.counts.sections[section]:
            assert f'id="section-{section.value}"' in page


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_escapes_user_text(summary: Summary) -> None:
    page = render_markdown(summary)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert "[link](" not in page
    assert "\\*bold\\*" in page


def test_markdown_tables_have_one_column_count(summary: Summary) -> None:
    lines = render_markdown(summary).splitlines()
    tables: list[list[str]] = []
    for line in lines:
        if line.startswith("|"):
            if not tables or not lines[lines.index(line) - 1].startswith("|"):
                tables.append([])
            tables[-1].append(line)
    assert len(tables) >= 3
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table}
        assert len(widths) == 1, table


def test_markdown_lists_the_overdue_with_days(summary: Summary) -> None:
    page = render_markdown(summary)
    assert "## Overdue (1)" in page
    late = next(i for i in summary.listed("overdue") if i.key == "late-two")
    assert late.days_overdue == (AS_OF - dt.date(2024, 12, 31)).days
    assert f"overdue by {late.days_overdue} days" in page


def test_unassessed_past_deadline_is_its_own_section_not_overdue(summary: Summary) -> None:
    """late-one has no status update: its deadline passed, but it is not overdue."""
    assert [i.key for i in summary.listed("unassessed")] == ["late-one"]
    assert "late-one" not in [i.key for i in summary.listed("overdue")]
    item = summary.listed("unassessed")[0]
    assert (item.days_overdue, item.days_past_due) == (0, (AS_OF - dt.date(2025, 6, 30)).days)
    counts = summary.counts
    assert (counts.overdue, counts.unassessed_past_due, counts.unassessed) == (1, 1, 3)
    # compliance: done +1, soon 0, late-two 0, dropped -1; the three unassessed left out
    assert counts.compliance.assessed == 4
    assert counts.compliance.unassessed == 3
    assert counts.compliance.score == pytest.approx(0)
    text = render_text(summary, width=120)
    markdown = render_markdown(summary)
    page = render_html(summary, today=AS_OF)
    data = to_data(summary)
    for out in (text, markdown, page):
        assert "Deadline passed, not assessed" in out
        assert "3 unassessed" in out
    assert "deadline passed 185 days ago (due 2025-06-30); not assessed" in text
    assert 'id="section-unassessed"' in page
    assert [i["key"] for i in data["items"]["unassessed"]] == ["late-one"]
    assert (data["overdue"], data["unassessed_past_due"], data["unassessed"]) == (1, 1, 3)
    assert data["compliance"]["left_out"]["unassessed"] == 3
    assert data["fulfilment_rated"] == 4


# --- CSV and DataFrame -----------------------------------------------------------------


def test_csv_groups_table(summary: Summary) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(summary))))
    assert rows[0] == table_columns(summary)
    assert len(rows) == 1 + len(summary.groups)
    for group, row in zip(summary.groups, rows[1:], strict=True):
        record = dict(zip(rows[0], row, strict=True))
        # a group without a value says so, as the text table does: not an empty cell
        assert record["theme"] == ("(none)" if group.get("theme") is None else group.get("theme"))
        assert int(record["total"]) == group.counts.total
        for status in Status:
            assert int(record[status.value]) == group.counts.by_status[status]
        assert int(record["overdue"]) == group.counts.overdue


def test_csv_names_the_group_without_a_value_as_the_table_does(summary: Summary) -> None:
    records = list(csv.DictReader(io.StringIO(render_csv(summary))))
    none = [r for r in records if r["theme"] == "(none)"]
    # "open" has no theme: one group of its own, named as in the text and Markdown tables
    assert [(r["actor"], r["total"]) for r in none] == [("China", "1")]
    assert "(none)" in render_text(summary, width=200)
    assert "| (none) | China |" in render_markdown(summary)
    # elsewhere an empty cell is still a missing value (no deadline fell due: no rate)
    assert none[0]["fulfilment_rate"] == ""
    # JSON keeps null, which no text can be
    (entry,) = [g for g in json.loads(render_json(summary))["groups"] if g["key"]["theme"] is None]
    assert entry["key"] == {"theme": None, "actor": "China"}


def test_csv_without_groups_is_one_row(plain: Summary) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(plain))))
    assert len(rows) == 2
    assert dict(zip(rows[0], rows[1], strict=True))["total"] == str(plain.total)


def test_csv_items_table(summary: Summary) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(summary, "items"))))
    assert {r["key"] for r in rows} == {i.key for s in Section for i in summary.listed(s)}
    evil = next(r for r in rows if r["key"] == "late-two")
    assert evil["title"] == EVIL
    with pytest.raises(pt.ValidationError, match="groups, items"):
        render_csv(summary, "nope")


def test_dataframe_matches_the_csv_table(summary: Summary) -> None:
    frame = to_dataframe(summary)
    columns, rows = table_rows(summary)
    assert list(frame.columns) == columns
    assert len(frame) == len(rows)
    assert frame["total"].tolist() == [g.counts.total for g in summary.groups]
    assert str(frame["fulfilment_rate"].dtype) == "float64"
    items = to_dataframe(summary, "items")
    assert set(items["section"]) == {s.value for s in Section if summary.listed(s)}


# --- text ----------------------------------------------------------------------------------


def test_text_has_the_figures_and_lists(summary: Summary) -> None:
    out = render_text(summary, width=120)
    assert "7 commitments as of 2026-01-01" in out
    assert "Overdue (1)" in out and "Deadline passed, not assessed (1)" in out
    assert "late-two" in out and "overdue by 366 days" in out
    assert "Due within a year (1)" in out
    assert "By theme × actor" in out
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 120
    assert "\x1b[" in render_text(summary, width=120, color=True)


def test_text_of_an_empty_summary(tmp_path: Path) -> None:
    with pt.open(tmp_path / "empty.db") as tracker:
        empty = summarize(tracker, as_of=AS_OF)
    assert "No commitment matches." in render_text(empty)
    assert "No commitment matches." in render_markdown(empty)
    assert "No commitment matches." in render_html(empty)
    jsonschema.validate(to_data(empty), json_schema())


@pytest.mark.parametrize("name", FORMATS)
def test_render_by_name(summary: Summary, name: str) -> None:
    assert render(summary, name)


def test_unknown_format_lists_the_formats(summary: Summary) -> None:
    with pytest.raises(pt.ValidationError, match="text, markdown, html, json, csv"):
        render(summary, "pdf")


def test_one_registry_serves_the_library_and_the_command_line() -> None:
    """Every --format the command line offers is a registered renderer, and render() uses it."""
    from pledgetrack.cli.commands import ListFormat
    from pledgetrack.cli.grid import GridFormat
    from pledgetrack.cli.summary import SummaryFormat
    from pledgetrack.render.registry import RENDERERS, formats, renderer

    assert [f.value for f in SummaryFormat] == list(formats("summary"))
    assert {f.value for f in GridFormat} <= set(formats("grid"))
    assert [f.value for f in ListFormat] == list(formats("list"))
    for subject, table in RENDERERS.items():
        for name in table:
            assert callable(renderer(subject, name)), (subject, name)
    assert renderer("summary", "markdown") is render_markdown
    with pytest.raises(pt.ValidationError, match="choose one of: text, markdown, html, json, csv"):
        renderer("summary", "docx")
    with pytest.raises(pt.ValidationError, match="'chart'"):
        renderer("chart", "text")
