"""Agency scorecard: a materialized summary of results beside conduct (report)."""

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

# ratio field -> (numerator column, denominator column, factor): a group's value is
# factor * SUM(numerator) / SUM(denominator), never a sum or mean of the rows' ratios
RATIOS = {
    "liquidation_rate": ("amount_recovered", "amount_placed", 100.0),
    "complaints_per_100": ("complaint_count", "placed_count", 100.0),
    "upheld_per_100": ("upheld_count", "placed_count", 100.0),
    "violations_per_100": ("violation_count", "placed_count", 100.0),
    "unreported_per_100": ("unreported_count", "placed_count", 100.0),
}
# amounts (and the ratio of amounts) of different currencies are never added together
MONEY = frozenset({"amount_placed", "amount_recovered", "liquidation_rate"})


class CsDebtAgencyScorecard(models.Model):
    """Agency scorecard: results beside conduct (materialized summary).

    One row per agency, company and currency: amounts of different companies or
    currencies are never added together.

    The figures aggregate every handoff, complaint, contact and notice: they are
    computed when the summary is refreshed (a scheduled action every 15 minutes, or
    a manager's Refresh button), not on every read, so reading the scorecard costs
    the same whatever the size of the history. ``refreshed_at`` tells how fresh
    the figures are.
    """

    _name = "cs.debt.agency.scorecard"
    _description = "Collection Agency Scorecard"
    _auto = False
    _order = "agency_id, company_id"
    _rec_name = "agency_id"
    _depends = {
        "cs.debt.handoff": [
            "agency_id",
            "company_id",
            "currency_id",
            "handoff_date",
            "amount_handed",
            "amount_paid_since",
            "state",
        ],
        "cs.debt.contact": ["agency_id", "violation_count", "company_id"],
        "cs.debt.payment.notice": [
            "agency_id",
            "company_id",
            "notified_late",
            "state",
            "notify_deadline",
        ],
        "cs.debt.notice": ["agency_id", "dispatch_date", "due_date", "company_id"],
        "cs.debt.reported.contact": ["agency_id", "match_state", "company_id"],
    }

    # Grouped (pivot, grouped list, read_group), the ratios are recomputed from the
    # summed numerators and denominators (see _read_group_select); a group mixing
    # currencies has no amount and no liquidation rate (empty), as adding roubles to
    # euros means nothing.

    agency_id = fields.Many2one(
        comodel_name="res.partner", string="Agency", readonly=True
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    placed_count = fields.Integer(string="Placed", readonly=True)
    amount_placed = fields.Monetary(readonly=True)
    amount_recovered = fields.Monetary(string="Recovered", readonly=True)
    liquidation_rate = fields.Float(
        string="Liquidation Rate %", readonly=True, aggregator="avg"
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    upheld_count = fields.Integer(string="Upheld Complaints", readonly=True)
    complaints_per_100 = fields.Float(
        string="Complaints per 100 Handoffs", readonly=True, aggregator="avg"
    )
    upheld_per_100 = fields.Float(
        string="Upheld per 100 Handoffs", readonly=True, aggregator="avg"
    )
    violation_count = fields.Integer(string="Violations", readonly=True)
    violations_per_100 = fields.Float(
        string="Violations per 100 Handoffs", readonly=True, aggregator="avg"
    )
    contact_count = fields.Integer(string="Reported Contacts", readonly=True)
    unreported_count = fields.Integer(
        string="Unreported Contacts",
        readonly=True,
        help="Contacts debtors described that the agency did not report.",
    )
    unreported_per_100 = fields.Float(
        string="Unreported per 100 Handoffs", readonly=True, aggregator="avg"
    )
    recall_count = fields.Integer(string="Recalls", readonly=True)
    notices_late_count = fields.Integer(string="Notices Late", readonly=True)
    refreshed_at = fields.Datetime(
        string="Refreshed On",
        readonly=True,
        help="When the figures were last computed: the scorecard is refreshed "
        "every 15 minutes, or at once by a manager's Refresh button.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE MATERIALIZED VIEW %s AS (
    WITH h AS (
        SELECT agency_id, company_id, currency_id,
               MIN(id) AS first_handoff_id,
               COUNT(*) FILTER (WHERE handoff_date IS NOT NULL) AS placed_count,
               COALESCE(SUM(amount_handed)
                        FILTER (WHERE handoff_date IS NOT NULL), 0) AS amount_placed,
               COALESCE(SUM(amount_paid_since), 0) AS amount_recovered,
               COUNT(*) FILTER (WHERE state = 'recalled'
                                  AND handoff_date IS NOT NULL) AS recall_count
          FROM cs_debt_handoff
         WHERE agency_id IS NOT NULL
         GROUP BY agency_id, company_id, currency_id
    ), t AS (
        %s
    ), c AS (
        SELECT agency_id, company_id, COUNT(*) AS contact_count,
               COALESCE(SUM(violation_count), 0) AS violation_count
          FROM cs_debt_contact
         GROUP BY agency_id, company_id
    ), n AS (
        SELECT agency_id, company_id, currency_id, COUNT(*) AS late_count
          FROM cs_debt_payment_notice
         WHERE notified_late
            OR (state = 'to_notify' AND notify_deadline < now() AT TIME ZONE 'UTC')
         GROUP BY agency_id, company_id, currency_id
    ), d AS (
        SELECT agency_id, company_id, COUNT(*) AS late_count
          FROM cs_debt_notice
         WHERE COALESCE(dispatch_date, CURRENT_DATE) > due_date
         GROUP BY agency_id, company_id
    ), r AS (
        SELECT agency_id, company_id, COUNT(*) AS unreported_count
          FROM cs_debt_reported_contact
         WHERE match_state = 'unreported'
         GROUP BY agency_id, company_id
    )
    -- a stable id: the group's first handoff (one group per handoff)
    SELECT h.first_handoff_id AS id,
           h.agency_id,
           h.company_id,
           h.currency_id,
           h.placed_count,
           h.amount_placed,
           h.amount_recovered,
           CASE WHEN h.amount_placed > 0
                THEN 100.0 * h.amount_recovered / h.amount_placed ELSE 0 END
               AS liquidation_rate,
           COALESCE(t.complaint_count, 0) AS complaint_count,
           COALESCE(t.upheld_count, 0) AS upheld_count,
           CASE WHEN h.placed_count > 0
                THEN 100.0 * COALESCE(t.complaint_count, 0) / h.placed_count
                ELSE 0 END AS complaints_per_100,
           CASE WHEN h.placed_count > 0
                THEN 100.0 * COALESCE(t.upheld_count, 0) / h.placed_count
                ELSE 0 END AS upheld_per_100,
           COALESCE(c.violation_count, 0) AS violation_count,
           CASE WHEN h.placed_count > 0
                THEN 100.0 * COALESCE(c.violation_count, 0) / h.placed_count
                ELSE 0 END AS violations_per_100,
           COALESCE(c.contact_count, 0) AS contact_count,
           COALESCE(r.unreported_count, 0) AS unreported_count,
           CASE WHEN h.placed_count > 0
                THEN 100.0 * COALESCE(r.unreported_count, 0) / h.placed_count
                ELSE 0 END AS unreported_per_100,
           h.recall_count,
           COALESCE(n.late_count, 0) + COALESCE(d.late_count, 0)
               AS notices_late_count,
           (clock_timestamp() AT TIME ZONE 'UTC')::timestamp AS refreshed_at
      FROM h
      LEFT JOIN t ON t.agency_id = h.agency_id AND t.company_id = h.company_id
      LEFT JOIN c ON c.agency_id = h.agency_id AND c.company_id = h.company_id
      LEFT JOIN n ON n.agency_id = h.agency_id AND n.company_id = h.company_id
                 AND n.currency_id = h.currency_id
      LEFT JOIN d ON d.agency_id = h.agency_id AND d.company_id = h.company_id
      LEFT JOIN r ON r.agency_id = h.agency_id AND r.company_id = h.company_id
)
                """,
                SQL.identifier(self._table),
                self._cs_scorecard_complaints_sql(),
            )
        )
        # REFRESH ... CONCURRENTLY needs a unique index; readers are not blocked
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON %s (id)",
                SQL.identifier(f"{self._table}_id_uniq"),
                SQL.identifier(self._table),
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (agency_id, company_id)",
                SQL.identifier(f"{self._table}_agency_index"),
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _cs_scorecard_complaints_sql(self):
        """The complaints about collectors per agency and company: columns
        agency_id, company_id, complaint_count, upheld_count. None here (the
        complaints live in the helpdesk: the helpdesk bridge addon counts them)."""
        return SQL(
            "SELECT NULL::integer AS agency_id, NULL::integer AS company_id, "
            "0::bigint AS complaint_count, 0::bigint AS upheld_count WHERE FALSE"
        )

    # ----------------------------------------------------------------- refresh

    def action_cs_refresh(self):
        """Refresh the scorecard now (managers): the button of the list and form."""
        if not self.env.user.has_group("cs_debt_handoff.group_debt_manager"):
            raise AccessError(
                self.env._("Only a collections manager refreshes the scorecard.")
            )
        self.sudo()._cs_refresh()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    def _cron_refresh_scorecard(self):
        """Scheduled action: recompute the summary (every 15 minutes)."""
        self._cs_refresh()
        return True

    @api.model
    def _cs_refresh(self):
        """Recompute every row of the summary from the current data; readers keep
        the previous figures until this transaction commits."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "REFRESH MATERIALIZED VIEW CONCURRENTLY %s",
                SQL.identifier(self._table),
            )
        )
        self.invalidate_model()
        return True

    def _read_group_select(self, aggregate_spec, query):
        """Grouped ratios are ratios of sums; money of mixed currencies is empty.

        Whatever aggregate the client asks for a ratio (the pivot and the grouped
        list ask for ``avg``), a group's liquidation rate is 100 * recovered /
        placed over the group, and complaints, upheld complaints, violations and
        unreported contacts per 100 handoffs are counted over the group's handoffs.
        """
        if aggregate_spec == "__count":
            return super()._read_group_select(aggregate_spec, query)
        fname, __, func = parse_read_group_spec(aggregate_spec)
        if func not in ("sum", "avg", "max", "min") or (
            fname not in RATIOS and fname not in MONEY
        ):
            return super()._read_group_select(aggregate_spec, query)
        if fname in RATIOS:
            numerator, denominator, factor = RATIOS[fname]
            num = self._read_group_select(f"{numerator}:sum", query)
            den = self._read_group_select(f"{denominator}:sum", query)
            value = SQL(
                "CASE WHEN COALESCE(%s, 0) > 0 THEN %s * %s / %s ELSE 0 END",
                den,
                factor,
                num,
                den,
            )
        else:
            value = super()._read_group_select(f"{fname}:sum", query)
        if fname in MONEY:
            currency = self._field_to_sql(self._table, "currency_id", query)
            value = SQL(
                "CASE WHEN COUNT(DISTINCT %s) > 1 THEN NULL ELSE %s END",
                currency,
                value,
            )
        return value
