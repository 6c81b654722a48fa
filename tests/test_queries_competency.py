"""Each bundled competency query and its expected answer on the example corpus.

The expected answers are written from the gold (/work/shared/gold/seeds.yaml)
and the two example documents. They run on two graphs: the hand-written
``tests/data/mini.trig`` (always; it holds the gold facts) and the build of
the example corpus (``example_build`` fixture, slow). Names are compared
through the gold's labels and aliases, so a build may choose either.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.ask import resolve_query
from kg.query import load, query

MINI = Path(__file__).parent / "data" / "mini.trig"

#: gold key -> label and aliases (from seeds.yaml) of the entities the answers name
GOLD = {
    "gaudin": ["Jean-Claude Gaudin", "Gaudin"],
    "bovo": ["Esteban Bovo", "Bovo"],
    "vassal": ["Martine Vassal", "Vassal"],
    "amp": [
        "Métropole Aix-Marseille-Provence",
        "Aix-Marseille-Provence",
        "métropole Aix-Marseille-Provence",
        "la Métropole",
        "Métropole d'Aix-Marseille-Provence",
    ],
    "miami_dade": [
        "Comté de Miami-Dade",
        "Miami-Dade",
        "Miami Dade County",
        "Miami-Dade County",
        "Comté de Miami",
        "comté de Miami-Dade",
    ],
    "conseil_miami": [
        "Conseil politique du Comté de Miami",
        "Miami-Dade Board of County Commissioners",
    ],
    "ville_marseille": ["Ville de Marseille", "Commune de Marseille", "Mairie de Marseille"],
    "cd13": [
        "Département des Bouches-du-Rhône",
        "Bouches-du-Rhône",
        "Conseil départemental des Bouches-du-Rhône",
    ],
    "provence_promotion": ["Provence Promotion"],
    "beacon_council": ["Beacon Council", "Miami-Dade Beacon Council", "The Beacon Council"],
    "amu": ["Aix-Marseille Université", "Aix-Marseille University"],
    "immunopole": ["Immunopôle", "Marseille Immunopôle"],
    "henri_fabre": ["Henri Fabre", "technocentre Henri Fabre"],
    "sarrail": ["Sarrail"],
    "port": [
        "Grand Port de Marseille-Fos",
        "Grand Port Maritime de Marseille",
        "Port de Marseille-Fos",
    ],
    "thecamp": ["TheCamp"],
    "french_tech": ["Aix-Marseille French Tech"],
    "arbois": ["technopôle de l'Arbois", "Arbois"],
    "iter": ["ITER"],
    "usa": ["États-Unis", "Etats-Unis", "United States"],
    "japon": ["Japon"],
    "allemagne": ["Allemagne"],
    "maghreb": ["Maghreb"],
    "senegal": ["Sénégal"],
    "cote_ivoire": ["Côte d'Ivoire"],
    "accord_amp_miami": [
        "accord de coopération entre la Métropole Aix-Marseille-Provence et le Comté de Miami-Dade",
        "accord de coopération",
    ],
    "partenariat_pp_beacon": [
        "partenariat entre Provence Promotion et le Beacon Council",
        "partenariat",
    ],
    "signature": ["signature de l'accord de coopération"],
    "s_sante": ["Santé"],
    "s_aero": ["Mécanique et Aéronautique"],
    "s_maritime": ["Maritime et Logistique"],
    "s_numerique": ["Numérique et Industries créatives"],
    "s_energie": ["Environnement et Energie", "Environnement et Énergie"],
    "s_tourisme": ["Tourisme"],
}
_BY_NAME = {name.casefold(): key for key, names in GOLD.items() for name in names}

#: agreements are named after their parties, under either party name: kind word and parties
AGREEMENTS = {
    "accord_amp_miami": ("accord", ("amp", "miami_dade")),
    "partenariat_pp_beacon": ("partenariat", ("provence_promotion", "beacon_council")),
}


def key(value: object) -> str:
    """The gold key of a label (or the label itself, so a mismatch shows it)."""
    text = str(value).casefold()
    if text in _BY_NAME:
        return _BY_NAME[text]
    for agreement, (kind, parties) in AGREEMENTS.items():
        if text.startswith(kind) and all(
            any(name.casefold() in text for name in GOLD[party]) for party in parties
        ):
            return agreement
    return str(value)


def role(value: object) -> str:
    """A role label without its feminine ending: présidente -> président."""
    text = str(value).casefold()
    return text[:-1] if text.endswith("e") else text


@pytest.fixture(scope="module", params=["mini", pytest.param("build", marks=pytest.mark.slow)])
def graph(request: pytest.FixtureRequest) -> Graph:
    if request.param == "mini":
        return load(MINI)
    try:
        folder = request.getfixturevalue("example_build")
    except pytest.FixtureLookupError:
        pytest.skip("the example_build fixture (tests/conftest.py) is not there yet")
    return load(Path(folder) / "graph.trig")


def ask(graph: Graph, name: str) -> list[dict]:
    rows = query(graph, resolve_query(name))
    assert isinstance(rows, list)
    return rows


def test_signatories_and_on_behalf_of_whom(graph: Graph) -> None:
    rows = ask(graph, "signatories")
    assert {key(r["agreementLabel"]) for r in rows} == {"accord_amp_miami"}
    assert {(key(r["signatoryLabel"]), key(r.get("onBehalfOfLabel"))) for r in rows} == {
        ("gaudin", "amp"),
        ("bovo", "conseil_miami"),
    }
    # the council Bovo presides is a body of the county, a party, when the graph says so
    council_in_county = graph.query(
        "ASK { ?c <http://www.w3.org/ns/org#subOrganizationOf> ?county }").askAnswer
    expected = {"gaudin", "bovo"} if council_in_county else {"gaudin"}
    assert {key(r["signatoryLabel"]) for r in rows if r["isParty"].toPython()} == expected


def test_posts_held_and_when(graph: Graph) -> None:
    rows = ask(graph, "posts")
    assert {
        (key(r["personLabel"]), role(r["roleLabel"]), key(r["organisationLabel"])) for r in rows
    } == {
        ("gaudin", role("président"), "amp"),
        ("gaudin", role("maire"), "ville_marseille"),
        ("bovo", role("président"), "conseil_miami"),
        ("vassal", role("vice-présidente"), "amp"),
        ("vassal", role("présidente"), "cd13"),
    }
    dates = {str(r[v]) for r in rows for v in ("from", "until") if v in r}
    assert dates == {"2017-11-06"}


def test_organisations_with_agreements_with_miami_dade(graph: Graph) -> None:
    rows = ask(graph, "agreements-with")
    assert {(key(r["partnerLabel"]), key(r["agreementLabel"])) for r in rows} == {
        ("amp", "accord_amp_miami")
    }


def test_parties_witnesses_and_date_of_every_agreement(graph: Graph) -> None:
    rows = {key(r["agreementLabel"]): r for r in ask(graph, "agreements")}
    assert set(rows) == {"accord_amp_miami", "partenariat_pp_beacon"}

    def names(row: dict, var: str) -> set[str]:
        return {key(n) for n in str(row.get(var, "")).split(" | ") if n}

    accord, partnership = rows["accord_amp_miami"], rows["partenariat_pp_beacon"]
    assert names(accord, "parties") == {"amp", "miami_dade"}
    assert names(accord, "signatories") == {"gaudin", "bovo"}
    assert names(accord, "witnesses") == {"vassal"}
    assert str(accord["signedOn"]) == "2017-11-06"
    assert str(accord["status"]).endswith("#Signed")
    assert names(partnership, "parties") == {"provence_promotion", "beacon_council"}
    assert str(partnership["status"]).endswith("#InPreparation")
    assert "signedOn" not in partnership and names(partnership, "witnesses") == set()


def test_strategic_sectors_and_their_actors(graph: Graph) -> None:
    rows = ask(graph, "sectors")
    assert {key(r["organisationLabel"]) for r in rows} == {"amp"}
    assert {key(r["sectorLabel"]) for r in rows} == {
        "s_sante",
        "s_aero",
        "s_maritime",
        "s_numerique",
        "s_energie",
        "s_tourisme",
    }
    assert {(key(r["sectorLabel"]), key(r["actorLabel"])) for r in rows if "actorLabel" in r} == {
        ("s_sante", "amu"),
        ("s_sante", "immunopole"),
        ("s_aero", "sarrail"),
        ("s_aero", "henri_fabre"),
        ("s_maritime", "port"),
        ("s_numerique", "thecamp"),
        ("s_numerique", "french_tech"),
        ("s_energie", "arbois"),
        ("s_energie", "iter"),
    }


def test_priority_destinations(graph: Graph) -> None:
    rows = ask(graph, "destinations")
    assert {(key(r["organisationLabel"]), key(r["destinationLabel"])) for r in rows} == {
        ("amp", d) for d in ("usa", "japon", "allemagne", "maghreb", "senegal", "cote_ivoire")
    }


def test_agreements_still_being_finalised(graph: Graph) -> None:
    rows = ask(graph, "in-preparation")
    assert {(key(r["agreementLabel"]), key(r["partyLabel"])) for r in rows} == {
        ("partenariat_pp_beacon", "provence_promotion"),
        ("partenariat_pp_beacon", "beacon_council"),
    }


def test_sentences_and_documents_behind_who_signed(graph: Graph) -> None:
    rows = ask(graph, "evidence")
    assert {key(r["objectLabel"]) for r in rows} == {"gaudin", "bovo"}
    for row in rows:
        assert "a signé cet accord avec Esteban Bovo" in str(row["sentence"])
        assert str(row["file"]) == "003_c4864da80b107cac.txt"


def test_what_two_documents_say_differently(graph: Graph, request: pytest.FixtureRequest) -> None:
    rows = ask(graph, "discrepancies")
    if "mini" in request.node.callspec.id:  # the fixture's invented discrepancy
        assert {(key(r["subjectLabel"]), int(r["value"]), str(r["file"])) for r in rows} == {
            ("miami_dade", 2500000, "003_c4864da80b107cac.txt"),
            ("miami_dade", 2700000, "000_313e9df5565c7252.txt"),
        }
    else:  # the two example documents agree on every single-valued fact of the gold
        assert rows == []


def test_timeline_in_date_order(graph: Graph) -> None:
    rows = ask(graph, "timeline")
    dates = [str(r["date"]) for r in rows]
    assert dates == sorted(dates) and "2017-11-06" in dates
    if len(rows) > 3:   # the build also reads Miami's visit "il y a deux ans" before 2017-11-06
        assert dates[0] == "2015"
    assert ("signed", "accord_amp_miami") in {(str(r["what"]), key(r.get("label"))) for r in rows}
    assert "event" in {str(r["what"]) for r in rows if str(r["date"]) == "2017-11-06"}


def test_people_on_both_sides_of_the_agreement(graph: Graph) -> None:
    rows = ask(graph, "both-sides")
    assert {key(r["agreementLabel"]) for r in rows} == {"accord_amp_miami"}
    assert {(key(r["personLabel"]), str(r["involvement"])) for r in rows} == {
        ("gaudin", "signatory"),
        ("bovo", "signatory"),
        ("vassal", "witness"),
    }
    assert {"amp", "conseil_miami"} <= {key(r.get("organisationLabel")) for r in rows}


def test_entities_linked_to_wikidata(graph: Graph) -> None:
    rows = ask(graph, "wikidata")
    found = {str(r["wikidata"]).rsplit("/", 1)[1] for r in rows}
    # the corpus's entities listed in /work/shared/kb/wikidata-verified.tsv
    expected = {"Q142", "Q30", "Q183", "Q17", "Q1041", "Q1008", "Q3240", "Q812", "Q1055",
                "Q23482", "Q8652", "Q468557"}  # fmt: skip
    assert found == expected


def test_figures_of_the_territories(graph: Graph) -> None:
    rows = ask(graph, "figures")
    values = {
        (key(r["label"]), v, str(r[v]))
        for r in rows
        for v in ("population", "areaKm2", "founded")
        if v in r
    }
    assert {
        ("miami_dade", "population", "2500000"),
        ("miami_dade", "founded", "1836"),
        ("amp", "population", "1900000"),
    } <= values
    areas = {(k, float(x)) for k, v, x in values if v == "areaKm2"}
    assert {("miami_dade", 5040.0), ("amp", 3148.0)} <= areas
