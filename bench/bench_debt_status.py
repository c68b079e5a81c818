"""cs_payment_status with 100,000 handoffs in the database, over XML-RPC.

Prints p50/p95 of one-ref calls (as the agency API user) against
res.partner.search_read([("ref", "=", x)]) (target ratio <= 1.5), and 100 refs per
call against one ref per call (target <= 3).
"""

import random
import time

from common import Client, live_server, report, summary, timed
from debt_fixtures import build

HANDOFFS = 100_000
CALLS = 300


def main():
    start = time.perf_counter()
    login, password, refs, partner_refs = build(HANDOFFS)
    print(f"created {HANDOFFS} handoffs in {time.perf_counter() - start:.1f}s")
    rng = random.Random(4)
    with live_server() as url:
        agency = Client(url, login, password)
        admin = Client(url)
        # warm up both paths (registry, caches, connections)
        for _ in range(20):
            agency.call("cs.debt.handoff", "cs_payment_status", [rng.choice(refs)])
            admin.call(
                "res.partner",
                "search_read",
                [("ref", "=", rng.choice(partner_refs))],
                fields=["id"],
            )
        ours, plain, many = [], [], []
        for _ in range(CALLS):
            ref = rng.choice(refs)
            elapsed, rows = timed(
                agency.call, "cs.debt.handoff", "cs_payment_status", [ref]
            )
            assert rows[0]["ref"] == ref and "error" not in rows[0], rows
            ours.append(elapsed)
            elapsed, _ = timed(
                admin.call,
                "res.partner",
                "search_read",
                [("ref", "=", rng.choice(partner_refs))],
                fields=["id"],
            )
            plain.append(elapsed)
            batch = rng.sample(refs, 100)
            elapsed, rows = timed(
                agency.call, "cs.debt.handoff", "cs_payment_status", batch
            )
            assert len(rows) == 100
            many.append(elapsed)
    s_ours, s_plain, s_many = summary(ours), summary(plain), summary(many)
    print(f"cs_payment_status 1 ref:    {s_ours}")
    print(f"res.partner search_read:    {s_plain}")
    print(f"cs_payment_status 100 refs: {s_many}")
    report("p50 1 ref vs partner search_read", s_ours["p50_ms"], s_plain["p50_ms"], 1.5)
    report("p95 1 ref vs partner search_read", s_ours["p95_ms"], s_plain["p95_ms"], 1.5)
    report("p50 100 refs vs 1 ref", s_many["p50_ms"], s_ours["p50_ms"], 3)
    report("p95 100 refs vs 1 ref", s_many["p95_ms"], s_ours["p95_ms"], 3)


if __name__ == "__main__":
    main()
