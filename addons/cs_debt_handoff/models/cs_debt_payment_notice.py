"""Direct payment notices: fields, guarded fields and the user's buttons (core).

``cs_debt_payment_notice_register`` creates them exactly once from payments;
``cs_debt_payment_notice_notify`` tells the agencies (scheduled action).
"""

from odoo import api, fields, models


class CsDebtPaymentNotice(models.Model):
    """A payment the debtor made to us after the debt went to an agency.

    Exactly one per payment: the database holds the guarantee (UNIQUE on the payment
    and on the journal entry, rows inserted with ON CONFLICT DO NOTHING), so two
    payments posting at once, or Odoo retrying a request after a serialization
    failure, never make a second notice. A scheduled action tells the agency within
    the contract's deadline; what is owed to the agency is tracked until settled.
    """

    _name = "cs.debt.payment.notice"
    _description = "Direct Payment Notice"
    _inherit = ["cs.guarded.mixin", "mail.thread"]
    _order = "payment_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    handoff_id = fields.Many2one(
        comodel_name="cs.debt.handoff",
        string="Handoff",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    agency_id = fields.Many2one(
        comodel_name="res.partner", string="Agency", readonly=True, index=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Debtor", readonly=True, index=True
    )
    payment_id = fields.Many2one(
        comodel_name="account.payment",
        string="Payment",
        readonly=True,
        ondelete="set null",
    )
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Journal Entry",
        readonly=True,
        ondelete="set null",
        help="The entry that paid (bank statement line or payment entry).",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True
    )
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    payment_date = fields.Date(required=True, readonly=True)
    state = fields.Selection(
        selection=[
            ("to_notify", "To Notify"),
            ("notified", "Agency Notified"),
            ("settled", "Settled"),
        ],
        default="to_notify",
        required=True,
        tracking=True,
        index=True,
    )
    notify_deadline = fields.Datetime(
        readonly=True, help="Tell the agency before this moment (contract deadline)."
    )
    notified_at = fields.Datetime(readonly=True, copy=False)
    notified_late = fields.Boolean(
        compute="_compute_notified_late", store=True, string="Notified Late"
    )
    owed_kind = fields.Selection(
        selection=[
            ("forward", "Forward to the new owner"),
            ("commission", "Agency commission"),
        ],
        readonly=True,
    )
    amount_owed = fields.Monetary(
        readonly=True,
        help="Sold debt: the whole payment is forwarded to the new owner. Agency "
        "placement: the agency's commission.",
    )
    forward_due_date = fields.Date(readonly=True)
    settled_date = fields.Date(readonly=True, copy=False)
    settlement_ref = fields.Char(
        string="Settlement Reference", help="Transfer or act that settled what is owed."
    )

    _sql_constraints = [
        (
            "payment_uniq",
            "UNIQUE(payment_id)",
            "There is already a payment notice for this payment.",
        ),
        (
            "move_uniq",
            "UNIQUE(move_id)",
            "There is already a payment notice for this journal entry.",
        ),
        (
            "source_required",
            "CHECK(payment_id IS NOT NULL OR move_id IS NOT NULL)",
            "A payment notice needs a payment or a journal entry.",
        ),
    ]

    @api.depends("handoff_id.name", "payment_date")
    def _compute_name(self):
        for notice in self:
            notice.name = f"{notice.handoff_id.name} / {notice.payment_date or ''}"

    @api.depends("notified_at", "notify_deadline")
    def _compute_notified_late(self):
        for notice in self:
            notice.notified_late = bool(
                notice.notified_at
                and notice.notify_deadline
                and notice.notified_at > notice.notify_deadline
            )

    # -------------------------------------------------------------- actions

    @api.model
    def _cs_guarded_fields(self):
        # everything but the settlement reference comes from the payment and the
        # actions: the agency's money and the notification deadline depend on it
        return super()._cs_guarded_fields() | {
            "handoff_id",
            "agency_id",
            "partner_id",
            "payment_id",
            "move_id",
            "company_id",
            "currency_id",
            "amount",
            "payment_date",
            "state",
            "notify_deadline",
            "notified_at",
            "owed_kind",
            "amount_owed",
            "forward_due_date",
            "settled_date",
        }

    def action_settle(self):
        self.env["cs.debt.handoff"]._check_debt_group()
        self.filtered(lambda n: n.state != "settled").sudo().write(
            {"state": "settled", "settled_date": fields.Date.context_today(self)}
        )
        return True

    def action_notify_now(self):
        self.env["cs.debt.handoff"]._check_debt_group()
        self.check_access("read")
        self.sudo()._notify_agencies()
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Direct payment notice created")
