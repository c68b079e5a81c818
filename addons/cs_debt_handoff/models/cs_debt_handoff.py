"""Debt handoff: fields, computed amounts and counts, access, create/write (core).

The other files extend the same model, one job each: ``cs_debt_handoff_guard``
(the pre-handoff checks), ``cs_debt_handoff_actions`` (state buttons and the
buttons that open where a failed check is fixed), ``cs_debt_handoff_agency_api``
(the status and contact-report API of agencies).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cs_base.tools import payload as P

OPEN_STATES = ("handed_over", "disputed")
LOCKED_STATES = ("settled", "recalled")
# the states of a handoff its agency may ask about (status API, contact reports)
AGENCY_STATES = ("handed_over", "settled", "recalled", "disputed")
MAX_STATUS_REFS = 1000
STATUS_REFS = P.Payload(P.list_of(P.text(64), MAX_STATUS_REFS), prefix="refs")
# what was handed over (debtor, agency through the contract, invoices, amount) is
# fixed once the agency has it: changing it would move the debt without the guard
HANDED_FIXED = frozenset(
    {"partner_id", "contract_id", "invoice_ids", "amount_handed", "company_id"}
)
# fields the ORM itself may write on a locked (settled/recalled) handoff
LOCKED_WRITABLE = frozenset(
    {
        "message_follower_ids",
        "message_main_attachment_id",
        "activity_ids",
        "payment_notice_ids",
        "contact_ids",
        "notice_ids",
    }
)


class CsDebtHandoff(models.Model):
    """One debtor's debt (invoices, amount) handed to one agency under one contract.

    The handoff is the unit agencies quote (its sequence number), the unit the
    pre-handoff guard checks, and the anchor of payment notices, debtor notices and
    reported contacts.
    """

    _name = "cs.debt.handoff"
    _description = "Debt Handoff"
    _inherit = ["cs.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Debtor",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        comodel_name="res.partner",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Debtor Entity",
    )
    contract_id = fields.Many2one(
        comodel_name="cs.debt.contract",
        string="Contract",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    contract_kind = fields.Selection(related="contract_id.kind", string="Kind")
    agency_id = fields.Many2one(
        comodel_name="res.partner",
        related="contract_id.agency_id",
        store=True,
        index=True,
        string="Agency",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        related="company_id.currency_id",
        store=True,
        string="Currency",
    )
    invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', commercial_partner_id), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
        check_company=True,
    )
    amount_handed = fields.Monetary(
        tracking=True,
        help="Open amount of the invoices, fixed when handed over.",
    )
    amount_paid_since = fields.Monetary(
        compute="_compute_amount_paid", store=True, string="Paid Since Handoff"
    )
    amount_remaining = fields.Monetary(compute="_compute_amount_paid", store=True)
    last_payment_date = fields.Date(compute="_compute_amount_paid", store=True)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("checked", "Checked"),
            ("handed_over", "Handed Over"),
            ("settled", "Settled"),
            ("recalled", "Recalled"),
            ("disputed", "Disputed"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    handoff_date = fields.Date(tracking=True, copy=False)
    # pre-handoff guard inputs
    reminder_date = fields.Date(
        string="Last Reminder Sent",
        tracking=True,
        help="When the debtor was last reminded before the due date.",
    )
    suspension_date = fields.Date(
        string="Service Suspension",
        help="When the service was (or will be) suspended; the reminder must precede "
        "it by the lead time too.",
    )
    alternative_offered = fields.Boolean(
        tracking=True,
        help="Changed terms or a deferred payment were offered to the debtor.",
    )
    alternative_date = fields.Date(string="Alternative Offered On")
    guard_result = fields.Text(
        string="Failed Checks",
        compute="_compute_guard_result",
        help="The pre-handoff checks that fail now.",
    )
    check_failures = fields.Text(
        string="Failed Checks at Last Check",
        readonly=True,
        copy=False,
        help="What the last Check found wrong, one check per line, with where to fix "
        "it; replaced by each Check, empty when everything passed.",
    )
    check_fix_targets = fields.Char(
        string="Where to Fix",
        readonly=True,
        copy=False,
        help="Technical: where the failures of the last Check are fixed (one key "
        "per place), for the buttons beside the failures.",
    )
    check_date = fields.Datetime(string="Last Checked On", readonly=True, copy=False)
    override_reason = fields.Text(
        tracking=True,
        copy=False,
        help="A manager's written reason to hand over despite failed checks.",
    )
    override_user_id = fields.Many2one(
        comodel_name="res.users", string="Overridden By", readonly=True, copy=False
    )
    override_date = fields.Datetime(string="Overridden On", readonly=True, copy=False)
    recall_reason = fields.Text(tracking=True, copy=False)
    recall_date = fields.Date(copy=False)
    payment_notice_ids = fields.One2many(
        comodel_name="cs.debt.payment.notice",
        inverse_name="handoff_id",
        string="Payment Notices",
    )
    notice_ids = fields.One2many(
        comodel_name="cs.debt.notice",
        inverse_name="handoff_id",
        string="Debtor Notices",
    )
    contact_ids = fields.One2many(
        comodel_name="cs.debt.contact",
        inverse_name="handoff_id",
        string="Reported Contacts",
    )
    payment_notice_count = fields.Integer(compute="_compute_counts")
    contact_count = fields.Integer(compute="_compute_counts")
    violation_count = fields.Integer(compute="_compute_counts")

    _sql_constraints = [
        (
            "name_company_uniq",
            "UNIQUE(name, company_id)",
            "Handoff references are unique per company.",
        ),
        (
            "amount_handed_positive",
            "CHECK(amount_handed >= 0)",
            "The amount handed over cannot be negative.",
        ),
    ]

    @api.depends("amount_handed", "payment_notice_ids.amount")
    def _compute_amount_paid(self):
        groups = self.env["cs.debt.payment.notice"]._read_group(
            [("handoff_id", "in", self.ids)],
            ["handoff_id"],
            ["amount:sum", "payment_date:max"],
        )
        paid = {handoff: (amount, date) for handoff, amount, date in groups}
        for handoff in self:
            amount, date = paid.get(handoff, (0.0, False))
            handoff.amount_paid_since = amount
            handoff.last_payment_date = date
            handoff.amount_remaining = max(handoff.amount_handed - amount, 0.0)

    def _compute_guard_result(self):
        failures = self._guard_failures()
        for handoff in self:
            handoff.guard_result = "\n".join(
                message for _code, message in failures.get(handoff, [])
            )

    def _compute_counts(self):
        notices = dict(
            self.env["cs.debt.payment.notice"]._read_group(
                [("handoff_id", "in", self.ids)], ["handoff_id"], ["__count"]
            )
        )
        contacts = {
            handoff: (count, violations)
            for handoff, count, violations in self.env["cs.debt.contact"]._read_group(
                [("handoff_id", "in", self.ids)],
                ["handoff_id"],
                ["__count", "violation_count:sum"],
            )
        }
        for handoff in self:
            handoff.payment_notice_count = notices.get(handoff, 0)
            count, violations = contacts.get(handoff, (0, 0))
            handoff.contact_count = count
            handoff.violation_count = violations

    @api.depends("partner_id", "name")
    def _compute_display_name(self):
        for handoff in self:
            handoff.display_name = handoff.name

    # ------------------------------------------------------------------ access

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | {
            "state",
            "handoff_date",
            "check_failures",
            "check_fix_targets",
            "check_date",
            "override_reason",
            "override_user_id",
            "override_date",
            "recall_reason",
            "recall_date",
        }

    @api.model
    def _check_debt_group(self, group="cs_debt_handoff.group_debt_user"):
        """The caller must be a collections user (or manager): actions check this."""
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "Only collections staff (%(group)s) may do this on debt handoffs.",
                    group=self.env.ref(group).sudo().full_name,
                )
            )

    # -------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    "cs.debt.handoff"
                ) or self.env._("New")
        handoffs = super().create(vals_list)
        handoffs.filtered(lambda h: not h.amount_handed)._sync_amount_handed()
        return handoffs

    def write(self, vals):
        locked = self.filtered(lambda h: h.state in LOCKED_STATES)
        if locked and set(vals) - self._cs_locked_writable():
            raise UserError(
                self.env._(
                    "Handoff %(ref)s is %(state)s and read-only.",
                    ref=locked[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        locked[0].state
                    ],
                )
            )
        handed = self.filtered(lambda h: h.state in OPEN_STATES)
        fixed = HANDED_FIXED & vals.keys()
        if handed and fixed and not self.env.su:
            raise UserError(
                self.env._(
                    "Handoff %(ref)s was handed over: %(fields)s can no longer "
                    "change; recall it and prepare a new handoff instead.",
                    ref=handed[0].name,
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(fixed)
                    ),
                )
            )
        res = super().write(vals)
        if "invoice_ids" in vals and "amount_handed" not in vals:
            self.filtered(
                lambda h: h.state in ("draft", "checked")
            )._sync_amount_handed()
        return res

    @api.model
    def _cs_locked_writable(self):
        """Fields the ORM itself may write on a locked (settled/recalled) handoff;
        an addon adding a One2many to the handoff adds its field here."""
        return LOCKED_WRITABLE

    def _sync_amount_handed(self):
        """The open amount of the invoices (until the handoff is handed over)."""
        for handoff in self:
            handoff.amount_handed = sum(
                handoff.invoice_ids.mapped("amount_residual_signed")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        for handoff in self:
            if handoff.state not in ("draft", "checked"):
                raise UserError(
                    self.env._(
                        "Handoff %(ref)s was handed over and cannot be deleted; "
                        "recall it instead.",
                        ref=handoff.name,
                    )
                )

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Debt handoff created")
