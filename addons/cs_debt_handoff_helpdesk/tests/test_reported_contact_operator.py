"""Operators record the collector's contact a debtor describes, from the complaint
linked to the handoff, without reading collections data."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user

from odoo.addons.cs_debt_handoff.tests.common import CsDebtCommon

NOW = "2026-03-11 12:00:00"


@freeze_time(NOW)
class TestOperatorRecordsContact(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff()
        cls.handoff.action_hand_over()
        cls.operator = new_test_user(
            cls.env, login="t_rc_operator", groups="cs_feedback.group_cs_operator"
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Коллектор звонит ночью",
                "description": "<p>Звонили в 22:30</p>",
                "partner_id": cls.debtor.id,
                "cs_kind": "complaint",
                "user_id": cls.operator.id,
                "cs_debt_handoff_id": cls.handoff.id,
            }
        )

    def _record(self, user, ticket=None):
        ticket = (ticket or self.ticket).with_user(user)
        action = ticket.action_cs_record_debtor_contact()
        self.assertEqual(action["res_model"], "cs.debt.reported.contact.record")
        Wizard = self.env[action["res_model"]].with_user(user)
        with Form(Wizard.with_context(**action["context"])) as form:
            form.channel = "call"
            form.at = "2026-03-09 19:30:00"
            form.described = "Грубил, угрожал"
        return form.record.action_record()

    def test_operator_records_from_the_complaint(self):
        self._record(self.operator)
        report = self.env["cs.debt.reported.contact"].search(
            [("ticket_id", "=", self.ticket.id)]
        )
        self.assertEqual(len(report), 1)
        self.assertEqual(report.handoff_id, self.handoff)
        self.assertEqual(report.reported_by, self.operator)
        self.assertEqual(report.match_state, "unreported")
        self.assertIn("quiet_hours", report.violations)
        # the operator still reads no collections data
        with self.assertRaises(AccessError):
            self.env["cs.debt.reported.contact"].with_user(self.operator).search([])
        with self.assertRaises(AccessError):
            report.with_user(self.operator).read(["match_state"])

    def test_complaint_without_handoff_refused(self):
        ticket = self.ticket.copy({"cs_debt_handoff_id": False})
        with self.assertRaises(UserError):
            ticket.with_user(self.operator).action_cs_record_debtor_contact()
        Wizard = self.env["cs.debt.reported.contact.record"].with_user(self.operator)
        wizard = Wizard.create(
            {"ticket_id": ticket.id, "channel": "call", "at": "2026-03-09 19:30:00"}
        )
        with self.assertRaises(UserError):
            wizard.action_record()

    def test_other_users_refused(self):
        nobody = new_test_user(self.env, login="t_rc_nobody", groups="base.group_user")
        for user in (nobody, self.agency_user):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["cs.debt.reported.contact.record"].with_user(user).create(
                    {
                        "ticket_id": self.ticket.id,
                        "channel": "call",
                        "at": "2026-03-09 19:30:00",
                    }
                )
            with self.assertRaises(AccessError, msg=user.login):
                self.ticket.with_user(user).action_cs_record_debtor_contact()
