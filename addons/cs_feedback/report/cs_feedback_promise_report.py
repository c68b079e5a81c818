"""Promises Kept analysis: a SQL view, one row per promise, whose aggregates
give, for any grouping (responsible, team, month): the promises made, the kept,
moved-before-due and moved-after-due shares and the median slip."""

from odoo import fields, models
from odoo.tools import SQL

from ..models.cs_feedback_promise import PROMISE_KINDS, PROMISE_OUTCOMES


class CsFeedbackPromiseReport(models.Model):
    """The shares average 100/0 flags over the decided promises (an open one
    counts in "Promises Made" only); the median slip is PostgreSQL's
    ``percentile_cont(0.5)`` over the promises of the group."""

    _name = "cs.feedback.promise.report"
    _description = "Promises Kept Analysis"
    _auto = False
    _order = "made_at desc, id desc"
    _rec_name = "ticket_id"

    promise_id = fields.Many2one(
        comodel_name="cs.feedback.promise", string="Promise", readonly=True
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Ticket", readonly=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", string="Company", readonly=True
    )
    responsible_id = fields.Many2one(
        comodel_name="res.users", string="Responsible", readonly=True
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team", string="Team", readonly=True
    )
    promised_by_id = fields.Many2one(
        comodel_name="res.users", string="Promised By", readonly=True
    )
    kind = fields.Selection(
        selection=PROMISE_KINDS, string="Promise Kind", readonly=True
    )
    outcome = fields.Selection(
        selection=PROMISE_OUTCOMES, string="Outcome", readonly=True
    )
    made_at = fields.Datetime(string="Promised On", readonly=True)
    promised_date = fields.Datetime(string="Promised Date", readonly=True)
    promise_count = fields.Integer(string="Promises Made", readonly=True)
    decided_count = fields.Integer(string="Promises Decided", readonly=True)
    kept_count = fields.Integer(string="Kept", readonly=True)
    missed_count = fields.Integer(string="Missed", readonly=True)
    moved_before_count = fields.Integer(string="Moved Before Due", readonly=True)
    moved_after_count = fields.Integer(string="Moved After Due", readonly=True)
    kept_pct = fields.Float(
        string="Kept %", readonly=True, aggregator="avg", digits=(16, 1)
    )
    missed_pct = fields.Float(
        string="Missed %", readonly=True, aggregator="avg", digits=(16, 1)
    )
    moved_before_pct = fields.Float(
        string="Moved Before Due %", readonly=True, aggregator="avg", digits=(16, 1)
    )
    moved_after_pct = fields.Float(
        string="Moved After Due %", readonly=True, aggregator="avg", digits=(16, 1)
    )
    slip_hours = fields.Float(
        string="Average Slip (hours)", readonly=True, aggregator="avg", digits=(16, 1)
    )
    median_slip_hours = fields.Float(
        string="Median Slip (hours)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Median of the closing or replacement time minus the promised "
        "date (positive: late), over the promises of the group that have one.",
    )

    def _pct(self, outcome):
        return SQL(
            "CASE WHEN p.outcome = 'open' THEN NULL "
            "WHEN p.outcome = %s THEN 100.0 ELSE 0.0 END",
            outcome,
        )

    def _count(self, outcome):
        return SQL("CASE WHEN p.outcome = %s THEN 1 ELSE 0 END", outcome)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT p.id AS id, p.id AS promise_id, p.ticket_id, p.company_id,
                   p.responsible_id, p.team_id, p.promised_by_id, p.kind,
                   p.outcome, p.made_at, p.promised_date,
                   1 AS promise_count,
                   CASE WHEN p.outcome = 'open' THEN 0 ELSE 1 END AS decided_count,
                   %(kept)s AS kept_count, %(missed)s AS missed_count,
                   %(before)s AS moved_before_count, %(after)s AS moved_after_count,
                   %(kept_pct)s AS kept_pct, %(missed_pct)s AS missed_pct,
                   %(before_pct)s AS moved_before_pct,
                   %(after_pct)s AS moved_after_pct,
                   %(slip)s AS slip_hours, %(slip)s AS median_slip_hours
              FROM cs_feedback_promise p
            """,
            kept=self._count("kept"),
            missed=self._count("missed"),
            before=self._count("moved_before_due"),
            after=self._count("moved_after_due"),
            kept_pct=self._pct("kept"),
            missed_pct=self._pct("missed"),
            before_pct=self._pct("moved_before_due"),
            after_pct=self._pct("moved_after_due"),
            # a slip exists once the promise was closed or replaced
            slip=SQL(
                "CASE WHEN p.replaced_at IS NOT NULL OR p.closed_at IS NOT NULL "
                "THEN p.slip_hours END"
            ),
        )

    def _read_group_select(self, aggregate_spec, query):
        """The median slip is a median (``percentile_cont(0.5)``) whatever
        aggregate the caller names for it."""
        if not aggregate_spec.startswith("median_slip_hours:"):
            return super()._read_group_select(aggregate_spec, query)
        # checks the access to the field, as for any aggregate
        super()._read_group_select("median_slip_hours:avg", query)
        return SQL(
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)",
            self._field_to_sql(self._table, "median_slip_hours", query),
        )
