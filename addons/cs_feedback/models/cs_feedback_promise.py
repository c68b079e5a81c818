"""Promise records: every date told to a customer (the first promise of a
complaint and each logged change), who promised it to whom, and whether it was
kept, missed or moved before or after it fell due ("Are our promises kept?").

Only this module's code creates them (no create/write access for any group);
the outcome is computed here and stored.
"""

from odoo import api, fields, models
from odoo.tools.sql import create_index

from ..lib.promises import promise_outcome

PROMISE_KINDS = [
    ("first", "First promise"),
    ("change", "Changed promise"),
]

PROMISE_OUTCOMES = [
    ("open", "Open"),
    ("kept", "Kept"),
    ("missed", "Missed"),
    ("moved_before_due", "Moved before due"),
    ("moved_after_due", "Moved after due"),
]


def _earliest(recorded, now):
    """The time of an event: its record's creation time (the transaction's
    start, or the past time given by demo data), never later than the clock."""
    return min(recorded, now) if recorded else now


class CsFeedbackPromise(models.Model):
    """One promise told to a customer: the first one and each change."""

    _name = "cs.feedback.promise"
    _description = "Promise to a Customer"
    _order = "made_at desc, id desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        string="Company",
        required=True,
        readonly=True,
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Promised To", readonly=True
    )
    promised_by_id = fields.Many2one(
        comodel_name="res.users", string="Promised By", readonly=True
    )
    responsible_id = fields.Many2one(
        comodel_name="res.users", string="Responsible", readonly=True, index=True
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team", string="Team", readonly=True, index=True
    )
    log_id = fields.Many2one(
        comodel_name="cs.feedback.promise.log",
        string="Change Log",
        readonly=True,
        ondelete="set null",
    )
    sequence = fields.Integer(readonly=True, default=1, aggregator=None)
    kind = fields.Selection(
        selection=PROMISE_KINDS, string="Promise Kind", required=True, readonly=True
    )
    promised_date = fields.Datetime(
        string="Promised Date", required=True, readonly=True
    )
    made_at = fields.Datetime(string="Promised On", required=True, readonly=True)
    replaced_at = fields.Datetime(string="Replaced On", readonly=True)
    closed_at = fields.Datetime(
        string="Closed On",
        compute="_compute_closed_at",
        store=True,
        help="When the ticket closed while this promise stood.",
    )
    outcome = fields.Selection(
        selection=PROMISE_OUTCOMES,
        string="Outcome",
        compute="_compute_outcome",
        store=True,
        index=True,
    )
    slip_hours = fields.Float(
        string="Slip (hours)",
        compute="_compute_outcome",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="Closing or replacement time minus the promised date, in hours "
        "(positive: late).",
    )

    @api.depends("replaced_at", "ticket_id.stage_id.closed", "ticket_id.closed_date")
    def _compute_closed_at(self):
        now = fields.Datetime.now()
        for promise in self:
            ticket = promise.ticket_id
            if promise.replaced_at or not ticket.stage_id.closed:
                promise.closed_at = False
            else:
                promise.closed_at = ticket.closed_date or now

    @api.depends("promised_date", "replaced_at", "closed_at")
    def _compute_outcome(self):
        now = fields.Datetime.now()
        for promise in self:
            promise.outcome, promise.slip_hours = promise_outcome(
                promise.promised_date, promise.closed_at, promise.replaced_at, now
            )

    # -- the code paths that create promises (none other) --------------------

    @api.model
    def _cs_values(self, ticket, promised_date, made_at, kind, sequence, **extra):
        return {
            "ticket_id": ticket.id,
            "company_id": ticket.company_id.id or self.env.company.id,
            "partner_id": ticket.partner_id.id,
            "responsible_id": ticket.user_id.id,
            "team_id": ticket.team_id.id,
            "promised_by_id": self.env.user.id,
            "promised_date": promised_date,
            "made_at": made_at,
            "kind": kind,
            "sequence": sequence,
            **extra,
        }

    @api.model
    def _cs_record_first(self, tickets, at_creation=False):
        """The first promise of each complaint of ``tickets`` that has a promised
        date and no promise record yet (one search, one batch create); made at
        the ticket's creation when ``at_creation``, else now."""
        tickets = tickets.filtered(
            lambda t: t.cs_kind == "complaint" and t.cs_promised_date
        )
        if not tickets:
            return self.browse()
        Promise = self.sudo()
        known = set()
        if not at_creation:  # a new ticket has no promise yet
            known = set(
                Promise.search([("ticket_id", "in", tickets.ids)]).ticket_id.ids
            )
        now = fields.Datetime.now()
        vals_list = [
            self._cs_values(
                ticket,
                ticket.cs_promised_date,
                _earliest(ticket.create_date if at_creation else None, now),
                "first",
                1,
            )
            for ticket in tickets
            if ticket.id not in known
        ]
        return Promise.create(vals_list) if vals_list else self.browse()

    @api.model
    def _cs_record_changes(self, logs):
        """A promise per logged change (:class:`cs.feedback.promise.log`): the
        standing promise of the ticket is replaced at the log's time, the new
        one is made at that time (batch: logs in their order)."""
        Promise = self.sudo()
        logs = logs.sorted(lambda log: (log.create_date, log.id))
        standing = {
            promise.ticket_id: promise
            for promise in Promise.search(
                [("ticket_id", "in", logs.ticket_id.ids), ("replaced_at", "=", False)],
                order="sequence, id",
            )
        }
        created = Promise.browse()
        for log in logs:
            ticket = log.ticket_id
            previous = standing.get(ticket)
            when = _earliest(log.create_date, fields.Datetime.now())
            if previous:
                previous.replaced_at = when
            promise = Promise.create(
                self._cs_values(
                    ticket,
                    log.new_date or log.old_date,
                    when,
                    "change",
                    (previous.sequence + 1) if previous else 2,
                    log_id=log.id,
                    promised_by_id=(log.user_id or self.env.user).id,
                )
            )
            standing[ticket] = promise
            created |= promise
        return created.with_env(self.env)

    @api.model
    def _cs_refresh_due(self, tickets):
        """Recompute the standing promises of ``tickets`` whose date passed
        (the promise watch's expired tickets): open turns missed."""
        if not tickets:
            return
        promises = self.sudo().search(
            [
                ("ticket_id", "in", tickets.ids),
                ("outcome", "=", "open"),
                ("promised_date", "<", fields.Datetime.now()),
            ]
        )
        if promises:
            self.env.add_to_compute(self._fields["outcome"], promises)
            self.env.add_to_compute(self._fields["slip_hours"], promises)
            promises.flush_recordset(["outcome", "slip_hours"])

    @api.model
    def _cs_rebuild_from_history(self, tickets):
        """The promise records of existing complaints (migration to 18.0.1.4.0):
        the first promise (the first log's old date, else the ticket's date)
        made at the ticket's creation by its creator, then a change per log at
        the log's time by its author."""
        Promise = self.sudo()
        tickets = tickets.filtered(
            lambda t: t.cs_kind == "complaint"
            and (t.cs_promised_date or t.cs_promise_log_ids)
        )
        known = set(
            Promise.search([("ticket_id", "in", tickets.ids)]).mapped("ticket_id").ids
        )
        tickets = tickets.filtered(lambda t: t.id not in known)
        vals_list = []
        for ticket in tickets:
            logs = ticket.cs_promise_log_ids.sorted(
                lambda log: (log.create_date, log.id)
            )
            first = logs[:1].old_date or ticket.cs_promised_date
            vals_list.append(
                dict(
                    self._cs_values(ticket, first, ticket.create_date, "first", 1),
                    promised_by_id=ticket.create_uid.id,
                    replaced_at=logs[:1].create_date or False,
                )
            )
            for index, log in enumerate(logs):
                following = logs[index + 1 : index + 2]
                vals_list.append(
                    dict(
                        self._cs_values(
                            ticket,
                            log.new_date or log.old_date,
                            log.create_date,
                            "change",
                            index + 2,
                            log_id=log.id,
                        ),
                        promised_by_id=log.user_id.id,
                        replaced_at=following.create_date or False,
                    )
                )
        return Promise.create(vals_list) if vals_list else Promise.browse()

    def init(self):
        res = super().init()
        # the promise watch turns the open promises past due missed
        create_index(
            self.env.cr,
            "cs_feedback_promise_open_index",
            self._table,
            ["ticket_id", "promised_date"],
            where="outcome = 'open'",
        )
        return res
