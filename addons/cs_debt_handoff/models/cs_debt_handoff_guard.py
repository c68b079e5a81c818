"""Debt handoff: the pre-handoff guard, one ``_check_<code>`` method per check.

``_cs_handoff_hard_checks()`` (no override: law or data) and ``_cs_handoff_checks()``
(a manager may override) give the ordered codes; ``_cs_run_checks(codes)`` calls each
``_check_<code>()`` on the batch, which yields ``(handoff, code, message)``. A company
module extends a list and defines the method, or overrides one check's method
(the helpdesk bridge adds ``open_complaint`` so).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .cs_debt_handoff import OPEN_STATES

# where each failed check is fixed: the button the form shows beside the failures
FIX_TARGETS = {
    "no_reminder": "guard",
    "reminder_late": "guard",
    "reminder_late_suspension": "guard",
    "no_alternative": "guard",
    "protected": "debtor",
    "dispute": "debtor",
    "recent_payment": "payments",
    "unreconciled_payment": "payments",
    "agency_unregistered": "agency",
    "contract_inactive": "contract",
    "other_agency": "other_handoffs",
}


class CsDebtHandoff(models.Model):
    _inherit = "cs.debt.handoff"

    # ------------------------------------------------------------- dispatcher

    @api.model
    def _cs_handoff_hard_checks(self):
        """Ordered codes of the checks no override can lift (law or data)."""
        return [
            "agency_unregistered",
            "contract_inactive",
            "no_invoices",
            "foreign_invoices",
        ]

    @api.model
    def _cs_handoff_checks(self):
        """Ordered codes of the pre-handoff checks a manager may override."""
        return [
            "recent_payment",
            "unreconciled_payment",
            "dispute",
            "protected",
            "other_agency",
            "reminder",
            "no_alternative",
        ]

    @api.model
    def _cs_fix_targets(self):
        """{failure code: where it is fixed} (the buttons beside the failures)."""
        return dict(FIX_TARGETS)

    @api.private
    def _cs_run_checks(self, codes):
        """{handoff: [(code, message), ...]}: ``_check_<code>()`` of each code."""
        result = {handoff: [] for handoff in self}
        if not self:
            return result
        for code in codes:
            for handoff, failure, message in getattr(self, f"_check_{code}")():
                result[handoff].append((failure, message))
        return result

    def _hard_failures(self):
        """[(code, message)] of the failures no override can lift (law or data)."""
        self.ensure_one()
        return self._cs_run_checks(self._cs_handoff_hard_checks())[self]

    @api.private
    def _guard_failures(self):
        """{handoff: [(code, message), ...]} of every failed pre-handoff check."""
        return self._cs_run_checks(self._cs_handoff_checks())

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

    # ------------------------------------------------------------ hard checks

    def _check_agency_unregistered(self):
        for handoff in self:
            agency = handoff.agency_id
            if not agency.cs_agency_registry_number:
                yield (
                    handoff,
                    "agency_unregistered",
                    self.env._(
                        "Agency %(agency)s has no number in the state register of "
                        "collection agencies: a debt may be handed only to a "
                        "registered agency. Fill its Registry Number on the agency's "
                        "contact form (Sales & Purchase tab).",
                        agency=agency.display_name,
                    ),
                )

    def _check_contract_inactive(self):
        today = fields.Date.context_today(self)
        for handoff in self:
            if not handoff.contract_id._is_valid_on(today):
                yield (
                    handoff,
                    "contract_inactive",
                    self.env._(
                        "Contract %(contract)s is not active on %(date)s: activate "
                        "it or check its validity dates on the contract form, or "
                        "pick an active contract on the handoff.",
                        contract=handoff.contract_id.name,
                        date=today,
                    ),
                )

    def _check_no_invoices(self):
        for handoff in self:
            if not handoff.invoice_ids:
                yield (
                    handoff,
                    "no_invoices",
                    self.env._(
                        "Handoff %(ref)s has no invoices: add the overdue invoices "
                        "on its Invoices tab.",
                        ref=handoff.name,
                    ),
                )

    def _check_foreign_invoices(self):
        for handoff in self:
            foreign = handoff.invoice_ids.filtered(
                lambda m, h=handoff: m.commercial_partner_id != h.commercial_partner_id
                or m.state != "posted"
                or m.move_type != "out_invoice"
            )
            if foreign:
                yield (
                    handoff,
                    "foreign_invoices",
                    self.env._(
                        "Invoices %(invoices)s are not posted customer invoices of "
                        "%(partner)s: remove them from the handoff's Invoices tab.",
                        invoices=", ".join(foreign.mapped("display_name")),
                        partner=handoff.partner_id.display_name,
                    ),
                )

    # ----------------------------------------------------- overridable checks

    def _check_recent_payment(self):
        today = fields.Date.context_today(self)
        longest = max(self.contract_id.mapped("guard_recent_payment_days") or [0])
        # the latest payment date per debtor
        recent = {}
        for partner, date in (
            self.env["account.payment"]
            .sudo()
            ._read_group(
                [
                    (
                        "partner_id.commercial_partner_id",
                        "in",
                        self.commercial_partner_id.ids,
                    ),
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
        for handoff in self:
            partner = handoff.commercial_partner_id
            window = handoff.contract_id.guard_recent_payment_days
            last = recent.get(partner)
            if last and last >= today - timedelta(days=window):
                yield (
                    handoff,
                    "recent_payment",
                    self.env._(
                        "Recent payment: %(partner)s paid on %(date)s (within "
                        "%(days)s days). Check with the debtor whether the debt "
                        "is settled before handing it over.",
                        partner=partner.display_name,
                        date=last,
                        days=window,
                    ),
                )

    def _check_unreconciled_payment(self):
        # credits on the receivable: payment received, not matched to invoices
        unreconciled = {}
        for partner, residual in (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    (
                        "partner_id.commercial_partner_id",
                        "in",
                        self.commercial_partner_id.ids,
                    ),
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
        for handoff in self:
            partner = handoff.commercial_partner_id
            if unreconciled.get(partner):
                yield (
                    handoff,
                    "unreconciled_payment",
                    self.env._(
                        "Unreconciled payment: %(partner)s has %(amount)s received "
                        "but not matched to invoices. Match it to the invoices in "
                        "Accounting (the customer's payments) first.",
                        partner=partner.display_name,
                        amount=-unreconciled[partner],
                    ),
                )

    def _check_dispute(self):
        for handoff in self:
            partner = handoff.commercial_partner_id
            if partner.cs_debt_disputed:
                yield (
                    handoff,
                    "dispute",
                    self.env._(
                        "Open dispute: the debt of %(partner)s is disputed. "
                        "Resolve the dispute, then clear Debt Disputed on the "
                        "customer's form.",
                        partner=partner.display_name,
                    ),
                )

    def _check_protected(self):
        env = self.env
        protected = dict(
            env["res.partner"]._fields["cs_debt_protected"]._description_selection(env)
        )
        for handoff in self:
            partner = handoff.commercial_partner_id
            if partner.cs_debt_protected and partner.cs_debt_protected != "none":
                yield (
                    handoff,
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

    def _check_other_agency(self):
        others = self.sudo().search(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("state", "in", OPEN_STATES),
                ("id", "not in", self.ids),
            ]
        )
        for handoff in self:
            other = others.filtered(
                lambda h, handoff=handoff: h.commercial_partner_id
                == handoff.commercial_partner_id
                and h.agency_id != handoff.agency_id
            )
            if other:
                yield (
                    handoff,
                    "other_agency",
                    self.env._(
                        "Already with another agency: %(partner)s is with "
                        "%(agency)s (%(ref)s). Recall that handoff first or hand "
                        "this debt to the same agency.",
                        partner=handoff.commercial_partner_id.display_name,
                        agency=other[0].agency_id.display_name,
                        ref=other[0].name,
                    ),
                )

    def _check_reminder(self):
        for handoff in self:
            for code, message in handoff._reminder_failures():
                yield handoff, code, message

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

    def _check_no_alternative(self):
        for handoff in self:
            if not handoff.alternative_offered:
                yield (
                    handoff,
                    "no_alternative",
                    self.env._(
                        "No alternative offered: changed terms or a deferred "
                        "payment were not offered to %(partner)s. Offer them, "
                        "then tick Alternative Offered on the handoff's "
                        "Pre-handoff Checks tab.",
                        partner=handoff.commercial_partner_id.display_name,
                    ),
                )
