"""The first pass over an announcement: sentences in, draft commitments out.

For each sentence: find its commitment cues ("will", "is ready to", "pledges"), its
quantities and its timing phrases. Each quantity governed by a future or promissory verb is
a draft (a sentence with three quantities gives three drafts, each quoting its clause);
quantities governed by a past verb ("has trained 2,000"), statistics ("60% of the
continent"), durations and dates are skipped with a reason. A sentence with a cue, a concrete
action verb and no quantity is a draft too: with a deadline it stands, without one it is
flagged vague. Calls on others ("calls on all parties to …") and statements of principle
without a number, a date or a concrete deliverable ("will uphold the principles of …") are
skipped with a reason. Afterwards restated pledges are merged, umbrella parts linked
(:mod:`pledgetrack.extract.linking`) and pledges made "as the presidency" given the end of the
term the text states.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from pledgetrack.errors import ValidationError
from pledgetrack.extract import cues
from pledgetrack.extract.drafts import Draft, Extraction, Quote, Skipped
from pledgetrack.extract.linking import PART_OPENER as _PART_OPENER
from pledgetrack.extract.linking import actor_key, link_umbrellas, merge_restated, office_pledge
from pledgetrack.extract.quantities import QuantityMention, carried_currency, find_quantities
from pledgetrack.extract.sentences import Span, split_sentences
from pledgetrack.model.values import Basis, Deadline, Precision, Qualifier, to_date
from pledgetrack.rules.horizons import Horizon, find_horizons, small_number

if TYPE_CHECKING:
    from pledgetrack.extract.scorer import Fallback

__all__ = ["extract", "extract_drafts"]

_DURATION_UNITS = re.compile(r"^(?:years?|months?|weeks?|days?|hours?|decades?|minutes?)\b", re.I)
_ADJ_DURATION = re.compile(r"^-(?:year|month|week|day|hour|decade)s?\b", re.I)
_STAT_AFTER = re.compile(r"^\s*(?:of (?:the|its|their|all|global|world)|of [A-Z]|per capita)\b")
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:the|these|those|its|their|our|other|all|both|each|every)\s+(?:other\s+)?|[\"“‘'])$",
    re.I,
)
_NAMED_PLEDGE = frozenset(
    ["pledge", "pledges", "commitment", "commitments", "contribution", "contributions", "donation"]
)
_PAST_LISTING = re.compile(
    r"\b(?:included|comprised|totall?ed|were|was)\b"
    r"(?![^.;]*\b(?:will|shall|announc\w*|pledg(?:ed|es)|promis\w*|commit\w*)\b)[^.;]*$",
    re.I,
)
_PLUPERFECT_RELATIVE = re.compile(
    r"\b(?:that|which)\s+(?:[\w.’'-]+\s+){0,4}had\s+"
    r"(?!(?:committed|pledged|promised|agreed|decided|vowed|undertaken)\b)\w+(?:ed|en|ght)\b"
)
# A sum named as the whole that a fraction is compared with is a reference, not a pledge.
_FRACTION_OF = re.compile(
    r"\b(?:less|more|fewer)\s+than\s+(?:a|an|one|two|three)?\s*"
    r"(?:quarter|third|half|fifth|tenth)s?\s+of\s+(?:the\s+)?$",
    re.I,
)
_INCLUDE = re.compile(
    # ", with up to $30 million to address …" after a sum names a share of it
    r",\s*with\s+$"
    r"|(?:\b(?:including|of which|of this|of that|this (?:will )?includes?|these (?:will )?include"
    r"|comprising|consisting of|among them)\b)[^.;]*$",
    re.I,
)
_SEPARATOR = re.compile(
    r"(?:[,;:]\s*(?:and|as well as|while|plus)?\s*|\s+(?:and|as well as|plus)\s+)"
)
_BENEFICIARY = re.compile(
    r"\b(?:to|for|from|among|across)\s+(?P<b>(?:the\s+|fellow\s+|other\s+|all\s+)*"
    r"[\w\"“”'’ -]{2,80}?)(?=\s+(?:in the (?:next|coming)|within|over|by|to (?:promote|help|support"
    r"|build|strengthen)|so as|so that|through|via|under|during|as part|at|on)\b|[,;.:)]|$)",
)
_WITH_BENEFICIARY = re.compile(
    r"\b(?:provide|offer|supply|equip|give)\s+(?P<b>[\w \"“”'’-]{3,60}?)\s+with\s*$", re.I
)
_VERB_LEMMA = re.compile(r"(?:ies|es|s|ed|ing)$")


def extract(
    text: str,
    announced: dt.date | str,
    actor: str | None = None,
    fallback: Fallback | bool | None = None,
) -> Extraction:
    """Draft commitments in ``text`` announced on ``announced``, and what was skipped.

    ``actor`` is the default actor, used where the text names none (or names a person, or
    says "we"). ``fallback`` is a learned sentence scorer's say (:mod:`pledgetrack.extract.scorer`):
    a sentence the rules drafted nothing from, for want of a cue only (not skipped as past, a
    statistic, a call on others …), that it rates a pledge is read again as if a commitment cue
    governed it (its drafts are flagged ``scorer``), and, when it has a drop
    threshold, the drafts of a sentence it rates far below are dropped (skipped as ``scorer``).
    True takes the shipped scorer, False none, None the package default
    (``scorer.FALLBACK_ON``). Raises
    :class:`ValidationError` for an empty text or a bad date.
    """
    day = _announced(announced)
    rescue = _fallback(fallback)
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(
            "<extract>", "text", text if isinstance(text, str) else type(text).__name__, "is empty"
        )
    raw: list[Draft] = []
    skipped: list[Skipped] = []
    last_actor: str | None = None
    head: Draft | None = None
    lead: cues.Cue | None = None
    lead_actor: str | None = None
    sums_only = False
    previous = ""
    flat = re.sub(r"\s", " ", text)  # same length: offsets stay valid
    for original in split_sentences(text):
        sentence = Span(flat[original.start : original.end], original.start, original.end)
        giver = _GIVER_ITEM.match(sentence.text) if lead is not None else None
        item = lead is not None and (
            (not sums_only and bool(_LIST_ITEM.match(sentence.text)))
            or (not sums_only and _bulleted(text, sentence.start))
            or giver is not None
            or _opens_with_sum(sentence.text)
        )
        found, skips, named = _sentence_drafts(
            sentence,
            day,
            # the name before the colon gives only when the lead names no giver with a cue of
            # its own ("Japan decided to provide the following assistance; (1) Emergency Grant
            # Aid: 30 million USD" is Japan's)
            giver["name"]
            if giver is not None and sums_only
            else (lead_actor or actor)
            if item
            else actor,
            last_actor,
            len(raw),
            lead if item else None,
        )
        if (
            not found
            and head is not None
            and _ORDINAL_ITEM.match(sentence.text)
            and (
                previous.endswith(":")
                or head.cue.lower().startswith(("agree", "decide", "decision"))
            )
        ):
            found = [_list_item(head, sentence, len(raw) + 1)]
        elif found:
            head = found[0] if not found[0].parent else head
        else:
            head = None
        leads = _leads_a_list(sentence.text)
        if leads:
            opening = cues.commitment_cues(sentence.text)
            lead = (
                opening[-1]
                if opening
                else cues.Cue("decides", 0, 0, 0.7)
                if _DECIDES.search(sentence.text)
                else cues.Cue("", 0, 0, 0.6)
                if _PLEDGES_LISTED.search(sentence.text)
                else None
            )
            # a lead with no cue of its own leads only lines of sums
            sums_only = not opening and not _DECIDES.search(sentence.text)
            lead = attrs.evolve(lead, start=0, end=0) if lead is not None else None
            lead_actor = named or cues.sentence_subject(sentence.text) or actor
        elif not item and not _ORDINAL_ITEM.match(sentence.text):
            lead = None
        if _PART_OPENER.match(sentence.text) and not found and raw:
            found, skips, named = _sentence_drafts(
                sentence, day, actor, last_actor, len(raw), cues.Cue("", 0, 0, 0.8)
            )
        if (
            rescue is not None
            and not found
            # a baseline is one figure of the sentence, compared with another: the sentence is
            # still judged ("tasked to collect Ksh 3 trillion …, up from Ksh 2 trillion …")
            and all(s.reason in {"no_cue", "baseline"} for s in skips)
            and rescue.score(sentence.text) >= rescue.add_at
        ):
            rescued = _rescued(sentence, day, actor, last_actor, len(raw))
            if rescued[0]:
                found, skips, named = rescued
        elif (
            rescue is not None
            and found
            and rescue.drop_below is not None
            and rescue.score(sentence.text) < rescue.drop_below
        ):
            found = []
            skips = [*skips, Skipped(sentence.text, sentence.start, sentence.end, "scorer")]
        previous = sentence.text
        if leads and all(d.quantity is None for d in found):
            # "We are determined to work together to:" and "The government also announced some
            # highway projects for multiple states which is as follows." lead their items
            found = []
        found = _split_infinitive_lists(found, len(raw))
        raw.extend(found)
        skipped.extend(skips)
        if named:
            last_actor = named
    drafts = _inherit_terms(link_umbrellas(merge_restated(raw)))
    drafts = [_carry_currency(text, d) for d in drafts]
    local = _local_dollar(text, actor)
    if local is not None:
        drafts = [
            attrs.evolve(d, currency=local)
            if d.currency == "USD" and _BARE_DOLLAR.match(d.quantity_text or "")
            else d
            for d in drafts
        ]
    if rescue is not None:  # the learned draft check, when one is chosen
        drafts, dropped = rescue.checked(drafts, text, actor)
        skipped.extend(dropped)
    renumbered = [
        attrs.evolve(
            d, quotes=tuple(Quote(text[q.start : q.end], q.start, q.end) for q in d.quotes)
        )
        for d in _renumber(drafts)
    ]
    kept = [attrs.evolve(s, text=text[s.start : s.end]) for s in skipped]
    return Extraction(day, tuple(renumbered), tuple(kept))


def _carry_currency(text: str, d: Draft) -> Draft:
    """A bare sum ("138 million from the USA") in the currency of the sum before it."""
    if d.quantity is None or d.currency or d.unit or not d.quantity_text:
        return d
    at = d.quotes[0].text.find(d.quantity_text)
    currency = carried_currency(text, d.quotes[0].start + max(at, 0), d.quantity_text)
    return d if currency is None else attrs.evolve(d, currency=currency)


def _fallback(choice: Fallback | bool | None) -> Fallback | None:
    from pledgetrack.extract import scorer  # the scorer's training reads the extractor

    if choice is None:
        choice = scorer.FALLBACK_ON
    if choice is True:
        return scorer.shipped_fallback()
    return choice or None


def _rescued(
    sentence: Span, day: dt.date, actor: str | None, last_actor: str | None, counter: int
) -> tuple[list[Draft], list[Skipped], str | None]:
    """Drafts of a sentence the scorer rates a pledge, read as if a cue governed it."""
    found, skips, named = _sentence_drafts(
        sentence, day, actor, last_actor, counter, cues.Cue("", 0, 0, 0.5)
    )
    flagged = [
        attrs.evolve(
            d,
            confidence=min(d.confidence, 0.5),
            flags=tuple(dict.fromkeys((*d.flags, "scorer"))),
        )
        for d in found
    ]
    return flagged, skips, named


# A bare "$" is the local dollar in copy of a country that has one: the text's actor is that
# country, or its dateline is one of its cities ("OTTAWA — The Canadian government is …").
# "US$", "U.S. $" and "USD" stay US dollars.
_DOLLAR_COUNTRIES = {
    "canada": "CAD",
    "australia": "AUD",
    "new zealand": "NZD",
    "singapore": "SGD",
    "hong kong": "HKD",
}
_DOLLAR_DATELINE = re.compile(
    r"^[ \t]*(?:(?P<CAD>OTTAWA|TORONTO|MONTREAL|VANCOUVER|CALGARY)"
    r"|(?P<AUD>CANBERRA|SYDNEY|MELBOURNE|BRISBANE|PERTH)|(?P<NZD>WELLINGTON|AUCKLAND)"
    r"|(?P<SGD>SINGAPORE)|(?P<HKD>HONG KONG))\b[^\n]{0,40}?\s[—–-]{1,2}\s",
    re.M,
)
_BARE_DOLLAR = re.compile(r"(?:(?:more than|over|up to|at least|about|nearly|some)\s+)?\$")


# The same holds when the actor is a state, province or territory of such a country ("New South
# Wales government", "Ontario", "the NSW government"): its first-level subdivisions by name, or by
# the letters of their ISO 3166-2 code when these are three or more ("NSW", "QLD").
_DOLLAR_SUBDIVISION_COUNTRIES = {"CA": "CAD", "AU": "AUD", "NZ": "NZD"}


@functools.cache
def _dollar_subdivisions() -> tuple[tuple[re.Pattern[str], str], ...]:
    import pycountry

    out = []
    for sub in pycountry.subdivisions:
        currency = _DOLLAR_SUBDIVISION_COUNTRIES.get(sub.country_code)
        if currency is None or getattr(sub, "parent_code", None):
            continue
        name = re.escape(sub.name)
        letters = sub.code.split("-", 1)[1]
        pattern = rf"\b(?:{name})\b"
        if len(letters) >= 3:
            pattern = rf"\b(?:{name}|(?-i:{re.escape(letters)}))\b"
        out.append((re.compile(pattern, re.I), currency))
    return tuple(out)


def _local_dollar(text: str, actor: str | None) -> str | None:
    """The currency a bare "$" stands for when it is not the US dollar, else None."""
    if actor is not None and actor.strip().lower() in _DOLLAR_COUNTRIES:
        return _DOLLAR_COUNTRIES[actor.strip().lower()]
    if actor is not None:
        for pattern, currency in _dollar_subdivisions():
            if pattern.search(actor):
                return currency
    if actor is not None and _is_country(actor):
        return None  # "MELBOURNE, Australia — Japan's prime minister …": where it was filed
    m = _DOLLAR_DATELINE.search(text)
    return m.lastgroup if m is not None else None


@functools.cache
def _is_country(name: str) -> bool:
    import pycountry

    try:
        pycountry.countries.lookup(name.strip())
    except LookupError:
        return False
    return True


_OFFICE_REFERENCE = re.compile(
    r"\b(?:as|during|under|in|of)\s+(?:its|their|his|her|our)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:presidency|chairmanship)\b"
    r"|\bas\s+(?:the\s+)?(?:(?:rotating|current|incoming)\s+)?(?:presidency|chairmanship)\b",
    re.I,
)


def _inherit_terms(drafts: list[Draft]) -> list[Draft]:
    """Pledges made "as the presidency" fall due when the presidency ends.

    A draft that takes an office for a stated term ("designated China to act as the SCO
    presidency 2017-2018") gives the term; a draft without a deadline that refers to the
    office ("in the light of its work as the presidency", "during its chairmanship") takes the
    end of the term of the same actor, or of the only term the text states.
    """
    terms: dict[str, Deadline] = {}
    for d in drafts:
        if (
            d.deadline is not None
            and d.deadline.date is not None
            and d.deadline.precision is Precision.YEAR
            and any(office_pledge(q.text) for q in d.quotes)
        ):
            terms.setdefault(actor_key(d.actor), d.deadline)
    if not terms:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        m = next((m for q in d.quotes if (m := _OFFICE_REFERENCE.search(q.text))), None)
        term = terms.get(actor_key(d.actor))
        if term is None and len({t.due for t in terms.values()}) == 1:
            term = next(iter(terms.values()))
        if d.deadline is None and m is not None and term is not None:
            deadline = Deadline(term.date, Precision.YEAR, m[0], Basis.INFERRED)
            flags = d.flags
            if d.quantity is None and not cues.vague_cue(d.quote.text):
                flags = tuple(f for f in flags if f != "vague")
            d = attrs.evolve(d, horizon=m[0], deadline=deadline, flags=flags)
        out.append(d)
    return out


_LIST_ITEM = re.compile(
    r"^(?!(?:as|in|on|at|with|for|by|from|which|that|who|and|or|but|while|where|when|including"
    r"|such|the|a|an|this|these|its|their|our)\b)(?:to\s+)?[a-z]+\b|^To\s+[a-z]+\b"
    r"|^(?!(?:The|This|These|Those|That|It|Its|We|Our|They|Their|He|She|I|A|An|In|On|At|For"
    r"|With|By|As|If|When|But|And|Also|However|Here|There)\b)[A-Z][a-z]+\s+[a-z]"
)
_FOLLOWING = re.compile(r"\bthe following\b[^;:]*[;:]$|\bas follows\s*[.:]?$")
# A lead that names pledges without a cue of its own: "Key donors made the following
# commitments:"
_PLEDGES_LISTED = re.compile(
    r"\b(?:commitments|pledges|contributions|allocations|outlays|projects|measures)\b", re.I
)
# A list after a lead may be written as "giver: sum" lines ("Key donors made the following
# commitments: … Japan: US$1.1 billion … United States: US$6 billion") or as lines that open
# with their sum ("… highway projects for multiple states which is as follows. Rs 65,000 crore
# for highway projects in Kerala."): each line is an item of the lead; a giver line's actor is
# the name before its colon.
_GIVER_ITEM = re.compile(
    r"^(?P<name>[A-Z][\w’'.&-]*(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][\w’'.&-]*){0,4}):\s+(?=\S)"
)


def _leads_a_list(text: str) -> bool:
    """A sentence that ends in a colon, or announces what follows ("the following …;",
    "… which is as follows.")."""
    return text.endswith(":") or bool(_FOLLOWING.search(text))


def _opens_with_sum(text: str) -> bool:
    found = find_quantities(text[:40])
    return bool(found) and found[0].start == 0 and found[0].is_money


_LINE_BULLET = re.compile(r"\n[ \t]*(?:[•·▪‣◦*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]*$")


def _bulleted(text: str, start: int) -> bool:
    """True when the sentence at ``start`` opens a bulleted or numbered line."""
    return bool(_LINE_BULLET.search("\n" + text[max(0, start - 12) : start]))


_DECIDES = re.compile(
    r"\b(?:decides|resolves|agrees|undertakes|commits|mandates|requests|directs|instructs)\b", re.I
)
_ORDINAL_ITEM = re.compile(
    r"^(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Firstly|Secondly|Thirdly|Fourthly"
    r"|Fifthly|Finally|Lastly),\s+(?!(?:the|we|they|it|a|an|this|these|our|all)\b)[a-z]+\s+"
    r"(?!that\b)"
)
_INFINITIVE_LIST = re.compile(r"\bincluding\s+(?=to\s+[a-z])")
_INFINITIVE_SEP = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=to\s+[a-z])")


def _split_infinitive_lists(drafts: list[Draft], counter: int) -> list[Draft]:
    """ "… initiatives, including to formulate A, to hold B and to sign C": one part each."""
    out: list[Draft] = []
    for draft in drafts:
        out.append(draft)
        m = _INFINITIVE_LIST.search(draft.quote.text)
        if m is None or draft.quantity is not None:
            continue
        items = draft.quote.text[m.end() :]
        base = draft.quote.start + m.end()
        pos = 0
        for sep in [*_INFINITIVE_SEP.finditer(items), None]:
            stop = sep.start() if sep is not None else len(items.rstrip(" ."))
            piece = items[pos:stop]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                span = Span(
                    piece.strip(), base + pos + lead, base + pos + lead + len(piece.strip())
                )
                out.append(_list_item(draft, span, counter + len(drafts) + len(out) + 1))
            if sep is not None:
                pos = sep.end()
    return out


def extract_drafts(
    text: str,
    announced: dt.date | str,
    actor: str | None = None,
    fallback: Fallback | bool | None = None,
) -> list[Draft]:
    """Draft commitments in ``text`` announced on ``announced`` (see :func:`extract`)."""
    return list(extract(text, announced, actor, fallback).drafts)


def _announced(value: dt.date | str) -> dt.date:
    try:
        return to_date(value, "announced")
    except ValidationError as err:
        raise err.within("<extract>") from None


def _renumber(drafts: list[Draft]) -> list[Draft]:
    ordered = sorted(drafts, key=lambda d: d.quote.start)
    names = {d.id: f"d{i}" for i, d in enumerate(ordered, 1)}
    return [
        attrs.evolve(d, id=names[d.id], parent=names.get(d.parent) if d.parent else None)
        for d in ordered
    ]


@attrs.frozen
class _Candidate:
    quantity: QuantityMention | None
    verb: cues.Verb | None
    cue: cues.Cue
    child: bool


def _sentence_drafts(
    sentence: Span,
    announced: dt.date,
    default_actor: str | None,
    last_actor: str | None,
    counter: int,
    lead: cues.Cue | None = None,
) -> tuple[list[Draft], list[Skipped], str | None]:
    """Drafts of one sentence: each of its ";"-separated parts is read on its own."""
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    named: str | None = None
    head: Draft | None = None
    if (
        # a short line under a lead is one of its items, not a heading ("Japan: US$1.1 billion")
        (_is_heading(sentence.text) and not _HEADLINE.search(sentence.text) and lead is None)
        or sentence.text.rstrip('”’")').endswith("?")
        or _TO_THE_READER.match(sentence.text)
    ):
        return [], [], None
    series = _GERUND_SERIES.match(sentence.text)
    if series is not None and lead is None:
        return _gerund_series(sentence, series, announced, default_actor, last_actor, counter)
    for part in _parts(sentence):
        found, skips, part_named = _part_drafts(
            part, announced, default_actor, named or last_actor, counter + len(drafts), lead
        )
        if not found and head is not None and _QUANTITY_ITEM.match(part.text):
            # "…: $41 billion from China; $18 billion each from Brazil, India and Russia"
            inherited = cues.Cue(head.cue, 0, 0, min(head.confidence, 0.8))
            found, skips, _ = _part_drafts(
                part, announced, head.actor, named or last_actor, counter + len(drafts), inherited
            )
        elif not found and head is not None and _is_list_item(part.text):
            found = [_list_item(head, part, counter + len(drafts) + 1)]
        if len(found) == 1 and found[0].parent is None:
            found = _split_coordinated(found[0], part, announced, counter + len(drafts))
        drafts.extend(found)
        skipped.extend(skips)
        named = named or part_named
        if head is None and found:
            head = found[0]
    return drafts, skipped, named


# A series of aims named by their gerunds after "targets include" is a pledge per gerund: "The
# targets include halving sexual transmission of HIV … and putting an end to HIV transmission
# from mother to child by 2015."
_GERUND_SERIES = re.compile(
    r"^(?:The\s+|Its\s+|Their\s+|Our\s+)?(?:[a-z]+\s+)?(?P<cue>(?:targets|goals|aims|commitments"
    r"|pledges|measures)\s+(?:will\s+)?include)\s+(?=[a-z]+ing\b)"
)
_GERUND_CUT = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?=[a-z]+ing\b)")


def _gerund_series(
    sentence: Span,
    series: re.Match[str],
    announced: dt.date,
    default_actor: str | None,
    last_actor: str | None,
    counter: int,
) -> tuple[list[Draft], list[Skipped], str | None]:
    """One draft per gerund phrase of a series of aims; a horizon that closes the sentence is
    shared by the phrases before it."""
    text = sentence.text
    starts = [series.end()] + [m.end() for m in _GERUND_CUT.finditer(text, series.end())]
    ends = [m.start() for m in _GERUND_CUT.finditer(text, series.end())] + [len(text)]
    lead = cues.Cue(series["cue"], 0, 0, 0.7)
    drafts: list[Draft] = []
    skipped: list[Skipped] = []
    for a, b in zip(starts, ends, strict=True):
        piece = Span(text[a:b], sentence.start + a, sentence.start + b)
        found, skips, _ = _part_drafts(
            piece, announced, default_actor, last_actor, counter + len(drafts), lead
        )
        drafts.extend(found)
        skipped.extend(skips)
    closing = [d.deadline for d in drafts if d.deadline is not None]
    if closing and drafts[-1].deadline is not None:
        drafts = [
            d
            if d.deadline is not None
            else attrs.evolve(
                d,
                deadline=closing[-1],
                flags=tuple(f for f in d.flags if f != "vague"),
            )
            for d in drafts
        ]
    return drafts, skipped, None


# A sentence that addresses the reader is page furniture: "If you are using Internet
# Explorer 9, 10 or 11 our Audio player will not work properly."
_TO_THE_READER = re.compile(r"\s*(?:If|When|Once|Unless|Before)\s+you\b")
_HEADLINE = re.compile(  # "Commonwealth leaders commit $4.1bn to halve malaria by 2023"
    r"^[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3}\s+(?i:commit|pledge|promise|vow)s?\s+"
    r"(?:(?:more than|over|up to|at least|another|an extra)\s+)?(?:[A-Z]{3}\s?|US\$|[$€£¥])\s?\d"
    # a title-case headline's pledge to do something: "ReNew Power Pledges to Achieve Net-Zero
    # Emissions by 2050"
    r"|^[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3}\s+(?i:commits|pledges|promises|vows)\s+(?i:to)\s+\w"
    # a headline's infinitive: "US to donate 500 million doses of Pfizer vaccine"
    r"|^(?:[A-Z][\w’'.&-]*\s+){1,4}to\s+(?:[a-z]+\s+(?:[A-Z]{3}\s?|US\$|[$€£¥])?\s?\d"
    r"|(?:provide|give|offer|contribute|invest|donate|spend|send|fund|build|commit|pledge"
    r"|cut|reduce|halve|double|triple|end|reach|achieve|host|launch)\b)"
    # a headline's progressive with a sum: "Govt refocusing $600m on projects with …"
    r"|^(?:[A-Z][\w’'.&-]*\s+){1,3}[a-z]+ing\s+(?P<prog>(?:[A-Z]{3}\s?|US\$|[$€£¥])\s?\d)"
    # "China will provide 3.7 billion USD in aid to Central Asian countries"
    r"|^[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3}\s+will\s+(?:provide|give|offer|contribute|invest|donate)"
    r"\s+(?:[A-Z]{3}\s?|US\$|[$€£¥])?\s?\d[\d.,]*\s+(?:million|billion|trillion)\b"
    # a headline that opens with the sum and says what it is for or how it came: "$3.8 billion
    # for climate and environment", "Over $10bn raised at Syria conference"
    r"|^(?P<sum>(?:(?:[Oo]ver|[Mm]ore than|[Nn]early|[Aa]bout|[Uu]p to)\s+)?"
    r"(?:[A-Z]{3}\s?|US\$|[$€£¥])\s?\d"
    r"[\d.,]*\s*(?:bn|mn|m|million|billion|trillion)?)\b(?:\s+[a-z][\w-]*)?\s+"
    r"(?:for|raised|pledged|committed)\b"
)
_COORDINATED = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)(?:then\s+)?(?=(?P<v>[a-z]+)\s+\S)")
# A second promissory verb in the past, coordinated in news copy, opens a clause of its own:
# "promised Brazil would end illegal deforestation by 2030 and pledged carbon neutrality by 2050"
_PROMISSORY_PAST = re.compile(r"(?:pledg|promis|vow|committ|undertook|announc)\w*ed$|undertook$")
_NOT_AFTER_VERB = re.compile(r"\s+(?:of|and|or|to|for|in|on|by|with|as|that|which)\b")


def _inside(q: QuantityMention, horizons: list[Horizon], offset: int) -> bool:
    return any(h.start <= q.start + offset < h.end for h in horizons)


def _split_coordinated(draft: Draft, part: Span, announced: dt.date, counter: int) -> list[Draft]:
    """ "We aim to halve plastic waste before 2030 and reach zero waste before 2050": one
    draft per coordinated verb phrase, each with its own quantity and the horizon nearest to
    it; a horizon that opens the sentence ("By 2035, Brazil will cut …, raise …") is shared."""
    quote = draft.quote
    if (quote.start, quote.end) != (part.start, part.end):
        return [draft]
    text = part.text
    cue_at = text.lower().find(draft.cue.lower()) if draft.cue else -1
    begin = cue_at + len(draft.cue) if cue_at >= 0 else 0
    if cue_at > 0 and re.search(r"(?:,\s*|\s)and\s+$", text[:cue_at]):
        begin = 0  # the cue is itself the second of two coordinated verbs: "… and pledged …"
    cuts: list[tuple[int, int]] = []
    for m in _COORDINATED.finditer(text, begin):
        word = m["v"]
        if not cues.VERB.fullmatch(word) or _NOT_AFTER_VERB.match(text, m.end("v")):
            continue
        if (
            word.endswith(("ing", "ed"))
            and word not in {"bring", "feed"}
            and not _PROMISSORY_PAST.match(word)
        ):
            continue
        cuts.append((m.start(), m.end()))
    if not cuts:
        return [draft]
    bounds = [(0, cuts[0][0])]
    bounds += [
        (c[1], (cuts[i + 1][0] if i + 1 < len(cuts) else len(text))) for i, c in enumerate(cuts)
    ]
    if (
        any(len(text[a:b].split()) < 3 for a, b in bounds)
        or len(text[begin : cuts[0][0]].split()) < 2
    ):
        return [draft]
    horizons = [
        h
        for h in find_horizons(text, announced)
        if _is_future(h, announced) and not _dateline(text, h, announced)
    ]
    shared = next((h for h in horizons if h.end <= max(cue_at, 0)), None)
    own = sum(
        1
        for a, b in bounds
        if any(a <= h.start and h.end <= b for h in horizons)
        or any(not _inside(q, horizons, a) for q in find_quantities(text[a:b]))
    )
    if own < 2:
        return [draft]  # "tap potentials, broaden channels and focus on …": one pledge
    out: list[Draft] = []
    for a, b in bounds:
        piece = text[a:b].rstrip(" ,.;")
        inside = [h for h in horizons if a <= h.start and h.end <= b]
        horizon = inside[-1] if inside else shared
        amounts = [
            q
            for q in find_quantities(piece)
            if not any(a <= h.start < b and h.start - a <= q.start < h.end - a for h in horizons)
        ]
        q = amounts[0] if amounts else None
        dated = horizon is not None and horizon.deadline.date is not None
        if q is None and not dated and cues.principle_cue(piece) and not cues.is_concrete(piece):
            continue  # "work with its partners in a spirit of solidarity": a stance
        flags = tuple(f for f in draft.flags if f not in {"vague", "no_unit"})
        if q is None and (horizon is None or horizon.deadline.date is None):
            flags = (*flags, "vague")
        if q is not None and not q.unit and not q.currency:
            flags = (*flags, "no_unit")
        out.append(
            attrs.evolve(
                draft,
                id=f"r{counter + len(out) + 1}",
                quotes=(Quote(piece, part.start + a, part.start + a + len(piece)),),
                quantity=q.value if q else None,
                quantity_text=q.text if q else None,
                unit=(q.unit if q and not q.currency else None),
                currency=q.currency if q else None,
                qualifier=q.qualifier if q else Qualifier.EXACTLY,
                horizon=horizon.phrase if horizon else None,
                deadline=horizon.deadline if horizon else None,
                flags=flags,
            )
        )
    return out or [draft]


_QUANTITY_ITEM = re.compile(
    r"(?:and\s+)?(?:(?:at least|up to|about|some|over|more than|another|a further)\s+)?"
    r"(?:[A-Z]{3}\s?|US\$|[$€£¥])?\d"
)
_DISCOURSE = re.compile(
    r"\b(?:I|we)\s+(?:will|shall|would like to)\s+(?:now\s+|first\s+|briefly\s+)?"
    r"(?:start|begin|turn|conclude|end|speak|talk|say|tell|explain|mention|describe|outline"
    r"|share|touch|focus|offer an answer|answer|elaborate|introduce|summari[sz]e|repeat|close)\b",
    re.I,
)


def _is_heading(text: str) -> bool:
    """A title or heading: no closing punctuation and few words, or most words capitalised."""
    if re.search(r"[.!?;:\"”’)]$|;|\b(?:and|or)$", text):
        return False
    words = text.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    return len(words) <= 12 or capitalised >= 0.6 * len(words)


def _parts(sentence: Span) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for m in re.finditer(r";[,\s]*(?:(?:and|or)\b\s*)?", sentence.text):
        piece = sentence.text[pos : m.start()]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(
                Span(
                    piece.strip(),
                    sentence.start + pos + lead,
                    sentence.start + pos + lead + len(piece.strip()),
                )
            )
        pos = m.end()
    piece = sentence.text[pos:]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        out.append(
            Span(
                piece.strip(),
                sentence.start + pos + lead,
                sentence.start + pos + lead + len(piece.strip()),
            )
        )
    return out


def _is_list_item(text: str) -> bool:
    """ "…; the training of …", "…; and to combat …": a part that goes on the head's pledge."""
    return bool(
        re.match(r"(?:and\s+)?(?:(?:the|a|an)\s+\w+|to\s+[a-z]+)", text, re.I)
    ) and not cues.commitment_cues(text)


def _list_item(head: Draft, part: Span, number: int) -> Draft:
    return attrs.evolve(
        head,
        id=f"r{number}",
        quotes=(Quote(part.text, part.start, part.end),),
        action=None,
        beneficiary=None,
        quantity=None,
        quantity_text=None,
        unit=None,
        currency=None,
        qualifier=Qualifier.EXACTLY,
        confidence=min(head.confidence, 0.5),
        flags=tuple(dict.fromkeys((*head.flags, "part_of_umbrella"))),
        parent=head.id,
    )


def _part_drafts(
    sentence: Span,
    announced: dt.date,
    default_actor: str | None,
    last_actor: str | None,
    counter: int,
    lead: cues.Cue | None = None,
) -> tuple[list[Draft], list[Skipped], str | None]:
    text = sentence.text
    agentive = [c for c in cues.commitment_cues(text) if _agentive(text, c)]
    exhorted = [c for c in agentive if cues.exhortation(text, c)]
    found_cues = _governing_cues(_outside_exhortations(agentive, exhorted, text), text)
    if lead is not None and not found_cues and not exhorted:
        found_cues = [lead]
    all_horizons = find_horizons(text, announced)
    horizons = [
        h
        for h in all_horizons
        if _is_future(h, announced) and not _starts(text, h) and not _dateline(text, h, announced)
    ]
    quantities = [
        q
        for q in find_quantities(text)
        if not any(h.start <= q.start < h.end for h in all_horizons)
        # a number inside the cue counts the pledgers: "commitments by 27 developing countries to"
        and not any(c.start <= q.start < c.end for c in found_cues)
    ]
    skipped: list[Skipped] = []
    named = _named_actor(text, found_cues)
    background = _background(text, min(c.start for c in found_cues)) if found_cues else None
    if background is not None:
        return [], [Skipped(text, sentence.start, sentence.end, background)], named
    candidates: list[_Candidate] = []
    previous_end = 0
    spent: set[int] = set()
    breakdown_of: str | None = None  # why a sum was refused, when the sums after it are its parts
    for q in quantities:
        reason = _not_a_pledge(text, q) or _unasserted(text, q.start)
        cue = lead if lead is not None and not found_cues else _cue_for(found_cues, q.start)
        floor = max(cue.end if cue and cue.end <= q.start else 0, previous_end)
        previous_end = q.unit_end or q.end
        verb = cues.governing_verb(text, q.start, floor)
        if reason is None and _exhorted_at(exhorted, cue, q.start):
            reason = "exhortation"
        named_sum = allocated = False
        if reason is None and cue is None and _names_a_pledged_sum(text, q):
            cue, named_sum = cues.Cue("", q.start, q.start, 0.5), True
        if reason is None and cue is None and _allocated_sum(text, q, announced.year):
            cue, named_sum, allocated = cues.Cue("", q.start, q.start, 0.5), True, True
        if reason is None and cue is None:
            reason = "no_cue"
        if reason is None and re.search(_TO_COME.pattern + r"[^.;]*$", text[: q.start], re.I):
            reason = "event"  # "will outline the plans about donation of 500 million doses"
        if reason is None and cue is not None and cue.end <= q.start and _forecast(text, cue):
            reason = "statistic"
        if reason is None and cue is not None and _NECESSITY.match(text, cue.end):
            reason = "forecast"  # "The government will be forced to borrow Sh 700 billion"
        if (
            reason is None
            and cue is not None
            and _ON_TRACK.search(text)
            and not _PROMISE.match(cue.text)
        ):
            reason = "statistic"  # "puts the country on track to achieve net zero by 2050"
        if (
            reason is None
            and cue is not None
            and re.match(r"targets?$", cue.text, re.I)
            and _JUDGED.search(text, cue.end)
        ):
            reason = "description"  # "Australia’s 2030 target … is responsible and achievable"
        if (
            reason is None
            and cue is not None
            and cue.text.lower().endswith(("ed", "ed to"))
            and cues.past_marked(text[: cue.start], text[cue.end :], announced.year, cue.text)
        ):
            reason = "past"
        if reason is None and verb is not None and verb.tense == "past" and not allocated:
            reason = "past"
        if (
            reason is None
            and cue is not None
            and _RECALLED.search(text[: cue.start])
            and not re.match(r"will|shall|'ll", cue.text, re.I)
        ):
            reason = "past"  # "Kishida recalled that the pledge of 20 billion yen …"
        if (
            reason is None
            and verb is not None
            and verb.tense == "present"
            and not named_sum
            and not _future_context(text, verb)
        ):
            reason = "statistic"
        if reason is None and verb is None and cue is not None and cue.start > q.start:
            # "1,000 scholarships will be offered": the subject is counted
            verb = cues.Verb(cue.text, cue.start, "future")
        if reason is None and breakdown_of is not None:
            reason = breakdown_of  # a part of a sum refused before it ("…, out of which …")
        if reason is not None:
            if _BREAKDOWN.match(text, q.unit_end or q.end):
                breakdown_of = reason
            skipped.append(Skipped(text, sentence.start, sentence.end, reason))
            if cue is not None and reason in {
                "past",
                "statistic",
                "baseline",
                "forecast",
                "negated",
            }:
                spent.add(id(cue))
            continue
        assert cue is not None
        first = candidates[0].quantity if candidates else None
        child = first is not None and bool(_INCLUDE.search(text[first.end : q.start]))
        child = child or bool(_PART_OPENER.match(text))
        candidates.append(_Candidate(q, verb, cue, child))
    taken_cues = {id(c.cue) for c in candidates} | spent
    for i, cue in enumerate(found_cues):
        if id(cue) in taken_cues:
            continue
        nxt = found_cues[i + 1].start if i + 1 < len(found_cues) else len(text)
        if any(c.quantity is not None and cue.end <= c.quantity.start < nxt for c in candidates):
            continue
        if any(c.cue is cue for c in candidates):
            continue
        lone = _unquantified(text, cue, announced.year)
        if lone is not None:
            candidates.append(lone)
    if not candidates:
        if exhorted:
            skipped.append(Skipped(text, sentence.start, sentence.end, "exhortation"))
        return [], _dedupe_skips(skipped), named
    candidates.sort(key=_anchor_of(text))
    segments = [
        _narrow(seg, sentence, cand)
        for seg, cand in zip(_segments(sentence, candidates), candidates, strict=True)
    ]
    drafts: list[Draft] = []
    parent_id: str | None = None
    for i, (cand, seg) in enumerate(zip(candidates, segments, strict=True)):
        draft_id = f"r{counter + len(drafts) + 1}"
        horizon = _horizon_for(seg, sentence, horizons, segments)
        if (
            horizon is None
            and i + 1 < len(candidates)
            and _range_with(text, cand, candidates[i + 1])
        ):
            # the two ends of a range share the horizon after the second: "pledged Canada would
            # reduce its greenhouse gas emissions by 40% to 45% by 2030"
            horizon = _horizon_for(segments[i + 1], sentence, horizons, segments)
        draft = _draft(
            draft_id, cand, seg, sentence, horizon, default_actor, last_actor, found_cues
        )
        if _of_principle(draft, cand, seg, sentence):
            skipped.append(Skipped(text, sentence.start, sentence.end, "principle"))
            continue
        umbrella = next((d for d in drafts if d.id == parent_id), None)
        if cand.child and umbrella is not None:
            draft = attrs.evolve(
                draft,
                parent=parent_id,
                flags=(*draft.flags, "part_of_umbrella"),
                horizon=draft.horizon or umbrella.horizon,
                deadline=draft.deadline or umbrella.deadline,
            )
        elif cand.child:
            draft = attrs.evolve(draft, flags=(*draft.flags, "part_of_umbrella"))
        elif not cand.child:
            parent_id = draft_id
        drafts.append(draft)
    return drafts, _dedupe_skips(skipped), named


def _range_with(text: str, cand: _Candidate, nxt: _Candidate) -> bool:
    """Whether two quantities are the ends of one range ("40% to 45%", "26 to 28 per cent")."""
    a, b = cand.quantity, nxt.quantity
    if a is None or b is None or a.start >= b.start:
        return False
    return bool(re.fullmatch(r"\s*(?:%|per\s?cent)?\s*(?:to|-|–)\s*", text[a.end : b.start]))


def _outside_exhortations(
    found: list[cues.Cue], exhorted: list[cues.Cue], text: str
) -> list[cues.Cue]:
    """Cues that are not calls on others, nor inside one ("calls on all parties to pledge …").

    A finite cue after the call ("…, and is ready to", "…, and we will") is the speaker's own.
    """
    out: list[cues.Cue] = []
    for cue in found:
        if cue in exhorted:
            continue
        call = next((e for e in reversed(exhorted) if e.end <= cue.start), None)
        finite = re.match(
            r"(?:will|shall|would|is|are|am|was|were|stands?|remains?)\b|\w+(?:s|ed)\b|\w+'ll\b",
            cue.text,
            re.I,
        )
        if (
            call is not None
            and not finite
            and not re.search(
                r"(?:[,;]|\band)\s+(?:(?:and|but|while)\s+)?(?:we|i|it|they|[A-Z][\w’'-]+)\b"
                r"(?:\s+[\w’'-]+){0,4}\s*$",
                text[call.end : cue.start],
            )
        ):
            continue
        out.append(cue)
    return out


def _exhorted_at(exhorted: list[cues.Cue], cue: cues.Cue | None, position: int) -> bool:
    """True when the nearest cue before ``position`` is a call on others."""
    calls = [e for e in exhorted if e.end <= position]
    if not calls:
        return False
    return cue is None or cue.end <= calls[-1].start or cue.start > position


def _of_principle(draft: Draft, cand: _Candidate, seg: Quote, sentence: Span) -> bool:
    """A statement of principle: no number, no date, no concrete deliverable, and the words of
    a stance after the cue."""
    if draft.quantity is not None or "vague" not in draft.flags:
        return False
    clause = sentence.text[max(cand.cue.end, seg.start - sentence.start) : seg.end - sentence.start]
    if _AIM_CUE.match(cand.cue.text) and _PURPOSE.match(clause) and not cues.is_concrete(clause):
        return True  # an aim worded as a purpose: "The government aims to promote the welfare of …"
    return cues.principle_cue(clause) is not None and not cues.is_concrete(clause)


# An aim in the third person present ("aims to", "seeks to"), with no number and no date, whose
# verb names only a purpose — to promote, help, address, contribute to, foster, encourage,
# advance — states what an actor stands for, not what it will deliver: "The company aims to
# help address the global climate crisis and lead the world’s transition to a low carbon
# economy." ("we will aim to foster …" stays a pledge.)
_AIM_CUE = re.compile(r"(?:aims|intends|seeks|strives) to$", re.I)
_PURPOSE = re.compile(
    r"\s*(?:help\s+(?:to\s+)?)?(?:promote|address|contribute|foster|encourage|advance|help)\b",
    re.I,
)


_REPORTED_SUBJECT = re.compile(
    r"(?:\b(?:said|says|stated|states|told|announced|added|declared|noted|pledged|promised"
    r"|confirmed|vowed)\b[^.;]{0,60}?\b(?:that\s+)?|^)(?:\w+\s+){0,2}?"
    r"(?:(?:his|her|its|their|our|the)\s+(?:\w+\s+)?(?:country|countries|government|nation"
    r"|administration|company|bank|group)|these\s+\w+|this\s+\w+)\s*$"
    r"|\b(?:commitments|pledges|contributions|funds|funding|investments?|package|resources"
    r"|money|financing|grants?|loans?|agreed|pledged|committed|promised|announced)\s*$",
    re.I,
)


_REPORTER = re.compile(
    r"^(?:The\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w’'.-]*)*\s+"
    r"(?:\w+ly\s+)?(?:said|says|confirmed|announced|stated|added|noted|declared|told\s+\w+)"
    r"(?:\s+that)?\s+(?:it|they|he|she)\b"
)
_RECALLED = re.compile(r"\brecall(?:ed|s|ing)\b", re.I)
_EXPECT = re.compile(
    r"\b(?:expects?|expected|hopes?|believes?|trusts?)\s+that\b"
    # a verb of foreseeing frames a forecast, with or without "that" (round six): "We foresee an
    # economy that will be growing at 6 percent at a time when the global economy will be
    # growing at 2 percent"
    r"|\b(?:foresees?|foresaw|predicts?|predicted|anticipates?|anticipated)\b",
    re.I,
)


# Being "on track" or "on course" to something is a forecast of where a course leads, not a
# promise, unless a promissory verb is the cue ("will", "pledged", "committed").
# A target judged, not set: the target is the subject of "is" or "was" and an adjective of
# judgement ("Australia’s 2030 target to reduce emissions by 26 to 28 per cent below 2005
# levels is responsible and achievable", "the target is too weak")
_JUDGED = re.compile(
    r"\b(?:is|are|was|were)\s+(?:(?:not|too|very|both|fully|still|quite)\s+)?(?:responsible"
    r"|achievable|ambitious|realistic|unrealistic|insufficient|inadequate|adequate|credible"
    r"|fair|weak|modest|consistent|reasonable|appropriate|unambitious)\b",
    re.I,
)
_ON_TRACK = re.compile(r"\bon (?:track|course) (?:to|for)\b", re.I)
_PROMISE = re.compile(r"will|shall|'ll|pledg|commit|promis|vow", re.I)


def _forecast(text: str, cue: cues.Cue) -> bool:
    """True for "Africa's population will reach …": the word before the cue is no agent.

    Reported speech ("Abe said his country will …"), a possessive subject ("their
    governments will …") and pledged money as subject ("These commitments will help …")
    are agents.
    """
    if cue.start == 0 or not re.match(r"will|shall|'ll|would", cue.text, re.I):
        return False  # "said the new target would put the UK on the fastest track": no agent
    if _EXPECT.search(text[: cue.start]):
        return True  # "the leaders expect that the conference will serve as …"
    if _REPORTED_SUBJECT.search(text[: cue.start].rstrip() + " "):
        return False
    before = text[: cue.start].rstrip()
    sums = [q for q in find_quantities(before) if q.currency and q.end >= len(before) - 1]
    if sums:
        return False  # a sum as subject is money promised: "$40 million will go to …"
    if re.search(r"\bthere\s*$", before, re.I):
        return False  # "In addition, there would be 70 million euros in medical support."
    return (
        cues.actor_before(text, cue.start) is None
        and bool(re.search(r"\b[a-z]+\s*$", text[: cue.start]))
        and not re.search(r"\band\s*$", text[: cue.start])
    )


def _governing_cues(found: list[cues.Cue], text: str) -> list[cues.Cue]:
    """Cues without those that only report the next one ("announced that China will")."""
    out: list[cues.Cue] = []
    for i, cue in enumerate(found):
        nxt = found[i + 1] if i + 1 < len(found) else None
        if (
            nxt is not None
            and nxt.start - cue.end < 50
            and not re.search(r"[,;:]", text[cue.end : nxt.start])
        ):
            continue
        out.append(cue)
    return out


def _agentive(text: str, cue: cues.Cue) -> bool:
    """False for a cue in a relative clause ("a system that will support")."""
    before = text[: cue.start].rstrip()
    clause = re.split(r"[,;.]", text[cue.end :], maxsplit=1)[0]
    if (
        re.search(r"ed$", cue.text)
        and (_DONE_BEFORE.search(clause) or re.search(r"\bhad\s+(?:\w+ly\s+)?$", before + " "))
        and re.search(
            # an object relative clause with its own subject, dated before (round six): "the
            # €428,000 seed potato project to support the farming community in Ukraine, which the
            # minister announced earlier this year" — the clause describes a pledge made before,
            # it makes none (not "which each pledged": the relative pronoun is the subject there)
            r"\bwhich\s+(?:(?:the|his|her|its|their|our)\s+(?:[\w’'.-]+\s+){0,3}"
            r"|(?:he|she|they|we|I|it|(?-i:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2}))\s+)"
            r"(?:(?:had|has|have)\s+)?(?:\w+ly\s+)?$",
            before + " ",
            re.I,
        )
    ):
        return False
    return not re.search(
        r"\b(?:that|which|who|what|whose)(?:\s+(?:has|have|had|was|were|is|are))?"
        r"(?:\s+been)?$",
        before,
        re.I,
    )


def _anchor_of(text: str) -> Callable[[_Candidate], int]:
    def anchor(cand: _Candidate) -> int:
        if cand.quantity is not None:
            if cand.verb is not None and cand.verb.start < cand.quantity.start:
                return cand.verb.start
            return cand.quantity.start
        actor = cues.actor_before(text, cand.cue.start)
        if actor:
            pos = text.rfind(actor, 0, cand.cue.start)
            if pos >= 0 and cand.cue.start - (pos + len(actor)) < 30:
                return pos
        return cand.cue.start

    return anchor


def _dedupe_skips(skipped: list[Skipped]) -> list[Skipped]:
    seen: set[tuple[int, str]] = set()
    out: list[Skipped] = []
    for s in skipped:
        if (s.start, s.reason) not in seen:
            seen.add((s.start, s.reason))
            out.append(s)
    return out


_START = re.compile(
    r"\b(?:starting|beginning|commencing|effective|as of|as from)(?:\s+(?:on|from))?\s*$", re.I
)


_DATELINE = re.compile(r"^\s*(?:[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*,\s*)?$")


def _dateline(text: str, h: Horizon, announced: dt.date) -> bool:
    """True for the date a text is given ("Belém, 10 November 2025 — Norway will …") and for
    the day of the announcement itself without "by" or "before": neither is a deadline."""
    if _DATELINE.match(text[: h.start]) and re.match(r"\s*(?:[—–:-]|\()", text[h.end :]):
        return True
    due = h.deadline.due
    return (
        due == announced
        and h.deadline.precision is Precision.DAY
        and not re.match(r"(?:by|before|until|no later than)\b", h.phrase, re.I)
    )


def _starts(text: str, h: Horizon) -> bool:
    """True for a start day ("starting on 1 May 2020", "as of 1 July"): no deadline. A start
    stated as a year or month ("Beginning next year, … will impose") is due by its end."""
    return h.deadline.precision is Precision.DAY and bool(_START.search(text[: h.start]))


def _is_future(h: Horizon, announced: dt.date) -> bool:
    due = h.deadline.due
    return due is None or due >= announced


def _future_context(text: str, verb: cues.Verb) -> bool:
    before = text[max(0, verb.start - 30) : verb.start]
    return bool(re.search(r"\b(?:will be|shall be|by|to be|be)\s+$", before, re.I))


def _cue_for(found: list[cues.Cue], position: int) -> cues.Cue | None:
    before = [c for c in found if c.end <= position]
    if before:
        return before[-1]
    return found[0] if found else None


# A broad fallback for a sum with no promissory word: money that names what it is — a fund,
# package, plan, investment, funding, boost, grant, loan or credit line ("a $2.0 billion Climate
# Solutions Fund", "the nation's nearly $24 billion investment in …", "$500 million in funding
# for …", "the launch of $900 million plan") — is a pledge of the actor, unless the part says the
# money is past, denied, forecast or only compared ("had", "was", "so far", "not", "expected",
# "would", "biggest"); the tense of its verb is checked as for any other sum.
_PLEDGED_NOUN = re.compile(
    r"\s*(?:(?:in|of)\s+(?:new\s+|extra\s+|additional\s+)?)?"
    r"(?:(?:[A-Z][\w’'-]*|new|extra|additional|funding|investment|climate|aid)\s+){0,4}?"
    r"(?:fund|funds|funding|package|plan|investment|boost|grants?|loans?|credit\s+lines?"
    r"|facility|initiative|programme|program)\b",
    re.I,
)
_NAMED_SUM_BLOCK = re.compile(
    r"\b(?:had|was|were|has\s+been|have\s+been|did|since|so\s+far|to\s+date|already"
    r"|last\s+year|previous(?:ly)?|earlier|ago|not|no|never|n't|expected|projected|estimated"
    r"|would|could|may|might|likely|on\s+track|biggest|largest|smallest|record|total(?:led|ed)?"
    r"|spent|worth)\b",
    re.I,
)


def _names_a_pledged_sum(text: str, q: QuantityMention) -> bool:
    """Whether money with no cue names a fund, plan or investment in a part that allows it."""
    if not q.is_money or _PART_OPENER.match(text):
        return False  # "The financing includes …" is read as the parts of the sum before it
    if _is_heading(text):
        # a headline opening with its sum: "$3.8 billion for climate and environment"
        head = _HEADLINE.match(text)
        if head is None:
            return False
        if head["prog"] is not None:
            return q.start == head.start("prog")
        return head["sum"] is not None and q.start == 0
    noun = _PLEDGED_NOUN.match(text, q.end)
    if noun is None:
        return False
    # the clause of the sum: from the last comma, semicolon or dash before it to the next comma
    # or relative pronoun after its noun ("…, which is expected to deliver …" is another clause)
    start = max(text.rfind(mark, 0, q.start) for mark in (", ", "; ", "—", " – "))
    after = _CLAUSE_END.search(text, noun.end())
    return not _NAMED_SUM_BLOCK.search(text, max(start, 0), after.start() if after else len(text))


_CLAUSE_END = re.compile(r",\s|;|\b(?:which|that|who)\b")

# A budget's allocation is a pledge in force however the copy words it: "the budget has
# allocated ₹20,000 crore to …", "The allocation for FY23 is ₹1 lakh crore", "The outlay … has
# been increased from ₹10,000 crore to ₹15,000 crore" (the new sum; the one after "from" is its
# baseline), "the budget has seen an increase to ₹80,671 crore in 2024". A sum in a part that
# names an allocation, outlay or budget is the actor's, in the perfect or the past too, unless
# its own clause (from the last comma, or from the "to" of a change) says it is past, revised,
# previous or spent, or dates it before the year of the announcement.
_ALLOCATION = re.compile(
    r"\b(?:allocat\w*|allot(?:s|ted|ting|ments?)?|outlays?|budget(?:s|ed|ary)?|set\s+aside|earmark\w*"
    r"|appropriat\w*)\b",
    re.I,
)
_ALLOCATION_BLOCK = re.compile(
    r"\b(?:had|was|were|revised|previous(?:ly)?|last\s+(?:year|fiscal)|earlier|stood|stands"
    r"|so\s+far|to\s+date|spent|estimates?|deficit|ago|since)\b",
    re.I,
)
_CHANGE_TO = re.compile(r"\bfrom\b(?:[^,;]|,(?=\d))*?\s(to)\s+(?:(?:\w+\s+){0,2})?$", re.I)


def _allocated_sum(text: str, q: QuantityMention, year: int) -> bool:
    """Whether money with no cue is what a budget allocates (see ``_ALLOCATION``)."""
    if not q.is_money or not _ALLOCATION.search(text):
        return False
    before = text[: q.start]
    change = _CHANGE_TO.search(before)
    start = change.start(1) if change else max(before.rfind(m) for m in (", ", "; ", "—", " – "))
    after = re.compile(r",\s|;|\s(?:from|compared|against|up|down)\s").search(text, q.end)
    clause = text[max(start, 0) : after.start() if after else len(text)]
    if _ALLOCATION_BLOCK.search(clause):
        return False
    return not any(int(y) < year for y in re.findall(r"\b((?:19|20)\d\d)\b", clause))


# A number that counts the pledgers is not what they pledge: "Six banks committed to investing
# …, promising a total of $4.16 trillion", "22 businesses pledged to improve …", "More than 200
# companies, including Twitter, …, signed a climate pledge": a count of givers (countries,
# companies, banks, donors …) that is the subject of a promissory verb or "will".
_GIVERS = re.compile(
    r"(?:^|\s)(?:countries|nations|states|governments|companies|businesses|firms|banks|donors"
    r"|members|organi[sz]ations|partners|leaders|cities|regions|signatories|investors"
    r"|foundations|institutions|corporations|economies|philanthropists|agencies|stakeholders"
    r"|participants)$",
    re.I,
)
_GIVERS_VERB = re.compile(
    r"(?:\s*(?:,[^,]{1,80},|\([^)]{1,80}\)|[–—-][^–—-]{1,80}[–—-]))?\s+"
    r"(?:(?:have|has|had|also|today|jointly|together|collectively)\s+)*"
    r"(?:pledged|committed|promised|vowed|joined|signed|agreed|announced|made|contributed|will"
    r"|are\s+(?:committed|pledging|committing)|(?!(?:during|including|following|according)\b)"
    r"[a-z]+ing)\b",
    re.I,
)
# A share of the givers ("with 75% of countries increasing their pledges") and the givers as
# the agent of a passive ("endorsed by a total of 94 stakeholders") count the pledgers, not
# what is pledged.
_SHARE_OF_GIVERS = re.compile(
    r"\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:countries|nations|states"
    r"|governments|companies|donors|members|partners|leaders|signatories)\b",
    re.I,
)
_BY_GIVERS = re.compile(r"\bby\s+(?:a\s+total\s+of\s+)?$", re.I)


def _counts_givers(text: str, q: QuantityMention) -> bool:
    share = _SHARE_OF_GIVERS.match(text, q.end) if q.percent else None
    if share is not None:
        return bool(_GIVERS_VERB.match(text, share.end()))
    if q.is_money or q.percent or not q.unit or not _GIVERS.search(" " + q.unit):
        return False
    if _BY_GIVERS.search(text[: q.start]):
        return True
    return bool(_GIVERS_VERB.match(text, q.unit_end or q.end))


_ADVISED = re.compile(
    r"\b(?:recommend(?:ed|s|ing)?|suggest(?:ed|s|ing)?|advis(?:ed|es|ing)|urg(?:ed|es|ing)"
    r"|should|ought\s+to)\s+(?:[\w’'-]+\s+){0,4}?(?:(?:about|around|nearly|some|over|more than"
    r"|at least|up to)\s+)?$",
    re.I,
)
_WHERE_OR_WHICH = re.compile(
    r"[ -](?:[\w-]+\s+)?(?:regions|countries|states|districts|provinces|cities|villages|sectors"
    r"|areas|streams|pillars|categories|themes|components|locations)\b",
    re.I,
)
_ESTIMATED = re.compile(
    r"\b(?:is|are|was|were|be|been)\s+(?:now\s+)?(?:estimated|projected|forecast|predicted"
    r"|expected)\s+to\s+(?:be|reach|grow|rise|fall|hit|exceed|total|stand)\s+(?:at\s+|by\s+)?"
    r"(?:(?:about|around|nearly|some|over|more than|less than|almost)\s+)?$",
    re.I,
)
_EFFECT_BEFORE = re.compile(
    r"\b(?:sav(?:e|es|ing)|avert(?:s|ing)?|prevent(?:s|ing)?|avoid(?:s|ing)?)\s+"
    r"(?:(?:an?|the|another|additional|estimated|up to|more than|over|nearly|some|around|about"
    r"|almost|at least)\s+)*$",
    re.I,
)
_EFFECT_UNIT = re.compile(r"(?:[\w-]+\s+)?(?:lives|deaths|infections|cases)\b", re.I)


# What makes a whole sentence no pledge, whatever its cue (round six). A pledge binds its giver
# to a deed to come; a sentence that tells what usually happens, or that presents what it
# reports as an established fact, binds no one.
#
# A generic or habitual statement — a frequency adverb on the verb — tells how things tend to
# go, not what someone will do: "U.N. pledging conferences often draw promises of big sums from
# governments, …, but those don’t always get fulfilled entirely."
_HABITUAL = re.compile(
    r"\b(?:often(?![-‑])|usually|typically|generally|traditionally|normally|rarely|seldom|frequently"
    r"|tends?\s+to|(?:don|doesn|didn)[’']t\s+always|do(?:es)?\s+not\s+always)\b",
    re.I,
)
# A factive reporting frame — "highlighted", "noted", "pointed out", "reminded", "underlined",
# "recalled", "mentioned" that … — presents its clause as a known fact; when that clause has no
# "will", "shall" or "would" it reports what was done or pledged before, not a pledge of this
# announcement: "Al Hashimy also highlighted that the UAE previously pledged $930 million to
# Yemen and provided an addition $70 million to UNICEF."
_FACTIVE_FRAME = re.compile(
    r"\b(?:highlight(?:ed|s|ing)|not(?:ed|es|ing)|point(?:ed|s|ing)\s+out|remind(?:ed|s|ing)"
    r"(?:\s+\w+)?|underlin(?:ed|es|ing)|recall(?:ed|s|ing)|mention(?:ed|s|ing)"
    r"|acknowledg(?:ed|es|ing))\s+that\b",
    re.I,
)
# what marks the reported clause as done before: "previously", "already", "earlier", "last
# year", "so far", "to date", "since 2014", "ago"
_DONE_BEFORE = re.compile(
    r"\b(?:previously|already|earlier|last\s+(?:year|month|week)|so\s+far|to\s+date"
    r"|since\s+(?:19|20)\d\d|ago)\b",
    re.I,
)
_FUTURE_MODAL = re.compile(r"\b(?:will|shall|would|'ll|’ll|is\s+to|are\s+to|plans?\s+to)\b", re.I)


# A sentence whose main verb is one of foreseeing tells a forecast: "We foresee an economy that
# will be growing at 6 percent at a time when the global economy will be growing at 2 percent"
_FORESEEN = re.compile(
    r"\W*(?:[\w’'-]+\s+){0,3}?(?:foresees?|foresaw|predicts?|predicted|anticipates?|anticipated"
    r"|forecasts?)\s+(?:that\s+)?(?:an?|the)\b",
    re.I,
)


# A demonstrative subject with a verb of relation weighs what was said before, it adds nothing:
# "This marks a potential $1 billion increase from the Administration’s previous pledge to the
# Global Fund for 2010-2013."
_EVALUATIVE_THIS = re.compile(
    r"\W*(?:This|That|These|Those|It)\s+(?:\w+ly\s+)?(?:marks|represents|means|constitutes"
    r"|amounts\s+to)\b"
)
# A verb of fulfilment reports a pledge kept, not one made: "China has honored its 2015 promise
# to provide Africa with funding support totaling 60 billion U.S. dollars, Xi said, …"
_FULFILLED = re.compile(
    r"\b(?:honou?red|fulfill?ed|kept|met|delivered\s+on|made\s+good\s+on|lived\s+up\s+to)\s+"
    r"(?:its|their|his|her|our|the|a|an|this|that|these)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:promises?|pledges?|commitments?)\b",
    re.I,
)


def _background(text: str, first_cue: int) -> str | None:
    """Why a whole sentence states no pledge, or None (see above).

    A frame of fulfilment or a factive frame governs only what follows it: after the first cue
    it is an adjunct of the pledge ("… provide training courses for 300,000 people by 2025, …,
    noting that Japan has so far trained about 4,000 young Africans").
    """
    if _HABITUAL.search(text):
        return "description"
    if _FORESEEN.match(text):
        return "forecast"
    if re.match(r"\W*Here\s+(?:is|are|’s|'s)\b", text):
        # a presentational "Here are …" introduces what follows: "Here are some projects the
        # government intends to embark on in 2020 in the "Nkosuo and Nkabom" budget."
        return "summary"
    if _EVALUATIVE_THIS.match(text):
        return "description"
    kept = _FULFILLED.search(text)
    if (
        kept is not None
        and kept.start() <= first_cue
        and not _FUTURE_MODAL.search(text[: kept.start()])
    ):
        return "past"
    frame = _FACTIVE_FRAME.search(text)
    if (
        frame is not None
        and frame.start() <= first_cue
        and not _FUTURE_MODAL.search(text, frame.end())
        and _DONE_BEFORE.search(text, frame.end())
    ):
        return "past"
    return None


# A figure that describes the setting of a pledge is not what the pledge gives (round six):
# * what is needed or asked for (a statistic of need) — a sum that is "needed" or "required", or
#   the object of an appeal, a need or a shortfall: "a target for the international community to
#   meet half of an estimated $16.3 billion needed to respond to the flooding";
# * a comparison — a figure after "up from", "down from", "compared with", in a sentence that
#   opens "In comparison", or a percentage followed by "more"/"less" and "than" with no future
#   in the sentence: "up from Ksh 2 trillion collected in the last financial year", "In
#   comparison, Japan’s defense budget for the fiscal year that ends in March 2023 is $39.66
#   billion.", "30% more was pledged this year than in similar donors' conference last year";
# * a running total — "total" with "since" a year, "to date" or "so far" before the figure:
#   "Saudi Arabia's pledge brings their total contribution to Yemen since 2014 over $14 billion";
# * a figure inside a relative clause whose verb is in the past — the clause describes the noun
#   it follows: "a recent war that also made destitute over 100,000 people".
# a currency word the quantity reader leaves out of the figure ("up from Ksh 2 trillion")
_LEFT_CURRENCY = r"(?:(?-i:[A-Z][A-Za-z]{1,3})\.?\s*)?"
_NEEDED_AFTER = re.compile(
    r"\s+(?:(?:is|are|was|were)\s+)?(?:still\s+)?(?:[\w-]+\s+){0,1}?(?:needed|required)\b",
    re.I,
)
_NEED_BEFORE = re.compile(
    r"\b(?:appeal(?:s|ed)?\s+for|(?:needs|need|needed|requires|required|seeking|sought|shortfall"
    r"|gap)\s+(?:of\s+)?)(?:an?\s+)?(?:(?:estimated|additional|about|around|nearly|some|over"
    r"|more than|at least|almost)\s+)*" + _LEFT_CURRENCY + "$",
    re.I,
)
_COMPARED_BEFORE = re.compile(
    r"(?:\b(?:up|down)\s+from|\bcompared\s+(?:with|to))\s+"
    r"(?:(?:about|around|nearly|some|over|more than|almost|just)\s+)?" + _LEFT_CURRENCY + "$",
    re.I,
)
_MORE_THAN = re.compile(r"\s+(?:more|less|fewer|higher|lower)\b[^.;,]*?\bthan\b", re.I)
_RUNNING_TOTAL = re.compile(
    r"\btotal\b(?:\s+[\w’'-]+){0,5}?\s+(?:since\s+(?:19|20)\d\d|to\s+date|so\s+far)\b[^.;]*$",
    re.I,
)
# (not a verb of giving or promising: "Saudi Arabia, which pledged $500 million" is a pledge
# reported in a relative clause, as news copy does)
_PAST_IRREGULAR = "made|took|left|brought|saw|cost|killed|lost|spent|built|won|hit|drove"
_PAST_RELATIVE = re.compile(
    r"\b(?:that|which|who)\s+(?:also\s+|already\s+)?(?:(?!(?:pledg|promis|vow|commit|announc"
    r"|offer|earmark|allocat|contribut|donat|dedicat|provid|grant|approv|agre|decid|lend|loan)"
    r")[a-z]+ed|"
    + _PAST_IRREGULAR
    + r")\s+(?:[\w-]+\s+){0,3}?(?:(?:about|around|nearly|some|over|more than|almost)\s+)?$",
    re.I,
)


# * a deed done — the figure is the object of a verb of giving in the perfect or the past
#   ("provided", "delivered", "disbursed", "spent", "shipped" …) and the clause marks it as done
#   ("already", "so far", "to date", "since 2014", "last year", "in total"): "the United States
#   has provided over $19 billion to help countries fight COVID-19 …" is reported as done when
#   "so far" or "already" says so ("Saudi Arabia had already provided in excess of $800 million
#   in support to refugees …"). Unmarked, a perfect of giving may be a budget's allocation ("the
#   government has provided an additional Rs 69,000 crore for the health sector") and stands.
_GIVEN_BEFORE = re.compile(
    r"\b(?:(?:has|have|had)\s+(?:[\w’'-]+\s+){0,2}?)?(?:provided|disbursed|delivered|donated|spent"
    r"|contributed|given|gave|invested|financed|shipped|sent|paid|supplied|distributed|transferred"
    r"|channell?ed|administered)\s+(?:(?:in\s+excess\s+of|more\s+than|over|about|nearly|some"
    r"|almost|around|at\s+least|an?\s+(?:additional|further|total\s+of))\s+)?"
    + _LEFT_CURRENCY
    + "$",
    re.I,
)
_DONE_MARK = re.compile(
    r"\b(?:already|so\s+far|to\s+date|since\s+(?:19|20)\d\d|last\s+(?:year|month|week)"
    r"|in\s+total|cumulatively|over\s+the\s+(?:past|last)\b|ago)\b",
    re.I,
)


# A figure in a negated clause is not pledged (round six), whatever verb governs it: "not",
# "never", "no longer", "cannot" or "-n't" before it in its clause ("Jordan’s King Abdullah said
# his country could not sustain unaided the burden of what he said was almost 1.3 million
# Syrian refugees"; "will not only provide" is no negation).
_CLAUSE_CUT = re.compile(r"[;:]|,\s+(?:but|while|whereas|although|though)\b|\s[–—]\s")
_NEGATED = re.compile(r"\b(?:not(?!\s+only\b)|never|no\s+longer|cannot)\b|n[’']t\b", re.I)


def _unasserted(text: str, position: int) -> str | None:
    """Give "negated" when the clause before ``position`` is negated, else None (see above)."""
    before = text[:position]
    cuts = list(_CLAUSE_CUT.finditer(before))
    clause = before[cuts[-1].end() :] if cuts else before
    if _NEGATED.search(clause):
        return "negated"
    return None


def _context_figure(text: str, q: QuantityMention) -> str | None:
    """Why a figure describes a pledge's setting rather than its gift, or None (see above)."""
    before = text[: q.start]
    unit_end = q.unit_end or q.end
    needed = _NEEDED_AFTER.match(text, q.end) or _NEEDED_AFTER.match(text, unit_end)
    # (a giver's future keeps it: "will provide the $5 million needed" gives what is needed)
    if (needed and not _FUTURE_MODAL.search(text)) or _NEED_BEFORE.search(before):
        return "statistic"  # a need is measured, not given; the cue before it is spent on it
    if _COMPARED_BEFORE.search(before) or re.match(r"\s*In\s+comparison\b", text):
        return "baseline"
    if q.percent and _MORE_THAN.match(text, q.end) and not _FUTURE_MODAL.search(text):
        return "statistic"
    if _RUNNING_TOTAL.search(before):
        return "statistic"
    if _PAST_RELATIVE.search(before):
        return "past"
    if _GIVEN_BEFORE.search(before) and not _FUTURE_MODAL.search(text):
        clause_start = max(before.rfind(";"), before.rfind(". "))
        clause_end = re.search(r"[;.](?:\s|$)", text[q.end :])
        clause = text[clause_start + 1 : q.end + (clause_end.start() if clause_end else len(text))]
        if _DONE_MARK.search(clause):
            return "past"
    return None


def _not_a_pledge(text: str, q: QuantityMention) -> str | None:
    after = text[q.end :]
    before = text[: q.start]
    if _counts_givers(text, q):
        return "pledgers"
    context = _context_figure(text, q)
    if context is not None:
        return context
    if _ADVISED.search(before):
        # what others recommend or say should be done: "the independent Committee on Climate
        # Change recommended a 68 per cent target", "the target should exceed the current 78% cut"
        return "exhortation"
    if _WHERE_OR_WHICH.match(text, q.end) and re.search(r"\b(?:across|in|into)\s+$", before):
        # "Funding will be available across three streams", "build stronger communities in 10
        # regions": a count of the places or parts a pledge goes to, not what it gives
        return "reference"
    if (
        re.match(
            r"\s+(?:adopted|agreed|announced|launched|approved|signed|made)\s+(?:at|in|during)\s+the\b",
            text[q.unit_end or q.end :],
        )
        and not q.currency
    ):
        # "ten China-Africa cooperation plans adopted at the FOCAC Johannesburg summit": what a
        # past meeting adopted is named, not pledged
        return "past"
    if re.search(r"\bout\s+of\s+(?:the\s+|a\s+total\s+of\s+)?$", before, re.I):
        return "reference"  # "Districts out of 112 aspirational districts that …": the whole
    if _ESTIMATED.search(before):
        # "the country's growth is estimated to be at 9.2 per cent": an estimate, not a pledge
        return "statistic"
    if _EFFECT_BEFORE.search(before) and _EFFECT_UNIT.match(q.unit or ""):
        # "save an estimated 6 million lives", "avert 450 million infections": what pledges are
        # expected to achieve is a forecast, not a pledge
        return "forecast"
    if re.search(r"\bfrom\s+$", before, re.I) and re.match(r"\s+to\s+\S*\d", after):
        return "baseline"
    opener = re.match(r"^([A-Z]\w+ing)\b[^,]*$", before)
    if opener and not re.match(r"[A-Z]\w+ing\s+(?:[a-z]+s|will|has|had)\b", before):
        # "Covering more than 60% of the continent, the SCO will …"; not a name that ends in
        # -ing and is the subject of a verb: "Beijing pledges $ 100 million …"
        return "statistic"
    if re.search(r"\b(?:founded|established|launched|created|set up)\s+in\b[^.;]*$", before):
        return "past"  # "The Fund, founded in 2014 with an initial $40 billion, aims to …"
    if re.search(r"\b(?:told|addressed)\s+(?:\w+\s+){0,2}$", before):
        return "statistic"  # "Xi told more than 1,500 people"
    if re.search(
        r",\s*(?:(?:which|that)\s+\w+\s+|[a-z]+ing\s+)?an?\s+(?:increase|rise|decrease|jump|drop"
        r"|augmentation|boost|reduction|cut)\s+of\s+[^,;.]*$",
        before,
        re.I,
    ):
        # "pledged US$2.1 billion, an increase of US$600 million or 40 percent";
        # "by US$26 billion, which represents an increase of 25 percent"
        return "statistic"
    if (q.unit or "").lower() in _NAMED_PLEDGE and _PAST_LISTING.search(before):
        # "Donations, said bin Naif included a $59 million pledge to …, a $30 million pledge to
        # …": pledges named by their sum in a past listing were made before
        return "past"
    clause = (
        re.split(r"[,;.]\s", before)[-1]
        + text[q.start : q.end]
        + re.split(r"[,;.]|\swhich\s|\d", after)[0]
    )
    if re.search(
        r"\b(?:which|that|who)\s+(?:has|have)\s+(?:already\s+|so\s+far\s+|now\s+)?"
        r"[a-z]+(?:ed|en|t)\s+(?:(?:more than|over|about|nearly|some|almost|at least)\s+)?$",
        before,
        re.I,
    ):
        # "will build on the success of the Emissions Reduction Fund (ERF) which has contracted
        # 193 million tonnes": the object of a perfect in a relative clause was done before
        return "past"
    if _PLUPERFECT_RELATIVE.search(clause):
        # "500 million Pfizer doses that the US had purchased earlier in 2020 to donate to over
        # 100 nations": what a pluperfect relative clause tells was done before
        return "past"
    if re.search(
        r"\b(?:bring|rais(?:e|es|ing))(?:s|ing)?\s+(?:the|its|their|our)\s+(?:[\w’'-]+\s+){0,5}?"
        r"total\b[^.;]*?\bto\s+"
        r"(?:(?:more than|over|about|nearly|some|almost)\s+)?$",
        before,
        re.I,
    ):
        # "will bring the total promised US vaccine donations to more than 1.1 billion",
        # "raising the union's total contributions to 2.0 billion euros"
        return "statistic"
    if _FRACTION_OF.search(before):
        return "reference"  # "less than a quarter of $2.2 billion the UN had estimated"
    if re.search(r"\bas\s+part\s+of\s+(?:the|a|an|its|their|our|this)\s+$", before, re.I):
        # a sum named in an "as part of" adjunct is the package a pledge belongs to, not a pledge
        # of that clause: "There will be further announcements ahead but as part of the $3.5
        # billion Climate Solutions Package, we will invest a further $2 billion …"
        return "reference"
    if _REFERENCE_BEFORE.search(before) and not q.currency:
        return "reference"
    if re.search(r"\bthe\s+$", before, re.I) and re.match(
        r"\s+(?:pledged|committed|promised|announced|raised)\b", text[q.end :]
    ):
        return "reference"  # "The $7.5 billion pledged comes from …"
    if q.unit and _DURATION_UNITS.match(q.unit) and not q.currency:
        return "duration"
    if _ADJ_DURATION.match(after):
        return "duration"
    if re.match(r"-point\b", after):
        return "description"  # "a 10-point plan for green growth" names a plan, counts nothing
    unit_end = q.unit_end or q.end
    if re.match(r"^\s*(?:since|so far|to date|last year)\b", text[unit_end:]):
        return "past"
    if re.match(
        r"^\s*[a-z]+ed\s+(?:earlier|previously|before|already|last\s+(?:year|month)|in\s+(?:19|20)\d\d)\b",
        text[q.end :],
    ):
        return "past"  # a participle dated before: "the Rs 61,000 cr budgeted earlier"
    if _STAT_AFTER.match(text[unit_end:]) and not q.currency and not q.percent:
        return "statistic"
    return None


def _named_actor(text: str, found: list[cues.Cue]) -> str | None:
    for cue in found:
        actor = cues.cue_agent(cue) or cues.actor_before(text, cue.start)
        if actor and actor.lower() not in {"we", "i", "it", "they", "he", "she", "our"}:
            return actor
    return None


_STANCE_VERBS = frozenset(
    [
        "commend",
        "welcome",
        "note",
        "recognize",
        "recognise",
        "acknowledge",
        "emphasize",
        "emphasise",
        "reaffirm",
        "express",
        "appreciate",
        "stress",
        "underline",
        "underscore",
        "highlight",
        "praise",
        "congratulate",
        # verbs of talking: "he will speak to U.S. President Donald Trump in the coming days"
        # is a conversation to come, not a promise
        "speak",
        "talk",
    ]
)
_NON_AGENTS = frozenset(
    [
        "this",
        "that",
        "these",
        "those",
        "such",
        "which",
        "what",
        "facts",
        "achievements",
        "views",
        "initiatives",
    ]
)


# A share of something as the subject of "will" tells how it is divided, not what is promised:
# "Almost two-thirds of the private investment under the plan will go to regional and rural NSW"
_SHARE_SUBJECT = re.compile(
    r"^\W*(?:(?:almost|about|nearly|some|around|roughly|more than|over|less than|under)\s+)?"
    r"(?:half|(?:a|one|two|three)[- ](?:third|quarter|fifth|tenth)s?|three-quarters"
    r"|\d+(?:\.\d+)?\s*(?:%|per\s?cent))\s+of\b",
    re.I,
)


_CLAUSE_SUBJECT = re.compile(
    r"(?:^|\b(?:says|said|that|and)\s+|,\s+|[‘“\"]\s*)(?P<np>(?:(?:the|a|an|A|An|The)\s+)?"
    r"(?:[A-Z][\w’'-]*\s+|[a-z][\w-]*\s+){0,7}?[\w’'-]+)\s+$"
)
_CONCRETE_AFTER = re.compile(
    r"\s+(?:(?:also|further|now|then)\s+)?(?:be\s+(?:launched|established|set up|built|opened"
    r"|created|introduced|held|organi[sz]ed|convened|increased|expanded|ramped up|scaled up"
    r"|doubled|tripled|extended)\b"
    r"|(?:develop|establish|launch|build|set up"
    r"|create|open|invite|introduce|hold|host|convene|organi[sz]e|provide|offer|fund)\b)",
    re.I,
)


# An announcement of announcements is no pledge: an announcing verb whose object is a vague
# plural of measures ("announced several measures to boost the social sectors", "Trudeau
# announces more financial help for …"), the announcing verb of speech about the speech ("said
# while announcing the last tranche"), and an announcement to come of plans or details ("will
# outline the plans about donation of 500 million doses", "their intention to announce pledges
# in the near future").
_ANNOUNCING = re.compile(
    r"(?:\w+\s+)*?(?:announc|unveil|outlin|present|set(?:s|ting)? out|detail)", re.I
)
_VAGUE_OBJECT = re.compile(
    r"\s+(?:(?:also|further|now|today)\s+)?(?:several|some|various|many|numerous|a\s+number\s+of"
    r"|a\s+series\s+of|a\s+raft\s+of|a\s+range\s+of|a\s+host\s+of|a\s+slew\s+of|a\s+set\s+of"
    r"|more|further)\s+(?:[\w-]+\s+){0,2}?(?:measures|steps|projects|initiatives|plans|announcements"
    r"|proposals|programmes|programs|schemes|decisions|reforms|policies|details|help|support"
    r"|assistance)\b",
    re.I,
)
_SPEECH_ABOUT_SPEECH = re.compile(r"\b(?:while|when|after|before|upon|on|in)\s+$", re.I)
_TO_COME = re.compile(
    r"(?:\b(?:will|shall|is\s+to|are\s+to|expected\s+to|plans?\s+to|intends?\s+to)\s+"
    r"(?:\w+ly\s+)?(?:outline|announce|unveil|detail|present|set\s+out|lay\s+out)\s+"
    r"(?:the\s+|its\s+|his\s+|her\s+|their\s+|our\s+)?(?:plans?|details?|intentions?)\b"
    r"|\b(?:intention|intentions|plans?|expected|intends?)\s+to\s+(?:announce|make|unveil)\s+"
    r"(?:\w+\s+){0,2}?(?:pledges|commitments|contributions)\b)",
    re.I,
)


def _announces_announcements(text: str, cue: cues.Cue) -> bool:
    if _TO_COME.search(text[max(0, cue.start - 40) : cue.end + 60]):
        return True
    if not _ANNOUNCING.match(cue.text):
        return False
    if _SPEECH_ABOUT_SPEECH.search(text[: cue.start]) and cue.text.lower().endswith("ing"):
        return True
    if re.search(r"\b(?:while|when|after|before|upon)\s+announcing\b", text[: cue.start], re.I):
        return True  # "… said while announcing the last tranche of the package announced by …"
    return bool(_VAGUE_OBJECT.match(text, cue.end))


# Whether something is done ("how they plan to cut their carbon footprints") is described, not
# promised: a cue in an indirect question.
_INDIRECT_QUESTION = re.compile(r"\b(?:how|whether|why)\s+(?:[\w’'-]+\s+){0,3}$", re.I)
# A "will" whose verb is an outcome, not a deed: slogans and warnings ("TB will lose, India
# will win", "ultimately, we will all pay the price").
_OUTCOME = re.compile(
    r"\s+(?:(?:all|also|surely|certainly|ultimately)\s+)?(?:win|lose|prevail|succeed|fail"
    r"|triumph|suffer|thrive|survive|(?:pay|face)\s+(?:the|a|a\s+heavy|a\s+high)\s+price)\b",
    re.I,
)


# What a pledge already made will do is no pledge of its own (round six): when the subject of
# "will" is the pledge itself — a noun of giving (support, pledges, commitments, funding,
# fundraising, assistance …) heads the clause before it — and the sentence states no sum, the
# verb tells the pledge's effect or course: "Canada’s support will help address the needs of
# millions of vulnerable people by providing food assistance", "Ifad said the pledges of member
# states will put the organization on track to …", "Fundraising will then continue during
# 2024." (With a sum the sentence states what is given: "These commitments will help Gavi
# immunize an additional 300 million children …" is not read here.)
_GIVING_NOUN = (
    r"support|assistance|aid|funding|funds|money|pledges?|commitments?|contributions?"
    r"|investments?|grants?|package|donations?|financing|fundraising|replenishment|announcements?"
)
_PLEDGE_SUBJECT = re.compile(
    r"(?:^|[,;:“”\"]|\b(?:said|says|that|and|but)\b)\s*(?:[\w’'-]+\s+){0,4}?"
    r"(?:" + _GIVING_NOUN + r")\b(?:\s+(?:of|from|by|made|under|in)\b[^,;:]{0,40}?)?\s*$",
    re.I,
)
# the verbs of an effect or a course: "will help", "will ensure", "will put", "will continue"
_EFFECT_VERB = re.compile(
    r"\s+(?:(?:also|then|further|now|surely|certainly|greatly)\s+)?(?:help|ensure|enable|allow"
    r"|put|make|bring|benefit|continue|contribute|reach|save|transform|boost|improve|go\s+a\s+long"
    r"\s+way)\b",
    re.I,
)
# A report of the announcing itself — an announcing verb whose object is a pronoun or a
# definite noun for what was already told ("this", "it", "the agreement", "the deal"), followed
# by where or when — restates a pledge, it does not make one: "French President Emmanuel Macron
# announced this at the end of the conference, but did not give a time frame.", "The US
# president announced the agreement at the COP26 summit in Glasgow …"
_RESTATED_OBJECT = re.compile(
    r"\s+(?:this|it|that|these|them|the\s+(?:agreement|deal|decision|news|move|pledges?"
    r"|commitments?|package|partnership|initiative|plan|contributions?))\s*(?:[,.;]|$|\s+(?:at|during"
    r"|on|in|after|alongside|as|before|while|when|but|and)\b)",
    re.I,
)


# A pledge noun with no sum is a pledge only as the subject of a verb that makes or keeps it;
# the noun as the object of another verb or of a preposition names pledges, it makes none
# ("…, topping US and European pledges for the devastated Palestinian enclave."), and the noun
# as the subject of a past passive reports the pledging ("Many of the pledges were made during
# a fourth replenishment session hosted in Paris …").
_PLEDGE_NOUN_CUE = re.compile(r"(?:pledges|commitments|promises|pledge|commitment|promise)$", re.I)
_PAST_PASSIVE = re.compile(
    r"\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:made|announced"
    r"|received|collected|secured|raised|recorded|registered|delivered)\b",
    re.I,
)
# The sums after "(out) of which" are the parts of the sum before it: when that sum is no
# pledge, neither are its parts ("… forced to borrow Sh 700 billion out of which Sh 198.6 billion
# will be raised from external sources and Sh 521.5 billion from the domestic market").
_BREAKDOWN = re.compile(r"\s*,?\s*(?:out\s+)?of\s+which\b", re.I)

# Necessity imposed on the subject is no promise: "The government will be forced to borrow Sh
# 700 billion …" ("forced", "compelled", "obliged" after "will be").
_NECESSITY = re.compile(r"\s+be\s+(?:\w+ly\s+)?(?:forced|compelled|obliged)\s+to\b", re.I)


def _mentioned_pledge(text: str, cue: cues.Cue) -> bool:
    if not _PLEDGE_NOUN_CUE.fullmatch(cue.text):
        return False
    if _PAST_PASSIVE.match(text, cue.end):
        return True
    return bool(
        re.search(
            r"(?:\b(?:[a-z]+ing|of|for|to|with|from|on|in|about|above|below|than|over|topping)\s+)"
            r"(?:(?:the|their|its|his|her|our|these|those|such|[A-Z][\w.]*|[a-z]+(?:an|al|ic|ous|ive))\s+"
            r"(?:and\s+)?){0,4}$",
            text[: cue.start],
        )
    )


def _effect_of_a_pledge(text: str, cue: cues.Cue) -> bool:
    if not re.match(r"will|shall|would|'ll", cue.text, re.I):
        return False
    if any(q.currency or q.unit for q in find_quantities(text)):
        return False
    return bool(_PLEDGE_SUBJECT.search(text[: cue.start])) and bool(
        _EFFECT_VERB.match(text, cue.end)
    )


def _restated_announcement(text: str, cue: cues.Cue) -> bool:
    return bool(re.match(r"announc\w*ed$", cue.text, re.I)) and bool(
        _RESTATED_OBJECT.match(text, cue.end)
    )


def _unquantified(text: str, cue: cues.Cue, year: int) -> _Candidate | None:
    """A pledge without a number: a cue, an agent before it and a verb phrase after it."""
    if _SHARE_SUBJECT.match(text[: cue.start]):
        return None
    if re.search(r"\b[Tt]here\s+$", text[: cue.start]):
        # "There will be further announcements ahead": an existential "will" with no sum has
        # no giver and promises nothing ("there would be 70 million euros" has its sum)
        return None
    if _announces_announcements(text, cue) or _INDIRECT_QUESTION.search(text[: cue.start]):
        return None
    if re.match(r"will|shall|'ll", cue.text, re.I) and _OUTCOME.match(text, cue.end):
        return None  # "TB will lose, India will win", "we will all pay the price": no deed
    if _effect_of_a_pledge(text, cue) or _restated_announcement(text, cue):
        return None
    if _mentioned_pledge(text, cue) or _NECESSITY.match(text, cue.end):
        return None
    if re.match(r"(?:plans?|aims?|intends?|intentions?)\s+to$", cue.text, re.I) and re.search(
        r"\b(?:into|in|on|for|about|of|with|over|against|from|the|their|its|his|her|our|such)\s+$",
        text[: cue.start],
        re.I,
    ):
        # after a preposition or a determiner "plans" is a noun naming plans, not a verb
        # promising: "… for exhausting and investing in resources into plans to offer booster
        # shots to the fully vaccinated population …"
        return None
    window = text[cue.end : cue.end + 100]
    collective = bool(re.search(r"(?:agreed|decided|resolved|decision|designated)", cue.text, re.I))
    lead = r"(?:(?:that|to)\s+(?:[\w'’\"“”-]+\s+){0,6}?)?" if (cue.proposal or collective) else ""
    m = re.match(
        r"[\s,]*(?:(?:also|further|now|jointly|additionally|actively|fully|each|resolutely"
        r"|continue to|that|to)\s+)*"
        + lead
        + r"(?:be\s+)?(?P<v>(?!(?:the|a|an|be|not|have|been|definitely|never)\b)[a-z]+)",
        window.lower() if cue.start == cue.end == 0 else window,
    )
    if not m and cue.proposal and re.match(r"\s+(?:a|an|the|\w+s)\b", window):
        m = re.match(r"(?P<v>)", window)
    if not m and re.match(r"commit\w* \S.* to$", cue.text) and re.match(r"\s+(?:a|an)\s", window):
        m = re.match(r"(?P<v>)", window)  # "has committed the US to a … reduction"
    progressive = re.match(r"(?:we|I)\s+(?:are|am)\s+(?:\w+ly\s+)?(?P<v>\w+ing)$", cue.text, re.I)
    if not m and progressive:
        m = re.match(
            r"(?P<v>)", window
        )  # "we are launching an ambitious … response": the verb is in the cue
    if (
        not m
        and re.match(r"announc", cue.text, re.I)
        and re.match(r"\s+(?:the|a|an|[A-Z])", window)
    ):
        m = re.match(r"(?P<v>)", window)  # "I would like to announce The ABE Initiative"
    if not m:
        return None
    actor = (
        cues.cue_agent(cue) or cues.passive_agent(text, cue) or cues.actor_before(text, cue.start)
    )
    clause_end = re.search(r"[.;]|$", text[cue.end :])
    after = text[cue.end : cue.end + (clause_end.start() if clause_end else 0)]
    if cue.proposal and (actor is None or not cues.is_concrete(after)):
        return None
    if not re.match(r"will|shall|is|are|am|stands?|'ll", cue.text, re.I) and cues.past_marked(
        text[: cue.start], after, year, cue.text
    ):
        return None
    inherited = cue.start == cue.end  # a list item under a lead ("agreed to:")
    if (
        actor is None
        and cue.start == 0
        and re.fullmatch(r"Will|Shall", cue.text)
        and not text.rstrip('”’")').endswith("?")
    ):
        actor = (
            "we"  # a speaker's "Will eliminate TB by 2025.": the subject left out is the speaker
        )
    if actor is None and not (cue.proposal or collective or inherited):
        subject = cues.sentence_subject(text)
        prefix = re.sub(r"^[Tt]he\s+", "", text[: cue.start])
        if subject is not None and (
            re.match(rf"\s*{re.escape(subject)}\s+(?:also\s+|further\s+|firmly\s+)?\S+\s*$", prefix)
            or re.search(r"\band\s*$", prefix)
        ):
            actor = subject
        else:
            # a noun phrase opening its clause, then "will" and a concrete deed: "Mr Drum says
            # the Goulburn Valley's Local Planning Committee will develop a Local Investment
            # Plan …", "A national digital university will be launched, …"
            clause_subject = _CLAUSE_SUBJECT.search(text[: cue.start])
            if clause_subject is None or not _CONCRETE_AFTER.match(after):
                return None
            actor = clause_subject["np"]
    if actor is not None:
        first = actor.split()[0].lower()
        if first in _NON_AGENTS:
            return None
        reported_it = re.search(
            r"(?<!\b[Hh]e )(?<!\b[Ss]he )(?<!\bI )(?<!\b[Ww]e )(?<!\b[Tt]hey )"
            r"\b(?:said|says|announced|stated|added|confirmed|declared)\s+(?:that\s+)?it\s*$",
            text[: cue.start],
        )
        if reported_it:
            # "The US said it would also combat the climate crisis, …": the "it" of a reported
            # pledge is whoever said it — the subject before the reporting verb, or the default
            # (not after a person: "He added that it will also open up large markets")
            actor = cues.sentence_subject(text[: reported_it.start()] + "will") or None
        elif first == "it" and text[: cue.start].strip().lower() != "it":
            return None
    verb = m["v"] or (progressive["v"] if progressive else cue.text.split()[0].lower())
    if _EXPECT.search(text[: cue.start]) or (
        _RECALLED.search(text[: cue.start]) and not re.match(r"will|shall|'ll", cue.text, re.I)
    ):
        return None  # "expect that the conference will serve as …", "recalled that …"
    if verb.lower() in _STANCE_VERBS or _DISCOURSE.search(text[max(0, cue.start - 3) :]):
        return None
    return _Candidate(None, cues.Verb(verb, cue.end + m.start("v"), "future"), cue, False)


def _segments(sentence: Span, candidates: list[_Candidate]) -> list[Quote]:
    """One quote per candidate: the whole sentence, or its clause when there are several."""
    if len(candidates) == 1:
        return [Quote(sentence.text, sentence.start, sentence.end)]
    text = sentence.text
    anchor_of = _anchor_of(text)
    starts: list[int] = [0]
    cut_points: list[tuple[int, int]] = []  # (end of previous clause, start of this one)
    for prev, cand in itertools.pairwise(candidates):
        anchor = anchor_of(cand)
        if prev.quantity is not None:
            lo = prev.quantity.unit_end or prev.quantity.end
        else:
            lo = prev.cue.end
        lo = min(lo, anchor)
        seps = list(_SEPARATOR.finditer(text, lo, anchor))
        if seps:
            sep = seps[-1]
            cut_points.append((sep.start(), sep.end()))
        else:
            cut_points.append((anchor, anchor))
        starts.append(cut_points[-1][1])
    out: list[Quote] = []
    for i, begin in enumerate(starts):
        finish = cut_points[i][0] if i < len(cut_points) else len(text)
        piece = text[begin:finish]
        stripped_left = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if not piece:
            piece, begin, stripped_left = text, 0, 0
        a = sentence.start + begin + stripped_left
        out.append(Quote(piece, a, a + len(piece)))
    return out


_LONG = 300


def _narrow(seg: Quote, sentence: Span, cand: _Candidate) -> Quote:
    """A long quote cut down to the clause that holds the pledge."""
    if len(seg.text) <= _LONG or cand.quantity is None:
        return seg
    base = seg.start - sentence.start
    text = sentence.text
    q = cand.quantity
    anchor = q.start
    if cand.verb is not None and cand.verb.start < anchor:
        anchor = cand.verb.start
    if base <= cand.cue.start < anchor and anchor - cand.cue.start < 200:
        anchor = cand.cue.start
    left_pool = [m.end() for m in re.finditer(r"[;,:]\s+", text[base:anchor])]
    left = base + (left_pool[-1] if left_pool else 0)
    tail_from = q.unit_end or q.end
    right_m = re.search(
        r";|,\s+(?:and|while|but)\b|,\s+(?=[A-Z])", text[tail_from : base + len(seg.text)]
    )
    right = tail_from + right_m.start() if right_m else base + len(seg.text)
    piece = text[left:right].strip()
    if not piece:
        return seg
    start = sentence.start + left + (len(text[left:right]) - len(text[left:right].lstrip()))
    return Quote(piece, start, start + len(piece))


def _horizon_for(
    seg: Quote, sentence: Span, horizons: list[Horizon], segments: list[Quote]
) -> Horizon | None:
    rel_start = seg.start - sentence.start
    rel_end = seg.end - sentence.start
    inside = [h for h in horizons if rel_start <= h.start and h.end <= rel_end]
    if inside:
        return inside[0]
    if len(segments) > 1:
        # "In the next three years, China will provide A, offer B and invite C": the
        # first clause's horizon governs the clauses coordinated with it.
        first = segments[0]
        lead = [
            h
            for h in horizons
            if first.start - sentence.start <= h.start and h.end <= first.end - sentence.start
        ]
        if lead and lead[0].start < _first_verb_offset(first):
            return lead[0]
    return None


def _first_verb_offset(seg: Quote) -> int:
    m = re.search(r"\b(?:will|shall|is|are|ready|to)\b", seg.text)
    return m.start() if m else len(seg.text)


def _draft(
    draft_id: str,
    cand: _Candidate,
    seg: Quote,
    sentence: Span,
    horizon: Horizon | None,
    default_actor: str | None,
    last_actor: str | None,
    found: list[cues.Cue],
) -> Draft:
    text = sentence.text
    actor_text = (
        cues.cue_agent(cand.cue)
        or cues.passive_agent(text, cand.cue)
        or cues.actor_before(text, cand.cue.start)
    )
    if actor_text is None and cand.cue.end > 0:
        actor_text = cues.sentence_subject(text)
    if cand.cue.start == cand.cue.end == 0:  # an item under a lead: the lead's actor
        actor_text = None
    if cand.cue.start == 0 and re.fullmatch(r"Will|Shall", cand.cue.text):
        actor_text = None  # "Will eliminate TB by 2025.": the speaker, left out
    if actor_text is not None and actor_text.lower() in {"it", "they", "he", "she"}:
        reporter = _REPORTER.match(text)  # "The United Kingdom confirmed it will contribute"
        if reporter is not None and reporter.end() <= cand.cue.start + 1:
            actor_text = cues.sentence_subject(text) or actor_text
    actor, actor_from = _resolve_actor(actor_text, default_actor, last_actor)
    q = cand.quantity
    givers = _givers(text, q) if q is not None else ()
    co_actors: tuple[str, ...] = ()
    if givers:  # "with another 20 million coming from Japan": the giver is the actor
        actor, actor_from, co_actors = givers[0], "text", givers[1:]
    flags: list[str] = []
    local = text[max(0, cand.cue.start - 60) : seg.end - sentence.start]
    condition = cues.conditional_cue(text)
    if cand.cue.reported and condition == "would":
        condition = cues.conditional_cue(text.replace("would", "     "))
    if condition or (cand.cue.text.lower() == "would" and not cand.cue.reported):
        flags.append("conditional")
    if cand.cue.proposal:
        flags.append("proposal")
    vague = q is None and (horizon is None or horizon.deadline.date is None)
    if q is None and cues.vague_cue(local):
        vague = True
    if vague:
        flags.append("vague")
    if q is not None and not q.unit and not q.currency:
        flags.append("no_unit")
    confidence = cand.cue.weight
    if q is None:
        confidence = min(confidence, 0.6)
    if q is not None and (q.unit or q.currency):
        confidence += 0.05
    if horizon is not None and horizon.deadline.date is not None:
        confidence += 0.05
    if "conditional" in flags:
        confidence -= 0.3
    if vague:
        confidence = min(confidence, 0.35)
    if actor_from == "default":
        confidence -= 0.05
    action = _action(cand)
    beneficiary = _beneficiary(text, seg, sentence, q, cand)
    unit = q.unit if q is not None and not q.currency else None  # money: the currency
    value = q.value * _each(text, q) if q is not None else None
    return Draft(
        id=draft_id,
        quotes=(seg,),
        actor=actor,
        actor_from=actor_from,
        action=action,
        beneficiary=beneficiary,
        quantity=value,
        quantity_text=q.text if q else None,
        unit=unit,
        currency=q.currency if q else None,
        qualifier=q.qualifier if q else Qualifier.EXACTLY,
        horizon=horizon.phrase if horizon else None,
        deadline=horizon.deadline if horizon else None,
        confidence=round(max(0.05, min(confidence, 0.99)), 2),
        cue=cand.cue.text,
        flags=tuple(flags),
        co_actors=co_actors,
    )


_ITEM_NAME = r"(?:the\s+)?(?:[a-z]+\s+){0,2}[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
_EACH = re.compile(
    rf"\s+each\s+(?:from|to|for|by|of|in)\s+(?P<list>(?:{_ITEM_NAME}(?:,\s+|,?\s+and\s+))+"
    rf"{_ITEM_NAME})"
)


# "each of the five regional groupings … will be required to pay 65 million US dollars": a
# counted subject with "each" multiplies the amount its clause gives (no ";" or "." between).
_COUNT_WORDS = frozenset(
    [str(n) for n in range(2, 100)]
    + ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
)
_EACH_OF = re.compile(
    r"\beach\s+of\s+(?:the|its|their|our|these|those)\s+(?P<n>\w+)\s+[^;.]*$", re.I
)
_NAMES = r"(?:[A-Z][\w’'.-]*(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)"
_FROM = re.compile(
    rf"\s+(?:each\s+)?(?:(?:coming|to come)\s+)?from\s+(?:the\s+)?(?P<list>{_NAMES}"
    rf"(?:(?:,\s+|,?\s+and\s+)(?:the\s+)?{_NAMES})*)(?=\s*(?:[,;.)]|$|\s+(?:and|to|for|in|over|by)\b))"
)


def _givers(text: str, q: QuantityMention) -> tuple[str, ...]:
    """Who an amount comes from when the text says so right after it: "$41 billion from
    China", "$18 billion each from Brazil, India and Russia" (one actor each)."""
    m = _FROM.match(text, q.unit_end or q.end)
    if m is None:
        return ()
    names = re.split(r",\s+(?:and\s+)?|,?\s+and\s+", m["list"])
    out = [re.sub(r"^the\s+", "", n.strip()) for n in names if n.strip()]
    return tuple(n if re.search(r"\b[A-Z]\.[A-Z]\.$", n) else n.rstrip(".") for n in out)


def _each(text: str, q: QuantityMention) -> int:
    """How many times "each" counts an amount: "$18 billion each from Brazil, India and
    Russia" is three times $18 billion; 1 when there is no such list."""
    m = _EACH.match(text, q.unit_end or q.end)
    if m is None:
        counted = _EACH_OF.search(text[: q.start])
        if counted is not None and counted["n"].lower() in _COUNT_WORDS:
            return small_number(counted["n"])
        return 1
    return len(re.split(r",\s+(?:and\s+)?|,?\s+and\s+", m["list"]))


def _resolve_actor(
    stated: str | None, default: str | None, last: str | None
) -> tuple[str | None, str]:
    if stated is None:
        return default, "default"
    stated = re.sub(r"^[Tt]he\s+", "", stated)
    low = stated.lower()
    if low in {"the", "a", "an", "this", "these", "that", "those"}:
        return default, "default"
    if low in {"we", "i", "our"}:
        return default, "default"
    if low in {"it", "they", "he", "she"}:
        if default:
            return default, "default"
        return (last or stated), "text"
    if cues.is_person(stated) and default:
        return default, "default"
    return stated, "text"


def _action(cand: _Candidate) -> str | None:
    verb = cand.verb
    if verb is None:
        return None
    if verb.tense == "noun":
        return cues.ACTION_NOUNS.get(verb.word.lower(), verb.word.lower())
    word = verb.word.lower()
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _beneficiary(
    text: str, seg: Quote, sentence: Span, q: QuantityMention | None, cand: _Candidate
) -> str | None:
    if q is not None:
        m = _WITH_BENEFICIARY.search(text, 0, q.start)
        if m and (cand.verb is None or m.start() >= cand.verb.start - 1):
            return m["b"].strip()
    lo = (q.unit_end or q.end) if q is not None else (cand.verb.start if cand.verb else 0)
    hi = seg.end - sentence.start
    m = _BENEFICIARY.search(text, lo, hi)
    if m:
        b = m["b"].strip(" \"“”'’")
        if b and not re.match(r"(?:the )?(?:next|coming|end|year)\b", b):
            return b
    return None
