"""Scoring drafts against gold quotes, and the project's own gold set."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from pledgetrack.extract import GoldDocument, GoldQuote, extract_drafts, load_gold_dir
from pledgetrack.extract.evaluation import load_seed_gold, score_document, states_horizon
from pledgetrack.model.values import Deadline

TEXT = (
    "We will provide USD 50 million by 2026. "
    "In 2023 we trained 400 nurses. "
    "We will open 12 clinics within two years."
)


def _gold(text: str, quote: str, **fields: object) -> GoldQuote:
    start = text.index(quote)
    return GoldQuote(quote, start, start + len(quote), **fields)  # type: ignore[arg-type]


def test_scores_count_found_quotes_quantities_and_deadlines() -> None:
    doc = GoldDocument(
        "t",
        TEXT,
        dt.date(2024, 1, 1),
        (
            _gold(TEXT, "We will provide USD 50 million by 2026.", quantity=Decimal(50_000_000),
                  currency="USD", has_horizon=True, deadline=Deadline.in_year(2026)),
            _gold(TEXT, "We will open 12 clinics within two years.", quantity=Decimal(13),
                  has_horizon=True, deadline=Deadline(dt.date(2026, 1, 1))),
        ),
        non_pledges=("In 2023 we trained 400 nurses.",),
    )  # fmt: skip
    scores = score_document(doc, extract_drafts(TEXT, "2024-01-01", "Ruritania"))
    assert (scores.gold_quotes, scores.found, scores.drafts, scores.right_drafts) == (2, 2, 2, 2)
    assert (scores.quantity_exact, scores.quantity_total) == (1, 2)  # 12 is not the gold 13
    assert (scores.deadline_right, scores.deadline_total) == (2, 2)
    assert (scores.non_pledges, scores.non_pledges_drafted) == (1, 0)
    assert scores.precision == scores.recall == 1.0
    assert scores.quantity_accuracy == 0.5


def test_a_draft_elsewhere_is_not_right() -> None:
    doc = GoldDocument("t", TEXT, dt.date(2024, 1, 1), (_gold(TEXT, "In 2023 we trained"),))
    scores = score_document(doc, extract_drafts(TEXT, "2024-01-01"))
    assert scores.found == 0 and scores.right_drafts == 0
    assert scores.recall == 0.0 and scores.precision == 0.0


def test_scores_add_up() -> None:
    doc = GoldDocument("t", TEXT, dt.date(2024, 1, 1), (_gold(TEXT, "We will open 12 clinics"),))
    one = score_document(doc, extract_drafts(TEXT, "2024-01-01"))
    both = one + one
    assert both.documents == 2 and both.gold_quotes == 2 * one.gold_quotes


def test_the_project_gold_set_has_ten_marked_texts_with_verbatim_quotes() -> None:
    docs = load_gold_dir()
    assert len(docs) >= 10
    for doc in docs:
        assert 250 <= len(doc.text.split()) <= 1500
        assert doc.quotes
        for g in doc.quotes:
            assert doc.text[g.start : g.end] == g.quote


def test_a_horizon_counts_only_when_the_quote_states_it() -> None:
    assert states_horizon("We will open 12 clinics within two years.", "within  two years")
    assert states_horizon("It starts in the “Next Year” cycle", 'in the "next year"')
    assert not states_horizon("This will include USD 250 million for surveillance", "by 2027")
    assert not states_horizon("We will open 12 clinics.", None)


def test_seed_gold_counts_deadlines_stated_in_the_quote_only(tmp_path: Path) -> None:
    text = (
        "Ruritania will take over the presidency for 2025-2026. "
        "Ruritania will take over the presidency after the summit."
    )
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        "- {key: s, file: doc.txt, published: 2025-01-01}\n", encoding="utf-8"
    )
    (tmp_path / "commitments.yaml").write_text(
        "- key: c\n"
        "  announced: 2025-01-01\n"
        "  deadline: {phrase: 'for 2025-2026', date: 2026-12-31, precision: year}\n"
        "  citations:\n"
        "    - {source: s, quote: 'Ruritania will take over the presidency for 2025-2026'}\n"
        "    - {source: s, quote: 'Ruritania will take over the presidency after the summit'}\n",
        encoding="utf-8",
    )
    (doc,) = load_seed_gold(tmp_path)
    assert [g.has_horizon for g in doc.quotes] == [True, False]


def test_seed_gold_leaves_out_evidence_sources(tmp_path: Path) -> None:
    """A later report cited only as status evidence is no pledge text to extract from."""
    (tmp_path / "pledge.txt").write_text("Ruritania will open 12 clinics.", encoding="utf-8")
    (tmp_path / "later.txt").write_text("Ruritania will open 3 more clinics.", encoding="utf-8")
    (tmp_path / "sources.yaml").write_text(
        "- {key: p, file: pledge.txt, published: 2025-01-01}\n"
        "- {key: e, role: evidence, file: later.txt, published: 2026-01-01}\n",
        encoding="utf-8",
    )
    (tmp_path / "commitments.yaml").write_text(
        "- key: c\n"
        "  announced: 2025-01-01\n"
        "  citations:\n"
        "    - {source: p, quote: 'Ruritania will open 12 clinics'}\n",
        encoding="utf-8",
    )
    assert [d.key for d in load_seed_gold(tmp_path)] == ["p"]
