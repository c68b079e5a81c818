"""Bulk data of the scale benchmark (bench/bench_scale.py), built with SQL.

A few seed rows of each kind are made through the ORM (so every stored field,
compute and related row is what Odoo writes), then cloned with
``INSERT ... SELECT ... FROM generate_series`` varying the keys (names, e-mails,
phones, refs, dates) so unique constraints hold and the stored computed columns
stay consistent; a random sample of the clones is then recomputed through the ORM
and compared (``verify``), and the tables are vacuumed and analyzed.

The data grows in steps: ``DataSet.grow(fraction)`` brings every count to
``fraction`` of the full size (1/100 first, then 1), adding only what is missing.
"""

import random
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from common import env
from debt_fixtures import AGENCY_LOGIN
from debt_fixtures import build as build_handoffs
from psycopg2 import sql

import odoo
from odoo import SUPERUSER_ID, api, fields

# the full size (CS_BENCH_SCALE=1), see issue 12
FULL = {
    "partners": 1_000_000,
    "tickets": 200_000,
    "reviews": 1_000_000,
    "handoffs": 100_000,
    "contacts": 1_000_000,
}
PLATFORMS = 8
# one seed review per REVIEWS_PER_SEED reviews: each seed has its own /24 subnet and
# its clones are BURST_GAP apart, so no subnet ever holds a burst (the stored scores
# stay those of the seed) while the burst index holds every review
REVIEWS_PER_SEED = 200
BURST_GAP = timedelta(hours=25)
# reviews older than this are in a final state (closed, confirmed): see _grow_reviews
OPEN_DAYS = 30
CONTACT_GAP_DAYS = 8  # a debtor's contacts: never over a frequency limit
CITIES = ["Москва", "Санкт-Петербург", "Новосибирск", "Казань", "Екатеринбург"]
IP_FIRST = [5, 31, 37, 46, 77, 78, 79, 85, 87, 91, 94, 95, 176, 178, 188, 212, 213]
# ticket kinds: share of all tickets
TICKET_KINDS = {
    "future": 0.40,  # open complaint, promise more than a day ahead
    "missed": 0.10,  # open complaint, promise missed, already handled by the watch
    "closed": 0.25,  # closed complaint
    "thanks": 0.25,  # thanks
}
# columns never compared by verify(): set by every write
MAGIC = {"write_date", "write_uid", "create_date", "create_uid"}
SAMPLE = 50
VERIFIED = [
    "res.partner",
    "helpdesk.ticket",
    "cs.public.review",
    "cs.debt.handoff",
    "cs.debt.contact",
]


# review texts: 8-15 words of a provider's customers, drawn at random, so that the
# campaign detection of the import has real work (eligible texts, a MinHash per
# review, LSH candidates in the window) and finds no campaign by accident
REVIEW_WORDS = (
    "интернет тариф роутер мастер договор оплата скорость вечер подключение "
    "оператор звонок офис приложение баланс кабель сигнал модем абонент "
    "квартира подъезд счёт скидка поддержка заявка ремонт монтажник антенна "
    "телевидение канал пакет номер карта перевод возврат деньги неделя месяц "
    "утро выходной праздник дача город район улица дом сосед ребёнок работа "
    "учёба фильм игра сериал новость погода быстро долго вежливо грубо хорошо "
    "плохо отлично ужасно медленно снова опять наконец магазин заказ курьер "
    "доставка посылка коробка упаковка гарантия чек касса очередь продавец "
    "консультант менеджер директор администратор банк кредит вклад процент "
    "комиссия терминал банкомат отделение кафе официант меню блюдо десерт кофе "
    "чай столик бронь парковка машина шина сервис запчасть масло диагностика "
    "клиника врач запись анализ приём регистратура лекарство аптека рецепт "
    "гостиница номер завтрак уборка полотенце кондиционер лифт ресепшен ключ "
    "холодильник стиральный телевизор ноутбук телефон планшет наушники зарядка "
    "экран батарея камера клавиатура мышь принтер бумага краска мебель диван "
    "шкаф кухня стол стул кровать матрас подушка окно дверь замок балкон пол "
    "потолок стена обои плитка сантехник кран труба батарея отопление свет "
    "электрик розетка лампа счётчик вода газ мусор двор детский площадка "
    "управляющая компания собрание жалоба претензия ответ письмо сообщение чат "
    "бот голос ожидание минута час день неделя срок обещание перезвонить "
    "приехать починить заменить вернуть отменить оформить подписать проверить"
).split()


