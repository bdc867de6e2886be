import pledgetrack as pt
from pledgetrack.testing import make_commitment


def test_add_and_read_back(sourced_tracker: pt.Tracker) -> None:
    stored = sourced_tracker.add_commitment(make_commitment())
    assert sourced_tracker.get_commitment(stored.key) == stored
