"""Cost of find_campaigns: a batch of 50 new reviews against a window of 200 and
of 2,000 stored reviews with precomputed signatures. Plain Python, no Odoo:
``BENCH=bench_campaign make bench`` or ``python bench/bench_campaign.py``.

Two corpora, both built from the words of campaign_cases (one shared, same-topic
vocabulary, so the LSH proposes more candidates than real mixed reviews would):
- "typical": random word sequences of 8-25 words + 3 injected campaigns;
- "dense": every review is 3 random clauses of ~250 case clauses, so reviews
  sharing 2 clauses chain into large groups (a pathological worst case);
- "stock": every review has the same text; the cost is bounded by
  MAX_CHECKS x MAX_REACH, not by the window.
"""

import random
import re
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ADDON = Path(__file__).resolve().parent.parent / "addons" / "cs_public_reviews"
sys.path[:0] = [str(ADDON / "lib"), str(ADDON / "tests")]

import campaign as C  # noqa: E402
from campaign_cases import PAIRS, POSITIVE  # noqa: E402

T0 = datetime(2026, 3, 1)
PLATFORMS = ["yandex", "2gis", "otzovik", "google", "flamp"]
TEXTS = [t for a, b, _label, _note in PAIRS for t in (a, b)]


def _text(rnd, kind):
    if kind == "stock":  # one text repeated by every review (a form, a bot)
        return POSITIVE[0][0]
    if kind == "dense":
        clauses = sorted(
            {
                p.strip()
                for t in TEXTS
                for p in re.split(r"[.,:!;—]", t)
                if len(p.split()) >= 2
            }
        )
        return ", ".join(rnd.sample(clauses, 3)).capitalize() + "."
    words = sorted({w for t in TEXTS for w in re.findall(r"[а-яё]+", t.lower())})
    return (
        " ".join(rnd.choice(words) for _ in range(rnd.randint(8, 25))).capitalize()
        + "."
    )


def corpus(n, seed, kind="typical", hours=144, id_start=0):
    rnd = random.Random(seed)
    reviews = [
        {
            "id": id_start + i,
            "platform": rnd.choice(PLATFORMS),
            "published_at": T0 + timedelta(minutes=rnd.randrange(hours * 60)),
            "text": _text(rnd, kind),
            "rating": rnd.choice([1, 1, 2, 4, 5]),
        }
        for i in range(n)
    ]
    if kind == "typical":  # 3 campaigns, their members split between batch/window
        for c, (a, b, _note) in enumerate(POSITIVE[:3]):
            for j, text in enumerate((a, b, a + " Жаль.")):
                review = reviews[(c * 3 + j) * 5 % n]
                review.update(
                    text=text,
                    rating=1,
                    platform=PLATFORMS[j],
                    published_at=T0 + timedelta(hours=20 * c + 6 * j),
                )
    return reviews


def measure(window_size, kind, batch_size=50, repeat=3):
    window = corpus(window_size, seed=window_size, kind=kind, id_start=10**6)
    for review in window:  # stored reviews: signature computed at their import
        review["signature"] = C.signature(review["text"])
    batch = corpus(batch_size, seed=7, kind=kind)
    started = time.perf_counter()
    for review in batch:  # the import computes (and stores) them first
        review["signature"] = C.signature(review["text"])
    sign_ms = (time.perf_counter() - started) * 1000
    best, groups = None, None
    for _ in range(repeat):
        started = time.perf_counter()
        groups = C.find_campaigns(batch, window)
        elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return best, sign_ms, groups


def main():
    C.signature("прогрев морфологии и кэша лемм")
    for kind, sizes in (
        ("typical", (200, 2000)),
        ("dense", (200, 2000)),
        ("stock", (2000, 20000)),
    ):
        for size in sizes:
            ms, sign_ms, groups = measure(size, kind)
            sizes = sorted((len(g["member_ids"]) for g in groups), reverse=True)
            print(
                f"{kind:8} batch 50 vs window {size:>5}: find_campaigns {ms:7.1f} ms "
                f"(signatures of the batch {sign_ms:5.1f} ms); groups {sizes}"
            )


if __name__ == "__main__":
    main()
