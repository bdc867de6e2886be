"""From a timing phrase and an announcement date to a deadline: the project's one set of rules.

=================================================  ========================  =========  ========
phrase (said on date D, in year Y)                 deadline                  precision  basis
=================================================  ========================  =========  ========
"in the next three years", "in the coming 3        D + N years (or months,   day        inferred
years", "within five years", "over the next N      weeks; a decade is ten
years", "in N years' time", "in the next six       years)
months", "over three years", "within a decade",
"over the next decade"
"by 2025", "in 2025", "for 2025", "by the end of   end of 2025               year       stated
2025", "before the end of 2025", "by end-2025",
"end of 2025", "between now and 2025", "up to
2025"
"to 2030" (not "to 2030 levels"), "in fiscal      end of 2030 (2024)        year       stated
year 2024", "FY2024", "fiscal 2024", "by2015"
"in the financial year 2023/24", "FY 2024-25"      end of the second year    year       stated
"from 2014" (not "from 2014 to …", "from 2005      end of 2014               year       stated
levels"), "with a 2020 timeline"
"for the first 24 months", "within the first       D + N months (days)       day        inferred
100 days"
"in five years" (not "the first time in five       D + N years (months)      day        inferred
years", "in two years of talks")
"till December 16 this year", "by 30 June          that day of that year     day        inferred
next year"
"by 16 December" (no year)                         the next such day         day        inferred
"from the 2017 AU budget", "until the 2030         end of that year          year       inferred
World Expo" (an event named with its year)
"by the year 2030", "not later than 2030", "by     end of 2025 (2030)        year       stated
year-end 2025", "by the close of 2025", "in late
2025", "for 2021 to 2025", "FY25"
"by mid-century", "by the middle of the            end of 2050               year       inferred
century"
"within the year"; "within this decade"            end of Y; of the decade   year       inferred
"by the end of the month", "next month"            end of this (next) month  month      inferred
"by Q3", "in the third quarter" (no year)          end of that quarter       quarter    inferred
                                                   (next year's once past)
"within two to three years", "within 12-18         D + the later bound       day        inferred
months"; "over a five-year period"
"in the first half of 2022" ("second half")        30 June (31 December)     month      stated
"before 2025"                                      end of 2024               year       stated
"declare 2025 the Year of ...", "designate 2025    end of 2025               year       stated
as the ..."
"2017-2024", "2024-25", "for 2024-2025", "2017-18" end of the last year      year       stated
"between 2024 and 2026", "from 2024 to 2026"
"the Interaction-2024 exercise", "Peace            end of that year          year       inferred
Mission-2025" (an event named with its year)
"in June 2018", "by June 2018", "by mid-2026",     end of that month (June   month      stated
"from July 2025 to June 2028", "through          for "mid")
September in 2022"
"by the end of June", "in June" (no year)          end of the next such      month      inferred
                                                   month
"Q4 2017", "in the fourth quarter of 2017"         end of that quarter       quarter    stated
"by 31 December 2025", "by December 31, 2025",    that day                  day        stated
"by 2025-12-31", "from 1 July 2020 to 31
December 2020" (the last day)
"2017-06" (ISO year-month, not a range)            end of that month         month      stated
"this year", "by the end of this year", "by the    end of Y                  year       inferred
end of the year", "by year-end"
"next year", "in the coming year"                  end of Y + 1              year       inferred
"by the end of the decade", "by the end of this    end of the decade's last  year       inferred
decade", "before the end of the decade"            year (2020s: 2029)
"at an appropriate time", "in due course",         no deadline               none       stated
"soon", "as soon as possible", "in the future",
"in the coming years", "in the years ahead"
=================================================  ========================  =========  ========

A phrase naming a month without a year ("by the end of June") needs "by", "in", "before" or
"by the end of" in front of it, so that "may" the verb is never read as a month.

A deadline of precision year, quarter or month falls due at the end of its period. Numbers
in horizons may be digits or words ("three", "twenty").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

import attrs
from dateutil.relativedelta import relativedelta

from pledgetrack.model.values import Basis, Deadline, Precision, to_date

__all__ = [
    "Horizon",
    "deadline_from_phrase",
    "find_horizon",
    "find_horizons",
    "read_phrase",
    "small_number",
]

_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip

_MONTHS = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
_QUARTERS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}

_WORD_NUM = "|".join(sorted(_WORDS, key=len, reverse=True))
_NUM = rf"(?P<n>\d{{1,3}}|{_WORD_NUM})"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_ANY_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH = r"(?P<m>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"


def small_number(word: str) -> int:
    """``"3"`` or ``"three"`` as an int (up to fifty in words)."""
    word = word.lower()
    return int(word) if word.isdigit() else _WORDS[word]


@attrs.frozen
class Horizon:
    """A timing phrase found in a text, where it stands, and the deadline it implies."""

    phrase: str
    start: int
    end: int
    deadline: Deadline


Rule = Callable[[re.Match[str], dt.date], Deadline]


def _next_decade(m: re.Match[str], announced: dt.date) -> Deadline:
    return Deadline(announced + relativedelta(years=10), Precision.DAY, m[0], Basis.INFERRED)


def _relative(m: re.Match[str], announced: dt.date) -> Deadline:
    n = small_number(m["n"])
    unit = m["unit"].lower()
    delta = relativedelta(years=n) if unit.startswith("year") else relativedelta(months=n)
    if unit.startswith("week"):
        delta = relativedelta(weeks=n)
    elif unit.startswith("day"):
        delta = relativedelta(days=n)
    elif unit.startswith("decade"):
        delta = relativedelta(years=10 * n)
    return Deadline(announced + delta, Precision.DAY, m[0], Basis.INFERRED)


def _year(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline(dt.date(int(m["y"]), 12, 31), Precision.YEAR, m[0], Basis.STATED)


def _fiscal(m: re.Match[str], announced: dt.date) -> Deadline:
    return _range(m, announced) if m["y2"] else _year(m, announced)


def _before_year(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline(dt.date(int(m["y"]) - 1, 12, 31), Precision.YEAR, m[0], Basis.STATED)


def _range(m: re.Match[str], _announced: dt.date) -> Deadline:
    first, last = int(m["y"]), m["y2"]
    year = int(last) if len(last) == 4 else (first // 100) * 100 + int(last)
    if year <= first and len(last) == 2 and 1 <= int(last) <= 12:
        # "2017-06" is not a range ending before it starts: read it as ISO year-month
        day = dt.date(first, int(last), calendar.monthrange(first, int(last))[1])
        return Deadline(day, Precision.MONTH, m[0], Basis.STATED)
    return Deadline(dt.date(year, 12, 31), Precision.YEAR, m[0], Basis.STATED)


def _iso_day(m: re.Match[str], _announced: dt.date) -> Deadline:
    day = dt.date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return Deadline(day, Precision.DAY, m[0], Basis.STATED)


def _month(m: re.Match[str], announced: dt.date) -> Deadline:
    month = _MONTHS[m["m"].lower()]
    stated = m.groupdict().get("y")
    year = int(stated) if stated else announced.year + (1 if month < announced.month else 0)
    basis = Basis.STATED if stated else Basis.INFERRED
    last = calendar.monthrange(year, month)[1]
    return Deadline(dt.date(year, month, last), Precision.MONTH, m[0], basis)


def _day_in_year(m: re.Match[str], announced: dt.date) -> Deadline:
    month = _MONTHS[m["m"].lower()]
    day = int(m["d"])
    which = (m.groupdict().get("which") or "").lower()
    year = announced.year + (1 if which == "next" else 0)
    if not which and (month, day) < (announced.month, announced.day):
        year += 1
    basis = Basis.INFERRED
    return Deadline(dt.date(year, month, day), Precision.DAY, m[0], basis)


def _mid_year(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline(dt.date(int(m["y"]), 6, 30), Precision.MONTH, m[0], Basis.STATED)


def _years_between(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline(dt.date(int(m["y2"]), 12, 31), Precision.YEAR, m[0], Basis.STATED)


def _day(m: re.Match[str], _announced: dt.date) -> Deadline:
    day = dt.date(int(m["y"]), _MONTHS[m["m"].lower()], int(m["d"]))
    return Deadline(day, Precision.DAY, m[0], Basis.STATED)


def _quarter(m: re.Match[str], _announced: dt.date) -> Deadline:
    q = int(m["q"]) if m["q"].isdigit() else _QUARTERS[m["q"].lower()]
    return Deadline.in_quarter(int(m["y"]), q, m[0])


def _this_year(m: re.Match[str], announced: dt.date) -> Deadline:
    return Deadline(dt.date(announced.year, 12, 31), Precision.YEAR, m[0], Basis.INFERRED)


def _next_year(m: re.Match[str], announced: dt.date) -> Deadline:
    return Deadline(dt.date(announced.year + 1, 12, 31), Precision.YEAR, m[0], Basis.INFERRED)


def _this_decade(m: re.Match[str], announced: dt.date) -> Deadline:
    last = announced.year - announced.year % 10 + 9
    return Deadline(dt.date(last, 12, 31), Precision.YEAR, m[0], Basis.INFERRED)


def _named_year(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline(dt.date(int(m["y"]), 12, 31), Precision.YEAR, m[0], Basis.INFERRED)


def _half_year(m: re.Match[str], _announced: dt.date) -> Deadline:
    month = 6 if m["h"].lower() in {"first", "1st"} else 12
    day = dt.date(int(m["y"]), month, calendar.monthrange(int(m["y"]), month)[1])
    return Deadline(day, Precision.MONTH, m[0], Basis.STATED)


def _relative_range(m: re.Match[str], announced: dt.date) -> Deadline:
    """ "within two to three years": the later bound."""
    return _relative(m, announced)


def _this_month(m: re.Match[str], announced: dt.date) -> Deadline:
    year, month = announced.year, announced.month
    if (m["which"] or "").lower() == "next":
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    day = dt.date(year, month, calendar.monthrange(year, month)[1])
    return Deadline(day, Precision.MONTH, m[0], Basis.INFERRED)


def _quarter_no_year(m: re.Match[str], announced: dt.date) -> Deadline:
    q = int(m["q"]) if m["q"] else _QUARTERS[m["qw"].lower()]
    year = announced.year + (1 if q * 3 < announced.month else 0)
    deadline = Deadline.in_quarter(year, q, m[0])
    return attrs.evolve(deadline, basis=Basis.INFERRED)


def _mid_century(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline(dt.date(2050, 12, 31), Precision.YEAR, m[0], Basis.INFERRED)


def _two_digit_fiscal(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline(dt.date(2000 + int(m["yy"]), 12, 31), Precision.YEAR, m[0], Basis.STATED)


def _vague(m: re.Match[str], _announced: dt.date) -> Deadline:
    return Deadline.none(m[0])


_BY = r"(?:by|in|before|until|till|through|no later than|not later than|for)"
_END = r"(?:(?:(?:by|before|until|at) )?(?:the )?end(?: of|-)\s*|by end[- ](?:of )?)"

_DAY_MONTH = (
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH}",
    rf"{_MONTH} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?",
)
_UNIT = r"(?P<unit>years?|months?|weeks?|decades?)"
# days count only after "within" and "the first": "over three days" is mostly an event's length
_UNIT_DAYS = r"(?P<unit>years?|months?|weeks?|decades?|days?)"

_RULES: list[tuple[re.Pattern[str], Rule]] = [
    (
        re.compile(
            rf"\b(?:{_BY} |{_END})?{_YEAR}-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"
        ),
        _iso_day,
    ),
    (
        re.compile(
            rf"\b(?:(?:with)?in|over|during|for) (?:the )?(?:next|coming|following) {_NUM}"
            rf"\s+{_UNIT}\b",
            re.I,
        ),
        _relative,
    ),
    (
        re.compile(
            r"\b(?:(?:with)?in|over|during) (?:the )?(?:next|coming|following) decade\b",
            re.I,
        ),
        _next_decade,
    ),
    (re.compile(rf"\bwithin (?:the )?(?:first )?{_NUM}\s+{_UNIT_DAYS}\b", re.I), _relative),
    # a range of counts falls due at its later bound: "within two to three years", "over the
    # next 12 to 18 months", "within 12-18 months"
    (
        re.compile(
            rf"\b(?:(?:with)?in|over|during) (?:the )?(?:next |coming |following )?"
            rf"(?:\d{{1,3}}|{_WORD_NUM})\s*(?:to|-|–|or)\s*{_NUM}\s+{_UNIT}\b",
            re.I,
        ),
        _relative_range,
    ),
    # "over a five-year period", "over a 10-year span" (not "for a period of 16 months, from 1
    # January 2021": a length whose start is given)
    (
        re.compile(
            rf"\b(?:over|during|in) (?:a|the next) {_NUM}-(?P<unit>year|month)"
            r" (?:period|span|timeframe|time frame)\b",
            re.I,
        ),
        _relative,
    ),
    # "for the first 24 months of reconstruction", "in the first 100 days": a period that starts
    # with the announcement, counted from it like "within"
    (
        re.compile(
            rf"\b(?:for|in|during|over) the (?:first|initial) {_NUM}\s+{_UNIT_DAYS}\b", re.I
        ),
        _relative,
    ),
    (re.compile(rf"\bover (?:a period of )?{_NUM}\s+{_UNIT}\b", re.I), _relative),
    (re.compile(rf"\bin {_NUM}\s+(?P<unit>years?|months?)(?:'|’)? time\b", re.I), _relative),
    # "to raise defense spending to 2% of gross domestic product in five years": "in" a number
    # of years or months counts from the announcement, as "within" does (not "the first time in
    # five years", "the lowest in 20 years", "in two years of talks", "in ten years ago")
    (
        re.compile(
            r"(?<!\btime )(?<!\bfirst )(?<!\blowest )(?<!\bhighest )(?<!\bbest )(?<!\bworst )"
            rf"\bin {_NUM}\s+(?P<unit>years|months)\b(?!\s+(?:of|ago|since|before|after)\b)"
            r"(?![-'’])",
            re.I,
        ),
        _relative,
    ),
    (re.compile(rf"\b(?:{_BY} |{_END})?Q(?P<q>[1-4])\s+{_YEAR}\b", re.I), _quarter),
    (
        re.compile(
            rf"\b(?:{_BY} |{_END})?(?:the )?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
            rf" quarter of {_YEAR}\b",
            re.I,
        ),
        _quarter,
    ),
    (
        re.compile(
            rf"\b(?:from|between) \d{{1,2}}(?:st|nd|rd|th)? {_ANY_MONTH},? (?:19|20)\d\d"
            rf" (?:to|and|until|till|through) (?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf" {_MONTH},? {_YEAR}\b",
            re.I,
        ),
        _day,
    ),
    (
        re.compile(
            rf"\b(?:{_BY} |{_END})?(?P<d>\d{{1,2}})(?:st|nd|rd|th)? {_MONTH},? {_YEAR}\b", re.I
        ),
        _day,
    ),
    (
        re.compile(
            rf"\b(?:{_BY} |{_END})?{_MONTH} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? {_YEAR}\b", re.I
        ),
        _day,
    ),
    # a day and month with "this year" or "next year" ("extended till December 16 this year"),
    # or after "by", "until", "till", "before" without a year ("by 16 December"): that day of
    # the year it names, or the next such day
    *(
        (
            re.compile(
                rf"\b(?:(?:{_BY}|no later than) )?{day_month},? (?P<which>this|next) year\b", re.I
            ),
            _day_in_year,
        )
        for day_month in _DAY_MONTH
    ),
    *(
        (
            re.compile(
                rf"\b(?:by|until|till|before|no later than) {day_month}\b"
                r"(?!,? (?:(?:19|20)\d\d|this year|next year))(?![,.]?\d)",
                re.I,
            ),
            _day_in_year,
        )
        for day_month in _DAY_MONTH
    ),
    (
        re.compile(
            rf"\b(?:from|between) {_ANY_MONTH} (?:19|20)\d\d"
            rf" (?:to|and|until|through) {_MONTH},? {_YEAR}\b",
            re.I,
        ),
        _month,
    ),
    # "through September in 2022", "by March of 2024": a month, then its year after "in"/"of"
    (re.compile(rf"\b(?:{_BY} |{_END})?{_MONTH},? (?:(?:in|of) )?{_YEAR}\b", re.I), _month),
    # "in the first half of 2022": a half-year falls due at the end of its sixth month
    (
        re.compile(
            rf"\b(?:{_BY} |{_END})?(?:the )?(?P<h>first|second|1st|2nd) half of {_YEAR}\b", re.I
        ),
        _half_year,
    ),
    # "in fiscal year 2024", "for FY2024", "fiscal 2024": the fiscal year named by its year; one
    # named by its two years ("in the financial year 2023/24", "FY 2024-25") ends with the
    # second, as any "2024-25" does
    (
        re.compile(
            rf"\b(?:{_BY} |{_END})?(?:the )?(?:(?:fiscal|financial)(?: year)?|FY) ?{_YEAR}"
            rf"(?:\s*[-–/]\s*(?P<y2>(?:19|20)?\d\d)\b(?![-–/.]\d))?\b(?![-–/])",
            re.I,
        ),
        _fiscal,
    ),
    (re.compile(rf"\b(?:{_BY} |{_END})?(?:the )?mid[- ]{_YEAR}\b", re.I), _mid_year),
    # "in FY25", "for FY24": a fiscal year named by two digits
    (re.compile(rf"\b(?:{_BY} |{_END})?FY ?(?P<yy>\d\d)\b(?![-–/]\d)"), _two_digit_fiscal),
    # the end of a year said in other words: "by year-end 2025", "by the close of 2025", "in
    # late 2025", "by the year 2030"
    (
        re.compile(
            rf"\b(?:(?:{_BY}|at) )?(?:the )?(?:year[- ]end(?: of)?|close of|late[- ])\s*{_YEAR}"
            rf"\b(?![-–])",
            re.I,
        ),
        _year,
    ),
    (re.compile(rf"\b{_BY} the year {_YEAR}\b(?![-–])", re.I), _year),
    # "net zero by mid-century", "by the middle of the century": 2050, as the Paris Agreement
    # reads it
    (
        re.compile(
            r"\b(?:(?:by|before|around|until) )?(?:the )?(?:mid-?century|middle of (?:the|this) "
            r"century)\b",
            re.I,
        ),
        _mid_century,
    ),
    (
        re.compile(
            rf"\b(?:(?:between|from) |(?:for|during|over|covering|in) (?:the (?:period|years) )?)"
            rf"{_YEAR} (?:and|to|until|through|till) (?P<y2>(?:19|20)\d\d)\b",
            re.I,
        ),
        _years_between,
    ),
    (re.compile(rf"\b(?:{_BY}|{_END}) ?{_YEAR}\s*[-–—/]\s*(?P<y2>(?:19|20)?\d\d)\b", re.I), _range),
    (re.compile(rf"\b{_YEAR}\s*[-–—]\s*(?P<y2>(?:19|20)\d\d)\b", re.I), _range),
    (re.compile(rf"\b{_YEAR}\s*[-–—/]\s*(?P<y2>\d\d)\b(?![-–—/.]\d)", re.I), _range),
    (re.compile(rf"\b[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*-{_YEAR}\b(?![-–—]\d)"), _named_year),
    # an event named by its year and a capitalised name, with a preposition of time: "during the
    # 2016 Rio Olympics", "at the 2030 World Expo" fall due at the end of that year
    (
        re.compile(
            rf"\b(?:during|at|before|by|from|until|for|ahead of) the {_YEAR} [A-Z][A-Za-z]+"
            r"(?: [A-Z][A-Za-z]+)*"
        ),
        _named_year,
    ),
    (re.compile(rf"\bbefore {_YEAR}\b", re.I), _before_year),
    (
        re.compile(
            rf"\b(?:declare|designate|proclaim)[sd]? (?:that )?{_YEAR}(?= (?:as |be )?the\b)", re.I
        ),
        _year,
    ),
    (
        re.compile(
            # (not "earlier in 2022": when a pledge was made, not when it is due)
            rf"(?:\b{_END}|(?<!\bearlier )\b(?:by|in|until|till|through|no later than|for|during"
            rf"|not later than|between now and|from now (?:until|till|to|through)|up to) )"
            rf"{_YEAR}\b(?![-–])",
            re.I,
        ),
        _year,
    ),
    # a preposition glued to its year, a typing slip the copy keeps: "by2015", "in2030"
    (re.compile(rf"\b(?:by|in|before|until){_YEAR}\b(?![-–])", re.I), _year),
    # a year that opens what is promised is due at its end: "Launch an annual Global Report on
    # Nutrition from 2014", "starting from the year 2017" (not the start of a range, "from 2014
    # to 2016", nor a baseline, "from 2005 levels")
    (
        re.compile(
            rf"\bfrom (?:the (?:year|fiscal year|financial year) )?{_YEAR}\b(?![-–—/])"
            r"(?!\s+(?:to|until|till|through|and|levels?|baselines?|figures?|values?)\b)",
            re.I,
        ),
        _year,
    ),
    # a year that names a time limit: "with a 2020 timeline", "a 2030 deadline"
    (
        re.compile(
            rf"\b(?:an?|the|its|their) {_YEAR}[ -](?:deadline|timeline|time-?frame|time frame"
            r"|target date|end date)\b",
            re.I,
        ),
        _year,
    ),
    # "emission reductions to 2030": "to" a year (after no number, so not the end of a range),
    # unless the year qualifies what follows ("to 2030 levels", "to 2030 targets")
    (
        re.compile(
            rf"(?<!\d )\bto {_YEAR}\b(?![-–]|\s+(?:levels?|targets?|goals?|agenda)\b)", re.I
        ),
        _year,
    ),
    (
        re.compile(rf"\b(?:{_END}|by |in |before )?(?:the )?(?:end of )?this year\b", re.I),
        _this_year,
    ),
    (
        re.compile(r"\b(?:by|before) (?:the )?(?:end of the year|year[- ]end)\b", re.I),
        _this_year,
    ),
    (re.compile(r"\bwithin (?:the|this) year\b", re.I), _this_year),
    # "by the end of the month", "by the end of this month", "next month": the month's last day
    # ("this month" needs a preposition of time: "earlier this month" is when, not by when)
    (
        re.compile(
            rf"\b(?:{_END}|(?:by|in|before|within) )?(?P<which>next) month\b"
            rf"|\b(?:{_END}|(?:by|before|within) )(?:this|the) month\b(?! of\b)",
            re.I,
        ),
        _this_month,
    ),
    # "by Q3", "in the third quarter" without a year: this year's, or next year's once past
    (
        re.compile(
            rf"\b(?:(?:{_BY}|during) |{_END})(?:the )?(?:Q(?P<q>[1-4])|(?P<qw>first|second|third"
            r"|fourth|1st|2nd|3rd|4th) quarter)\b(?! of\b)(?!,? (?:19|20)\d\d)(?![ -]?\d)",
            re.I,
        ),
        _quarter_no_year,
    ),
    (
        re.compile(r"\b(?:in|within|during|over) (?:this|the current) decade\b", re.I),
        _this_decade,
    ),
    (
        re.compile(
            r"\b(?:(?:by|before|until|at) )?(?:the )?end of (?:the|this|the current) decade\b",
            re.I,
        ),
        _this_decade,
    ),
    (
        re.compile(
            r"\b(?:by |in |before |until )?(?:the )?(?:end of )?(?:next year|the coming year)\b",
            re.I,
        ),
        _next_year,
    ),
    (
        re.compile(
            r"\b(?:at an appropriate time|at the appropriate time|in due course|as soon as possible"
            r"|in the (?:near )?future|in the long run|in the (?:coming|next) years"
            r"|in the years (?:ahead|to come)|over the (?:coming|next) years|soon)\b",
            re.I,
        ),
        _vague,
    ),
]


_MONTH_ONLY: tuple[re.Pattern[str], Rule] = (
    re.compile(rf"\b(?:(?:by|in|before|until) |{_END}){_MONTH}\b(?! \d)", re.I),
    _month,
)
_RULES.insert(len(_RULES) - 1, _MONTH_ONLY)


def find_horizon(text: str, announced: dt.date) -> Horizon | None:
    """The first timing phrase in ``text`` (by rule order, then position) and its deadline."""
    for pattern, rule in _RULES:
        for m in pattern.finditer(text):
            deadline = _read(rule, m, announced)
            if deadline is not None:
                return Horizon(m[0], m.start(), m.end(), deadline)
    return None


def _read(rule: Rule, m: re.Match[str], announced: dt.date) -> Deadline | None:
    """The rule's deadline, or None for a date no calendar has ("31 February 2022")."""
    try:
        return rule(m, announced)
    except ValueError:
        return None


