"""Flat cost at 100x the data (issue 12): each operation at 1/100 and at full size.

Builds the data set with SQL (bench/scale_data.py: ORM-made seeds cloned with
``INSERT ... SELECT generate_series``, a sample recomputed by the ORM and compared),
first at 1/100 of the chosen size, measures every operation over XML-RPC, grows
the data to the full chosen size and measures again in the same run.

Full size (CS_BENCH_SCALE=1, the default): 1,000,000 partners, 200,000 helpdesk
tickets (100,000 open complaints), 1,000,000 public reviews on 8 platforms,
100,000 debt handoffs, 1,000,000 agency contacts. CS_BENCH_SCALE=0.01 scales every
count. Run: ``CS_BENCH_SCALE=0.1 BENCH=bench_scale make bench``.

Targets (printed, never asserted): p50 at full size <= 1.5x its p50 at 1/100, and
<= 1.5x the plain Odoo operation of the same kind at full size where one exists.
The table is also written to $CS_RUN_DIR/bench_scale.md (and copied to
$CS_BENCH_OUT when set).
"""

import os
import random
import shutil
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from campaign_parts import PARTS, measure_parts
from common import Client, live_server, summary, timed
from scale_data import FULL, DataSet, counts, review_text

TARGET = 1.5
REPS = int(os.environ.get("CS_BENCH_REPS", "20"))
BATCH_REPS = max(3, REPS // 4)  # 500-row batches and scheduled actions
WARMUP = 3
PARTS_BATCH = 1000  # the repetition numbers of the in-process batches

# operation key -> (label, plain counterpart key or None)
OPERATIONS = [
    (
        "submit_email_phone",
        "cs_submit_feedback, new customer, e-mail + phone",
        "plain_new_customer",
    ),
    (
        "submit_phone",
        "cs_submit_feedback, new customer, phone only",
        "plain_new_customer",
    ),
    (
        "import_500",
        "cs_import_reviews, 500 new rows with IP, phone, e-mail",
        "plain_create_500",
    ),
    ("promise_watch", "promise-watch scheduled action (nothing new)", None),
    ("follow_up", "review follow-up scheduled action (nothing new)", None),
    ("scorecard", "agency scorecard read_group", "plain_read_group"),
    (
        "review_kanban",
        "reviews kanban read_group by state (default filter: open)",
        "plain_read_group",
    ),
    ("partner_counters", "partner form counters (read)", "plain_partner_ref"),
    (
        "agency_status",
        "agency status lookup (cs_payment_status, 1 ref)",
        "plain_partner_ref",
    ),
    ("plain_ticket", "plain: helpdesk.ticket create", None),
    (
        "plain_new_customer",
        "plain: new customer, ticket and a template letter",
        None,
    ),
    ("plain_partner_ref", "plain: res.partner search_read by ref", None),
    ("plain_read_group", "plain: helpdesk.ticket read_group by stage", None),
    ("plain_create_500", "plain: res.partner create, 500 rows", None),
]


def log(message):
    print(message, flush=True)


class Operations:
    """The measured calls, each a function of the repetition number."""

    def __init__(self, admin, agency, facts, phase):
        self.admin, self.agency, self.facts = admin, agency, facts
        self.phase = phase
        self.run = uuid.uuid4().hex[:6]
        self.rng = random.Random({"small": 1, "full": 2}[phase])
        self.crons = {
            key: self._cron(code)
            for key, code in (
                ("promise_watch", "_cron_cs_promise_watch"),
                ("follow_up", "_cron_follow_up"),
                ("scorecard_refresh", "scorecard"),
            )
        }
        self.plain_template_id, self.plain_action_id = self._plain_setup()

    # the plain Odoo counterpart of a submission: the same three things done with
    # the ORM alone in one call (a customer, a ticket, an acknowledgement letter
    # from a mail template through the composer), as a server action
    PLAIN_NEW_CUSTOMER = """
data = env.context["bench_payload"]
partner = env["res.partner"].create(data["customer"])
ticket = env["helpdesk.ticket"].create(
    {"name": data["name"], "description": data["description"],
     "partner_id": partner.id}
)
ticket.message_post_with_source(
    env["mail.template"].browse(data["template_id"]),
    message_type="comment",
    subtype_xmlid="mail.mt_comment",
    partner_ids=partner.ids,
)
"""

    def _plain_setup(self):
        """The server action and the letter of :meth:`plain_new_customer`."""
        model_id = self.admin.call(
            "ir.model", "search", [("model", "=", "helpdesk.ticket")]
        )[0]
        template_id = self.admin.call(
            "mail.template",
            "create",
            {
                "name": f"Bench acknowledgement {self.run}",
                "model_id": model_id,
                "subject": "Обращение {{ object.number }} принято",
                "email_from": "Контакт-центр <support@scale.example>",
                "partner_to": "{{ object.partner_id.id }}",
                "body_html": "<p>Здравствуйте, <t t-out='object.partner_id.name'/>! "
                "Ваше обращение <t t-out='object.number'/> принято, ответим в "
                "срок.</p>",
            },
        )
        action_id = self.admin.call(
            "ir.actions.server",
            "create",
            {
                "name": f"Bench plain new customer {self.run}",
                "model_id": model_id,
                "state": "code",
                "code": self.PLAIN_NEW_CUSTOMER,
            },
        )
        return template_id, action_id

    def _cron(self, code):
        ids = self.admin.call(
            "ir.cron",
            "search",
            [("ir_actions_server_id.code", "ilike", code)],
            context={"active_test": False},
        )
        return ids[:1]

    def trigger(self, key):
        if not self.crons[key]:
            raise SystemExit(f"no scheduled action for {key}")
        return self.admin.call("ir.cron", "method_direct_trigger", self.crons[key])

    # --------------------------------------------------------------- ours

    def submit_email_phone(self, i):
        return self._submit(i, email=True)

    def submit_phone(self, i):
        return self._submit(i, email=False)

    def _submit(self, i, email):
        tag = f"{self.run}{i}{'e' if email else 'p'}"
        number = self.rng.randrange(10**9)
        customer = {"name": f"Новый клиент {tag}", "phone": f"+7 8{number:09d}"}
        if email:
            customer["email"] = f"new{tag}@scale.example"
        return self.admin.call(
            "helpdesk.ticket",
            "cs_submit_feedback",
            {
                "kind": "complaint",
                "channel": "phone",
                "description": f"Обращение {tag}: " + "интернет не работает " * 10,
                "customer": customer,
                "external_ref": f"bs-{tag}",
            },
        )

    def import_500(self, i):
        result = self.admin.call(
            "cs.public.review",
            "cs_import_reviews",
            self.facts["platform_codes"][i % len(self.facts["platform_codes"])],
            self.import_rows(i),
        )
        if result["created"] != 500:
            raise SystemExit(
                f"import: {result['errors']} errors, {result['results'][:3]}"
            )
        return result

    def import_rows(self, i):
        """500 new rows: half in the subnet of a stored review, within the burst
        window of a clone the last step made; half from elsewhere. A third with
        a known customer's e-mail, a third with a phone."""
        seeds = self.facts["review_seeds"]
        k_from, k_to = self.facts["review_k"]
        gap = self.facts["burst_gap_hours"]
        rows = []
        for j in range(500):
            if j % 2 == 0:
                ip, published = self.rng.choice(seeds)
                octets = ip.split(".")
                ip = ".".join(octets[:3] + [str(self.rng.randrange(1, 255))])
                # near a clone this step made, never within the window of one
                # to be made later (those are older: only later offsets)
                k = self.rng.randint(k_from, k_to)
                published += timedelta(
                    hours=-gap * k, minutes=self.rng.randrange(0, 600)
                )
            else:
                ip = f"{self.rng.choice([83, 89, 109, 217])}." + ".".join(
                    str(self.rng.randrange(1, 255)) for _ in range(3)
                )
                published = self._now() - timedelta(
                    minutes=self.rng.randrange(60 * 24 * 30)
                )
            row = {
                "external_id": f"bs-imp-{self.run}-{i}-{j}",
                "author_name": f"Автор {i}-{j}",
                "author_city": self.rng.choice(["Москва", "Казань", "Омск"]),
                "author_ip": ip,
                "published_at": published.strftime("%Y-%m-%d %H:%M:%S"),
                "rating": self.rng.randrange(1, 6),
                "body": review_text(self.rng),
                "url": f"https://reviews.example/imp/{self.run}/{i}/{j}",
            }
            if j % 3 == 0:
                n = self.rng.randrange(1, self.facts["customers"] + 1)
                row["author_email"] = f"c{n}@scale.example"
            elif j % 3 == 1:
                n = self.rng.randrange(1, self.facts["customers"] + 1)
                row["author_phone"] = f"+7 9{n:09d}"
            rows.append(row)
        return rows

    @staticmethod
    def _now():
        return datetime.utcnow().replace(microsecond=0)

    def promise_watch(self, i):
        return self.trigger("promise_watch")

    def follow_up(self, i):
        return self.trigger("follow_up")

    def scorecard(self, i):
        return self.admin.call(
            "cs.debt.agency.scorecard",
            "read_group",
            [],
            [
                "placed_count:sum",
                "amount_placed:sum",
                "liquidation_rate:avg",
                "complaint_count:sum",
                "violation_count:sum",
                "contact_count:sum",
            ],
            ["agency_id"],
            lazy=False,
        )

    def review_kanban(self, i):
        """What the Reviews kanban asks first: its default filter "Open"."""
        return self.admin.call(
            "cs.public.review",
            "read_group",
            [("state", "in", ["new", "to_reply", "replied", "awaiting_confirmation"])],
            ["rating:avg"],
            ["state"],
            lazy=True,
        )

    def partner_counters(self, i):
        return self.admin.call(
            "res.partner",
            "read",
            [self.rng.choice(self.facts["customer_ids"])],
            ["cs_thanks_count", "cs_complaint_count", "cs_last_feedback_date"],
        )

    def agency_status(self, i):
        ref = self.rng.choice(self.facts["handoff_refs"])
        rows = self.agency.call("cs.debt.handoff", "cs_payment_status", [ref])
        if rows[0].get("error"):
            raise SystemExit(f"agency status: {rows}")
        return rows

    # --------------------------------------------------------------- plain

    def plain_ticket(self, i):
        return self.admin.call(
            "helpdesk.ticket",
            "create",
            {
                "name": f"Обращение {self.run}-{i}",
                "description": "<p>" + "интернет не работает " * 10 + "</p>",
                "partner_id": self.rng.choice(self.facts["customer_ids"]),
            },
        )

    def plain_new_customer(self, i):
        tag = f"{self.run}{i}n"
        number = self.rng.randrange(10**9)
        payload = {
            "name": f"Обращение {tag}",
            "description": f"Обращение {tag}: " + "интернет не работает " * 10,
            "customer": {
                "name": f"Новый клиент {tag}",
                "phone": f"+7 8{number:09d}",
                "email": f"plain{tag}@scale.example",
            },
            "template_id": self.plain_template_id,
        }
        return self.admin.call(
            "ir.actions.server",
            "run",
            [self.plain_action_id],
            context={"bench_payload": payload},
        )

    def plain_partner_ref(self, i):
        n = self.rng.randrange(1, self.facts["customers"] + 1)
        rows = self.admin.call(
            "res.partner",
            "search_read",
            [("ref", "=", f"BS-C-{n}")],
            fields=["id", "name"],
        )
        if not rows:
            raise SystemExit(f"no partner BS-C-{n}")
        return rows

    def plain_read_group(self, i):
        return self.admin.call(
            "helpdesk.ticket", "read_group", [], ["stage_id"], ["stage_id"], lazy=True
        )

    def plain_create_500(self, i):
        return self.admin.call(
            "res.partner",
            "create",
            [
                {
                    "name": f"Контакт {self.run}-{i}-{j}",
                    "email": f"p{self.run}{i}x{j}@plain.example",
                    "phone": f"+7 7{j:09d}",
                }
                for j in range(500)
            ],
        )


def measure(dataset, phase):
    """p50 (ms) of every operation against the data as it is now."""
    facts = dataset.facts()
    results = {}
    with live_server(workers=0) as url:
        admin = Client(url)
        agency = Client(url, *facts["agency"])
        ops = Operations(admin, agency, facts, phase)
        if ops.crons["scorecard_refresh"]:
            # the scorecard may be a summary refreshed by a scheduled action
            took, _ = timed(ops.trigger, "scorecard_refresh")
            results["scorecard_refresh_ms"] = took * 1000
            log(f"  scorecard refresh: {took * 1000:.0f} ms")
        crons = ("promise_watch", "follow_up")
        batches = ("import_500", "plain_create_500")
        calls = [key for key, _label, _plain in OPERATIONS if key not in crons]
        durations = {key: [] for key, _label, _plain in OPERATIONS}
        # warm-up, then rounds of every call in turn: a slow moment of the
        # machine hits all operations alike
        for key in calls:
            for w in range(1 if key in batches else WARMUP):
                getattr(ops, key)(-1 - w)
        for i in range(REPS):
            for key in calls:
                if key in batches and i >= BATCH_REPS:
                    continue
                durations[key].append(timed(getattr(ops, key), i)[0])
        # scheduled actions last: one run does what the calls above left to do,
        # the measured runs find nothing new
        for key in crons:
            getattr(ops, key)(-1)
            durations[key] = [timed(getattr(ops, key), i)[0] for i in range(BATCH_REPS)]
        for key, label, _plain in OPERATIONS:
            results[key] = summary(durations[key])
            log(
                f"  {label}: p50 {results[key]['p50_ms']:.1f} ms "
                f"(p95 {results[key]['p95_ms']:.1f}, n={results[key]['n']})"
            )
        batches = [ops.import_rows(PARTS_BATCH + i) for i in range(BATCH_REPS + 1)]
    # the server is stopped: the import in process, its campaign parts timed
    parts = measure_parts(dataset.registry, batches, facts["platform_codes"])
    results["campaign_parts"] = parts
    log(
        "  import parts (ms): "
        + ", ".join(f"{key} {parts[key]:.0f}" for key, _label in PARTS)
        + f"; {parts['candidates']:.0f} stored candidates"
    )
    return results


def table(small, full, scale, sizes_small, sizes_full, build_small, build_full):
    lines = [
        f"## Scale benchmark (CS_BENCH_SCALE={scale:g})",
        "",
        "| data | at 1/100 | at full size |",
        "|---|---|---|",
    ]
    for table_name in sizes_full:
        if table_name == "database_bytes":
            continue
        lines.append(
            f"| {table_name} | {sizes_small[table_name]:,} "
            f"| {sizes_full[table_name]:,} |"
        )
    lines.append(
        f"| database size | {sizes_small['database_bytes'] / 2**20:,.0f} MB | "
        f"{sizes_full['database_bytes'] / 2**20:,.0f} MB |"
    )
    lines.append(f"| build time | {build_small:.0f} s | +{build_full:.0f} s |")
    if "scorecard_refresh_ms" in full:
        lines.append(
            f"| scorecard refresh (scheduled action, before the reads) "
            f"| {small['scorecard_refresh_ms']:.0f} ms "
            f"| {full['scorecard_refresh_ms']:.0f} ms |"
        )
    lines += [
        "",
        "Rows at full size include those the 1/100 measurements added "
        "(submissions, imports, plain creates).",
    ]
    lines += [
        "",
        "| operation | p50 at 1/100 | p50 at full | growth | plain at full | ratio "
        "| verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, label, plain in OPERATIONS:
        a, b = small[key]["p50_ms"], full[key]["p50_ms"]
        growth = b / a if a else float("inf")
        marks = ["PASS growth" if growth <= TARGET else f"OVER growth {TARGET}x"]
        plain_cell = ratio_cell = "—"
        if plain:
            base = full[plain]["p50_ms"]
            ratio = b / base if base else float("inf")
            plain_cell, ratio_cell = f"{base:.1f} ms", f"{ratio:.2f}×"
            marks.append("PASS plain" if ratio <= TARGET else f"OVER plain {TARGET}x")
        if key.startswith("plain_"):
            marks = ["baseline"]
        lines.append(
            f"| {label} | {a:.1f} ms | {b:.1f} ms | {growth:.2f}× | {plain_cell} "
            f"| {ratio_cell} | {', '.join(marks)} |"
        )
    a, b = small["campaign_parts"], full["campaign_parts"]
    lines += [
        "",
        "A 500-row import in process (campaign_parts.py: rows made as for the "
        "import above, each batch rolled back), by part:",
        "",
        "| part of the import | p50 at 1/100 | p50 at full | growth |",
        "|---|---|---|---|",
    ]
    for key, label in PARTS:
        growth = b[key] / a[key] if a[key] else float("inf")
        lines.append(f"| {label} | {a[key]:.0f} ms | {b[key]:.0f} ms | {growth:.2f}× |")
    lines.append(
        f"| stored candidates the lookup returned | {a['candidates']:.0f} "
        f"| {b['candidates']:.0f} | |"
    )
    lines += [
        "",
        f"Targets: growth <= {TARGET}x and <= {TARGET}x the plain operation "
        "(printed, never asserted). p50 over "
        f"{REPS} calls ({BATCH_REPS} for 500-row batches and scheduled actions).",
    ]
    return "\n".join(lines) + "\n"


def steps_line(timings):
    return ", ".join(f"{name} {took:.1f}" for name, took in timings.items())


def report_check(checked):
    for model, (rows, fnames) in checked.items():
        log(f"  {model}: {rows} rows agree on {', '.join(fnames)}")


def main():
    scale = float(os.environ.get("CS_BENCH_SCALE", "1"))
    if not 0 < scale <= 1:
        sys.exit(f"CS_BENCH_SCALE={scale}: expected 0 < scale <= 1")
    full_counts = counts(scale, 1)
    log(
        f"scale {scale:g}: "
        + ", ".join(f"{name} {count:,}" for name, count in full_counts.items())
        + f" (full size: {', '.join(f'{n} {c:,}' for n, c in FULL.items())})"
    )
    dataset = DataSet(scale, log=log)
    if os.environ.get("CS_BENCH_BUILD_ONLY") == "1":
        # only the build at the chosen size, to see what it costs on this machine
        took = dataset.grow(1)
        log(f"built in {took:.1f} s; checking a sample against the ORM")
        report_check(dataset.verify())
        log(f"  {dataset.sizes()}")
        return
    log("building 1/100 of the data set")
    build_small = dataset.grow(0.01)
    steps_small = dict(dataset.timings)
    log(f"built in {build_small:.1f} s; checking a sample against the ORM")
    report_check(dataset.verify())
    sizes_small = dataset.sizes()
    log(f"  {sizes_small}")
    log("measuring at 1/100")
    small = measure(dataset, "small")
    log("growing to the full size")
    build_full = dataset.grow(1)
    steps_full = dict(dataset.timings)
    log(f"grown in {build_full:.1f} s; checking a sample against the ORM")
    report_check(dataset.verify())
    sizes_full = dataset.sizes()
    log(f"  {sizes_full}")
    log("measuring at full size")
    started = time.perf_counter()
    full = measure(dataset, "full")
    log(f"measured in {time.perf_counter() - started:.0f} s")
    text = table(small, full, scale, sizes_small, sizes_full, build_small, build_full)
    text += "\nBuild steps (s), 1/100: " + steps_line(steps_small)
    text += "\nBuild steps (s), to full: " + steps_line(steps_full) + "\n"
    print()
    print(text)
    out = Path(os.environ.get("CS_RUN_DIR", "/tmp")) / "bench_scale.md"
    out.write_text(text, encoding="utf-8")
    log(f"table written to {out}")
    if os.environ.get("CS_BENCH_OUT"):
        shutil.copyfile(out, os.environ["CS_BENCH_OUT"])
        log(f"copied to {os.environ['CS_BENCH_OUT']}")
    else:
        log("(make bench removes its run directory: CS_BENCH_OUT=path keeps a copy)")


if __name__ == "__main__":
    main()
