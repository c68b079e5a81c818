"""Bulk fixtures of the cs_debt_handoff benchmarks (an agency, its API user, handoffs).

Rows are cloned in SQL from one record made through the ORM, so every NOT NULL column
and default the ORM would fill is filled the same way, at ~100k rows per few seconds.
"""

from common import env
from psycopg2 import sql

import odoo
from odoo import SUPERUSER_ID, Command, api

AGENCY_LOGIN = "agency_bench"


def _columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id'",
        (table,),
    )
    return [row[0] for row in cr.fetchall()]


def _clone(cr, table, template_id, count, overrides):
    """INSERT ``count`` copies of row ``template_id``; ``overrides`` are SQL
    expressions of ``n`` (1..count). Returns the new ids in order of ``n``."""
    columns = _columns(cr, table)
    select = [
        sql.SQL(overrides[c]) if c in overrides else sql.Identifier("t", c)
        for c in columns
    ]
    cr.execute(
        sql.SQL(
            "INSERT INTO {table} ({cols}) SELECT {select} FROM {table} t, "
            "generate_series(1, %s) AS n WHERE t.id = %s ORDER BY n RETURNING id"
        ).format(
            table=sql.Identifier(table),
            cols=sql.SQL(", ").join(map(sql.Identifier, columns)),
            select=sql.SQL(", ").join(select),
        ),
        (count, template_id),
    )
    return [row[0] for row in cr.fetchall()]


def _agency_contract(e):
    """The bench agency, its API user and its contract: made once per database, so
    several benchmarks can run one after the other on the same data."""
    user = e["res.users"].search([("login", "=", AGENCY_LOGIN)])
    if user:
        return e["cs.debt.contract"].search(
            [("agency_id", "=", user.partner_id.commercial_partner_id.id)], limit=1
        )
    agency = e["res.partner"].create(
        {
            "name": "ООО «Бенч-Взыскание»",
            "is_company": True,
            "cs_is_collection_agency": True,
            "cs_agency_registry_number": "77/00/00-КЛ",
        }
    )
    contract = e["cs.debt.contract"].create(
        {"name": "BENCH-1", "agency_id": agency.id, "state": "active"}
    )
    e["res.users"].with_context(no_reset_password=True).create(
        {
            "name": "Bench agency API",
            "login": AGENCY_LOGIN,
            "password": AGENCY_LOGIN,
            "parent_id": agency.id,
            "groups_id": [
                Command.set([e.ref("cs_debt_handoff.group_collection_agency").id])
            ],
        }
    )
    return contract


def build(handoffs, prefix="DH/B/"):
    """Create the agency, its API user and ``handoffs`` handed-over handoffs.

    Returns (login, password, refs, partner_refs)."""
    odoo.tools.config.parse_config(["-c", env("CS_ODOO_CONFIG")])
    registry = odoo.modules.registry.Registry(env("CS_BENCH_DB"))
    with registry.cursor() as cr:
        e = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        contract = _agency_contract(e)
        ref_prefix = "BENCH-" + prefix.strip("/").replace("/", "-") + "-"
        debtor = e["res.partner"].create({"name": "Должник 0", "ref": f"{ref_prefix}0"})
        template = e["cs.debt.handoff"].create(
            {"partner_id": debtor.id, "contract_id": contract.id, "name": f"{prefix}T"}
        )
        e.flush_all()
        partner_ids = _clone(
            cr,
            "res_partner",
            debtor.id,
            handoffs,
            {
                "name": "'Должник ' || n",
                "complete_name": "'Должник ' || n",
                "ref": f"'{ref_prefix}' || n",
            },
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            (partner_ids,),
        )
        cr.execute(
            "CREATE TEMP TABLE bench_map AS SELECT * FROM unnest(%s::int[]) "
            "WITH ORDINALITY AS m(partner_id, n)",
            (partner_ids,),
        )
        cr.execute("CREATE UNIQUE INDEX ON bench_map (n)")
        cr.execute("ANALYZE bench_map")
        _clone(
            cr,
            "cs_debt_handoff",
            template.id,
            handoffs,
            {
                "name": f"'{prefix}' || lpad(n::text, 6, '0')",
                "partner_id": "(SELECT partner_id FROM bench_map m WHERE m.n = n.n)",
                "commercial_partner_id": (
                    "(SELECT partner_id FROM bench_map m WHERE m.n = n.n)"
                ),
                "state": "'handed_over'",
                "handoff_date": "CURRENT_DATE - mod(n, 300)",
                "amount_handed": "1000 + mod(n, 5000)",
                "amount_paid_since": "0",
                "amount_remaining": "1000 + mod(n, 5000)",
            },
        )
        cr.execute("ANALYZE res_partner")
        cr.execute("ANALYZE cs_debt_handoff")
    refs = [f"{prefix}{n:06d}" for n in range(1, handoffs + 1)]
    partner_refs = [f"{ref_prefix}{n}" for n in range(1, handoffs + 1)]
    return AGENCY_LOGIN, AGENCY_LOGIN, refs, partner_refs