def read_phrase(phrase: str, announced: dt.date | str) -> Deadline | None:
    """The deadline a timing phrase implies when said on ``announced``; None when no rule
    reads it (for callers that try other readings next)."""
    day = to_date(announced, "announced")
    found = find_horizon(phrase, day)
    if found is None:
        return None
    return attrs.evolve(found.deadline, phrase=phrase)


def deadline_from_phrase(phrase: str, announced: dt.date | str) -> Deadline:
    """The deadline a timing phrase implies when said on ``announced``.

    The returned deadline's ``phrase`` is the phrase as given. A phrase no rule reads is
    kept, never dropped: the deadline then has no date and precision ``none``
    (``Deadline.none(phrase)``), just as a vague phrase ("in due course") has.
    """
    found = read_phrase(phrase, announced)
    return Deadline.none(phrase) if found is None else found


def find_horizons(text: str, announced: dt.date) -> list[Horizon]:
    """Every timing phrase in ``text``, in order of position, none overlapping another.

    Where two rules match overlapping text, the earlier rule (the more specific) wins.
    """
    taken: list[Horizon] = []
    for pattern, rule in _RULES:
        for m in pattern.finditer(text):
            if any(m.start() < h.end and h.start < m.end() for h in taken):
                continue
            deadline = _read(rule, m, announced)
            if deadline is not None:
                taken.append(Horizon(m[0], m.start(), m.end(), deadline))
    return sorted(taken, key=lambda h: h.start)