def review_text(rng):
    return " ".join(rng.sample(REVIEW_WORDS, rng.randint(8, 15))).capitalize() + "."


def counts(scale, fraction):
    """The target count of each data set at ``fraction`` of the full size."""
    return {
        name: max(1, int(round(full * scale * fraction))) for name, full in FULL.items()
    }


def open_registry():
    odoo.tools.config.parse_config(["-c", env("CS_ODOO_CONFIG"), "--log-level=warn"])
    return odoo.modules.registry.Registry(env("CS_BENCH_DB"))


def clone(cr, table, source, overrides, params=()):
    """INSERT one row per row of ``source`` (SQL yielding ``n`` and ``tid``, the
    template id, plus any column the overrides use as ``s.x``), copying template
    ``t`` except for ``overrides`` ({column: SQL expression}). The id comes from
    the table's sequence. Returns the number of rows.

    Templates are read from the frozen copy of the seeds (see freeze()): what the
    measurements did to the seeds in the meantime is not copied."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        (table,),
    )
    columns = [row[0] for row in cr.fetchall()]
    unknown = set(overrides) - set(columns)
    if unknown:
        raise RuntimeError(f"{table}: no column {sorted(unknown)}")
    select = [
        sql.SQL(overrides[c]) if c in overrides else sql.Identifier("t", c)
        for c in columns
    ]
    cr.execute(
        sql.SQL(
            "INSERT INTO {table} (id, {cols}) "
            "SELECT nextval(pg_get_serial_sequence({name}, 'id')), {select} "
            "FROM ({source}) s JOIN {template} t ON t.id = s.tid"
        ).format(
            table=sql.Identifier(table),
            name=sql.Literal(table),
            template=sql.Identifier(f"bench_scale_tpl_{table}"),
            cols=sql.SQL(", ").join(map(sql.Identifier, columns)),
            select=sql.SQL(", ").join(select),
            source=sql.SQL(source),
        ),
        params,
    )
    return cr.rowcount


def freeze(cr, table, ids):
    """Copy the seed rows of ``table`` aside: the templates of clone()."""
    cr.execute(
        sql.SQL(
            "DROP TABLE IF EXISTS {tpl}; "
            "CREATE TABLE {tpl} AS SELECT * FROM {table} WHERE id = ANY(%s)"
        ).format(
            tpl=sql.Identifier(f"bench_scale_tpl_{table}"),
            table=sql.Identifier(table),
        ),
        (list(ids),),
    )


def seq(lo, hi, templates):
    """Source of clone(): n in lo..hi, templates used in turn."""
    return (
        f"SELECT n, (ARRAY[{','.join(map(str, templates))}])"
        f"[1 + mod(n - 1, {len(templates)})] AS tid, "
        f"(n - 1) / {len(templates)} + 1 AS k "
        f"FROM generate_series({int(lo)}, {int(hi)}) AS n"
    )


class DataSet:
    """The scale data set of one database; remembers its seeds between steps."""

    def __init__(self, scale, log=print):
        self.scale = scale
        self.log = log
        self.registry = open_registry()
        self.done = dict.fromkeys(FULL, 0)  # rows made so far per data set
        self.kind_done = dict.fromkeys(TICKET_KINDS, 0)
        self.seeds = {}
        self.timings = {}
        self.handoff_refs = []
        self.now = datetime.utcnow().replace(microsecond=0)

    # ------------------------------------------------------------------ steps

    def grow(self, fraction):
        """Bring every data set to ``fraction`` of the full size; returns seconds."""
        target = counts(self.scale, fraction)
        self.timings = {}
        start = time.perf_counter()
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL synchronous_commit = off")
            e = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            if not self.seeds:
                self._seed(e, target)
            # verify() checks what this step adds
            self.step_from = {}
            for model in VERIFIED:
                cr.execute(
                    sql.SQL("SELECT COALESCE(MAX(id), 0) FROM {}").format(
                        sql.Identifier(e[model]._table)
                    )
                )
                self.step_from[model] = cr.fetchone()[0]
        # handoffs: the debt benchmarks' fixtures (own transaction)
        self._step("handoffs", lambda: self._grow_handoffs(target["handoffs"]))
        # two sessions at once (the machine has two cores): partners then the
        # tickets that need them; reviews then contacts
        with ThreadPoolExecutor(max_workers=2) as pool:
            jobs = [
                pool.submit(
                    self._in_transaction,
                    ("partners", lambda cr: self._grow_customers(cr, target)),
                    ("tickets", lambda cr: self._grow_tickets(cr, target["tickets"])),
                ),
                pool.submit(
                    self._in_transaction,
                    ("reviews", lambda cr: self._grow_reviews(cr, target["reviews"])),
                    (
                        "contacts",
                        lambda cr: self._grow_contacts(cr, target["contacts"]),
                    ),
                ),
            ]
            for job in jobs:
                job.result()
        # the state autovacuum brings a database to (statistics, and the visibility
        # map that lets index-only scans skip the table), once, before measuring:
        # otherwise autovacuum does it at some point during the measurements
        with self.registry.cursor() as cr:
            began = time.perf_counter()
            cr._cnx.autocommit = True
            for table in (
                "res_partner",
                "helpdesk_ticket",
                "cs_public_review",
                "cs_public_review_band",
                "cs_debt_handoff",
                "cs_debt_contact",
                "bench_scale_customer",
                "bench_scale_handoff",
            ):
                cr.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
            cr._cnx.autocommit = False
            self.timings["vacuum"] = time.perf_counter() - began
        return time.perf_counter() - start

    def _in_transaction(self, *steps):
        with self.registry.cursor() as cr:
            cr.execute("SET LOCAL synchronous_commit = off")
            for name, fn in steps:
                self._step(name, lambda fn=fn: fn(cr))

    def _step(self, name, fn):
        began = time.perf_counter()
        fn()
        self.timings[name] = time.perf_counter() - began
        self.log(f"  {name}: {self.timings[name]:.1f} s")

    # ------------------------------------------------------------------ seeds

    def _seed(self, e, target):
        """The ORM-made rows every clone copies (made once, at the first step)."""
        began = time.perf_counter()
        cr = e.cr
        cr.execute(
            "CREATE TABLE IF NOT EXISTS bench_scale_customer "
            "(n int PRIMARY KEY, partner_id int NOT NULL)"
        )
        cr.execute(
            "CREATE TABLE IF NOT EXISTS bench_scale_handoff "
            "(n int PRIMARY KEY, handoff_id int NOT NULL)"
        )
        admin = e.ref("base.user_admin")
        ue = api.Environment(
            cr,
            admin.id,
            {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True},
        )
        customer = ue["res.partner"].create(
            {
                "name": "Клиент 0",
                "email": "c0@scale.example",
                "phone": "+7 900 000-00-00",
                "ref": "BS-C-0",
            }
        )
        self.seeds["customer"] = customer.id
        team = ue["helpdesk.ticket.team"].create(
            {"name": "Scale bench", "user_ids": [(6, 0, admin.ids)]}
        )
        ticket_vals = {
            "description": "<p>" + "Текст обращения клиента. " * 20 + "</p>",
            "partner_id": customer.id,
            "team_id": team.id,
            "cs_channel": "phone",
        }
        Ticket = ue["helpdesk.ticket"]
        future = Ticket.create(
            dict(ticket_vals, name="Жалоба: будущее обещание", cs_kind="complaint")
        )
        future.sudo().write({"cs_promised_date": self.now + timedelta(days=20)})
        missed = Ticket.create(
            dict(ticket_vals, name="Жалоба: обещание пропущено", cs_kind="complaint")
        )
        cause = e["cs.feedback.root.cause"].create({"name": "Scale bench"})
        closed = Ticket.create(
            dict(
                ticket_vals,
                name="Жалоба закрыта",
                cs_kind="complaint",
                cs_root_cause_id=cause.id,
            )
        )
        thanks = Ticket.create(dict(ticket_vals, name="Спасибо", cs_kind="thanks"))
        done_stage = e["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], order="sequence", limit=1
        )
        (closed | thanks).sudo().write({"stage_id": done_stage.id})
        e.flush_all()
        # the missed promise: in the past, then handled by the watch itself
        cr.execute(
            "UPDATE helpdesk_ticket SET cs_promised_date = %s WHERE id = %s",
            (self.now - timedelta(days=3), missed.id),
        )
        e.invalidate_all()
        e["helpdesk.ticket"].with_user(admin)._cron_cs_promise_watch()
        e.flush_all()
        self.seeds["tickets"] = {
            "future": future.id,
            "missed": missed.id,
            "closed": closed.id,
            "thanks": thanks.id,
        }
        # review platforms and seed reviews
        platforms = e["cs.review.platform"].create(
            [
                {"name": f"Площадка {i}", "code": f"bs{i}", "kind": "review_site"}
                for i in range(1, PLATFORMS + 1)
            ]
        )
        self.seeds["platform_codes"] = platforms.mapped("code")
        self.seeds["reviews"] = self._seed_reviews(e, platforms, target)
        e.flush_all()
        freeze(cr, "res_partner", [customer.id])
        freeze(cr, "helpdesk_ticket", list(self.seeds["tickets"].values()))
        freeze(cr, "cs_public_review", self.seeds["reviews"])
        e.flush_all()
        self.timings["seed"] = time.perf_counter() - began
        self.log(f"  seeds (ORM): {self.timings['seed']:.1f} s")

    def _seed_reviews(self, e, platforms, target):
        """Seed reviews: one per /24 subnet, scored by the ORM."""
        rng = random.Random(12)
        total = counts(self.scale, 1)["reviews"]
        n_seeds = max(PLATFORMS, min(target["reviews"], total // REVIEWS_PER_SEED))
        subnets = set()
        while len(subnets) < n_seeds:
            subnets.add(
                (rng.choice(IP_FIRST), rng.randrange(1, 255), rng.randrange(256))
            )
        locate = _city_locator(e)
        vals_list = []
        for i, (a, b, c) in enumerate(sorted(subnets)):
            rating = rng.choice([1, 2, 3, 4, 5, 5, 5, 4])
            negative = rating <= 2
            ip = f"{a}.{b}.{c}.{rng.randrange(1, 255)}"
            # most authors state the city their IP is in; some do not
            located = locate(ip)
            city = located if located and rng.random() < 0.8 else rng.choice(CITIES)
            vals = {
                "platform_id": platforms[i % PLATFORMS].id,
                "external_id": f"bs-seed-{i}",
                "author_name": f"Автор {i}",
                "author_city": city,
                "author_ip": ip,
                "published_at": self.now - timedelta(hours=rng.randrange(1, 24 * 30)),
                "rating": rating,
                "body": review_text(rng),
            }
            if i % 3 == 0:
                vals["author_email"] = "c0@scale.example"
            elif i % 3 == 1:
                vals["author_phone"] = f"+7 9{rng.randrange(10**9):09d}"
            # the history: most negative reviews were answered long ago
            if negative:
                roll = rng.random()
                if roll < 0.1:
                    vals["state"] = "to_reply"
                elif roll < 0.6:
                    vals.update(
                        state="replied",
                        first_reply_at=vals["published_at"] + timedelta(hours=3),
                        follow_up_drafted_at=vals["published_at"] + timedelta(days=2),
                    )
                else:
                    vals["state"] = "closed"
            else:
                vals["state"] = "new" if rng.random() < 0.3 else "closed"
            vals_list.append(vals)
        Review = e["cs.public.review"].sudo()
        ids = []
        for start in range(0, len(vals_list), 500):
            ids += Review.create(vals_list[start : start + 500]).ids
            e.flush_all()
        return ids

    # ------------------------------------------------------------------ grow

    def _grow_handoffs(self, target):
        have = self.done["handoffs"]
        if target <= have:
            return
        prefix = "DH/S2/" if have else "DH/S1/"
        # debt_fixtures parses the configuration again, which Odoo 18 cannot do
        # twice in one process: it is parsed already
        config = odoo.tools.config
        config.parse_config = lambda *args, **kwargs: None
        try:
            login, password, refs, _partner_refs = build_handoffs(target - have, prefix)
        finally:
            del config.parse_config
        self.agency_login, self.agency_password = login, password
        self.handoff_refs += refs
        with self.registry.cursor() as cr:
            cr.execute(
                "INSERT INTO bench_scale_handoff (n, handoff_id) "
                "SELECT %s + row_number() OVER (ORDER BY id), id FROM cs_debt_handoff "
                "WHERE name LIKE %s AND name <> %s",
                (have, prefix + "%", prefix + "T"),
            )
            if cr.rowcount != target - have:
                raise RuntimeError(
                    f"handoffs: {cr.rowcount} made, {target - have} asked"
                )
            cr.execute("ANALYZE bench_scale_handoff")
        self.done["handoffs"] = target

    def _grow_customers(self, cr, target):
        """Customers: the partners besides the debtors (debt_fixtures makes those)."""
        want = target["partners"] - target["handoffs"]
        lo, hi = self.done["partners"] + 1, want
        if hi < lo:
            return
        digits = "'9' || lpad(s.n::text, 9, '0')"
        phone = (
            f"'+7 ' || substr({digits}, 1, 3) || ' ' || substr({digits}, 4, 3) || '-' "
            f"|| substr({digits}, 7, 2) || '-' || substr({digits}, 9, 2)"
        )
        clone(
            cr,
            "res_partner",
            seq(lo, hi, [self.seeds["customer"]]),
            {
                "name": "'Клиент ' || s.n",
                "complete_name": "'Клиент ' || s.n",
                "email": "'c' || s.n || '@scale.example'",
                "email_normalized": "'c' || s.n || '@scale.example'",
                "phone": phone,
                "phone_sanitized": phone
                if self._sanitized_as_is(cr)
                else (f"'+7' || {digits}"),
                "cs_phone_key": digits,
                "ref": "'BS-C-' || s.n",
                "commercial_partner_id": "currval(pg_get_serial_sequence("
                "'res_partner', 'id'))",
            },
        )
        cr.execute(
            "INSERT INTO bench_scale_customer (n, partner_id) "
            "SELECT substr(ref, 6)::int, id FROM res_partner "
            "WHERE ref LIKE 'BS-C-%%' AND substr(ref, 6)::int BETWEEN %s AND %s",
            (lo, hi),
        )
        cr.execute("SELECT count(*) FROM bench_scale_customer")
        if cr.fetchone()[0] != hi:
            raise RuntimeError("customers: bench_scale_customer out of step")
        cr.execute("ANALYZE bench_scale_customer")
        self.done["partners"] = hi

    def _sanitized_as_is(self, cr):
        """Without the phonenumbers library Odoo stores the phone as typed."""
        cr.execute(
            "SELECT phone = phone_sanitized FROM res_partner WHERE id = %s",
            (self.seeds["customer"],),
        )
        return cr.fetchone()[0]

    def _grow_tickets(self, cr, target):
        customers = self.done["partners"]
        for kind, share in TICKET_KINDS.items():
            want = int(round(target * share))
            lo, hi = self.kind_done[kind] + 1, want
            if hi < lo:
                continue
            tid = self.seeds["tickets"][kind]
            source = (
                f"SELECT g.n, {tid} AS tid, c.partner_id, p.name AS pname, "
                "p.email AS pemail FROM generate_series(%s, %s) AS g(n) "
                "JOIN bench_scale_customer c "
                f"ON c.n = 1 + mod(g.n::bigint * 7919 + {len(kind)}, {customers}) "
                "JOIN res_partner p ON p.id = c.partner_id"
            )
            overrides = {
                "number": f"'BS-{kind[0].upper()}-' || s.n",
                "name": "t.name || ' ' || s.n",
                "partner_id": "s.partner_id",
                "commercial_partner_id": "s.partner_id",
                "partner_name": "s.pname",
                "partner_email": "s.pemail",
                "access_token": "md5(random()::text || s.n)",
                "cs_external_ref": "NULL",
            }
            if kind == "future":
                overrides["cs_promised_date"] = (
                    "t.cs_promised_date + mod(s.n, 60) * interval '1 day' "
                    "+ mod(s.n, 24) * interval '1 hour'"
                )
            elif kind == "missed":
                delta = "mod(s.n, 300) * interval '1 day'"
                for col in (
                    "cs_promised_date",
                    "cs_promise_missed_at",
                    "cs_promise_reminded_at",
                ):
                    overrides[col] = f"t.{col} - {delta}"
            clone(cr, "helpdesk_ticket", source, overrides, (lo, hi))
            self.kind_done[kind] = hi
        self.done["tickets"] = target

    def _grow_reviews(self, cr, target):
        seeds = self.seeds["reviews"]
        lo, hi = self.done["reviews"] - len(seeds) + 1, target - len(seeds)
        if self.done["reviews"] == 0:
            lo = 1
        if hi < lo:
            self.done["reviews"] = max(self.done["reviews"], len(seeds))
            return
        shift = f"s.k * interval '{int(BURST_GAP.total_seconds())} seconds'"
        overrides = {
            "external_id": "'bs-' || s.n",
            "author_name": "'Автор ' || s.n",
            "url": "'https://reviews.example/' || s.n",
            "create_date": f"t.published_at - {shift}",
            "write_date": f"t.published_at - {shift}",
        }
        for col in (
            "published_at",
            "reply_deadline",
            "first_reply_at",
            "follow_up_drafted_at",
        ):
            overrides[col] = f"t.{col} - {shift}"
        # the history is handled: a clone published over OPEN_DAYS ago is in its
        # final state (a positive one closed, an unanswered one answered and
        # closed, a replied one followed up and confirmed); only the recent ones
        # keep their seed's open state (cloning open states through the whole
        # history made the open work queue grow with it)
        old = (
            f"t.published_at - {shift} "
            f"< '{self.now}'::timestamp - interval '{OPEN_DAYS} days'"
        )
        overrides["state"] = (
            f"CASE WHEN {old} THEN (CASE t.state WHEN 'replied' THEN 'confirmed' "
            "WHEN 'new' THEN 'closed' WHEN 'to_reply' THEN 'closed' "
            "ELSE t.state END) ELSE t.state END"
        )
        posted = f"t.follow_up_drafted_at - {shift} + interval '1 day'"
        overrides["follow_up_posted_at"] = (
            f"CASE WHEN {old} AND t.state = 'replied' THEN {posted} "
            "ELSE t.follow_up_posted_at END"
        )
        overrides["confirmed_at"] = (
            f"CASE WHEN {old} AND t.state = 'replied' "
            f"THEN {posted} + interval '3 days' ELSE t.confirmed_at END"
        )
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM cs_public_review")
        (last,) = cr.fetchone()
        clone(cr, "cs_public_review", seq(lo, hi, seeds), overrides)
        self._index_bands(cr, last)
        # the clones of this step are the k-th copies of their seed, k in this range
        per = len(seeds)
        self.review_k = ((lo - 1) // per + 1, (hi - 1) // per + 1)
        self.done["reviews"] = target

    @staticmethod
    def _index_bands(cr, last):
        """The campaign band rows of the reviews cloned after id ``last``, in SQL
        as the migration writes them; the band table's indexes are built again
        after the bulk insert (faster than row by row)."""
        from odoo.addons.cs_public_reviews.models.cs_public_review_campaign import (
            BAND_TABLE,
            band_rows_sql,
            create_band_table,
        )

        for suffix in ("lookup_index", "review_index"):
            cr.execute(
                sql.SQL("DROP INDEX IF EXISTS {}").format(
                    sql.Identifier(f"{BAND_TABLE}_{suffix}")
                )
            )
        cr.execute(band_rows_sql("r.id > %s"), (last,))
        create_band_table(cr)
        cr.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(BAND_TABLE)))

    def _grow_contacts(self, cr, target):
        handoffs = self.done["handoffs"]
        if not self.seeds.get("contact"):
            e = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            cr.execute("SELECT handoff_id FROM bench_scale_handoff WHERE n = 1")
            contact = e["cs.debt.contact"].create(
                {
                    "handoff_id": cr.fetchone()[0],
                    "agency_contact_id": "BS-0",
                    "channel": "call",
                    "at": self.now - timedelta(days=1),
                    "outcome": "нет ответа",
                }
            )
            e.flush_all()
            self.seeds["contact"] = contact.id
            freeze(cr, "cs_debt_contact", contact.ids)
            self.done["contacts"] = 1
        lo, hi = self.done["contacts"], target - 1
        if hi < lo:
            return
        tid = self.seeds["contact"]
        # contact n goes to handoff 1 + n % handoffs, its k-th contact 8 days apart;
        # contacts of the second step go to all the handoffs then present
        source = (
            f"SELECT g.n, {tid} AS tid, h.handoff_id, d.agency_id, d.company_id, "
            f"(g.n / {handoffs}) AS k "
            "FROM generate_series(%s, %s) AS g(n) "
            f"JOIN bench_scale_handoff h ON h.n = 1 + mod(g.n, {handoffs}) "
            "JOIN cs_debt_handoff d ON d.id = h.handoff_id"
        )
        at = f"t.at - (s.k * {CONTACT_GAP_DAYS}) * interval '1 day'"
        clone(
            cr,
            "cs_debt_contact",
            source,
            {
                "handoff_id": "s.handoff_id",
                "agency_id": "s.agency_id",
                "company_id": "s.company_id",
                "agency_contact_id": "'BS-' || s.n",
                "at": at,
                "local_at": f"to_char({at} + interval '3 hours', "
                "'YYYY-MM-DD HH24:MI:SS')",
            },
            (lo, hi),
        )
        self.done["contacts"] = target

    # ------------------------------------------------------------------ check

    def verify(self):
        """Recompute every stored computed field of a random sample of the cloned
        rows through the ORM and compare with what SQL stored; raise on any
        difference. Nothing is kept (rolled back)."""
        models = self.step_from
        problems = {}
        checked = {}
        with self.registry.cursor() as cr:
            e = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            for model_name, after in models.items():
                Model = e[model_name]
                fnames = [
                    name
                    for name, field in Model._fields.items()
                    if field.store
                    and field.column_type
                    and field.compute
                    and name not in MAGIC
                    and (field.readonly or field.related)
                    and field.type not in ("one2many", "many2many")
                ]
                cr.execute(
                    sql.SQL(
                        "SELECT id FROM {} WHERE id > %s ORDER BY random() LIMIT %s"
                    ).format(sql.Identifier(Model._table)),
                    (after, SAMPLE),
                )
                ids = [row[0] for row in cr.fetchall()]
                records = Model.browse(ids)
                before = self._stored(cr, Model, fnames, ids)
                cr.execute("SAVEPOINT bench_verify")
                e.invalidate_all()
                for fname in fnames:
                    e.add_to_compute(Model._fields[fname], records)
                records.flush_recordset(fnames)
                e.flush_all()
                after_values = self._stored(cr, Model, fnames, ids)
                cr.execute("ROLLBACK TO SAVEPOINT bench_verify")
                e.invalidate_all()
                for rid in ids:
                    for fname in fnames:
                        old, new = before[rid][fname], after_values[rid][fname]
                        if old != new:
                            problems.setdefault(
                                f"{model_name}.{fname}",
                                [f"({rid}) SQL {old!r}, ORM {new!r}"],
                            ).append(rid)
                checked[model_name] = (len(ids), fnames)
                if model_name == "cs.public.review":
                    problems.update(self._verify_bands(cr, e, ids))
            cr.rollback()
        if problems:
            raise SystemExit(
                "stored computes of the cloned rows disagree with the ORM:\n  "
                + "\n  ".join(
                    f"{key}: {len(rows) - 1} of the sample, e.g. {rows[0]}"
                    for key, rows in problems.items()
                )
            )
        return checked

    @staticmethod
    def _verify_bands(cr, e, ids):
        """The band rows SQL wrote for cloned reviews: those the detection writes
        (lib.campaign.band_keys of the signature, the clone's date)."""
        from odoo.addons.cs_public_reviews.lib import campaign

        wrong = []
        for review in e["cs.public.review"].browse(ids):
            parsed = campaign.parse_signature(review.campaign_signature)
            expected = []
            if parsed and parsed[0] is not None and campaign.eligible(parsed[1]):
                expected = sorted(
                    (key, review.published_at) for key in campaign.band_keys(parsed[0])
                )
            cr.execute(
                "SELECT band, published_at FROM cs_public_review_band "
                "WHERE review_id = %s ORDER BY 1, 2",
                (review.id,),
            )
            if cr.fetchall() != expected:
                wrong.append(review.id)
        if not wrong:
            return {}
        return {"cs_public_review_band": [f"({wrong[0]}) rows differ", *wrong]}

    @staticmethod
    def _stored(cr, Model, fnames, ids):
        columns = list(fnames)
        cr.execute(
            sql.SQL("SELECT id, {} FROM {} WHERE id = ANY(%s)").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.Identifier(Model._table),
            ),
            (ids,),
        )
        return {
            row[0]: dict(zip(columns, _plain(row[1:]), strict=True))
            for row in cr.fetchall()
        }

    # ------------------------------------------------------------------ facts

    def facts(self):
        """What the measuring side needs: seed reviews (IP, date), customer and
        handoff refs, the agency login."""
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT author_ip, published_at FROM cs_public_review "
                "WHERE id = ANY(%s)",
                (self.seeds["reviews"],),
            )
            seeds = cr.fetchall()
            # customers with tickets (what the partner form counts)
            cr.execute(
                "SELECT partner_id FROM helpdesk_ticket WHERE number LIKE 'BS-%%' "
                "ORDER BY random() LIMIT 500"
            )
            customer_ids = [row[0] for row in cr.fetchall()]
        return {
            "review_seeds": seeds,
            "review_k": self.review_k,
            "burst_gap_hours": BURST_GAP.total_seconds() / 3600,
            "platform_codes": self.seeds["platform_codes"],
            "customers": self.done["partners"],
            "customer_ids": customer_ids,
            "handoff_refs": self.handoff_refs,
            "agency": (AGENCY_LOGIN, AGENCY_LOGIN),
        }

    def sizes(self):
        with self.registry.cursor() as cr:
            out = {}
            for table in (
                "res_partner",
                "helpdesk_ticket",
                "cs_public_review",
                "cs_debt_handoff",
                "cs_debt_contact",
            ):
                cr.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                )
                out[table] = cr.fetchone()[0]
            cr.execute("SELECT pg_database_size(current_database())")
            out["database_bytes"] = cr.fetchone()[0]
        return out


def _city_locator(e):
    """ip -> the city the GeoIP database places it in (what the score compares the
    stated city with), or False."""
    try:
        from odoo.addons.cs_public_reviews.models import authenticity as auth
    except ImportError:
        return lambda ip: False
    path = e["ir.config_parameter"].sudo().get_param("cs_public_reviews.geoip_city_db")
    reader = auth.city_reader(path or None)
    return lambda ip: auth.lookup_city(reader, ip)[0]


def _plain(values):
    """Stored values in a comparable form (JSONB translations, rounding)."""
    out = []
    for value in values:
        if isinstance(value, float):
            value = round(value, 6)
        elif isinstance(value, datetime):
            value = fields.Datetime.to_string(value)
        out.append(value)
    return out
