"""Complaints about collectors: the ticket link, the open-complaint check, the
button that opens them.

Moved from cs_debt_handoff with the helpdesk code: the same tests under the same
names.
"""

from datetime import timedelta

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import new_test_user

from odoo.addons.cs_debt_handoff.tests.common import CsDebtCommon


class TestOperatorLinksComplaint(CsDebtCommon):
    """Operators link a complaint by the exact reference, without reading handoffs."""

    def test_link_by_reference(self):
        handoff = self._make_handoff()
        draft = self._make_handoff(partner=self._make_debtor("Черновиков"))
        handoff.action_hand_over()
        operator = new_test_user(
            self.env, login="t_link_op", groups="cs_feedback.group_cs_operator"
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Коллектор грубит",
                "description": "<p>Звонят ночью</p>",
                "partner_id": self.debtor.id,
                "cs_kind": "complaint",
                "user_id": operator.id,
                "team_id": self.env["helpdesk.ticket.team"].search([], limit=1).id,
            }
        )
        ticket = ticket.with_user(operator)
        with self.assertRaises(UserError):
            ticket.write({"cs_debt_handoff_ref": draft.name})
        with self.assertRaises(UserError):
            ticket.write({"cs_debt_handoff_ref": "DH/NOPE"})
        ticket.write({"cs_debt_handoff_ref": handoff.name})
        self.assertEqual(ticket.sudo().cs_debt_handoff_id, handoff)
        self.assertEqual(ticket.cs_debt_agency_id, self.agency)
        self.assertTrue(ticket.cs_debt_script)
        self.assertEqual(
            ticket.read(["cs_debt_handoff_id"])[0]["cs_debt_handoff_id"],
            (handoff.id, handoff.name),
        )


class TestGuard(CsDebtCommon):
    def _codes(self, handoff):
        return [code for code, _msg in handoff._guard_failures()[handoff]]

    def test_each_failure_named(self):
        debtor = self._make_debtor("Петрова Анна Сергеевна")
        debtor.write({"cs_debt_protected": "hospital", "cs_debt_disputed": True})
        self.env["helpdesk.ticket"].create(
            {
                "name": "Жалоба на списание",
                "description": "<p>Не согласна с суммой</p>",
                "partner_id": debtor.id,
                "cs_kind": "complaint",
            }
        )
        previous = self._make_handoff(partner=debtor, contract=self.contract_sold)
        previous.sudo().write({"state": "handed_over"})
        handoff = self._make_handoff(
            partner=debtor, alternative_offered=False, reminder_date=False
        )
        codes = self._codes(handoff)
        for code in (
            "open_complaint",
            "dispute",
            "protected",
            "other_agency",
            "no_reminder",
            "no_alternative",
        ):
            self.assertIn(code, codes)
        # the check records every failure and answers True; state stays draft
        self.assertTrue(handoff.with_user(self.debt_user).action_check())
        self.assertEqual(handoff.state, "draft")
        recorded = handoff.check_failures
        with self.assertRaises(UserError) as error:
            handoff.with_user(self.debt_user).action_hand_over()
        message = str(error.exception)
        for words in (
            "Open complaint",
            "Open dispute",
            "Protected situation",
            "Already with another agency",
            "No payment reminder was sent to the debtor: send one from the invoice "
            "(Send button)",
            "No alternative offered",
        ):
            self.assertIn(words, recorded)
            self.assertIn(words, message)
        for technical in ("reminder_date", "override_reason", "_ids", "cs_"):
            self.assertNotIn(technical, message)
            self.assertNotIn(technical, recorded)
        self.assertEqual(handoff.state, "draft")


class TestHandoffFormButtons(CsDebtCommon):
    def _form(self):
        views = self.env["cs.debt.handoff"].get_views([(False, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def test_failed_checks_link_to_their_fix(self):
        debtor = self._make_debtor("Петрова Анна Сергеевна")
        debtor.write({"cs_debt_protected": "hospital"})
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Жалоба на списание",
                "description": "<p>Не согласна с суммой</p>",
                "partner_id": debtor.id,
                "cs_kind": "complaint",
            }
        )
        handoff = self._make_handoff(
            partner=debtor, alternative_offered=False, reminder_date=False
        ).with_user(self.debt_user)
        handoff.action_check()
        self.assertEqual(handoff.state, "draft")
        self.assertEqual(
            set(handoff.check_fix_targets.split()), {"guard", "debtor", "complaints"}
        )
        # the form shows one button per place to fix, inside the failures alert
        alert = self._form().xpath("//div[@name='check_failures']")[0]
        buttons = {button.get("name") for button in alert.iter("button")}
        self.assertTrue(
            {"action_fix_guard", "action_fix_debtor", "action_fix_complaints"}
            <= buttons
        )
        guard = handoff.action_fix_guard()
        self.assertEqual(
            (guard["res_model"], guard["res_id"], guard["target"]),
            ("cs.debt.handoff", handoff.id, "new"),
        )
        view = self.env["ir.ui.view"].browse(guard["views"][0][0])
        for name in ("reminder_date", "alternative_offered"):
            self.assertIn(f'name="{name}"', view.arch_db)
        partner = handoff.action_fix_debtor()
        self.assertEqual(
            (partner["res_model"], partner["res_id"]),
            ("res.partner", debtor.commercial_partner_id.id),
        )
        complaints = handoff.action_fix_complaints()
        self.assertEqual(
            self.env[complaints["res_model"]].search(complaints["domain"]), ticket
        )
        # recorded, checked again: the failures and their buttons are gone
        handoff.write(
            {
                "reminder_date": handoff.invoice_ids.invoice_date_due
                - timedelta(days=15),
                "alternative_offered": True,
            }
        )
        debtor.write({"cs_debt_protected": "none"})
        ticket.sudo().unlink()
        handoff.action_check()
        self.assertEqual(handoff.state, "checked")
        self.assertFalse(handoff.check_fix_targets)
