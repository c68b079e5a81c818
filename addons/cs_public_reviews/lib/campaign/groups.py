# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Campaign groups of a batch of reviews and the stored reviews of its window."""

import math
from collections import Counter, defaultdict
from datetime import datetime

import numpy as np

from .text import (
    JACCARD_MIN,
    LSH_BANDS,
    LSH_ROWS,
    MIN_SHARED_BANDS,
    NUM_PERM,
    RATIO_MIN,
    Item,
    band_keys,
    eligible,
    similarity,
    tokens,
)

# bounds of one call, whatever the window holds (a stock text repeated by thousands
# of reviews, a dense window): each reached review checks at most MAX_CHECKS
# candidates, those sharing the most LSH bands first; at most MAX_REACH stored
# reviews are reached (and expanded) from the batch
MAX_CHECKS = 50
MAX_REACH = 500
_EPOCH = datetime(1970, 1, 1)


class _BandIndex:
    """LSH banding over MinHash values (LSH_BANDS bands of LSH_ROWS uint32 each,
    one uint64 per band): the candidates of a row share at least MIN_SHARED_BANDS
    bands (as the band index's query in the database asks). The candidates of
    datasketch's ``MinHashLSH(params=(64, 2))`` that share MIN_SHARED_BANDS bands,
    without its per-key insertion cost (0.5 s for 2,000 keys against ~5 ms here)."""

    def __init__(self, keys, values, stamps):
        assert LSH_BANDS * LSH_ROWS == NUM_PERM and LSH_ROWS == 2
        self.keys = keys
        matrix = np.ascontiguousarray(np.stack(values).astype("<u4")) if keys else None
        self.bands = matrix.view("<u8") if keys else None  # LSH_ROWS == 2
        self.stamps = np.array(stamps, dtype=float)

    def query(self, row, limit_seconds, max_checks=MAX_CHECKS):
        """Candidates of ``row`` within ``limit_seconds`` of its date; at most
        ``max_checks``: those sharing the most bands first (the shared bands
        estimate the similarity), then the nearest in time."""
        if not self.keys:
            return []
        shared = (self.bands == self.bands[row]).sum(axis=1)
        hits = np.flatnonzero(shared >= MIN_SHARED_BANDS)
        hits = hits[hits != row]
        gaps = np.abs(self.stamps[hits] - self.stamps[row])
        hits, gaps = hits[gaps <= limit_seconds], gaps[gaps <= limit_seconds]
        if len(hits) > max_checks:
            hits = hits[np.lexsort((gaps, -shared[hits]))[:max_checks]]
        return [self.keys[i] for i in hits]


def find_campaigns(
    new_reviews,
    window_reviews=(),
    window_hours=72,
    min_members=3,
    min_platforms=2,
    max_rating_gap=1,
    jaccard_min=JACCARD_MIN,
    ratio_min=RATIO_MIN,
    neighbours=None,
):
    """Campaign groups the batch ``new_reviews`` makes with each other and with
    stored reviews: the given ``window_reviews`` (those within ±window of the
    batch's dates), and, if given, what ``neighbours(frontier)`` returns for each
    frontier of the search (a list of ``(review, band_keys)``; it returns stored
    reviews that may share a band with them, as a database index would).

    A review: ``{"id", "platform", "published_at", "text", "rating"}``, optionally
    ``"campaign_id"`` and ``"signature"`` (see ``signature``). Two reviews are
    linked when both have ≥ MIN_LEMMAS distinct lemmas, their dates are
    ≤ ``window_hours`` apart, their ratings ≤ ``max_rating_gap`` apart (None: any)
    and both similarity thresholds hold. A group is a connected component of links
    reached from the new reviews; it is returned when it has ≥ ``min_members``
    reviews on ≥ ``min_platforms`` platforms, or when it extends an existing
    campaign. Each reached review checks at most MAX_CHECKS candidates (the most
    similar by their LSH bands), and at most MAX_REACH stored reviews are reached.
    """
    limit = window_hours * 3600
    items, keys = {}, []

    def add(reviews, is_new):
        for review in reviews:
            if review["id"] in items:
                continue
            item = items[review["id"]] = Item(review, is_new)
            if item.values is not None and eligible(item.lemmas):
                keys.append(review["id"])

    add(new_reviews, True)
    add(window_reviews, False)
    frontier = [k for k in keys if items[k].is_new]
    reached, checked, edges = set(frontier), set(), {}
    max_reached = len(reached) + MAX_REACH
    index = row_of = None
    while frontier:  # breadth-first from the new reviews: cost ~ their neighbourhood
        if neighbours is not None:
            asked = [(items[k].review, band_keys(items[k].values)) for k in frontier]
            add(neighbours(asked), False)
        if index is None or len(index.keys) != len(keys):  # built again if grown
            dates = [items[k].review["published_at"] for k in keys]
            index = _BandIndex(
                list(keys),
                [items[k].values for k in keys],
                [(date - _EPOCH).total_seconds() for date in dates],
            )
            row_of = {key: row for row, key in enumerate(keys)}
        following = []
        for key in frontier:
            x = items[key]
            for other in index.query(row_of[key], limit):
                pair = frozenset((key, other))
                if pair in checked:
                    continue
                checked.add(pair)
                score = _link(
                    x, items[other], limit, max_rating_gap, jaccard_min, ratio_min
                )
                if score is None:
                    continue
                edges[pair] = score
                if other not in reached and len(reached) < max_reached:
                    reached.add(other)
                    following.append(other)
        frontier = following
    return [
        group
        for group in (_group(items, m, edges, window_hours) for m in _components(edges))
        if _reported(group, min_members, min_platforms)
    ]


