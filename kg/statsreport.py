"""What :func:`kg.stats.graph_stats` returns, and how ``kg stats`` prints it as tables.

Example:
    >>> a, b = Entity("x:a", "Ana", "person", "foaf:Person"), Entity("x:p", "Plan", "agreement",
    ...                                                              "coop:Agreement")
    >>> print(Path(a, b, (a, b), (Hop("coop:signatory", False),)))
    Ana ←coop:signatory– Plan
    >>> len(stats_tables(GraphStats(Summary(2, 1, 1, 1, 2, 0, 1.0, {"person": 1}), (), (), (),
    ...                             0.0, None)))
    4
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rich.table import Table
from rich.text import Text

__all__ = ["Entity", "Ranked", "Community", "Hop", "Path", "Summary", "GraphStats",
           "stats_tables"]


@dataclass(frozen=True)
class Entity:
    """A node of the entity graph: IRI, label, kind (viewer group) and most specific class."""

    iri: str
    label: str
    kind: str
    rdf_class: str


@dataclass(frozen=True)
class Ranked:
    """An entity with its number of neighbours and a centrality score in [0, 1]."""

    iri: str
    label: str
    kind: str
    rdf_class: str
    neighbours: int
    score: float


@dataclass(frozen=True)
class Community:
    """A group of entities more linked to each other than to the rest (Louvain)."""

    size: int
    members: tuple[Entity, ...]


@dataclass(frozen=True)
class Hop:
    """One step of a path: ``forward`` when the node before it is the fact's subject."""

    predicate: str
    forward: bool


@dataclass(frozen=True)
class Path:
    """The shortest path between two entities; ``nodes`` is empty when none links them."""

    source: Entity
    target: Entity
    nodes: tuple[Entity, ...]
    hops: tuple[Hop, ...]

    @property
    def found(self) -> bool:
        """Whether a path links the two entities."""
        return bool(self.nodes)

    def __str__(self) -> str:
        if not self.found:
            return f"no path links {self.source.label} and {self.target.label}"
        parts = [self.nodes[0].label]
        for hop, node in zip(self.hops, self.nodes[1:], strict=True):
            arrow = f"–{hop.predicate}→" if hop.forward else f"←{hop.predicate}–"
            parts += [arrow, node.label]
        return " ".join(parts)


@dataclass(frozen=True)
class Summary:
    """Size and shape: entities, linked pairs, facts, components, density, entities by kind."""

    nodes: int
    edges: int
    facts: int
    components: int
    largest_component: int
    isolated: int
    density: float
    by_kind: dict[str, int]


@dataclass(frozen=True)
class GraphStats:
    """Everything ``kg stats`` shows; ``to_dict()`` gives it as plain JSON."""

    summary: Summary
    degree: tuple[Ranked, ...]
    betweenness: tuple[Ranked, ...]
    communities: tuple[Community, ...]
    modularity: float
    path: Path | None

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts and lists, in a fixed order (``json.dumps`` takes it as is)."""
        data = asdict(self)
        if self.path is not None:
            data["path"].update(found=self.path.found, text=str(self.path))
        return _plain(data)


def _plain(value: Any) -> Any:
    """Tuples as lists, all the way down (what ``json.loads`` of the JSON would give)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _ranking(title: str, rows: tuple[Ranked, ...]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("entity", ratio=1)
    table.add_column("class", no_wrap=True)
    table.add_column("neighbours", justify="right")
    table.add_column("score", justify="right")
    for i, r in enumerate(rows, 1):
        table.add_row(str(i), Text(r.label), r.rdf_class, str(r.neighbours), f"{r.score:.3f}")
    return table


def stats_tables(stats: GraphStats, communities: int = 10) -> list[Table | Text]:
    """Rich renderables of ``stats``: summary, the two rankings, communities, the path.

    Communities of one entity are counted, not listed; at most ``communities`` are shown.
    """
    s = stats.summary
    head = Table(title="entity graph", title_justify="left", show_header=False)
    head.add_column()
    head.add_column(justify="right")
    for name, value in (("entities", s.nodes), ("linked pairs", s.edges), ("facts", s.facts),
                        ("connected components", s.components),
                        ("largest component", s.largest_component),
                        ("entities linked to none", s.isolated), ("density", f"{s.density:.4f}"),
                        ("communities (Louvain)", len(stats.communities)),
                        ("modularity", f"{stats.modularity:.3f}"),
                        *((f"  {kind}", n) for kind, n in s.by_kind.items())):
        head.add_row(name, str(value))
    groups = [c for c in stats.communities if c.size > 1]
    alone = len(stats.communities) - len(groups)
    comm = Table(title="communities", title_justify="left",
                 caption=f"+ {alone} single entities" if alone else None)
    for name in ("#", "size"):
        comm.add_column(name, justify="right")
    comm.add_column("members")
    for i, c in enumerate(groups[:communities], 1):
        comm.add_row(str(i), str(c.size), Text("; ".join(m.label for m in c.members)))
    out: list[Table | Text] = [head, _ranking("degree centrality", stats.degree),
                               _ranking("betweenness centrality", stats.betweenness), comm]
    if stats.path is not None:
        hops = len(stats.path.hops)
        title = f"path ({hops} hop{'s' if hops != 1 else ''})" if stats.path.found else "path"
        out.append(Text(f"{title}: {stats.path}"))
    return out
