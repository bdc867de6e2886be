"""Quantities in running text: exact numbers, their currency, unit and qualifier.

Recognised forms: digits with thousands separators ("1,000", "2.5"); number words ("three",
"one hundred and fifty thousand", "a million", "half a million"); digits or words with a
scale ("10 billion", "1.5bn", "600m", "3 crore"); money with an ISO 4217 code or a symbol
before or after ("USD 600 million", "$1.5bn", "€300m", "10 million RMB", "5 billion euros");
percentages ("42%", "50 per cent"). Number words are read by ``text2num``; everything around
them (scales, currencies, qualifiers, units, offsets) is this module's.

Also: currency signs of letters as the press of their country writes them, spaced or glued
("Tk 1,000 crore", "Ksh 769.3 billion", "Sh2.25 trillion", "GH¢9.3 billion", "RM1.2 billion");
short scales of agency copy after a space ("$2.5 bln", "10 mln doses"); a unit of measure glued
to its digits ("100GW"); "500m tonnes" (a short scale before a plural noun counts without money);
a share restating the sum before it ("GH¢9.3 billion, equivalent to 2.3 percent of GDP") is no
quantity of its own; and :func:`carried_currency` gives a bare sum ("Another 350 million are to
come from the EU") the currency of the sum before it.

Numbers that are not quantities are skipped: years ("2025"), ordinals ("24th", "third"),
dates ("4 July"), identifiers ("Resolution 2231", "COP28", "G20", "Interaction-2024").
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import attrs
from text_to_num import text2num  # type: ignore[import-untyped]

from pledgetrack.model.values import Qualifier

__all__ = ["QuantityMention", "carried_currency", "find_quantities", "parse_number"]

_UNITS_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
]
_SCALE_WORDS = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "lakh": 100_000,
    "crore": 10_000_000,
    "cr": 10_000_000,
    "lakhs": 100_000,  # "Rs. 35000 crores": the plural in Indian and Bangladeshi copy
    "crores": 10_000_000,
}
_SHORT_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
    "bln": 1_000_000_000,  # agency copy: "$2.5 bln", "10 mln doses", "3 trln roubles"
    "trln": 1_000_000_000_000,
}

_W = (
    r"(?:"
    + "|".join(
        sorted(
            [*_UNITS_WORDS, "hundred", "thousand", "million", "billion", "trillion"],
            key=len,
            reverse=True,
        )
    )
    + r")"
)
_WORDNUM = rf"{_W}(?:(?:[ -]|\s+and\s+){_W})*"
_BIG = r"(?:hundred|thousand|million|billion|trillion)"
# Indian digit grouping, in lakhs and crores ("Rs 1,04,278 crores", "Rs 2,77,557 crore"), before
# the grouping in thousands
_DIGITS = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:\.\d+)?"
)
# Indian copy compounds its scales: "Rs 1 lakh crore" is 10^5 x 10^7 rupees ("thousand crore" too)
# "cr" is crore in Indian copy ("Rs 61,000 cr budgeted earlier"), after digits only
_LONG_SCALE = (
    r"(?:(?:thousand|lakh)\s+crores?|thousand|million|billion|trillion|lakhs?|crores?|cr(?=\.|\b))"
)
_SHORT_SCALE = r"(?:bln|bn|mln|mn|trln|trn|tn|m|b|k)"
# a space may stand before a short scale of two letters or more ("$2.5 bn", "10 mln"), but not
# before "tn" ("5 tn of rice" may be tonnes) nor before one letter ("5 m" may be metres)
_SPACED_SHORT = r"(?:\s(?=(?:bln|bn|mln|mn|trln|trn)\b))?"

_SYMBOLS = {
    "US $": "USD",
    "U.S. $": "USD",
    "U.S.$": "USD",
    "US$": "USD",
    "USD$": "USD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    # the local dollars of the Pacific, the Caribbean and southern Africa as their press writes
    # them ("$US810 million ($F1.86b)")
    "FJ$": "FJD",
    "F$": "FJD",
    "$F": "FJD",
    "N$": "NAD",
    "J$": "JMD",
    "TT$": "TTD",
    "EC$": "XCD",
    "NT$": "TWD",
    "SI$": "SBD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₦": "NGN",
    "₱": "PHP",
    "₵": "GHS",
    "GH¢": "GHS",
    "GH₵": "GHS",
    "₽": "RUB",
    "₺": "TRY",
    "₴": "UAH",
    "₪": "ILS",
    "฿": "THB",
    "Rs.": "INR",
    "Rs": "INR",
}
# Letters that stand for a currency before an amount, as the press of its country writes them
# ("Tk 1,000 crore", "Ksh 769.3 billion", "Sh 2.25 Trillion", "RM 5 billion", "Rp 10 trillion"):
# matched in this case only and as a word of their own, so that no "Mrs 5" or "SH 2" is money.
# "Sh" is read as the Kenyan shilling, as "shillings" is.
_LETTER_SIGNS = {
    "Tk": "BDT",
    "Ksh": "KES",
    "KSh": "KES",
    "Kshs": "KES",
    "KShs": "KES",
    "Sh": "KES",
    "USh": "UGX",
    "Ush": "UGX",
    "UShs": "UGX",
    "TSh": "TZS",
    "Tsh": "TZS",
    "RM": "MYR",
    "Rp": "IDR",
    "Dh": "AED",
    "Dhs": "AED",
    "SR": "SAR",
    "QR": "QAR",
}
_NAMES = {
    "new zealand dollars": "NZD",
    "hong kong dollars": "HKD",
    "singapore dollars": "SGD",
    "norwegian kroner": "NOK",
    "danish kroner": "DKK",
    "swedish kronor": "SEK",
    "japanese yen": "JPY",
    "chinese yuan": "CNY",
    "indian rupees": "INR",
    "south korean won": "KRW",
    "won": "KRW",
    "roubles": "RUB",
    "rubles": "RUB",
    "rupiah": "IDR",
    "reais": "BRL",
    "saudi riyals": "SAR",
    "riyals": "SAR",
    "dirhams": "AED",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "american dollars": "USD",
    "canadian dollars": "CAD",
    "australian dollars": "AUD",
    "australia dollars": "AUD",
    "canada dollars": "CAD",
    "dollars": "USD",
    "dollar": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "rupees": "INR",
    "swiss francs": "CHF",
    "rand": "ZAR",
    "naira": "NGN",
    "shillings": "KES",
    # a country's adjective before a currency name another country also uses names that
    # country's ("Egyptian pounds" are no sterling, "Ugandan shillings" no Kenyan ones)
    "egyptian pounds": "EGP",
    "lebanese pounds": "LBP",
    "sudanese pounds": "SDG",
    "ugandan shillings": "UGX",
    "tanzanian shillings": "TZS",
    "kenyan shillings": "KES",
    "kenya shillings": "KES",
    "pakistani rupees": "PKR",
    "sri lankan rupees": "LKR",
    "nepalese rupees": "NPR",
    "qatari riyals": "QAR",
    "omani rials": "OMR",
    "moroccan dirhams": "MAD",
    "mexican pesos": "MXN",
    "philippine pesos": "PHP",
    "argentine pesos": "ARS",
    "colombian pesos": "COP",
    "chilean pesos": "CLP",
    "taiwan dollars": "TWD",
    "fiji dollars": "FJD",
    "jamaican dollars": "JMD",
    "zambian kwacha": "ZMW",
    "malawian kwacha": "MWK",
    # names of one currency only
    "taka": "BDT",
    "cedis": "GHS",
    "ringgit": "MYR",
    "baht": "THB",
    "lira": "TRY",
    "liras": "TRY",
    "zlotys": "PLN",
    "zloty": "PLN",
    "birr": "ETB",
    "hryvnias": "UAH",
    "hryvnia": "UAH",
    "dong": "VND",
    "francs cfa": "XOF",
}
_ALIASES = {"RMB": "CNY"}

_SYM = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_LSIGN = "|".join(re.escape(s) for s in sorted(_LETTER_SIGNS, key=len, reverse=True))
# A unit of measure glued to its digits: "100GW of solar energy", "5MW", "20km", "2Mt".
_GLUED_UNIT = r"(?:[kMGT]Wh?|[kMG]t|Mtoe|km|kg|ha|mb/d|bcm)"
_CODE = r"[A-Z]{3}"
_NAME = "|".join(re.escape(n) for n in sorted(_NAMES, key=len, reverse=True))

_QUALIFIERS: dict[str, Qualifier] = {
    "at least": Qualifier.AT_LEAST,
    "a minimum of": Qualifier.AT_LEAST,
    "no less than": Qualifier.AT_LEAST,
    "not less than": Qualifier.AT_LEAST,
    "no fewer than": Qualifier.AT_LEAST,
    "not fewer than": Qualifier.AT_LEAST,
    "up to": Qualifier.UP_TO,
    "as many as": Qualifier.UP_TO,
    "as much as": Qualifier.UP_TO,
    "a maximum of": Qualifier.UP_TO,
    "no more than": Qualifier.UP_TO,
    "not more than": Qualifier.UP_TO,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "approx.": Qualifier.ABOUT,
    "app.": Qualifier.ABOUT,
    "roughly": Qualifier.ABOUT,
    "some": Qualifier.ABOUT,
    "nearly": Qualifier.ABOUT,
    "almost": Qualifier.ABOUT,
    "close to": Qualifier.ABOUT,
    "an estimated": Qualifier.ABOUT,
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "in excess of": Qualifier.MORE_THAN,
    "upwards of": Qualifier.MORE_THAN,
    "above": Qualifier.MORE_THAN,
    "over and above": Qualifier.MORE_THAN,
}
_QUAL = "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))

_NUMBER = (
    # "$5-trillion economy", "a 6-billion-euro fund": a hyphen may join a number to its scale
    rf"(?P<num>(?:{_DIGITS})(?:(?:\s{{0,3}}|-)(?P<lscale>{_LONG_SCALE})\b|{_SPACED_SHORT}(?P<sscale>{_SHORT_SCALE})\b)?"
    rf"|(?:(?:one|a|an)\s+and\s+a\s+half|half\s+an?|an?)\s+{_BIG}(?:\s+{_BIG})*"
    rf"|{_WORDNUM}(?:\s+and\s+a\s+half\s+{_BIG})?)"
)

# an ISO code glued to digits that a scale follows: "USD5bn", "EUR1.5bn" (not "COP28", a name)
_GLUED_SCALED = rf"(?=\d[\d,]*(?:\.\d+)?\s?(?:{_LONG_SCALE}|{_SHORT_SCALE})\b(?!-))"
# a currency's name joined by a hyphen to the sum before it: "a 10 billion-dollar fund"
_HYPHEN_NAMES = {"dollar": "USD", "euro": "EUR", "pound": "GBP", "yuan": "CNY", "yen": "JPY"}
_HYPHEN_NAME = "|".join(_HYPHEN_NAMES)

_QUANTITY = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?"
    # a letter sign may be glued to its digits ("Ksh2.5 billion"); everything else starts at a
    # word boundary
    rf"(?:(?P<sym>{_SYM})(?:\s?\b|(?<=[A-Za-z])(?=\d))|\b(?P<code>(?-i:{_CODE}|RMB))(?:\s?\b|{_GLUED_SCALED})"
    rf"|(?<![\w.])(?P<lsign>(?-i:{_LSIGN}))\.?\s?|\b)"
    rf"{_NUMBER}(?:(?P<gunit>(?-i:{_GLUED_UNIT}))(?![\w/])|\b)"
    rf"(?:\s?(?P<pct>%|per\s?cent\b|percent\b))?"
    rf"(?:\s(?P<name>{_NAME})\b|-(?P<hname>{_HYPHEN_NAME})\b|\s(?P<code2>(?-i:{_CODE}|RMB))\b)?",
    re.IGNORECASE,
)

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_AFTER = re.compile(rf"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTHS})\b\.?", re.I)
_DATE_BEFORE = re.compile(rf"(?:{_MONTHS})\.?\s*$", re.I)
_ID_BEFORE = re.compile(
    r"(?:\b(?:resolution|no\.?|number|article|paragraph|section|chapter|page|agenda|cop|g|"
    r"phase|round|level|tier|scope|sdg|goal|target|covid|vision|horizon|mission|act|decree|"
    r"law|rule|item|annex|room|flight|route|line|highway|pillar|point|step|version|"
    r"[A-Z][A-Za-z]*-)\s*$)",
    re.I,
)
_ORDINAL_WORDS = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b",
    re.I,
)

# What may follow a number and still be part of its unit.
_UNIT_STOP = frozenset(
    [
        "to",
        "for",
        "from",
        "on",
        "in",
        "of",
        "by",
        "with",
        "within",
        "over",
        "at",
        "under",
        "across",
        "and",
        "or",
        "per",
        "each",
        "a",
        "an",
        "the",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "will",
        "would",
        "shall",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "so",
        "as",
        "into",
        "through",
        "during",
        "between",
        "among",
        "than",
        "this",
        "these",
        "those",
        "its",
        "their",
        "our",
        "his",
        "her",
        "it",
        "they",
        "we",
        "he",
        "she",
        "i",
        "if",
        "when",
        "while",
        "where",
        "but",
        "nor",
        "not",
        "also",
        "including",
        "include",
        "includes",
        "such",
        "plus",
        "yearly",
        "annually",
        "every",
        "via",
        "toward",
        "towards",
        "against",
        "after",
        "before",
        "until",
        "till",
        "since",
        "about",
        "around",
        "up",
        "out",
        "has",
        "have",
        "had",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "do",
        "does",
        "did",
        "next",
        "coming",
        "following",
    ]
)
_UNIT_TOKEN = re.compile(r"\s*(?:\"[^\"\n]{1,60}\"|“[^”\n]{1,60}”|[A-Za-z][A-Za-z'’-]*)")


@cache
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def _currency_code(code: str | None) -> str | None:
    if not code:
        return None
    if code.upper() in _ALIASES:
        return _ALIASES[code.upper()]
    if code.isupper() and code in _iso_codes():
        return code
    return None


def parse_number(text: str) -> Decimal:
    """The exact value of a number written in digits, words or both with a scale.

    ``"1,000"`` → 1000, ``"a million"`` → 1000000, ``"1.5bn"`` → 1500000000,
    ``"one hundred and fifty thousand"`` → 150000, ``"half a million"`` → 500000.
    Raises ``ValueError`` when ``text`` is not a number.
    """
    raw = " ".join(text.lower().replace("-", " ").split())
    raw = re.sub(r"(?<=\d) (?=\d{3}\b)", "", raw)  # "370 000": a space between thousands
    m = re.fullmatch(rf"({_DIGITS})\s?({_LONG_SCALE}|{_SHORT_SCALE})?", raw)
    if m:
        value = Decimal(m[1].replace(",", ""))
        if m[2]:
            value *= _SHORT_SCALES.get(m[2]) or _scale_product(m[2])
        return _exact(value)
    m = re.fullmatch(r"(?:(one|a|an) and a half|(half) an?|(an?)) ((?:\w+ ?)+)", raw)
    if m:
        scale = _scale_product(m[4])
        if m[1]:
            return _exact(Decimal(scale) * Decimal("1.5"))
        if m[2]:
            return _exact(Decimal(scale) / 2)
        return Decimal(scale)
    m = re.fullmatch(r"(.+?) and a half ((?:\w+ ?)+)", raw)
    if m:
        return _exact((Decimal(_words(m[1])) + Decimal("0.5")) * _scale_product(m[2]))
    return Decimal(_words(raw))


def _exact(value: Decimal) -> Decimal:
    """``value`` without a trailing ``.0``: 2500000.0 → 2500000, 2.50 → 2.5."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _scale_product(words: str) -> int:
    product = 1
    for word in words.split():
        if word not in _SCALE_WORDS:
            raise ValueError(f"not a scale: {word!r}")
        product *= _SCALE_WORDS[word]
    return product


