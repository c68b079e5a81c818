"""cs_submit_feedback over XML-RPC vs plain helpdesk.ticket.create, same run.

1,000 submissions (a mix of complaints and thanks naming 1-3 employees, half from
known customers, half from new ones) against 1,000 plain ``helpdesk.ticket.create``
calls with the same texts.  Target: ratio of total time at most 1.5.
Run: ``BENCH=bench_feedback make bench`` (N=200 for a quick look).
"""

import os
import random
import uuid

from common import Client, live_server, report, summary, timed

N = int(os.environ.get("N", "1000"))


def main():
    rng = random.Random(42)
    with live_server(workers=0) as url:
        client = Client(url)
        employees = client.call(
            "hr.employee", "create", [{"name": f"Оператор {i}"} for i in range(10)]
        )
        known = [f"known{i}@mail.example" for i in range(50)]
        partner_ids = client.call(
            "res.partner",
            "create",
            [{"name": f"Клиент {i}", "email": email} for i, email in enumerate(known)],
        )
        run = uuid.uuid4().hex[:6]
        payloads = []
        for i in range(N):
            thanks = i % 2 == 0
            email = rng.choice(known) if i % 4 < 2 else f"new{run}{i}@mail.example"
            payload = {
                "kind": "thanks" if thanks else "complaint",
                "channel": rng.choice(["phone", "email", "web", "messenger"]),
                "description": f"Обращение {i}: " + "текст обращения " * 20,
                "customer": {"name": f"Клиент {i}", "email": email},
                "external_ref": f"bench-{run}-{i}",
            }
            if thanks:
                payload["employee_ids"] = rng.sample(employees, rng.randint(1, 3))
            payloads.append(payload)
        # warm up both paths
        client.call(
            "helpdesk.ticket", "cs_submit_feedback", dict(payloads[0], external_ref="w")
        )
        client.call(
            "helpdesk.ticket", "create", {"name": "w", "description": "<p>w</p>"}
        )

        plain = []
        for i, payload in enumerate(payloads):
            vals = {
                "name": payload["description"][:80],
                "description": f"<p>{payload['description']}</p>",
                "partner_id": partner_ids[i % len(partner_ids)],
            }
            plain.append(timed(client.call, "helpdesk.ticket", "create", vals)[0])
        ours = [
            timed(client.call, "helpdesk.ticket", "cs_submit_feedback", p)[0]
            for p in payloads
        ]
    s_plain, s_ours = summary(plain), summary(ours)
    print(
        f"plain helpdesk.ticket.create x{N}: p50 {s_plain['p50_ms']:.1f} ms, "
        f"p95 {s_plain['p95_ms']:.1f} ms, total {s_plain['total_s']:.1f} s"
    )
    print(
        f"cs_submit_feedback        x{N}: p50 {s_ours['p50_ms']:.1f} ms, "
        f"p95 {s_ours['p95_ms']:.1f} ms, total {s_ours['total_s']:.1f} s"
    )
    report(
        "total time, submit vs plain create", s_ours["total_s"], s_plain["total_s"], 1.5
    )
    report("p50, submit vs plain create", s_ours["p50_ms"], s_plain["p50_ms"], 1.5)


if __name__ == "__main__":
    main()
