"""10,000 reported contacts through cs_report_contacts in batches of 500.

Prints contacts per second and the time of each batch: the trend shows whether a
batch gets slower as stored contacts accumulate (the addon tests pin its query count).
"""

import random
import time
from datetime import datetime, timedelta

from common import Client, live_server, summary
from debt_fixtures import build

HANDOFFS = 2_000
CONTACTS = 10_000
BATCH = 500
CHANNELS = ("call", "message", "visit")


def main():
    login, password, refs, _partner_refs = build(HANDOFFS, prefix="DH/C/")
    rng = random.Random(7)
    base = datetime.utcnow() - timedelta(days=200)
    rows = [
        {
            "ref": rng.choice(refs),
            "agency_contact_id": f"BC-{i}",
            "channel": rng.choice(CHANNELS),
            "at": (base + timedelta(minutes=17 * i)).strftime("%Y-%m-%d %H:%M:%S"),
            "outcome": "нет ответа",
        }
        for i in range(CONTACTS)
    ]
    with live_server() as url:
        agency = Client(url, login, password)
        durations, violations = [], 0
        start = time.perf_counter()
        for offset in range(0, CONTACTS, BATCH):
            began = time.perf_counter()
            results = agency.call(
                "cs.debt.handoff", "cs_report_contacts", rows[offset : offset + BATCH]
            )
            durations.append(time.perf_counter() - began)
            assert all(r["status"] == "created" for r in results), results[:3]
            violations += sum(1 for r in results if r["violations"])
        total = time.perf_counter() - start
        began = time.perf_counter()
        again = agency.call("cs.debt.handoff", "cs_report_contacts", rows[:BATCH])
        retry = time.perf_counter() - began
        assert all(r["status"] == "unchanged" for r in again)
    print(f"{CONTACTS} contacts in {total:.1f}s: {CONTACTS / total:.0f} contacts/s")
    print(f"contacts with violations: {violations}")
    print("per-batch ms: " + " ".join(f"{d * 1000:.0f}" for d in durations))
    first, last = summary(durations[:5]), summary(durations[-5:])
    print(
        f"first 5 batches p50 {first['p50_ms']:.0f} ms, last 5 batches p50 "
        f"{last['p50_ms']:.0f} ms, ratio {last['p50_ms'] / first['p50_ms']:.2f}"
    )
    print(f"same batch retried (all unchanged): {retry * 1000:.0f} ms")


if __name__ == "__main__":
    main()
