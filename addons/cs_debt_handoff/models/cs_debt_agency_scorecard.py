from odoo import fields, models, tools
from odoo.tools import SQL


class CsDebtAgencyScorecard(models.Model):
    """Agency scorecard: results beside conduct (SQL view).

    One row per agency, company and currency: amounts of different companies or
    currencies are never added together.
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
        "helpdesk.ticket": ["cs_debt_agency_id", "cs_debt_upheld", "company_id"],
        "cs.debt.contact": ["agency_id", "violation_count", "company_id"],
        "cs.debt.payment.notice": [
            "agency_id",
            "company_id",
            "notified_late",
            "state",
            "notify_deadline",
        ],
        "cs.debt.notice": ["agency_id", "dispatch_date", "due_date", "company_id"],
    }

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
    contact_count = fields.Integer(string="Reported Contacts", readonly=True)
    recall_count = fields.Integer(string="Recalls", readonly=True)
    notices_late_count = fields.Integer(string="Notices Late", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
CREATE OR REPLACE VIEW %s AS (
    WITH h AS (
        SELECT agency_id, company_id, currency_id,
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
        SELECT cs_debt_agency_id AS agency_id, company_id,
               COUNT(*) AS complaint_count,
               COUNT(*) FILTER (WHERE cs_debt_upheld) AS upheld_count
          FROM helpdesk_ticket
         WHERE cs_debt_agency_id IS NOT NULL
         GROUP BY cs_debt_agency_id, company_id
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
    )
    SELECT ROW_NUMBER() OVER (
               ORDER BY h.agency_id, h.company_id, h.currency_id
           ) AS id,
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
           COALESCE(c.contact_count, 0) AS contact_count,
           h.recall_count,
           COALESCE(n.late_count, 0) + COALESCE(d.late_count, 0) AS notices_late_count
      FROM h
      LEFT JOIN t ON t.agency_id = h.agency_id AND t.company_id = h.company_id
      LEFT JOIN c ON c.agency_id = h.agency_id AND c.company_id = h.company_id
      LEFT JOIN n ON n.agency_id = h.agency_id AND n.company_id = h.company_id
                 AND n.currency_id = h.currency_id
      LEFT JOIN d ON d.agency_id = h.agency_id AND d.company_id = h.company_id
)
                """,
                SQL.identifier(self._table),
            )
        )