def _words(text: str) -> int:
    try:
        return int(text2num(text, "en"))
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None


@attrs.frozen
class QuantityMention:
    """A quantity found in a text: its exact value, where it stands and what it counts."""

    value: Decimal
    start: int
    end: int
    text: str
    qualifier: Qualifier = Qualifier.EXACTLY
    currency: str | None = None
    percent: bool = False
    unit: str | None = None
    unit_end: int | None = None

    @property
    def is_money(self) -> bool:
        """True when the quantity is an amount of money."""
        return self.currency is not None


_HYPHENATED = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?\b(?P<num>\d+(?:\.\d+)?)-(?P<scale>thousand|million|billion|trillion)"
    rf"-(?P<name>{_NAME})\b",
    re.IGNORECASE,
)
_SLIP = re.compile(r"(?<=[$€£¥])l(?=[.,]?\d)")
# An amount right after another, in another currency and said to be approximate or an
# alternative, converts it without brackets: "Japan will provide 650 billion yen approximately
# US$6.5 billion, to support Africa in the next five years"
_CONVERSION_BARE = re.compile(r"\s*,?\s*(?:or\s+)?")
_CONVERSION_GAP = re.compile(
    r"\s*[(\[]\s*(?:(?:or|i\.e\.|equivalent to|equal to|worth)\s+)?(?:[A-Z]{3}\s*)?$"
)


