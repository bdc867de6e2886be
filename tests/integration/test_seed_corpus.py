"""The SCO seed corpus: exact texts, verified quotes, completeness, deadlines, evidence, loading."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

import pledgetrack as pt
from pledgetrack.rules import deadline_from_phrase
from pledgetrack.seeds import Corpus, corpus_path, load_corpus, read_corpus

SHARED = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return read_corpus()


def test_documents_are_kept_byte_for_byte(corpus: Corpus) -> None:
    listed = yaml.safe_load((corpus.path / "sources.yaml").read_text(encoding="utf-8"))
    assert len([e for e in listed if e.get("role", "pledge") == "pledge"]) == 5
    assert len([e for e in listed if e.get("role") == "evidence"]) == len(corpus.evidence)
    for entry in listed:
        data = (corpus.path / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["key"]
        original = SHARED / Path(entry["file"]).name
        if original.exists():
            assert original.read_bytes() == data, entry["file"]


def test_sources_carry_their_metadata(corpus: Corpus) -> None:
    for source in corpus.sources:
        assert source.title and source.publisher and source.published, source.key
        assert source.language == "en"
        assert source.licence, source.key
        assert source.notes, source.key
        assert source.text is not None and source.content_hash is not None
    for source in corpus.pledge_sources:
        assert source.event, source.key
    for source in corpus.evidence_sources:
        # a stored public page: where it was, when it was read
        assert source.url and source.url.startswith("http"), source.key
        assert source.retrieved == dt.date(2026, 11, 30), source.key
        name = Path(next(e["file"] for e in _listed(corpus) if e["key"] == source.key)).name
        assert (
            Path(name).stem.split("_")[1]
            == hashlib.sha256((source.text or "").encode()).hexdigest()[:16]
        ), source.key


def _listed(corpus: Corpus) -> list[dict[str, object]]:
    listed: list[dict[str, object]] = yaml.safe_load(
        (corpus.path / "sources.yaml").read_text(encoding="utf-8")
    )
    return listed


def test_every_quote_is_verbatim(corpus: Corpus) -> None:
    texts = {s.key: s.text or "" for s in corpus.sources}
    citations = [c for k in corpus.commitments for c in k.citations]
    citations += [c for u in corpus.updates for c in u.evidence]
    assert citations
    for citation in citations:
        assert citation.start is not None and citation.end is not None
        assert texts[citation.source][citation.start : citation.end] == citation.quote


def test_same_pledge_in_several_reports_is_one_commitment(corpus: Corpus) -> None:
    keys = [c.key for c in corpus.commitments]
    assert len(keys) == len(set(keys))
    multi = [c for c in corpus.commitments if len({x.source for x in c.citations}) > 1]
    assert multi, "restated pledges should carry one citation per report"
    digital = [
        c
        for c in corpus.commitments
        if c.target is not None
        and c.target.unit == "training opportunities"
        and c.target.quantity == 1000
    ]
    assert len(digital) == 1
    assert {x.source for x in digital[0].citations} == {
        "sco-2024-astana-speeches",
        "sco-2024-astana-cgtn-report",
    }


def test_quantities_are_exact_and_units_named(corpus: Corpus) -> None:
    quantified = [c for c in corpus.commitments if c.target is not None]
    assert len(quantified) >= 5
    for commitment in quantified:
        assert commitment.target is not None
        quoted = " ".join(x.quote for x in commitment.citations).replace(",", "")
        number = commitment.target.quantity
        words = {1000: "thousand", 100: "hundred", 10: "ten"}
        assert (
            str(number) in quoted
            or f"{number:,}" in " ".join(x.quote for x in commitment.citations)
            or any(w in quoted for n, w in words.items() if number % n == 0)
            or "million" in quoted
            or "billion" in quoted
        ), commitment.key


def test_deadline_of_every_quantified_pledge(corpus: Corpus) -> None:
    """Each quantified pledge's deadline is what the rules derive from its phrase and date."""
    for commitment in corpus.commitments:
        if commitment.target is None:
            continue
        deadline = commitment.deadline
        if deadline.phrase is None:
            assert deadline.due is None, commitment.key
            continue
        assert any(deadline.phrase in c.quote for c in commitment.citations), commitment.key
        derived = deadline_from_phrase(deadline.phrase, commitment.announced)
        assert derived is not None, f"{commitment.key}: no rule for {deadline.phrase!r}"
        assert (derived.due, derived.precision, derived.basis) == (
            deadline.due,
            deadline.precision,
            deadline.basis,
        ), commitment.key