def _link(x, y, limit, max_rating_gap, jaccard_min, ratio_min):
    """The similarity of two reviews if they are linked, else None."""
    gap = abs((x.review["published_at"] - y.review["published_at"]).total_seconds())
    ratings = (x.review.get("rating"), y.review.get("rating"))
    if gap > limit or (
        max_rating_gap is not None
        and None not in ratings
        and abs(ratings[0] - ratings[1]) > max_rating_gap
    ):
        return None
    return similarity(x, y, jaccard_min, ratio_min)


def _components(edges):
    parent = {}

    def root(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in (tuple(pair) for pair in edges):
        parent[root(a)] = root(b)
    groups = defaultdict(list)
    for node in list(parent):
        groups[root(node)].append(node)
    return list(groups.values())


def _group(items, members, edges, window_hours):
    reviews = sorted(
        (items[m].review for m in members),
        key=lambda r: (r["published_at"], str(r["id"])),
    )
    best, strength = defaultdict(float), defaultdict(float)
    member_set = set(members)
    inner = [(tuple(p), s) for p, s in edges.items() if next(iter(p)) in member_set]
    for (a, b), score in inner:
        for node in (a, b):
            best[node] = max(best[node], score)
            strength[node] += score
    campaigns = Counter(r["campaign_id"] for r in reviews if r.get("campaign_id"))
    ranked = sorted(campaigns, key=lambda c: (-campaigns[c], str(c)))
    center = max(members, key=lambda m: (strength[m], items[m].is_new, str(m)))
    return {
        "campaign_id": ranked[0] if ranked else None,
        "merged_campaign_ids": ranked[1:],
        "member_ids": [r["id"] for r in reviews],
        "new_member_ids": [r["id"] for r in reviews if items[r["id"]].is_new],
        "platforms": sorted({r["platform"] for r in reviews}),
        "first_at": reviews[0]["published_at"],
        "last_at": reviews[-1]["published_at"],
        "shared_phrases": shared_phrases(
            items[center], [items[m] for m in members if m != center]
        ),
        "score": round(sum(s for _p, s in inner) / len(inner), 3),
        "window_hours": window_hours,
        "members": [dict(_member(r), similarity=best[r["id"]]) for r in reviews],
    }


def _member(review):
    keys = ("id", "platform", "published_at", "rating", "campaign_id")
    member = {key: review.get(key) for key in keys}
    member["ref"] = review.get("ref") or review["id"]  # shown to the platforms
    return member


def _reported(group, min_members, min_platforms):
    if group["campaign_id"] is not None:  # a later batch extends a campaign
        return any(m["campaign_id"] != group["campaign_id"] for m in group["members"])
    return (
        len(group["member_ids"]) >= min_members
        and len(group["platforms"]) >= min_platforms
    )


def shared_phrases(center, others, limit=3, max_chars=80):
    """Runs of the center's lemmas whose adjacent pairs are shingles of at least
    half the other members, most shared first, in the center's own words."""
    text = center.review.get("text") or ""
    toks = tokens(text)
    if [t[0] for t in toks] != center.lemmas:  # signature of another text version
        return []
    need = max(1, math.ceil(len(others) / 2))
    counts = [
        sum(
            " ".join(sorted((toks[i][0], toks[i + 1][0]))) in o.shingles for o in others
        )
        for i in range(len(toks) - 1)
    ]
    runs, start = [], None
    for i, count in enumerate(counts + [0]):
        if count >= need and start is None:
            start = i
        elif count < need and start is not None:
            runs.append((min(counts[start:i]), i - start, start, i))
            start = None
    runs.sort(key=lambda run: (-run[0], -run[1], run[2]))
    phrases = []
    for _count, _length, first, last in runs[:limit]:
        phrase = " ".join(text[toks[first][1] : toks[last][2]].split())
        if len(phrase) > max_chars:  # cut at a word boundary
            phrase = phrase[:max_chars].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"
        phrases.append(phrase)
    return phrases