# A share right after a sum that restates the sum as a part of a whole converts it, like an
# amount in another currency: "GH¢9.3 billion, equivalent to 2.3 percent of GDP", "$2 billion
# (0.1% of GNI)", "Rs 50,000 crore, or 1.5% of the budget"
_SHARE_GAP = re.compile(
    r"\s*(?:,|\(|\[|[—–]|,?\s+or|,?\s+(?:which is|that is|i\.e\.)|,?\s+(?:or\s+)?"
    r"(?:(?:the\s+)?equivalent\s+(?:to|of)|equal\s+to|representing|amounting\s+to))?\s*"
)
_SHARE_OF = re.compile(
    r"\s+of\s+(?!(?:which|whom|it|this|these|them|that)\b)(?:the\s+|its\s+|their\s+|our\s+)?"
    r"[\w’'-]+",
    re.I,
)


def find_quantities(text: str) -> list[QuantityMention]:
    """Every quantity in ``text`` with offsets into it, in order; dates and ids are skipped.

    An amount of money in brackets right after another ("1 billion yuan (US$140.9 million)",
    "3.2 trillion yen [approximately US$3.2 billion]"), or without them when it is in another
    currency and approximate ("650 billion yen approximately US$6.5 billion"), converts it and is
    no quantity of its own. "A 10-billion-U.S. dollars fund" is one amount. A letter "l" right
    after a currency symbol ("$l.8 billion") is read as the digit one it stands for.
    """
    out: list[QuantityMention] = []
    original = text
    text = _SLIP.sub("1", text)  # "$l.8 billion": a typing slip for "$1.8 billion"
    hyphenated = [_hyphenated(m) for m in _HYPHENATED.finditer(text)]
    for m in _QUANTITY.finditer(text):
        if any(h.start <= m.start() < h.end for h in hyphenated):
            continue
        mention = _mention(text, m)
        if mention is None:
            continue
        mention = _glued(text, mention)
        if mention is None:
            continue
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.currency
            and mention.currency
            and _CONVERSION_GAP.fullmatch(text, previous.end, mention.start)
        ):
            continue
        if (
            previous is not None
            and previous.currency
            and mention.currency
            and mention.currency != previous.currency
            and (gap := _CONVERSION_BARE.fullmatch(text, previous.end, mention.start)) is not None
            and (mention.qualifier is Qualifier.ABOUT or "or" in gap[0])
        ):
            continue  # "650 billion yen approximately US$6.5 billion": the yen converted
        if (
            previous is not None
            and previous.currency
            and mention.percent
            and _SHARE_GAP.fullmatch(text, previous.end, mention.start)
            and _SHARE_OF.match(text, mention.end)
        ):
            continue  # "GH¢9.3 billion, equivalent to 2.3 percent of GDP": the sum as a share
        out.append(mention)
    for h in hyphenated:
        unit, unit_end = _unit_after(text, h.end, False)
        out.append(attrs.evolve(h, unit=unit, unit_end=unit_end))
    return sorted(
        (attrs.evolve(q, text=original[q.start : q.end]) for q in out), key=lambda q: q.start
    )