@pytest.mark.parametrize(
    ("phrase", "announced", "due", "precision", "basis"),
    [
        ("in the coming three years", dt.date(2023, 7, 4), dt.date(2026, 7, 4), "day", "inferred"),
        ("in the next three years", dt.date(2024, 7, 4), dt.date(2027, 7, 4), "day", "inferred"),
        ("in 2025", dt.date(2024, 7, 4), dt.date(2025, 12, 31), "year", "stated"),
        ("in June 2018", dt.date(2017, 6, 9), dt.date(2018, 6, 30), "month", "stated"),
        ("at an appropriate time", dt.date(2017, 6, 9), None, "none", "stated"),
    ],
)
def test_deadline_rules_of_the_corpus(
    phrase: str, announced: dt.date, due: dt.date | None, precision: str, basis: str
) -> None:
    deadline = deadline_from_phrase(phrase, announced)
    assert deadline is not None
    assert (deadline.due, deadline.precision.value, deadline.basis.value) == (due, precision, basis)


# --- completeness -------------------------------------------------------------------------

_CUE = re.compile(
    r"\b(?:will|shall|is ready to|are ready to|stands? ready|propos(?:es|ed)|pledge[sd]?"
    r"|commit(?:s|ted)?|in the (?:next|coming) \w+ years)\b"
    r"|\b\d[\d,.]*\s+(?:thousand |million |billion )?(?:[a-z-]+ ){0,3}"
    r"(?:scholarships|places|opportunities|people|scientists|students|officials|personnel|yuan|dollars)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split after . ! ? followed by white space, and at line ends."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start : m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def test_no_pledge_is_missed(corpus: Corpus) -> None:
    """Every sentence with a pledge cue is cited, evidenced, or excluded with a reason."""
    covered: dict[str, list[tuple[int, int]]] = {s.key: [] for s in corpus.sources}
    for commitment in corpus.commitments:
        for c in commitment.citations:
            covered[c.source].append((c.start or 0, c.end or 0))
    for update in corpus.updates:
        for c in update.evidence:
            covered[c.source].append((c.start or 0, c.end or 0))
    for exclusion in corpus.exclusions:
        citation = corpus.source(exclusion.source).cite(exclusion.quote)
        covered[exclusion.source].append((citation.start or 0, citation.end or 0))
    missed = []
    for source in corpus.pledge_sources:  # evidence documents report, they do not pledge
        text = source.text or ""
        for start, end in sentences(text):
            if not _CUE.search(text[start:end]):
                continue
            overlaps = any(a < end and b > start for a, b in covered[source.key])
            # a sentence repeated later in the same document is covered by the same quote
            repeated = any(text[a:b] in text[start:end] for a, b in covered[source.key])
            if not (overlaps or repeated):
                missed.append(f"{source.key}: {text[start:end][:120]!r}")
    assert not missed, "pledge-cue sentences neither cited nor excluded:\n" + "\n".join(missed)


# --- evidence and statuses ----------------------------------------------------------------

EVIDENCED_COMMITMENTS = 39


def test_statuses_rest_on_evidence_sources(corpus: Corpus) -> None:
    """Later documents evidence statuses; commitments and the ledger cite only summit reports."""
    assert len({u.commitment for u in corpus.updates}) == EVIDENCED_COMMITMENTS
    assert len(corpus.evidence) >= 10
    for commitment in corpus.commitments:
        assert all(corpus.role(c.source) == "pledge" for c in commitment.citations)
    assert all(corpus.role(e.source) == "pledge" for e in corpus.exclusions)
    cited = {c.source for u in corpus.updates for c in u.evidence}
    assert corpus.evidence <= cited, (
        f"evidence documents no update cites: {corpus.evidence - cited}"
    )
    announced = {c.key: c.announced for c in corpus.commitments}
    for update in corpus.updates:
        assert update.evidence, update.commitment
        assert update.note, update.commitment
        assert announced[update.commitment] <= update.effective <= dt.date(2026, 11, 30)
        for citation in update.evidence:
            published = corpus.source(citation.source).published
            # evidence is never older than the pledge it assesses
            assert published is not None and published >= announced[update.commitment]


def test_a_commitment_history_reads_in_date_order(corpus: Corpus) -> None:
    """Several updates of one commitment are listed oldest first and never go back in time."""
    by_key: dict[str, list[dt.date]] = {}
    for update in corpus.updates:
        by_key.setdefault(update.commitment, []).append(update.effective)
    assert any(len(dates) > 1 for dates in by_key.values())
    for key, dates in by_key.items():
        assert dates == sorted(dates), key


def test_unknown_source_role(corpus_copy: Path) -> None:
    sources = corpus_copy / "sources.yaml"
    key = _first(sources, "key")
    _rewrite(sources, f"- key: {key}\n", f"- key: {key}\n  role: proof\n")
    with pytest.raises(pt.ValidationError) as err:
        read_corpus(corpus_copy)
    assert err.value.record == f"sources.yaml: {key}"
    assert err.value.field == "role" and err.value.value == "proof"


def test_a_commitment_may_not_cite_an_evidence_source(corpus_copy: Path) -> None:
    commitments = corpus_copy / "commitments.yaml"
    key = _first(commitments, "key")
    source = yaml.safe_load(commitments.read_text(encoding="utf-8"))[0]["citations"][0]["source"]
    evidence = next(
        e["key"]
        for e in yaml.safe_load((corpus_copy / "sources.yaml").read_text(encoding="utf-8"))
        if e.get("role") == "evidence"
    )
    _rewrite(commitments, f"source: {source}", f"source: {evidence}")
    with pytest.raises(pt.ValidationError) as err:
        read_corpus(corpus_copy)
    assert err.value.record == f"commitments.yaml: {key}"
    assert err.value.field == "citations[0].source" and err.value.value == evidence
    assert "evidence source" in err.value.reason


def test_the_ledger_may_not_cover_an_evidence_source(corpus_copy: Path) -> None:
    """The completeness ledger is about summit reports; a later report has nothing to exclude."""
    exclusions = corpus_copy / "exclusions.yaml"
    first = yaml.safe_load(exclusions.read_text(encoding="utf-8"))[0]
    entries = yaml.safe_load((corpus_copy / "sources.yaml").read_text(encoding="utf-8"))
    evidence = next(e for e in entries if e.get("role") == "evidence")
    text = (corpus_copy / evidence["file"]).read_text(encoding="utf-8")
    quote = text.strip().splitlines()[0][:40].strip()
    records = yaml.safe_load(exclusions.read_text(encoding="utf-8"))
    records[0] = {**first, "source": evidence["key"], "quote": quote}
    exclusions.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    with pytest.raises(pt.ValidationError) as err:
        read_corpus(corpus_copy)
    assert err.value.record == "exclusions.yaml: entry 1"
    assert err.value.field == "source" and err.value.value == evidence["key"]


def test_altered_evidence_document_fails_its_hash(corpus_copy: Path) -> None:
    entries = yaml.safe_load((corpus_copy / "sources.yaml").read_text(encoding="utf-8"))
    entry = next(e for e in entries if e.get("role") == "evidence")
    document = corpus_copy / entry["file"]
    document.write_bytes(document.read_bytes().replace(b"SCO", b"OSC", 1))
    with pytest.raises(pt.ValidationError) as err:
        read_corpus(corpus_copy)
    assert err.value.field == "sha256" and entry["key"] in str(err.value.record)


def test_exclusions_give_reasons(corpus: Corpus) -> None:
    assert corpus.exclusions
    assert {e.reason for e in corpus.exclusions} <= {
        "past_achievement", "statement_of_principle", "restatement", "call_on_others",
        "not_a_pledge", "statistic", "event_date",
    }  # fmt: skip


# --- loading ------------------------------------------------------------------------------


def test_loading_is_idempotent(tracker: pt.Tracker) -> None:
    corpus = read_corpus()
    first = load_corpus(tracker)
    assert first.commitments_added == len(corpus.commitments)
    assert first.sources_added == len(corpus.sources)
    assert first.updates_added == len(corpus.updates)
    far = dt.date(2100, 1, 1)
    before = [(c, tracker.history(c.key)) for c in tracker.list_commitments(as_of=far)]
    second = load_corpus(tracker)
    assert not second.changed
    after = [(c, tracker.history(c.key)) for c in tracker.list_commitments(as_of=far)]
    assert after == before


def test_statuses_are_only_what_the_corpus_evidences(tracker: pt.Tracker) -> None:
    corpus = read_corpus()
    load_corpus(tracker)
    evidenced = {u.commitment for u in corpus.updates}
    for standing in tracker.statuses(as_of=dt.date(2026, 11, 25)):
        if standing.key not in evidenced:
            assert standing.status is pt.Status.NO_EVIDENCE, standing.key
        else:
            assert standing.update is not None and standing.update.evidence, standing.key


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(corpus_path(), target)
    return target


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first(path: Path, field: str) -> str:
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(records[0][field])


def test_bad_quote_names_file_record_and_field(corpus_copy: Path, sqlite_url: str) -> None:
    commitments = corpus_copy / "commitments.yaml"
    key = _first(commitments, "key")
    quote = yaml.safe_load(commitments.read_text(encoding="utf-8"))[0]["citations"][0]["quote"]
    _rewrite(commitments, quote, quote + " and a sentence that is not in the report")
    with pytest.raises(pt.QuoteNotFoundError) as err:
        read_corpus(corpus_copy)
    assert err.value.record == f"commitments.yaml: {key}"
    assert err.value.field == "citations[0].quote"
    with pt.open(sqlite_url) as tracker:
        with pytest.raises(pt.QuoteNotFoundError):
            load_corpus(tracker, corpus_copy)
        assert tracker.count() == 0 and tracker.list_sources() == []


def test_unknown_source_key(corpus_copy: Path) -> None:
    commitments = corpus_copy / "commitments.yaml"
    source = yaml.safe_load(commitments.read_text(encoding="utf-8"))[0]["citations"][0]["source"]
    _rewrite(commitments, f"source: {source}", "source: no-such-report")
    with pytest.raises(pt.ValidationError) as err:
        read_corpus(corpus_copy)
    assert err.value.field == "citations[0].source" and err.value.value == "no-such-report"


def test_deadline_that_does_not_match_its_phrase(corpus_copy: Path) -> None:
    commitments = corpus_copy / "commitments.yaml"
    records = yaml.safe_load(commitments.read_text(encoding="utf-8"))
    bad = next(r for r in records if (r.get("deadline") or {}).get("phrase") == "in June 2018")
    _rewrite(commitments, "date: 2018-06-30", "date: 2019-06-30")
    with pytest.raises(pt.ValidationError) as err:
        read_corpus(corpus_copy)
    assert err.value.record == f"commitments.yaml: {bad['key']}"
    assert err.value.field == "deadline" and "in June 2018" in err.value.reason


def test_altered_document_fails_its_hash(corpus_copy: Path) -> None:
    entry = yaml.safe_load((corpus_copy / "sources.yaml").read_text(encoding="utf-8"))[0]
    document = corpus_copy / entry["file"]
    document.write_bytes(document.read_bytes() + b" ")
    with pytest.raises(pt.ValidationError) as err:
        read_corpus(corpus_copy)
    assert err.value.field == "sha256" and entry["key"] in str(err.value.record)
