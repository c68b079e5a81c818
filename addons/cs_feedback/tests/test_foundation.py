from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import CsFeedbackCommon


class TestFoundation(CsFeedbackCommon):
    def test_groups_chain(self):
        self.assertTrue(self.supervisor.has_group("cs_feedback.group_cs_operator"))
        self.assertTrue(self.operator.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertFalse(self.operator.has_group("cs_feedback.group_cs_supervisor"))
        self.assertTrue(self.legal.has_group("cs_feedback.group_cs_operator"))
        self.assertFalse(self.legal.has_group("cs_feedback.group_cs_supervisor"))

    def test_operator_records_feedback_kind(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .create(
                {
                    "name": "Спасибо за быстрый ремонт",
                    "description": "<p>Мастер пришёл вовремя.</p>",
                    "partner_id": self.customer.id,
                    "cs_kind": "thanks",
                    "cs_channel": "phone",
                }
            )
        )
        self.assertEqual(ticket.cs_kind, "thanks")
        self.assertEqual(ticket.cs_channel, "phone")

    def test_kind_defaults_to_question(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Как сменить тариф?", "description": "<p>?</p>"}
        )
        self.assertEqual(ticket.cs_kind, "question")

    def test_plain_internal_user_sees_only_own_tickets(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Жалоба",
                "description": "<p>Нет связи</p>",
                "partner_id": self.customer.id,
            }
        )
        self.assertFalse(
            self.env["helpdesk.ticket"]
            .with_user(self.internal)
            .search([("id", "=", ticket.id)])
        )
        self.assertEqual(
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .search([("id", "=", ticket.id)]),
            ticket,
        )
        with self.assertRaises(AccessError):
            ticket.with_user(self.internal).write({"cs_kind": "complaint"})

    def test_menus_per_role(self):
        root = self.env.ref("cs_feedback.cs_feedback_root_menu")
        complaints = self.env.ref("cs_feedback.helpdesk_ticket_complaint_menu")
        practices = self.env.ref("cs_feedback.cs_best_practice_menu")
        ledger = self.env.ref("cs_feedback.cs_feedback_reward_menu")
        Menu = self.env["ir.ui.menu"]
        operator = Menu.with_user(self.operator)._visible_menu_ids()
        self.assertTrue({root.id, complaints.id, practices.id} <= operator)
        self.assertNotIn(ledger.id, operator)
        internal = Menu.with_user(self.internal)._visible_menu_ids()
        self.assertIn(practices.id, internal, "best practices are for all staff")
        self.assertNotIn(complaints.id, internal)
        self.assertIn(ledger.id, Menu.with_user(self.supervisor)._visible_menu_ids())

    def test_demo_logins_exist(self):
        for xmlid in ("user_cs_operator", "user_cs_supervisor", "user_cs_legal"):
            user = self.env.ref(f"cs_feedback.{xmlid}")
            self.assertTrue(user.active)


@tagged("post_install", "-at_install")
class TestFoundationUi(HttpCase):
    def test_operator_opens_feedback_app(self):
        # the tour reads the English menu labels; the demo operator works in Russian
        # (tests/test_helpdesk_ru_ui.py walks the Russian screens)
        self.env.ref("cs_feedback.user_cs_operator").lang = "en_US"
        self.start_tour("/odoo", "cs_feedback_menu_tour", login="cs_operator")
