"""Links a press release states in passing (kg.extract.links), on invented texts.

"Dans ce cadre, ..." places the agreement a sentence introduces within the one
spoken of before (coop:withinFrameworkOf); "l'agence <description>, <Name>" makes
the name an agency linked to the authority (org:linkedTo) and the place
(schema:location) the description names. The names are in no corpus of the
repository, so a rule tuned to the example documents fails here.
"""

from __future__ import annotations

import pytest

from kg.namespaces import COOP, ORG, SCHEMA
from tests.test_extract_rules import assert_fact, objects, read

pytestmark = pytest.mark.slow

OCCITANIE = ("La Région Occitanie et la Région Casablanca-Settat ont signé un accord de "
             "coopération. La Région Occitanie compte 6 millions d'habitants. Dans ce cadre, "
             "l'agence régionale d'attractivité, Occitanie Invest, prépare un partenariat avec "
             "l'agence de développement de Casablanca, Casa Invest.")
ACCORD = "agreement/region-casablanca-settat--region-occitanie"
PARTNERSHIP = "agreement/casa-invest--occitanie-invest"


def agreements(facts: dict) -> set[str]:
    return {s for s, p, _ in facts if p == COOP.party}


def test_dans_ce_cadre_places_the_new_agreement_within_the_earlier_one() -> None:
    facts = read(OCCITANIE)
    assert objects(facts, PARTNERSHIP, COOP.party) == {"organization/occitanie-invest",
                                                       "organization/casa-invest"}
    assert_fact(facts, (PARTNERSHIP, COOP.withinFrameworkOf, ACCORD), "agreement-within-framework")
    assert objects(facts, ACCORD, COOP.withinFrameworkOf) == set()


def test_agency_of_the_region_the_document_is_about_and_of_a_place() -> None:
    facts = read(OCCITANIE)
    assert_fact(facts, ("organization/occitanie-invest", ORG.linkedTo,
                        "authority/region-occitanie"), "agency-of")
    assert_fact(facts, ("organization/casa-invest", SCHEMA.location, "place/casablanca"),
                "agency-of")
    # the Région Casablanca-Settat is not the authority of the city of Casablanca
    assert objects(facts, "organization/casa-invest", ORG.linkedTo) == set()


def test_a_ce_titre_and_an_agency_named_before_its_description() -> None:
    facts = read("La Métropole Rouen Normandie et la Ville de Québec ont signé une entente de "
                 "coopération. La Métropole compte 500 000 habitants. À ce titre, Rouen "
                 "Attractivité, l'agence de développement de la Métropole, finalise une "
                 "convention de partenariat avec la Chambre de commerce de Québec.")
    assert_fact(facts, ("organization/rouen-attractivite", ORG.linkedTo,
                        "authority/metropole-rouen-normandie"), "agency-of")
    (convention,) = agreements(facts) - {"agreement/metropole-rouen-normandie--ville-de-quebec"}
    assert "organization/rouen-attractivite" in objects(facts, convention, COOP.party)
    assert_fact(facts, (convention, COOP.withinFrameworkOf,
                        "agreement/metropole-rouen-normandie--ville-de-quebec"),
                "agreement-within-framework")


def test_dans_le_cadre_de_cet_accord_metropolitan_agency_and_authority_of_the_place() -> None:
    facts = read("La Ville de Tanger et la Métropole de Lyon ont signé un accord de coopération. "
                 "Dans le cadre de cet accord, l'agence métropolitaine de développement, Lyon "
                 "Expansion, a signé un protocole d'accord avec l'agence de développement de "
                 "Tanger, Tanger Invest.")
    accord = "agreement/metropole-de-lyon--ville-de-tanger"
    protocol = "agreement/lyon-expansion--tanger-invest"
    assert agreements(facts) == {accord, protocol}     # "cet accord" names the framework only
    assert_fact(facts, (protocol, COOP.withinFrameworkOf, accord), "agreement-within-framework")
    assert_fact(facts, ("organization/lyon-expansion", ORG.linkedTo, "authority/metropole-de-lyon"),
                "agency-of")
    assert_fact(facts, ("organization/tanger-invest", SCHEMA.location, "place/tanger"), "agency-of")
    assert_fact(facts, ("organization/tanger-invest", ORG.linkedTo, "authority/ville-de-tanger"),
                "agency-of")


def test_two_authorities_of_the_place_leave_the_agency_located_only() -> None:
    facts = read("La Ville de Tanger et la Province de Tanger ont reçu la Métropole de Lyon. "
                 "L'agence de développement de Tanger, Tanger Invest, a présenté ses projets.")
    assert objects(facts, "organization/tanger-invest", SCHEMA.location) == {"place/tanger"}
    assert objects(facts, "organization/tanger-invest", ORG.linkedTo) == set()


def test_no_authority_when_the_document_names_two_of_that_class() -> None:
    facts = read("La Région Bretagne et la Région Souss-Massa ont signé un accord de coopération. "
                 "Dans ce cadre, l'agence régionale d'attractivité, Atlantique Invest, prépare un "
                 "partenariat avec la Chambre de commerce d'Agadir.")
    assert objects(facts, "organization/atlantique-invest", ORG.linkedTo) == set()
    facts = read("La Région Bretagne et la Région Souss-Massa ont signé un accord de coopération. "
                 "Dans ce cadre, l'agence régionale d'attractivité, Bretagne Invest, prépare un "
                 "partenariat avec la Chambre de commerce d'Agadir.")
    assert objects(facts, "organization/bretagne-invest", ORG.linkedTo) == {
        "authority/region-bretagne"}


def test_no_framework_without_an_earlier_agreement() -> None:
    facts = read("La Région Occitanie a adopté une feuille de route internationale. Dans ce "
                 "cadre, l'agence régionale d'attractivité, Occitanie Invest, prépare un "
                 "partenariat avec l'agence de développement de Casablanca, Casa Invest.")
    assert objects(facts, PARTNERSHIP, COOP.party)            # the partnership is read ...
    assert not [f for f in facts if f[1] == COOP.withinFrameworkOf]   # ... in no framework


def test_no_framework_when_the_sentence_introduces_no_agreement() -> None:
    facts = read("La Région Bretagne et la Préfecture de Tottori ont signé un accord de "
                 "coopération. Dans ce cadre, une délégation bretonne se rendra à Tottori en mai.")
    assert len(agreements(facts)) == 1
    assert not [f for f in facts if f[1] == COOP.withinFrameworkOf]


def test_no_framework_when_the_cue_does_not_open_the_sentence() -> None:
    facts = read("La Région Occitanie et la Région Casablanca-Settat ont signé un accord de "
                 "coopération. L'agence régionale d'attractivité, Occitanie Invest, prépare un "
                 "partenariat avec l'agence de développement de Casablanca, Casa Invest, qui "
                 "s'inscrit dans ce cadre.")
    assert objects(facts, PARTNERSHIP, COOP.party)
    assert not [f for f in facts if f[1] == COOP.withinFrameworkOf]