_BARE_SUM = re.compile(
    rf"(?:(?:{_QUAL})\s+)?(?:{_DIGITS})\s?(?:{_LONG_SCALE}|bln|bn|mln|mn|trln|trn|tn)",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def carried_currency(text: str, at: int, quantity_text: str) -> str | None:
    """The currency a bare sum at ``at`` in ``text`` is written in, when the copy leaves it out.

    A sum of digits and a scale word with no currency ("Another 350 million are to come from
    the EU, 138 million from the USA") is in the currency of the last sum before it that has
    one, in its own paragraph or the one before ("Germany alone promised aid worth 244 million
    euros"); None when ``quantity_text`` is no bare sum or no such sum stands there.
    """
    if not _BARE_SUM.fullmatch(quantity_text.strip()):
        return None
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, at)]
    start = breaks[-2] if len(breaks) >= 2 else 0
    sums = [q for q in find_quantities(text[start:at]) if q.currency and q.end <= at - start]
    return sums[-1].currency if sums else None


# A currency sign of letters glued to the digits, then a scale word: "R100 million" (rand),
# "N50 billion" (naira), "$US50 million", "KSh5 billion", "Tk500 crore", "Rp10 trillion". The
# grammar sees only the scale word there; read alone it would be "a million", a wrong amount.
_GLUED = re.compile(r"(?P<pre>\$US|[A-Za-z]+)(?P<num>\d[\d,]*(?:\.\d+)?)\s*$")
_GLUED_SIGNS = {"$US": "USD", "US": "USD", "KSh": "KES", "Ksh": "KES", "Tk": "BDT", "Rp": "IDR"}
_GLUED_SIGNS |= {"R": "ZAR", "N": "NGN"} | _LETTER_SIGNS


