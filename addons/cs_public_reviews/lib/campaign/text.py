# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Texts as lemmas, shingles and MinHash signatures; the pair decision."""

import base64
import functools
import re
import threading

import numpy as np
from rapidfuzz import fuzz

NUM_PERM = 128
LSH_BANDS, LSH_ROWS = 64, 2
# a candidate shares at least MIN_SHARED_BANDS bands: P = 0.60 at J = 0.22, 0.94 at
# J = 0.30, 0.95 at J = 0.31 (the least similar labelled paraphrase), 0.06 % at
# J = 0.05; the labelled paraphrases share 6 to 51 bands, the other pairs 0 or 1
# (one 5). Two bands would propose 1.1 % of the pairs at J = 0.05, one band 15 %:
# pairs that grow with the reviews a day (at 3,000-4,400 reviews a day, two bands
# made 31 times the candidates of 1/100 of it; three make 12 times fewer)
MIN_SHARED_BANDS = 3
SEED, SCHEME = 1, "affine32"
SIGNATURE_VERSION = "c1"  # bump when the normaliser, shingles or MinHash change
JACCARD_MIN = 0.22  # shingle Jaccard; cases: paraphrases >= 0.31, others <= 0.17
RATIO_MIN = 75  # token_set_ratio of lemma strings; cases: >= 84 vs <= 67
MIN_LEMMAS = 5  # distinct lemmas: shorter texts ("Всё отлично, рекомендую") and
# repeated words ("Отзыв о работе. Отзыв о работе.") never take part
SKIP = 2  # lemma pairs up to this distance apart are shingles

# lemmas dropped besides prepositions, conjunctions, particles, interjections,
# pronouns and numerals (pymorphy3 POS); negations are glued to the next lemma
STOP_LEMMAS = frozenset(
    """быть этот тот весь свой который мочь такой так вот там тут здесь это очень
    просто уже ещё еще даже вообще также тоже ли же бы мол ну где когда если
    the a an and or but to of in on at for from by with is are was were be been it
    its i me my we our you your he she they them this that these those there here
    very just so as too also""".split()
)
DROP_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR"})
NEGATIONS = frozenset({"не", "ни", "not", "never", "no"})
_WORD_RE = re.compile(r"[a-zа-яё]+(?:-[a-zа-яё]+)*|\d+", re.IGNORECASE)

_morph = None
_morph_lock = threading.Lock()


def get_morph():
    """The per-process pymorphy3 analyser, built on first use (thread-safe)."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                import pymorphy3  # here: importing this module stays cheap

                _morph = pymorphy3.MorphAnalyzer()
    return _morph


@functools.lru_cache(maxsize=100_000)
def lemma_of(word):
    """``(lemma, POS)`` of a lowercase word (ё→е); Latin words are kept as they are."""
    if not ("а" <= word[0] <= "я" or word[0] == "ё"):
        return word, "LATN"
    parse = get_morph().parse(word)[0]
    return parse.normal_form.replace("ё", "е"), parse.tag.POS


def tokens(text):
    """Content tokens ``[(lemma, start, end)]`` of ``text`` (offsets into it)."""
    result, negation = [], None
    for match in _WORD_RE.finditer(text or ""):
        word = match.group().lower().replace("ё", "е")
        if word.isdigit():
            continue
        if word in NEGATIONS:
            negation = match.start()
            continue
        lemma, pos = lemma_of(word)
        if len(word) < 2 or lemma in STOP_LEMMAS or pos in DROP_POS:
            continue
        start = match.start()
        if negation is not None:
            lemma, start = "не_" + lemma, negation
        result.append((lemma, start, match.end()))
        negation = None
    return result


def shingles(lemmas):
    """Lemmas + unordered lemma pairs up to SKIP apart (survive word swaps)."""
    result = set(lemmas)
    for i, first in enumerate(lemmas):
        for second in lemmas[i + 1 : i + 1 + SKIP]:
            result.add(" ".join(sorted((first, second))))
    return result


@functools.lru_cache(maxsize=1)
def _minhash_class():
    """datasketch's MinHash and its permutations, imported on first use: importing
    datasketch loads scipy (~1 s), which Odoo workers should not pay at startup."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _minhash(shingle_set):
    MinHash, permutations = _minhash_class()
    sketch = MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=permutations
    )
    sketch.update_batch([s.encode() for s in sorted(shingle_set)])
    return sketch


def signature(text):
    """``"c1|<base64 of 128 uint32 MinHash values>|<lemmas>"``: store it with the
    review; a batch then needs no lemmatisation of the stored reviews."""
    lemmas = [lemma for lemma, _start, _end in tokens(text)]
    values = _minhash(shingles(lemmas)).hashvalues.astype("<u4").tobytes()
    return "|".join(
        (SIGNATURE_VERSION, base64.b64encode(values).decode(), " ".join(lemmas))
    )


def parse_signature(value):
    """``(uint32 MinHash values, lemmas)`` of a signature, None if absent/outdated."""
    parts = (value or "").split("|")
    if len(parts) != 3 or parts[0] != SIGNATURE_VERSION:
        return None
    values = np.frombuffer(base64.b64decode(parts[1]), dtype="<u4")
    return (values if len(values) == NUM_PERM else None), parts[2].split()


def band_keys(values):
    """The LSH_BANDS band keys of MinHash ``values``: each band's LSH_ROWS uint32
    values (little-endian bytes) read as one big-endian signed 64-bit integer, the
    form PostgreSQL's ``bit(64)::int8`` gives the same bytes (BAND_KEYS_SQL)."""
    assert LSH_ROWS == 2
    return np.frombuffer(values.astype("<u4").tobytes(), dtype=">i8").tolist()


def eligible(lemmas):
    """Whether a text with these lemmas may take part in a campaign."""
    return len(set(lemmas)) >= MIN_LEMMAS


class Item:
    """A review with its lemmas and MinHash values; shingles built on demand."""

    __slots__ = ("review", "lemmas", "values", "is_new", "_shingles")

    def __init__(self, review, is_new):
        self.review, self.is_new, self._shingles = review, is_new, None
        parsed = parse_signature(review.get("signature"))
        if parsed is None or parsed[0] is None:
            self.lemmas = [lemma for lemma, _s, _e in tokens(review.get("text"))]
            self.values = None
            if eligible(self.lemmas):
                self.values = _minhash(self.shingles).hashvalues.astype(np.uint32)
        else:
            self.values, self.lemmas = parsed

    @property
    def shingles(self):
        if self._shingles is None:
            self._shingles = shingles(self.lemmas)
        return self._shingles


def similarity(x, y, jaccard_min, ratio_min):
    union = len(x.shingles | y.shingles)
    jaccard = len(x.shingles & y.shingles) / union if union else 0.0
    if jaccard < jaccard_min:
        return None
    ratio = fuzz.token_set_ratio(
        " ".join(x.lemmas), " ".join(y.lemmas), score_cutoff=ratio_min
    )
    return round((jaccard + ratio / 100) / 2, 3) if ratio else None


def text_similarity(text_a, text_b, jaccard_min=JACCARD_MIN, ratio_min=RATIO_MIN):
    """0-1 similarity of two texts, None if not near-duplicates: the mean of the
    shingle Jaccard and token_set_ratio/100 of the lemma strings, both above
    their thresholds (the pair decision of find_campaigns without dates)."""
    x, y = Item({"text": text_a}, True), Item({"text": text_b}, True)
    if not (eligible(x.lemmas) and eligible(y.lemmas)):
        return None
    return similarity(x, y, jaccard_min, ratio_min)
