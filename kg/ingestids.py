"""Unique document ids: the file stem, then the folder, the suffix, a number.

Example:
    >>> from kg.model import Document
    >>> docs = [Document("a", "x", "one/a.txt"), Document("a", "y", "two/a.txt"),
    ...         Document("a", "z", "two/a.md")]
    >>> [d.id for d in unique_ids(docs)]
    ['one-a', 'two-a-txt', 'two-a-md']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from kg.model import Document, MetaRecord

__all__ = ["unique_ids"]


def _disambiguate(stem: str, paths: list[Path]) -> list[str]:
    new = [f"{p.parent.name}-{stem}" for p in paths]
    counts: dict[str, int] = defaultdict(int)
    for n in new:
        counts[n] += 1
    return [f"{n}-{p.suffix.lstrip('.')}" if counts[n] > 1 else n
            for n, p in zip(new, paths, strict=True)]


def unique_ids(docs: list[Document]) -> list[Document]:
    """``docs`` with ids made unique, each change recorded (field ``id``, origin ``inferred``).

    Documents whose stems collide get ``<folder>-<stem>``; those still equal
    get ``-<suffix>`` too; any id still taken then gets ``-2``, ``-3``, ... in
    order. No document is dropped.
    """
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        by_id[doc.id].append(i)
    new_ids = [d.id for d in docs]
    for stem, indexes in by_id.items():
        if len(indexes) > 1:
            paths = [Path(docs[i].path or stem) for i in indexes]
            for i, new in zip(indexes, _disambiguate(stem, paths), strict=True):
                new_ids[i] = new
    taken: set[str] = set()
    out = []
    for doc, new in zip(docs, new_ids, strict=True):
        base, n = new, 1
        while new in taken:
            n += 1
            new = f"{base}-{n}"
        taken.add(new)
        if new != doc.id:
            note = f"file stem {doc.id!r} is shared by several files; made unique"
            meta = replace(doc.meta, records=doc.meta.records +
                           (MetaRecord("id", new, "inferred", note),))
            doc = replace(doc, id=new, meta=meta)
        out.append(doc)
    return out
