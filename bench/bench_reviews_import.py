"""cs_import_reviews vs a plain create of the same rows, then a re-import.

10,000 reviews in batches of 500 through ``cs.public.review.cs_import_reviews``
(validation, idempotency lookup, authenticity scoring, reply tasks) against
``cs.public.review.create`` of the same rows (different external ids, same run: the
stored computes, scoring included, run there too). Then the same 10,000 rows are
imported again: all must come back ``unchanged``.

Targets: ratio import/create <= 2.0; re-import <= 0.5 x first import.
"""

import random
import sys

from common import Client, live_server, report, summary, timed

TOTAL, BATCH = 10_000, 500
CITIES = ["Москва", "Новосибирск", "Санкт-Петербург", "Казань", "Екатеринбург"]


def make_rows(prefix, total, seed):
    rnd = random.Random(seed)
    rows = []
    for i in range(total):
        rows.append(
            {
                "external_id": f"{prefix}-{i}",
                "author_name": f"Автор {i}",
                "author_city": rnd.choice(CITIES),
                "author_ip": ".".join(
                    str(n)
                    for n in (
                        rnd.choice([77, 87, 95, 178, 212]),
                        rnd.randrange(256),
                        rnd.randrange(256),
                        rnd.randrange(1, 255),
                    )
                ),
                "author_email": f"author{i}@example.com" if i % 3 == 0 else False,
                "published_at": f"2026-{rnd.randrange(1, 10):02d}-"
                f"{rnd.randrange(1, 28):02d} {rnd.randrange(24):02d}:00:00",
                "rating": rnd.randrange(1, 6),
                "body": "Отзыв о работе провайдера " + "х" * rnd.randrange(20, 400),
                "url": f"https://example.com/{prefix}/{i}",
            }
        )
    return rows


def batches(rows):
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def main():
    with live_server() as url:
        client = Client(url)
        platform_id = client.call(
            "cs.review.platform",
            "create",
            {"name": "Bench", "code": "bench", "kind": "review_site"},
        )
        ours_rows = make_rows("imp", TOTAL, 1)
        plain_rows = make_rows("pln", TOTAL, 1)
        for row in plain_rows:
            row["platform_id"] = platform_id
            for key in ("author_email",):
                if row[key] is False:
                    del row[key]

        ours, plain = [], []
        # interleave so both see the same table size and cache state
        for imp_batch, pln_batch in zip(
            batches(ours_rows), batches(plain_rows), strict=True
        ):
            took, result = timed(
                client.call, "cs.public.review", "cs_import_reviews", "bench", imp_batch
            )
            if result["created"] != len(imp_batch):
                sys.exit(f"import failed: {result['errors']} errors")
            ours.append(took)
            took, _ids = timed(client.call, "cs.public.review", "create", pln_batch)
            plain.append(took)
        again = []
        unchanged = 0
        for imp_batch in batches(ours_rows):
            took, result = timed(
                client.call, "cs.public.review", "cs_import_reviews", "bench", imp_batch
            )
            unchanged += result["unchanged"]
            again.append(took)

        s_ours, s_plain, s_again = summary(ours), summary(plain), summary(again)
        print(f"{TOTAL} reviews in batches of {BATCH}")
        for name, stats in (
            ("cs_import_reviews", s_ours),
            ("plain create", s_plain),
            ("re-import", s_again),
        ):
            print(
                f"  {name:18} total {stats['total_s']:7.2f} s  "
                f"p50 {stats['p50_ms']:7.0f} ms/batch  p95 {stats['p95_ms']:7.0f} ms"
                f"  ({TOTAL / stats['total_s']:.0f} rows/s)"
            )
        report("import vs plain create", s_ours["total_s"], s_plain["total_s"], 2.0)
        report("re-import vs first import", s_again["total_s"], s_ours["total_s"], 0.5)
        print(f"re-import: {unchanged}/{TOTAL} unchanged")
        if unchanged != TOTAL:
            sys.exit("re-import changed rows")


if __name__ == "__main__":
    main()
