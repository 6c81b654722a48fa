"""A synthetic corpus of French press releases about cooperation between territories.

Each document is written from templates with its own pair of territories, its
own people (first name, surname, post), date, figures, sectors, destinations
and quotations, so a corpus of 10,000 documents has the variety of real press
material (thousands of people, hundreds of places, every month of fifteen
years) while staying reproducible: the same seed gives the same files.

Usage::

    python benchmarks/presscorpus.py 1000 /tmp/press      # 1,000 documents into /tmp/press

Example:
    >>> text = press_release(7)
    >>> "accord" in text and len(text.split()) > 150
    True
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

__all__ = ["press_release", "write_press_corpus"]

FRENCH = (
    ("Lyon", "la Métropole de Lyon", "Rhône"),
    ("Bordeaux", "Bordeaux Métropole", "Gironde"),
    ("Nantes", "Nantes Métropole", "Loire-Atlantique"),
    ("Lille", "la Métropole européenne de Lille", "Nord"),
    ("Toulouse", "Toulouse Métropole", "Haute-Garonne"),
    ("Rennes", "Rennes Métropole", "Ille-et-Vilaine"),
    ("Strasbourg", "l'Eurométropole de Strasbourg", "Bas-Rhin"),
    ("Montpellier", "Montpellier Méditerranée Métropole", "Hérault"),
    ("Nice", "la Métropole Nice Côte d'Azur", "Alpes-Maritimes"),
    ("Grenoble", "Grenoble-Alpes Métropole", "Isère"),
    ("Brest", "Brest Métropole", "Finistère"),
    ("Rouen", "la Métropole Rouen Normandie", "Seine-Maritime"),
    ("Dijon", "Dijon Métropole", "Côte-d'Or"),
    ("Tours", "Tours Métropole Val de Loire", "Indre-et-Loire"),
    ("Metz", "Metz Métropole", "Moselle"),
    ("Clermont-Ferrand", "Clermont Auvergne Métropole", "Puy-de-Dôme"),
)
FOREIGN = (
    ("Montréal", "Canada", "la Ville de Montréal"),
    ("Québec", "Canada", "la Ville de Québec"),
    ("Dakar", "Sénégal", "la Ville de Dakar"),
    ("Abidjan", "Côte d'Ivoire", "le District d'Abidjan"),
    ("Casablanca", "Maroc", "la Ville de Casablanca"),
    ("Tunis", "Tunisie", "la Municipalité de Tunis"),
    ("Shanghai", "Chine", "la Municipalité de Shanghai"),
    ("Chengdu", "Chine", "la Ville de Chengdu"),
    ("Yokohama", "Japon", "la Ville de Yokohama"),
    ("Séoul", "Corée du Sud", "la Ville de Séoul"),
    ("Boston", "États-Unis", "la Ville de Boston"),
    ("Atlanta", "États-Unis", "la Ville d'Atlanta"),
    ("Barcelone", "Espagne", "la Ville de Barcelone"),
    ("Turin", "Italie", "la Ville de Turin"),
    ("Leipzig", "Allemagne", "la Ville de Leipzig"),
    ("Porto", "Portugal", "la Ville de Porto"),
    ("Cracovie", "Pologne", "la Ville de Cracovie"),
    ("Sao Paulo", "Brésil", "la Ville de Sao Paulo"),
    ("Bamako", "Mali", "le District de Bamako"),
    ("Hanoï", "Viêt Nam", "la Ville de Hanoï"),
)
FIRST = ("Jean", "Marie", "Pierre", "Sophie", "Nicolas", "Isabelle", "Laurent", "Claire",
         "François", "Nathalie", "Olivier", "Hélène", "Thomas", "Camille", "Antoine", "Julie",
         "Amadou", "Fatou", "Kenji", "Mei", "Carlos", "Lucía", "Hans", "Anna", "Omar", "Leila")
LAST = ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre",
        "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont",
        "Lambert", "Fontaine", "Rousseau", "Diallo", "Ndiaye", "Tanaka", "Wang", "García",
        "Müller", "Kowalski", "Benali", "Traoré", "Nguyen", "Silva", "Rossi", "Schmidt")
POSTS = ("président", "vice-président", "maire", "adjoint au maire", "directeur général")
SECTORS = ("l'aéronautique", "le numérique", "la santé", "le tourisme", "l'énergie",
           "l'agroalimentaire", "la culture", "l'enseignement supérieur", "la mobilité",
           "l'économie maritime", "les industries créatives", "la gestion de l'eau")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre")
KINDS = ("un accord de coopération", "une convention de partenariat", "un protocole d'accord",
         "une lettre d'intention", "un accord de jumelage")


def _person(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name


def press_release(i: int, seed: int = 2017) -> str:
    """The text of synthetic press release number ``i`` (deterministic)."""
    rng = random.Random(seed * 100_003 + i)
    # every pair of territories and kind of agreement once in the first 1,600 documents, as
    # in real press (one agreement, one release), not the same agreement re-dated at random
    city, authority, dept = FRENCH[(i + seed) % len(FRENCH)]
    other, country, other_auth = FOREIGN[(i // len(FRENCH)) % len(FOREIGN)]
    used: set[str] = set()
    head, partner, deputy = _person(rng, used), _person(rng, used), _person(rng, used)
    day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2010, 2025)
    kind = KINDS[(i // (len(FRENCH) * len(FOREIGN))) % len(KINDS)]
    sectors = rng.sample(SECTORS, k=rng.randint(2, 5))
    sector_text = ", ".join(sectors[:-1]) + " et " + sectors[-1]
    firms, budget = rng.randint(5, 80), rng.randint(2, 95) / 10
    jobs, people = rng.randint(50, 4000), rng.randint(10, 900) * 1000
    destinations = rng.sample([f[0] for f in FOREIGN if f[0] != other], k=3)
    post = rng.choice(POSTS[:3])
    lines = [
        "COMMUNIQUÉ DE PRESSE",
        f"{city}, le {day} {month} {year}",
        f"{authority.upper()} SIGNE {kind.upper()} AVEC {other.upper()}",
        f"{head}, {post} de {authority}, et {partner}, maire de {other}, ont signé {kind} "
        f"le {day} {month} {year} à {city}, en présence de {deputy}, "
        f"vice-président de {authority} délégué aux relations internationales.",
        f"Cet accord porte sur {sector_text}. Il prévoit un budget de "
        f"{str(budget).replace('.', ',')} millions d'euros sur trois ans et l'accueil de "
        f"{firms} entreprises dans les deux territoires.",
        f"« Ce partenariat avec {other} ouvre de nouveaux marchés à nos entreprises », "
        f"a déclaré {head}. « Nous partageons les mêmes priorités », a ajouté {partner}.",
        f"{other} ({country}) compte {people:,} habitants".replace(",", " ")
        + f" et accueille déjà {jobs} emplois liés à des entreprises françaises.",
        f"Une délégation de {rng.randint(8, 40)} chefs d'entreprise du {dept} se rendra à "
        f"{other} en {rng.choice(MONTHS)} {year + 1}.",
        f"{authority[0].upper() + authority[1:]} a fait de {', '.join(destinations[:2])} et "
        f"{destinations[2]} ses destinations prioritaires à l'international.",
        f"Contact presse : {_person(rng, used)}, {authority}.",
    ]
    return "\n\n".join(lines) + "\n"


def write_press_corpus(n: int, out_dir: Path, seed: int = 2017) -> list[Path]:
    """Write ``n`` synthetic press releases into ``out_dir`` (``press_00000.txt``...).

    Example:
        >>> import tempfile
        >>> len(write_press_corpus(3, Path(tempfile.mkdtemp())))
        3
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = out_dir / f"press_{i:05d}.txt"
        path.write_text(press_release(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python benchmarks/presscorpus.py N OUT_DIR")
    print(len(write_press_corpus(int(sys.argv[1]), Path(sys.argv[2]))), "documents written")
