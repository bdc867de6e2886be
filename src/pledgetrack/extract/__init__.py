"""The first-pass extractor: draft commitments from an announcement's text, for review.

>>> from pledgetrack.extract import extract_drafts
>>> drafts = extract_drafts(
...     "China is ready to provide at least 1,000 training opportunities in the next three years.",
...     "2024-07-04",
... )
>>> d = drafts[0]
>>> (d.actor, str(d.quantity), d.unit, d.qualifier.value, str(d.deadline.date))
('China', '1000', 'training opportunities', 'at_least', '2027-07-04')
"""

from pledgetrack.extract.accept import (
    Accepted,
    accept_drafts,
    drafts_document,
    read_drafts_document,
)
from pledgetrack.extract.drafts import Draft, Extraction, Quote, Skipped
from pledgetrack.extract.evaluation import (
    GOLD_SETS,
    GoldDocument,
    GoldQuote,
    Scores,
    evaluate,
    gold_directory,
    load_gold_dir,
    load_gold_set,
    load_seed_gold,
)
from pledgetrack.extract.extractor import extract, extract_drafts
from pledgetrack.extract.quantities import QuantityMention, find_quantities, parse_number
from pledgetrack.extract.render import read_text, render_drafts
from pledgetrack.extract.sentences import split_sentences

__all__ = [
    "GOLD_SETS",
    "Accepted",
    "Draft",
    "Extraction",
    "GoldDocument",
    "GoldQuote",
    "QuantityMention",
    "Quote",
    "Scores",
    "Skipped",
    "accept_drafts",
    "drafts_document",
    "evaluate",
    "extract",
    "extract_drafts",
    "find_quantities",
    "gold_directory",
    "load_gold_dir",
    "load_gold_set",
    "load_seed_gold",
    "parse_number",
    "read_drafts_document",
    "read_text",
    "render_drafts",
    "split_sentences",
]
