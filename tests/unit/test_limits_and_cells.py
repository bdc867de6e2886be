"""CSV formula cells, import limits and value bounds, as pure functions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import pledgetrack as pt
from pledgetrack.csvcells import FORMULA_STARTS, neutralise, restore
from pledgetrack.errors import quoted
from pledgetrack.io.limits import Limits, current, using
from pledgetrack.model.bounds import MAX_INTEGER, check_decimal, check_integer


class TestFormulaCells:
    @given(st.text())
    def test_restore_undoes_a_reversible_neutralise(self, cell: str) -> None:
        assert restore(neutralise(cell, reversible=True)) == cell

    @given(st.text(min_size=1))
    def test_no_neutralised_cell_starts_a_formula(self, cell: str) -> None:
        out = neutralise(cell)
        if out[:1] in FORMULA_STARTS:
            assert float(out) == float(cell)  # only a plain number is left as it is

    @pytest.mark.parametrize(
        ("cell", "written"),
        [
            ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-2+3", "'-2+3"),
            ("-5", "-5"),
            ("+1.5", "+1.5"),
            ("plain", "plain"),
        ],
    )
    def test_the_owasp_rule(self, cell: str, written: str) -> None:
        assert neutralise(cell) == written


class TestLimits:
    def test_environment_then_using(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("PLEDGETRACK_MAX_DEPTH", "12")
        assert current().max_depth == 12
        with using(Limits(max_depth=3)):
            assert current().max_depth == 3
        assert current().max_depth == 12

    @pytest.mark.parametrize("raw", ["0", "-1", "lots", "1e9"])
    def test_bad_environment_values_are_refused(
        self, monkeypatch: pytest.MonkeyPatch, raw: str
    ) -> None:
        monkeypatch.setenv("PLEDGETRACK_MAX_CELL_CHARS", raw)
        with pytest.raises(pt.ValidationError, match=r"MAX_CELL_CHARS|max_cell_chars"):
            current()


class TestBounds:
    @pytest.mark.parametrize(
        "value", ["NaN", "Infinity", "1e18", "-1e18", "1e-1001", "123456789012345678901"]
    )
    def test_decimals_out_of_bounds(self, value: str) -> None:
        with pytest.raises(pt.ValidationError, match="at most 18 digits"):
            check_decimal(Decimal(value), "x")

    @pytest.mark.parametrize("value", ["999999999999999999", "0.5", "1e-1000", "0"])
    def test_decimals_in_bounds(self, value: str) -> None:
        assert check_decimal(Decimal(value), "x") == Decimal(value)

    def test_integers(self) -> None:
        assert check_integer(MAX_INTEGER, "x") == MAX_INTEGER
        with pytest.raises(pt.ValidationError, match="whole number from"):
            check_integer(MAX_INTEGER + 1, "x")


class TestQuoted:
    def test_long_texts_keep_a_prefix_and_say_their_length(self) -> None:
        shown = quoted("x" * 200_000)
        assert shown.startswith("'xxxx") and "(200,000 characters)" in shown
        assert len(shown) < 100

    def test_big_data_is_shown_briefly(self) -> None:
        assert len(quoted([list(range(1000))] * 1000)) < 200
        assert "digits" in quoted(10**4000)
