# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Coordinated fake-review campaigns without the ORM: the same text, lightly
reworded, posted on several platforms within days.

Texts are lemmatised (pymorphy3), shingled into lemmas + unordered lemma pairs at
distance 1-2, sketched with MinHash (datasketch, 128 permutations); an LSH index
(64 bands x 2 rows) proposes candidates, an exact Jaccard of the shingle sets and a
rapidfuzz ``token_set_ratio`` of the lemma strings confirm them. Thresholds and
their reasons: README.md; labelled pairs: campaign_cases.py.
"""

from .groups import MAX_CHECKS, MAX_REACH, find_campaigns, shared_phrases
from .messages import evidence_summary, member_reason
from .text import (
    JACCARD_MIN,
    LSH_BANDS,
    MIN_LEMMAS,
    MIN_SHARED_BANDS,
    NUM_PERM,
    RATIO_MIN,
    SIGNATURE_VERSION,
    band_keys,
    eligible,
    get_morph,
    parse_signature,
    shingles,
    signature,
    text_similarity,
    tokens,
)

__all__ = [
    "JACCARD_MIN",
    "LSH_BANDS",
    "MAX_CHECKS",
    "MAX_REACH",
    "MIN_LEMMAS",
    "MIN_SHARED_BANDS",
    "NUM_PERM",
    "RATIO_MIN",
    "SIGNATURE_VERSION",
    "band_keys",
    "eligible",
    "evidence_summary",
    "find_campaigns",
    "get_morph",
    "member_reason",
    "parse_signature",
    "shingles",
    "signature",
    "text_similarity",
    "tokens",
]
