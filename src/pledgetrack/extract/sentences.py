"""Sentences of a text with their character offsets.

A text is first cut into blocks at line ends that end something: a blank line, a line
ending with closing punctuation, a heading (a short line without it) or a line before a
bullet. A line broken inside a sentence (hard-wrapped text) stays joined to the next. Each
block is then cut into sentences by ``syntok``, which knows abbreviations ("Dr.", "U.S.",
"Dec. 31") and decimal points ("1.5 bn.").
"""

from __future__ import annotations

import re

import attrs
from syntok import segmenter  # type: ignore[import-untyped]

__all__ = ["Span", "split_sentences"]

_BULLET = re.compile(
    r"^\s*(?:(?:--|[•·▪‣◦*–—-])\s+|\(?\d{1,2}[.)]\s+|\(\d{1,2}\)\s*(?=[A-Z])|\(?[a-z][.)]\s+)"
)


@attrs.frozen
class Span:
    """A piece of a text: ``text == whole[start:end]``."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Span]:
    """The sentences of ``text`` in order, each trimmed of white space and bullet marks."""
    out: list[Span] = []
    for base, end in _blocks(text):
        body = text[base:end]
        if not body.strip():
            continue
        for paragraph in segmenter.analyze(body):
            for sentence in paragraph:
                tokens = list(sentence)
                if not tokens:
                    continue
                first = tokens[0].offset
                last = tokens[-1].offset + len(tokens[-1].value)
                span = _trim(text, base + first, base + last)
                if span is None:
                    continue
                if (
                    out
                    and out[-1].end >= base
                    and (
                        _ABBREVIATION.search(out[-1].text)
                        or (not _ENDS.search(out[-1].text) and span.text[:1].islower())
                    )
                ):
                    # "app. 52.1 million", "China; $18 billion": the sentence goes on
                    span = Span(text[out[-1].start : span.end], out[-1].start, span.end)
                    out.pop()
                out.append(span)
    return out


# "app. 52.1 million", "Rs. 64,180 crore", "Tk. 29,464 crore": the sentence goes on
_ABBREVIATION = re.compile(r"\b(?:app|approx|est|ca|incl|esp|vs|cf|rs|tk)\.$|;$", re.I)


_ENDS = re.compile(r"[.!?:;\"”’)\]]\s*$")


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each block of lines that may hold one or more whole sentences."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for piece in text.split("\n"):
        lines.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            continue
        blank = current is not None and text.count("\n", current[1], start) > 1
        if current is not None and _continues(text[current[0] : current[1]], line, blank):
            current = (current[0], end)
            continue
        if current is not None:
            blocks.append(current)
        current = (start, end)
    if current is not None:
        blocks.append(current)
    return blocks


def _continues(previous: str, line: str, blank: bool = False) -> bool:
    """True when ``line`` carries on the sentence ``previous`` broke off.

    After a blank line only a line that opens in lower case does ("pledged on Sunday to",
    blank line, "boost financial support").
    """
    last = previous.rstrip().rsplit("\n", 1)[-1]
    if _ENDS.search(last) or _BULLET.match(line):
        return False
    nxt = line.lstrip()
    if blank:
        return nxt[:1].islower()
    return bool(nxt[:1].islower() or nxt[:1].isdigit() or len(last) >= 50 or last.endswith(","))


def _trim(text: str, start: int, end: int) -> Span | None:
    bullet = _BULLET.match(text[start:end])
    while bullet and bullet.end() > 0:  # "1. 1. On November 15": every mark
        start += bullet.end()
        bullet = _BULLET.match(text[start:end])
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Span(text[start:end], start, end)
