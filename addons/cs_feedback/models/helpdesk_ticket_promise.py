"""Helpdesk ticket: the complaint's promise (date, responsible, result channel),
its checks at each stage and the logged 'Change Promise'.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..lib import feedback_rules

RESULT_CHANNELS = [
    ("email", "E-mail"),
    ("phone", "Phone call"),
    ("sms", "SMS"),
    ("messenger", "Messenger"),
    ("letter", "Letter"),
]

CLAIM_TYPES = [
    ("none", "No claim"),
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("repair", "Repair / fix"),
    ("compensation", "Compensation"),
]

PROMISE_STATES = [
    ("none", "No promise"),
    ("pending", "Pending"),
    ("kept", "Kept"),
    ("missed", "Missed"),
]


class HelpdeskTicket(models.Model):
    """Every complaint is promised at once; the promise moves only through
    'Change Promise', which logs it and tells the customer."""

    _inherit = "helpdesk.ticket"

    cs_promised_date = fields.Datetime(
        string="Promised Resolution", tracking=True, copy=False
    )

    cs_result_channel = fields.Selection(
        selection=RESULT_CHANNELS,
        string="Result Channel",
        tracking=True,
        help="How the customer will learn the result.",
    )

    cs_result_channel_label = fields.Char(compute="_compute_cs_result_channel_label")

    cs_claim_type = fields.Selection(
        selection=CLAIM_TYPES, string="Claim", default="none", tracking=True
    )

    cs_legal_deadline = fields.Datetime(
        string="Legal Deadline",
        compute="_compute_cs_legal_deadline",
        store=True,
        help="Deadline set by law (ЗоЗПП art. 22: 10 days for a refund or "
        "replacement claim), counted from the ticket's creation.",
    )

    cs_commitment_sent_at = fields.Datetime(
        string="Commitment Sent", copy=False, readonly=True
    )

    cs_promise_state = fields.Selection(
        selection=PROMISE_STATES,
        string="Promise",
        compute="_compute_cs_promise_state",
        store=True,
        index=True,
    )

    cs_promise_reminded_at = fields.Datetime(copy=False, readonly=True)

    cs_promise_missed_at = fields.Datetime(copy=False, readonly=True)

    cs_promise_log_ids = fields.One2many(
        comodel_name="cs.feedback.promise.log",
        inverse_name="ticket_id",
        string="Promise Changes",
    )

    @api.depends("cs_result_channel")
    def _compute_cs_result_channel_label(self):
        labels = dict(
            self._fields["cs_result_channel"]._description_selection(self.env)
        )
        for ticket in self:
            ticket.cs_result_channel_label = labels.get(ticket.cs_result_channel, "")

    @api.depends("cs_claim_type", "create_date")
    def _compute_cs_legal_deadline(self):
        for ticket in self:
            ticket.cs_legal_deadline = feedback_rules.legal_deadline(
                ticket.cs_claim_type, ticket.create_date or fields.Datetime.now()
            )

    @api.depends("cs_kind", "cs_promised_date", "closed_date", "stage_id.closed")
    def _compute_cs_promise_state(self):
        now = fields.Datetime.now()
        for ticket in self:
            promise = ticket.cs_promised_date
            if ticket.cs_kind != "complaint" or not promise:
                ticket.cs_promise_state = "none"
            elif ticket.stage_id.closed:
                closed = ticket.closed_date or now
                ticket.cs_promise_state = "kept" if closed <= promise else "missed"
            else:
                ticket.cs_promise_state = "missed" if promise < now else "pending"

    def _cs_check_promise_write(self, value):
        """A promise told to the customer moves only through 'Change Promise'
        (:meth:`_cs_change_promise`), which logs the truth; the first promise is
        set freely."""
        if self.env.su:  # _cs_change_promise, after its own checks
            return
        new = fields.Datetime.to_datetime(value) if value else False
        for ticket in self:
            if (
                ticket.cs_kind == "complaint"
                and ticket.cs_promised_date
                and ticket.cs_promised_date != new
            ):
                raise UserError(
                    self.env._(
                        "The promised date of %(ticket)s was already told to the "
                        "customer: use 'Change Promise' and give a reason.",
                        ticket=ticket.display_name,
                    )
                )

    def _cs_change_promise(self, new_date, reason, notify=True):
        """Move the promised date of a complaint: the one way to change a promise
        already told to the customer.  Logs the old and new dates, the reason and
        whether the customer was really told (the delay letter was sent)."""
        self.ensure_one()
        self.check_access("write")
        new_date = fields.Datetime.to_datetime(new_date) if new_date else False
        if not new_date or new_date <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "The new promised date %(date)s must be in the future.",
                    date=fields.Datetime.to_string(new_date) if new_date else "",
                )
            )
        if not (reason or "").strip():
            raise ValidationError(
                self.env._(
                    "Give the reason why the promised date moves: the customer is "
                    "told it."
                )
            )
        old = self.cs_promised_date
        if old == new_date:
            return True
        self.sudo().write(
            {
                "cs_promised_date": new_date,
                "cs_promise_reminded_at": False,
                "cs_promise_missed_at": False,
            }
        )
        if not old:
            return True
        notified = bool(notify and self.partner_id)
        if notified:
            self.with_context(cs_delay_reason=reason)._cs_send_notice(
                "cs_feedback.mail_template_complaint_delay"
            )
        self.env["cs.feedback.promise.log"].sudo().create(
            {
                "ticket_id": self.id,
                "old_date": old,
                "new_date": new_date,
                "reason": reason,
                "customer_notified": notified,
                "user_id": self.env.user.id,
            }
        )
        return True

    def _cs_first_stages(self):
        """{team: its first stage} for the teams of ``self``, one lookup per team."""
        stages = {team: team._get_applicable_stages()[:1] for team in self.team_id}
        if not all(ticket.team_id for ticket in self):
            no_team = self.env["helpdesk.ticket.team"]
            stages[no_team] = self.env["helpdesk.ticket.stage"].search([], limit=1)
        return stages

    def _cs_check_stage_move(self, stage_id):
        stage = self.env["helpdesk.ticket.stage"].browse(stage_id)
        complaints = self.filtered(lambda t: t.cs_kind == "complaint")
        first_stages = complaints._cs_first_stages()
        for ticket in complaints:
            if stage == first_stages[ticket.team_id]:
                continue
            missing = ticket._cs_missing_commitment()
            if missing:
                raise ValidationError(
                    self.env._(
                        "Complaint %(ticket)s cannot move to '%(stage)s' before the "
                        "customer is promised: fill in %(missing)s on the ticket's "
                        "Complaint tab.",
                        ticket=ticket.display_name,
                        stage=stage.name,
                        missing=", ".join(missing),
                    )
                )
            if stage.closed:
                ticket._cs_check_can_close()

    def _cs_missing_commitment(self):
        self.ensure_one()
        missing = []
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in ("cs_promised_date", "user_id", "cs_result_channel")
        }
        if not self.cs_promised_date:
            missing.append(
                self.env._(
                    "the promised date ('%(field)s')",
                    field=labels["cs_promised_date"],
                )
            )
        if not self.user_id:
            missing.append(
                self.env._(
                    "the responsible person ('%(field)s')", field=labels["user_id"]
                )
            )
        if not self.cs_result_channel:
            missing.append(
                self.env._(
                    "the result channel ('%(field)s')",
                    field=labels["cs_result_channel"],
                )
            )
        return missing

    def _cs_check_can_close(self):
        self.ensure_one()
        if not self.cs_root_cause_id:
            raise ValidationError(
                self.env._(
                    "Complaint %(ticket)s needs a '%(field)s' before it is closed: "
                    "choose it on the ticket's Complaint tab.",
                    ticket=self.display_name,
                    field=self._fields["cs_root_cause_id"]._description_string(
                        self.env
                    ),
                )
            )
        self._cs_check_legal_signed()

    def _cs_after_complaint_change(self):
        """Send the commitment as soon as the three facts are set (normally at
        creation), once per complaint; put the legal review activity when the
        complaint needs one."""
        for ticket in self:
            if (
                not ticket.cs_commitment_sent_at
                and ticket.partner_id
                and not ticket._cs_missing_commitment()
                and ticket._cs_claim_commitment()
            ):
                # the commitment (date, responsible, channel) is not an answer on
                # the merits: it may go before the legal sign-off
                ticket._cs_send_notice("cs_feedback.mail_template_complaint_commitment")
        legal = self.filtered(lambda t: t.cs_legal_review and not t.cs_legal_signed_at)
        if legal:
            legal._cs_schedule_legal_review()

    def _cs_claim_commitment(self):
        """Stamp cs_commitment_sent_at if nobody did: only the transaction that
        flips it from NULL sends the letter (retries, concurrent writes)."""
        self.ensure_one()
        self.flush_recordset(["cs_commitment_sent_at"])
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET cs_commitment_sent_at = %s "
                "WHERE id = %s AND cs_commitment_sent_at IS NULL RETURNING id",
                fields.Datetime.now(),
                self.id,
            )
        )
        claimed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["cs_commitment_sent_at"])
        return claimed

    def action_cs_change_promise(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Promise"),
            "res_model": "cs.promise.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_cs_default_promise(self):
        """Fill the promised date from the complaint policy (SLA) and the law; a
        promise already told moves through :meth:`_cs_change_promise` (logged)."""
        for ticket in self:
            deadline = ticket._cs_policy_deadline()
            if ticket.cs_kind == "complaint" and ticket.cs_promised_date:
                ticket._cs_change_promise(
                    deadline,
                    self.env._("Promise set again from the complaint policy"),
                    notify=True,
                )
            else:
                ticket.cs_promised_date = deadline
        return True