def _glued(text: str, q: QuantityMention) -> QuantityMention | None:
    """The amount a scale word ends when its digits are glued to letters before it; ``None``
    when those letters are no currency sign ("COP28 million" counts nothing)."""
    scale = _SCALE_WORDS.get(q.text.lower())
    if scale is None or scale < 1000:
        return q
    m = _GLUED.search(text[max(0, q.start - 40) : q.start])
    if m is None:
        return q
    # an ISO 4217 code glued to the digits reads the same: "NOK2 billion", "SEK3 billion"
    # (not before a hyphen: "the COP28 million-strong rally" names a conference and a crowd)
    currency = _GLUED_SIGNS.get(m["pre"]) or (
        _currency_code(m["pre"])
        if re.fullmatch(r"[A-Z]{3}", m["pre"]) and not text.startswith("-", q.end)
        else None
    )
    if currency is None:
        return None
    value = _exact(Decimal(m["num"].replace(",", "")) * scale)
    return attrs.evolve(q, value=value, start=q.start - (len(m[0])), currency=currency)


def _hyphenated(m: re.Match[str]) -> QuantityMention:
    value = _exact(Decimal(m["num"]) * _SCALE_WORDS[m["scale"].lower()])
    qualifier = _QUALIFIERS[m["qual"].lower()] if m["qual"] else Qualifier.EXACTLY
    return QuantityMention(value, m.start(), m.end(), m[0], qualifier, _NAMES[m["name"].lower()])


