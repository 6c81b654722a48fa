"""kg.dates: absolute, incomplete and relative French dates."""

from __future__ import annotations

from datetime import date

import pytest

from kg.dates import (
    find_french_dates,
    fold,
    infer_year_from_weekday,
    parse_french_date,
    resolve_relative,
)
from kg.errors import ExtractError

REF = date(2017, 11, 6)  # a Monday


@pytest.mark.parametrize(("text", "expected"), [
    ("6 novembre 2017", ("2017-11-06", "day")),
    ("lundi 6 novembre 2017", ("2017-11-06", "day")),
    ("LUNDI 6 NOVEMBRE 2017", ("2017-11-06", "day")),
    ("Marseille, le 6 novembre 2017", ("2017-11-06", "day")),
    ("1er décembre 2019", ("2019-12-01", "day")),
    ("le 1ᵉʳ décembre 2019", ("2019-12-01", "day")),
    ("12 fevrier 2020", ("2020-02-12", "day")),
    ("12 Février 2020", ("2020-02-12", "day")),
    ("3 août 2021", ("2021-08-03", "day")),
    ("3 aout 2021", ("2021-08-03", "day")),
    ("15 sept. 2018", ("2018-09-15", "day")),
    ("novembre 2017", ("2017-11", "month")),
    ("en Décembre 2019, la ville", ("2019-12", "month")),
    ("06/11/2017", ("2017-11-06", "day")),
    ("6.11.2017", ("2017-11-06", "day")),
    ("publié le 2017-11-06", ("2017-11-06", "day")),
    # as a deed writes them
    ("Fait à Sète, le vingt-sept juin deux mille vingt-six", ("2026-06-27", "day")),
    ("le premier mars mille neuf cent quatre-vingt-dix-neuf", ("1999-03-01", "day")),
    ("le trente et un décembre deux mille", ("2000-12-31", "day")),
])
def test_absolute_dates(text: str, expected: tuple[str, str]) -> None:
    assert parse_french_date(text) == expected


@pytest.mark.parametrize("text", [
    "31 février 2017", "32/01/2017", "lundi 6 novembre", "le Comté de Miami", "", "13 13 2017",
    "le trente février deux mille", "les deux mars et trois avril",
])
def test_no_date_without_reference_or_when_impossible(text: str) -> None:
    assert parse_french_date(text) is None


def test_incomplete_date_takes_the_year_where_the_weekday_fits() -> None:
    # 6 November is a Monday in 2017 and in 2023; seen from early 2018, 2017 is nearer
    early_2018, early_2023 = date(2018, 3, 1), date(2023, 1, 1)
    assert parse_french_date("lundi 6 novembre", reference=early_2018) == ("2017-11-06", "day")
    assert parse_french_date("lundi 6 novembre", reference=early_2023) == ("2023-11-06", "day")
    assert parse_french_date("mardi 6 novembre", reference=REF) == ("2018-11-06", "day")


def test_incomplete_date_without_weekday_takes_the_reference_year() -> None:
    assert parse_french_date("le 6 novembre", reference=date(2019, 1, 1)) == ("2019-11-06", "day")
    assert parse_french_date("29 février", reference=date(2019, 1, 1)) is None


def test_year_written_wins_over_reference() -> None:
    assert parse_french_date("lundi 6 novembre 2017", reference=date(2030, 1, 1)) == (
        "2017-11-06", "day")


def test_find_gives_offsets_into_the_original_text() -> None:
    text = "La Métropole a signé ce LUNDI 6 NOVEMBRE un accord; en décembre 2017, suite."
    found = find_french_dates(text, reference=REF)
    assert [(m.text, m.iso, m.precision) for m in found] == [
        ("LUNDI 6 NOVEMBRE", "2017-11-06", "day"), ("décembre 2017", "2017-12", "month")]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_fold_keeps_length() -> None:
    text = "Élu à l’Hôtel de Ville ½ œuvre ᵉʳ"
    assert len(fold(text)) == len(text)
    assert fold("Côte d’Ivoire") == "cote d'ivoire"


def test_infer_year_from_weekday() -> None:
    assert infer_year_from_weekday(6, 11, "lundi", range(2010, 2025)) == [2017, 2023]
    assert infer_year_from_weekday(6, 11, "LUNDI", [2016, 2017]) == [2017]
    assert infer_year_from_weekday(29, 2, "jeudi", range(2010, 2025)) == [2024]
    assert infer_year_from_weekday(6, 11, "dimanche", [2017]) == []


def test_infer_year_rejects_unknown_weekday() -> None:
    with pytest.raises(ExtractError, match="monday") as info:
        infer_year_from_weekday(6, 11, "monday", [2017])
    assert "lundi" in (info.value.hint or "")


@pytest.mark.parametrize(("expr", "expected"), [
    ("il y a deux ans", ("2015", "year")),
    ("il y a 2 ans", ("2015", "year")),
    ("Il y a trois mois", ("2017-08", "month")),
    ("il y a dix jours", ("2017-10-27", "day")),
    ("cette année", ("2017", "year")),
    ("CETTE ANNEE", ("2017", "year")),
    ("l'année dernière", ("2016", "year")),
    ("l’an dernier", ("2016", "year")),
    ("l'an prochain", ("2018", "year")),
    ("l'année prochaine", ("2018", "year")),
    ("ce mois-ci", ("2017-11", "month")),
    ("le mois dernier", ("2017-10", "month")),
    ("aujourd'hui", ("2017-11-06", "day")),
    ("aujourd’hui", ("2017-11-06", "day")),
    ("hier", ("2017-11-05", "day")),
    ("avant-hier", ("2017-11-04", "day")),
    ("demain", ("2017-11-07", "day")),
    ("la semaine dernière", ("2017-10-30", "week")),
    ("cette semaine", ("2017-11-06", "week")),
    ("la semaine prochaine", ("2017-11-13", "week")),
    ("dans 2 ans", ("2019", "year")),
])
def test_resolve_relative(expr: str, expected: tuple[str, str]) -> None:
    assert resolve_relative(expr, REF) == expected


def test_resolve_relative_week_from_midweek() -> None:
    assert resolve_relative("la semaine dernière", date(2017, 11, 9)) == ("2017-10-30", "week")


@pytest.mark.parametrize("expr", ["le lendemain", "il y a quelques années", "Marseille", ""])
def test_resolve_relative_unknown(expr: str) -> None:
    assert resolve_relative(expr, REF) is None
