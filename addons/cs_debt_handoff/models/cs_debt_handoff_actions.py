"""Debt handoff: the state buttons (check, hand over, recall, ...) and the
buttons that open where a failed check is fixed."""

from odoo import fields, models
from odoo.exceptions import UserError

from .cs_debt_handoff import OPEN_STATES
from .utils import company_sender


class CsDebtHandoff(models.Model):
    _inherit = "cs.debt.handoff"

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
        targets = self._cs_fix_targets()
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
                                targets[code]
                                for code, _message in failures
                                if code in targets
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

    # ------------------------------------------------------------------ states

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