# A short scale glued to digits counts without money when a plural noun follows it: "from 500m
# tonnes of CO2 equivalent, to 350m tonnes by 2030", "10m people", "50k jobs" (but "a 5m wall",
# "the 100m final" may be metres)
_SHORT_SCALE_COUNT = re.compile(
    r"(?<=\d[mbkMBK])\s+(?:[a-z]+[a-rt-z]s|people|children|women|men)\b(?![-’'])"
)


def _mention(text: str, m: re.Match[str]) -> QuantityMention | None:
    num = m["num"]
    num_start = m.start("num")
    num_end = m.end("num")
    before = text[max(0, num_start - 30) : num_start]
    after = text[num_end : num_end + 30]
    if not num.strip() or num.lower() in {"a", "an"}:
        return None
    is_digits = num[0].isdigit()
    sign = m["sym"] or m["lsign"]
    if re.search(r"\bmulti-?\s*$", before, re.I):
        return None  # "Multi-billion dollar US corporate climate pledges": no count
    if is_digits and not (m["lscale"] or m["sscale"] or m["gunit"]):
        if (
            re.fullmatch(r"(?:1[5-9]|20|21)\d\d", num)
            and not sign
            and not _currency_code(m["code"])
        ):
            return None  # a year
        if re.match(r"(?:st|nd|rd|th)\b", after) or re.match(r"[-–/.]\d", after):
            return None  # an ordinal, a range's start or a date such as 05.07.2024
        if re.search(r"[\d/.-]$", before) or _DATE_AFTER.match(after):
            return None
        if _DATE_BEFORE.search(before) or (_ID_BEFORE.search(before) and not sign):
            return None
        if re.search(r"\b[A-Z]{2,}\s$", before) and not (sign or m["code"]):
            return None  # an identifier: "TICAD 5", "COP 28"
        if re.match(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b|hours?\b|:\d)", after, re.I):
            return None
        if re.match(rf"\s*(?:-|–|to|and)\s*\d{{1,2}}\s+(?:{_MONTHS})\b", after, re.I):
            return None  # "from 14 to 16 June"
    if not is_digits and _ORDINAL_WORDS.match(num):
        return None
    if not is_digits and re.match(r"[- ](?:thirds?|quarters?|fifths?|tenths?|halves)\b", after):
        return None  # a fraction ("by one-third", "two-thirds of"), not a count
    if not is_digits and num.lower() == "one" and re.match(r"\s+(?:of|another|another's)\b", after):
        return None
    if (
        m["sscale"]
        and m["sscale"].lower() in {"m", "b", "k"}
        and not (sign or m["code"])
        and not _SHORT_SCALE_COUNT.match(text, m.end())
    ):
        return None  # "5 m" may be metres; short scales only with money or a counted noun
    glued = re.search(r"\b([A-Z]{3})(\d+)\.$", before) if is_digits else None
    if glued and _currency_code(glued[1]) and not (sign or m["code"]):
        # an ISO code glued to a decimal: "USD1.2 billion" is 1.2 billion, not "2 billion"
        try:
            value = parse_number(f"{glued[2]}.{num}")
        except ValueError:
            return None
        unit, unit_end = _unit_after(text, m.end(), False)
        start = num_start - len(glued[0])
        qual = re.search(rf"\b(?:{_QUAL})\s+$", text[max(0, start - 30) : start], re.I)
        if qual:
            start -= len(qual[0])
        return QuantityMention(
            value=value,
            start=start,
            end=m.end(),
            text=text[start : m.end()],
            qualifier=_QUALIFIERS[qual[0].strip().lower()] if qual else Qualifier.EXACTLY,
            currency=_currency_code(glued[1]),
            unit=unit,
            unit_end=unit_end,
        )
    try:
        value = parse_number(num)
    except ValueError:
        return None
    currency = _currency_code(m["code"]) if m["code"] else None
    if m["code"] and currency is None:
        # an upper-case word that is no currency: the quantity starts at the number
        start = num_start if not m["qual"] else m.start()
    else:
        start = m.start("qual") if m["qual"] else m.start()
    if m["sym"]:
        currency = _SYMBOLS.get(m["sym"]) or _SYMBOLS.get(m["sym"].upper())
        coded = re.search(r"\b([A-Z]{3})$", text[max(0, start - 3) : start])
        if m["sym"] == "$" and coded and _currency_code(coded[1]):
            # an ISO code glued to a dollar sign names the dollar: "CAD$1.21 billion"
            currency, start = _currency_code(coded[1]), start - 3
    elif m["lsign"]:
        currency = _LETTER_SIGNS[m["lsign"]]
    elif currency is None and not m["pct"]:
        named = re.search(rf"\b(?:{_NAME})\s+$", text[max(0, start - 30) : start], re.I)
        if named and is_digits:
            # a currency name before the number: "a pledge of over euro 2.3 billion"
            currency = _NAMES[named[0].strip().lower()]
        if m["sym"] == "¥" and re.search(
            r"\byuan\b|\bRMB\b|\bChin", text[max(0, start - 200) : start]
        ):
            currency = "CNY"
    end = m.end()
    percent = bool(m["pct"])
    code2 = _currency_code(m["code2"]) if m["code2"] else None
    name_currency = _NAMES.get(m["name"].lower()) if m["name"] else None
    if m["hname"]:
        name_currency = _HYPHEN_NAMES[m["hname"].lower()]
    if currency is None and (code2 or name_currency):
        currency = code2 or name_currency
    elif (m["code2"] or m["name"] or m["hname"]) and currency != (code2 or name_currency):
        end = m.end("pct") if m["pct"] else num_end
    if m["code2"] and code2 is None:
        end = m.end("pct") if m["pct"] else num_end
    qualifier = _QUALIFIERS[m["qual"].lower()] if m["qual"] else Qualifier.EXACTLY
    unit, unit_end = _unit_after(text, end, percent)
    if m["gunit"]:
        unit, unit_end = m["gunit"], m.end("gunit")
    return QuantityMention(
        value=value,
        start=start,
        end=end,
        text=text[start:end],
        qualifier=qualifier,
        currency=currency,
        percent=percent,
        unit=unit,
        unit_end=unit_end,
    )


def _unit_after(text: str, end: int, percent: bool) -> tuple[str | None, int | None]:
    """The noun phrase a quantity counts: the words after it up to a function word."""
    if percent:
        return "percent", end
    pos = end
    words: list[str] = []
    unit_end: int | None = None
    while len(words) < 7:
        m = _UNIT_TOKEN.match(text, pos)
        if not m:
            break
        token = m[0].strip()
        if token.lower() in _UNIT_STOP:
            break
        if (
            words
            and token[0].isalpha()
            and re.fullmatch(r"[a-z]+(?:ed|ing)", token)
            and (
                token
                not in {"training", "funding", "housing", "learning", "financing", "schooling"}
            )
        ):
            break
        words.append(token)
        pos = m.end()
        unit_end = pos
    if not words:
        return None, None
    return " ".join(words), unit_end
