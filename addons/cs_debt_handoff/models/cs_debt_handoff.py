from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cs_base.tools import payload as P
from odoo.addons.cs_base.tools.api import api_records

from .utils import company_sender

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
# where each failed check is fixed: the button the form shows beside the failures
FIX_TARGETS = {
    "no_reminder": "guard",
    "reminder_late": "guard",
    "reminder_late_suspension": "guard",
    "no_alternative": "guard",
    "protected": "debtor",
    "dispute": "debtor",
    "open_complaint": "complaints",
    "recent_payment": "payments",
    "unreconciled_payment": "payments",
    "agency_unregistered": "agency",
    "contract_inactive": "contract",
    "other_agency": "other_handoffs",
}
# fields the ORM itself may write on a locked (settled/recalled) handoff
LOCKED_WRITABLE = frozenset(
    {
        "message_follower_ids",
        "message_main_attachment_id",
        "activity_ids",
        "payment_notice_ids",
        "contact_ids",
        "notice_ids",
        "ticket_ids",
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
        if locked and set(vals) - LOCKED_WRITABLE:
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

    # ----------------------------------------------------------------- actions

    def action_override(self, reason):
        """A manager's written reason to hand over despite failed checks."""
        self._check_debt_group("cs_debt_handoff.group_debt_manager")
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._(
                    "An override needs a written reason: write why the debt may be "
                    "handed over despite the failed checks in the Override Reason."
                )
            )
        for handoff in self:
            handoff._check_state(("draft", "checked"), "action_override")
        self.sudo().write(
            {
                "override_reason": reason.strip(),
                "override_user_id": self.env.uid,
                "override_date": fields.Datetime.now(),
            }
        )
        return True

    def action_check(self):
        """Run the pre-handoff checks and record what fails on each handoff.

        Returns True whatever the checks find: the failures are recorded in
        Failed Checks at Last Check (replaced on each check). A handoff moves to
        Checked only when nothing fails; with failures it stays (or goes back to)
        Draft. Only the hand-over refuses failed checks.
        """
        self._check_debt_group()
        for handoff in self:
            handoff._check_state(("draft", "checked"), "action_check")
        guard = self._guard_failures()
        now = fields.Datetime.now()
        for handoff in self:
            failures = handoff._hard_failures() + guard.get(handoff, [])
            handoff.sudo().write(
                {
                    "check_failures": "\n".join(
                        f"- {message}" for _code, message in failures
                    )
                    or False,
                    "check_fix_targets": " ".join(
                        sorted(
                            {
                                FIX_TARGETS[code]
                                for code, _message in failures
                                if code in FIX_TARGETS
                            }
                        )
                    )
                    or False,
                    "check_date": now,
                    "state": "draft" if failures else "checked",
                }
            )
        return True

    def action_hand_over(self):
        self._check_debt_group()
        today = fields.Date.context_today(self)
        for handoff in self:
            handoff._check_state(("draft", "checked"), "action_hand_over")
            handoff._raise_hard_failures()
            failures = handoff._raise_guard_failures()
            if failures:
                handoff.message_post(
                    body=self.env._(
                        "Handed over despite failed checks, overridden by %(user)s: "
                        "%(reason)s\n%(checks)s",
                        user=handoff.override_user_id.name or self.env.user.name,
                        reason=handoff.override_reason,
                        checks="\n".join(message for _code, message in failures),
                    )
                )
        self._sync_amount_handed()
        self.sudo().write({"state": "handed_over", "handoff_date": today})
        self.env["cs.debt.notice"].sudo()._create_for_handoffs(self)
        return True

    def action_recall(self, reason):
        self._check_debt_group()
        if not reason or not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._(
                    "A recall needs a reason: write why the debt is taken back from "
                    "the agency in the recall form."
                )
            )
        for handoff in self:
            handoff._check_state(
                ("draft", "checked", "handed_over", "disputed"), "action_recall"
            )
        handed = self.filtered(lambda h: h.state in OPEN_STATES)
        self.sudo().write(
            {
                "state": "recalled",
                "recall_reason": reason.strip(),
                "recall_date": fields.Date.context_today(self),
            }
        )
        # no notice to the debtor goes out for a debt no longer with the agency
        self.env["cs.debt.notice"]._cancel_for_handoffs(self)
        template = self.env.ref("cs_debt_handoff.mail_template_handoff_recall")
        for handoff in handed:
            # queued in mail.mail: sent by the mail queue after this transaction commits
            handoff.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                email_from=company_sender(handoff.company_id),
            )
        return True

    def _move_state(
        self, allowed, state, action, group="cs_debt_handoff.group_debt_user"
    ):
        self._check_debt_group(group)
        for handoff in self:
            handoff._check_state(allowed, action)
        self.sudo().write({"state": state})
        return True

    def action_dispute(self):
        return self._move_state(("handed_over",), "disputed", "action_dispute")

    def action_resume(self):
        return self._move_state(("disputed",), "handed_over", "action_resume")

    def action_settle(self):
        self._move_state(
            OPEN_STATES,
            "settled",
            "action_settle",
            group="cs_debt_handoff.group_debt_manager",
        )
        self.env["cs.debt.notice"]._cancel_for_handoffs(self)
        return True

    def action_reset_draft(self):
        return self._move_state(("checked",), "draft", "action_reset_draft")

    def action_view_payment_notices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_debt_handoff.cs_debt_payment_notice_action"
        )
        action["domain"] = [("handoff_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_contacts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_debt_handoff.cs_debt_contact_action"
        )
        action["domain"] = [("handoff_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------- where a failed check is fixed

    def action_fix_guard(self):
        """Record the reminder and the alternative offered (a small dialog)."""
        self.ensure_one()
        self._check_debt_group()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reminder and Alternative"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                [
                    self.env.ref("cs_debt_handoff.cs_debt_handoff_view_form_guard").id,
                    "form",
                ]
            ],
            "target": "new",
        }

    def _open_form(self, record, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "current",
        }

    def _open_list(self, model, domain, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "view_mode": "list,form",
            "views": [[False, "list"], [False, "form"]],
            "context": {"create": False},
            "target": "current",
        }

    def action_fix_debtor(self):
        """The debtor's form: Protected Situation and Debt Disputed are set there."""
        self.ensure_one()
        self._check_debt_group()
        return self._open_form(
            self.commercial_partner_id, self.commercial_partner_id.display_name
        )

    def action_fix_complaints(self):
        """The debtor's open complaints in the Helpdesk."""
        self.ensure_one()
        self._check_debt_group()
        return self._open_list(
            "helpdesk.ticket",
            [
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("cs_kind", "=", "complaint"),
                ("stage_id.closed", "=", False),
            ],
            self.env._("Open Complaints"),
        )

    def action_fix_payments(self):
        """The debtor's customer payments, to match them to the invoices."""
        self.ensure_one()
        self._check_debt_group()
        return self._open_list(
            "account.payment",
            [
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    self.commercial_partner_id.id,
                ),
                ("payment_type", "=", "inbound"),
            ],
            self.env._("Customer Payments"),
        )

    def action_fix_agency(self):
        """The agency's contact form, where its Registry Number is filled."""
        self.ensure_one()
        self._check_debt_group()
        return self._open_form(self.agency_id, self.agency_id.display_name)

    def action_fix_contract(self):
        """The contract's form (activation, validity dates)."""
        self.ensure_one()
        self._check_debt_group()
        return self._open_form(self.contract_id, self.contract_id.display_name)

    def action_fix_other_handoffs(self):
        """The debtor's handoffs open with another agency (to recall)."""
        self.ensure_one()
        self._check_debt_group()
        return self._open_list(
            self._name,
            [
                ("commercial_partner_id", "=", self.commercial_partner_id.id),
                ("state", "in", OPEN_STATES),
                ("id", "!=", self.id),
            ],
            self.env._("Other Handoffs of the Debtor"),
        )

    # -------------------------------------------------------------- the guard

    def _action_label(self, action):
        """The button a collections user knows for an action method."""
        return {
            "action_override": self.env._("Override"),
            "action_check": self.env._("Check"),
            "action_hand_over": self.env._("Hand Over"),
            "action_recall": self.env._("Recall"),
            "action_dispute": self.env._("Dispute"),
            "action_resume": self.env._("Resume"),
            "action_settle": self.env._("Settle"),
            "action_reset_draft": self.env._("Reset to Draft"),
        }.get(action, action)

    def _check_state(self, allowed, action):
        self.ensure_one()
        if self.state not in allowed:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(action)s is not possible on handoff %(ref)s in state "
                    "%(state)s.",
                    action=self._action_label(action),
                    ref=self.name,
                    state=states.get(self.state, self.state),
                )
            )

    def _hard_failures(self):
        """[(code, message)] of the failures no override can lift (law or data)."""
        self.ensure_one()
        env = self.env
        failures = []
        agency = self.agency_id
        if not agency.cs_agency_registry_number:
            failures.append(
                (
                    "agency_unregistered",
                    env._(
                        "Agency %(agency)s has no number in the state register of "
                        "collection agencies: a debt may be handed only to a "
                        "registered agency. Fill its Registry Number on the agency's "
                        "contact form (Sales & Purchase tab).",
                        agency=agency.display_name,
                    ),
                )
            )
        today = fields.Date.context_today(self)
        if not self.contract_id._is_valid_on(today):
            failures.append(
                (
                    "contract_inactive",
                    env._(
                        "Contract %(contract)s is not active on %(date)s: activate "
                        "it or check its validity dates on the contract form, or "
                        "pick an active contract on the handoff.",
                        contract=self.contract_id.name,
                        date=today,
                    ),
                )
            )
        if not self.invoice_ids:
            failures.append(
                (
                    "no_invoices",
                    env._(
                        "Handoff %(ref)s has no invoices: add the overdue invoices "
                        "on its Invoices tab.",
                        ref=self.name,
                    ),
                )
            )
        foreign = self.invoice_ids.filtered(
            lambda m: m.commercial_partner_id != self.commercial_partner_id
            or m.state != "posted"
            or m.move_type != "out_invoice"
        )
        if foreign:
            failures.append(
                (
                    "foreign_invoices",
                    env._(
                        "Invoices %(invoices)s are not posted customer invoices of "
                        "%(partner)s: remove them from the handoff's Invoices tab.",
                        invoices=", ".join(foreign.mapped("display_name")),
                        partner=self.partner_id.display_name,
                    ),
                )
            )
        return failures

    def _raise_hard_failures(self):
        """Raise the failures no override can lift (law or data)."""
        self.ensure_one()
        failures = self._hard_failures()
        if failures:
            raise UserError(
                self.env._(
                    "Handoff %(ref)s cannot be handed over:\n%(checks)s",
                    ref=self.name,
                    checks="\n".join(f"- {message}" for _code, message in failures),
                )
            )

    def _raise_guard_failures(self):
        """Raise the failed checks unless a manager recorded an override reason.

        Returns the overridden failures (empty when all checks pass).
        """
        self.ensure_one()
        failures = self._guard_failures().get(self, [])
        if failures and not (self.override_reason and self.override_user_id):
            raise UserError(
                self.env._(
                    "Handoff %(ref)s fails the pre-handoff checks:\n%(checks)s\n"
                    "Fix them as each line says, or ask a collections manager to "
                    "override them with a written reason (Override Checks button).",
                    ref=self.name,
                    checks="\n".join(f"- {message}" for _code, message in failures),
                )
            )
        return failures

    @api.private
    def _guard_failures(self):
        """{handoff: [(code, message), ...]} of every failed pre-handoff check."""
        result = {handoff: [] for handoff in self}
        if not self:
            return result
        env = self.env
        partners = self.commercial_partner_id
        today = fields.Date.context_today(self)
        longest = max(self.contract_id.mapped("guard_recent_payment_days") or [0])
        # recent payments: the latest payment date per debtor
        recent = {}
        for partner, date in (
            env["account.payment"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", partners.ids),
                    ("payment_type", "=", "inbound"),
                    ("state", "in", ("in_process", "paid")),
                    ("date", ">=", today - timedelta(days=longest)),
                ],
                ["partner_id"],
                ["date:max"],
            )
        ):
            key = partner.commercial_partner_id
            recent[key] = max(date, recent.get(key, date))
        # unreconciled credits on the receivable (payment received, not matched)
        unreconciled = {}
        for partner, residual in (
            env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", partners.ids),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("balance", "<", 0),
                ],
                ["partner_id"],
                ["amount_residual:sum"],
            )
        ):
            key = partner.commercial_partner_id
            unreconciled[key] = unreconciled.get(key, 0.0) + residual
        complaints = self._open_complaints(partners)
        others = (
            env["cs.debt.handoff"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("state", "in", OPEN_STATES),
                    ("id", "not in", self.ids),
                ]
            )
        )
        protected = dict(
            env["res.partner"]._fields["cs_debt_protected"]._description_selection(env)
        )
        for handoff in self:
            partner = handoff.commercial_partner_id
            contract = handoff.contract_id
            failures = result[handoff]
            window = contract.guard_recent_payment_days
            last = recent.get(partner)
            if last and last >= today - timedelta(days=window):
                failures.append(
                    (
                        "recent_payment",
                        env._(
                            "Recent payment: %(partner)s paid on %(date)s (within "
                            "%(days)s days). Check with the debtor whether the debt "
                            "is settled before handing it over.",
                            partner=partner.display_name,
                            date=last,
                            days=window,
                        ),
                    )
                )
            if unreconciled.get(partner):
                failures.append(
                    (
                        "unreconciled_payment",
                        env._(
                            "Unreconciled payment: %(partner)s has %(amount)s received "
                            "but not matched to invoices. Match it to the invoices in "
                            "Accounting (the customer's payments) first.",
                            partner=partner.display_name,
                            amount=-unreconciled[partner],
                        ),
                    )
                )
            if complaints.get(partner):
                failures.append(
                    (
                        "open_complaint",
                        env._(
                            "Open complaint: %(partner)s has %(count)s open "
                            "complaint(s). Close them in the Helpdesk first.",
                            partner=partner.display_name,
                            count=complaints[partner],
                        ),
                    )
                )
            if partner.cs_debt_disputed:
                failures.append(
                    (
                        "dispute",
                        env._(
                            "Open dispute: the debt of %(partner)s is disputed. "
                            "Resolve the dispute, then clear Debt Disputed on the "
                            "customer's form.",
                            partner=partner.display_name,
                        ),
                    )
                )
            if partner.cs_debt_protected and partner.cs_debt_protected != "none":
                failures.append(
                    (
                        "protected",
                        env._(
                            "Protected situation: %(partner)s is in a protected "
                            "situation (%(situation)s); collectors may not contact "
                            "them. The debt stays with us while Protected Situation "
                            "is set on the customer's form.",
                            partner=partner.display_name,
                            situation=protected[partner.cs_debt_protected],
                        ),
                    )
                )
            other = others.filtered(
                lambda h, handoff=handoff, partner=partner: h.commercial_partner_id
                == partner
                and h.agency_id != handoff.agency_id
            )
            if other:
                failures.append(
                    (
                        "other_agency",
                        env._(
                            "Already with another agency: %(partner)s is with "
                            "%(agency)s (%(ref)s). Recall that handoff first or hand "
                            "this debt to the same agency.",
                            partner=partner.display_name,
                            agency=other[0].agency_id.display_name,
                            ref=other[0].name,
                        ),
                    )
                )
            failures.extend(handoff._reminder_failures())
            if not handoff.alternative_offered:
                failures.append(
                    (
                        "no_alternative",
                        env._(
                            "No alternative offered: changed terms or a deferred "
                            "payment were not offered to %(partner)s. Offer them, "
                            "then tick Alternative Offered on the handoff's "
                            "Pre-handoff Checks tab.",
                            partner=partner.display_name,
                        ),
                    )
                )
        return result

    def _reminder_failures(self):
        self.ensure_one()
        lead = self.contract_id.guard_reminder_lead_days
        if not self.reminder_date:
            return [
                (
                    "no_reminder",
                    self.env._(
                        "No payment reminder was sent to the debtor: send one from "
                        "the invoice (Send button) and record its date in Last "
                        "Reminder Sent on the handoff's Pre-handoff Checks tab."
                    ),
                )
            ]
        failures = []
        dues = [d for d in self.invoice_ids.mapped("invoice_date_due") if d]
        if dues and self.reminder_date > min(dues) - timedelta(days=lead):
            failures.append(
                (
                    "reminder_late",
                    self.env._(
                        "Reminder too late: sent on %(date)s, less than %(days)s days "
                        "before the due date %(due)s. Remind the debtor again and "
                        "hand over later.",
                        date=self.reminder_date,
                        days=lead,
                        due=min(dues),
                    ),
                )
            )
        if (
            self.suspension_date
            and self.reminder_date > self.suspension_date - timedelta(days=lead)
        ):
            failures.append(
                (
                    "reminder_late_suspension",
                    self.env._(
                        "Reminder too late: sent on %(date)s, less than %(days)s days "
                        "before the service suspension on %(suspension)s. Remind the "
                        "debtor again and hand over later.",
                        date=self.reminder_date,
                        days=lead,
                        suspension=self.suspension_date,
                    ),
                )
            )
        return failures

    @api.private
    def _open_complaints(self, partners):
        """{commercial partner: count of open complaints} (helpdesk, cs_feedback)."""
        groups = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("cs_kind", "=", "complaint"),
                    ("stage_id.closed", "=", False),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        return dict(groups)

    # ------------------------------------------------------------ agency API

    @api.model
    def _agency_api_domain(self):
        """The handoffs the caller may reach through the agency API.

        Agency users have no access rights on any model of this addon: the API
        methods check the caller here, then read and write with ``sudo()`` under
        this explicit domain (their own agency's handed-over handoffs in their
        companies). A collections manager may call the API too (tests,
        administration): any agency's handoffs in the manager's companies.
        """
        user = self.env.user
        domain = [
            ("state", "in", AGENCY_STATES),
            ("company_id", "in", self.env.companies.ids),
        ]
        if user.has_group("cs_debt_handoff.group_collection_agency") and user.share:
            agency = user.commercial_partner_id
            return [("agency_id", "=", agency.id), *domain]
        if self.env.su or user.has_group("cs_debt_handoff.group_debt_manager"):
            return domain
        raise AccessError(
            self.env._(
                "Only collection agency API users (and collections managers) may "
                "call the agency API."
            )
        )

    @api.model
    def _agency_handoffs(self, refs):
        """{ref: handoff (sudo)} of the refs the caller may reach."""
        domain = self._agency_api_domain()
        if not refs:
            return {}
        handoffs = self.sudo().search_fetch(
            [("name", "in", list(refs)), *domain],
            [
                "name",
                "state",
                "amount_handed",
                "amount_paid_since",
                "amount_remaining",
                "last_payment_date",
                "currency_id",
                "company_id",
            ],
            order="id",
        )
        return {handoff.name: handoff for handoff in handoffs}

    @api.model
    def cs_payment_status(self, refs):
        """Status of handoffs by reference, for agencies (one dict per ref, in order).

        One search for all refs, under the caller's agency: a ref the caller may
        not reach answers ``not found`` whether it exists or not.
        """
        self = api_records(self)  # no client context key reaches the ORM
        self._agency_api_domain()  # the caller first, then its input
        refs = STATUS_REFS.validate(self.env, refs)
        by_ref = self._agency_handoffs(set(refs))
        result = []
        for ref in refs:
            handoff = by_ref.get(ref)
            if not handoff:
                result.append({"ref": ref, "error": "not found"})
                continue
            result.append(
                {
                    "ref": ref,
                    "state": handoff.state,
                    "amount_handed": handoff.amount_handed,
                    "amount_paid_since": handoff.amount_paid_since,
                    "amount_remaining": handoff.amount_remaining,
                    "last_payment_date": fields.Date.to_string(
                        handoff.last_payment_date
                    )
                    or False,
                    "currency": handoff.currency_id.name or False,
                }
            )
        return result

    @api.model
    def cs_report_contacts(self, rows):
        """Contacts an agency made with debtors, checked against the conduct terms.

        Per-row results; a bad row is reported and nothing is written for it.
        Idempotent on (ref, agency_contact_id), also under concurrent calls.
        """
        return api_records(self.env["cs.debt.contact"])._report_rows(rows)

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Debt handoff created")
