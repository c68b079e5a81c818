# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""``helpdesk.ticket.cs_suggest_praised`` and the ticket button "Find Praised
Employees": who may call them, input validation, the company's employees only,
the team first, no network."""

import socket
from unittest import mock

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from odoo.addons.cs_feedback.lib import praised
from odoo.addons.cs_feedback.lib.praised import loader

from .common import CsFeedbackCommon


class PraisedCommon(CsFeedbackCommon):
    """Russian-named employees nobody else in the database bears; the operator's
    own employee (a member of the team) shares a first name with someone outside
    the team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        cls.emp_svetlana = Employee.create({"name": "Кравцова Светлана Игоревна"})
        cls.emp_nikita = Employee.create({"name": "Никита Белозёров"})
        cls.emp_olga_team = Employee.create(
            {"name": "Ольга Шестакова", "user_id": cls.operator.id}
        )
        cls.emp_olga_other = Employee.create({"name": "Ольга Ступина"})
        cls.portal = new_test_user(
            cls.env, login="t_cs_portal_praised", groups="base.group_portal"
        )

    def _suggest(self, text, team_id=False, user=None):
        Ticket = self.env["helpdesk.ticket"].with_user(user or self.operator)
        return Ticket.cs_suggest_praised(text, team_id)


class TestSuggestPraised(PraisedCommon):
    def test_praised_operator_gets_suggestions_best_first(self):
        result = self._suggest(
            "Огромное спасибо Светлане Кравцовой! И Никите тоже спасибо."
        )
        self.assertEqual(
            result,
            [
                {
                    "employee_id": self.emp_svetlana.id,
                    "employee": "Кравцова Светлана Игоревна",
                    "mention": "Светлана Кравцова",
                    "confidence": praised.CONF_FULL,
                },
                {
                    "employee_id": self.emp_nikita.id,
                    "employee": "Никита Белозёров",
                    "mention": "Никита",
                    "confidence": praised.CONF_UNIQUE_FIRST,
                },
            ],
        )
        self.assertEqual(self._suggest(""), [])
        self.assertEqual(self._suggest("Спасибо за всё!"), [])

    def test_praised_team_decides_a_shared_first_name(self):
        text = "Спасибо Ольге за терпение!"
        self.assertEqual(self._suggest(text), [])
        result = self._suggest(text, self.team.id)
        self.assertEqual([r["employee_id"] for r in result], [self.emp_olga_team.id])
        self.assertEqual(result[0]["confidence"], praised.CONF_TEAM_FIRST)

    def test_praised_supervisor_may_suggest(self):
        result = self._suggest("Спасибо Светлане Кравцовой", user=self.supervisor)
        self.assertEqual([r["employee_id"] for r in result], [self.emp_svetlana.id])

    def test_praised_refused_to_non_operators(self):
        for user in (self.internal, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._suggest("Спасибо Светлане Кравцовой", user=user)

    def test_praised_bad_input_names_the_key(self):
        cases = [
            (123, False, "text"),
            (None, False, "text"),
            (["Светлана"], False, "text"),
            ("а" * 20001, False, "text"),
            ("a\x00b", False, "text"),
            ("Спасибо", "1", "team_id"),
            ("Спасибо", True, "team_id"),
            ("Спасибо", 1.5, "team_id"),
            ("Спасибо", -3, "team_id"),
            ("Спасибо", 2**31 - 2, "team_id"),
        ]
        for text, team_id, key in cases:
            with self.subTest(text=str(text)[:20], team_id=team_id):
                with self.assertRaises(ValidationError) as caught:
                    self._suggest(text, team_id)
                self.assertIn(key, str(caught.exception))

    def test_praised_other_company_employees_are_not_suggested(self):
        company2 = self.env["res.company"].create({"name": "Second praised company"})
        self.env["hr.employee"].create(
            {"name": "Вадим Горбунцов", "company_id": company2.id}
        )
        self.assertEqual(self._suggest("Спасибо Вадиму Горбунцову!"), [])
        archived = self.env["hr.employee"].create({"name": "Зинаида Пожарская"})
        archived.action_archive()
        self.assertEqual(self._suggest("Спасибо Зинаиде Пожарской!"), [])

    def test_praised_suggestion_opens_no_socket(self):
        """The models ship in the wheels: a fresh load plus a suggestion open no
        connection."""

        def refuse(*args, **kwargs):
            raise AssertionError(f"network access: {args}")

        with (
            mock.patch.object(loader, "_models", None),
            mock.patch.object(socket.socket, "connect", refuse),
            mock.patch.object(socket, "create_connection", refuse),
            mock.patch.object(socket, "getaddrinfo", refuse),
        ):
            result = self._suggest("Спасибо Светлане Кравцовой")
            self.assertIsNotNone(loader._models)
        self.assertEqual([r["employee_id"] for r in result], [self.emp_svetlana.id])


class TestFindPraisedButton(PraisedCommon):
    def _thanks_saying(self, text, employees=(), **vals):
        return self._thanks(list(employees), description=f"<p>{text}</p>", **vals)

    def test_praised_button_proposes_employees_not_on_the_ticket(self):
        ticket = self._thanks_saying(
            "Спасибо Светлане Кравцовой и Никите Белозёрову!", [self.emp_nikita]
        )
        action = ticket.with_user(self.operator).action_cs_find_praised()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("2", action["params"]["message"])
        self.assertIn("Кравцова Светлана Игоревна", action["params"]["message"])
        lines = ticket.cs_praise_ids
        self.assertEqual(
            {(p.employee_id, p.state) for p in lines},
            {(self.emp_nikita, "to_review"), (self.emp_svetlana, "proposed")},
        )
        # a second run adds nothing
        ticket.with_user(self.operator).action_cs_find_praised()
        self.assertEqual(len(ticket.cs_praise_ids), 2)

    def test_praised_button_nothing_found(self):
        ticket = self._thanks_saying("Спасибо всем за работу!")
        action = ticket.with_user(self.operator).action_cs_find_praised()
        self.assertEqual(action["params"]["type"], "info")
        self.assertFalse(ticket.cs_praise_ids)

    def test_praised_button_uses_the_ticket_team(self):
        ticket = self._thanks_saying("Ольга, спасибо!")
        ticket.with_user(self.operator).action_cs_find_praised()
        self.assertEqual(ticket.cs_praise_ids.employee_id, self.emp_olga_team)

    def test_praised_button_thanks_only_and_operators_only(self):
        complaint = self._complaint(description="<p>Светлана Кравцова нагрубила</p>")
        with self.assertRaises(UserError):
            complaint.with_user(self.operator).action_cs_find_praised()
        ticket = self._thanks_saying("Спасибо Светлане Кравцовой!")
        with self.assertRaises(AccessError):
            ticket.with_user(self.internal).action_cs_find_praised()
        self.assertFalse(ticket.cs_praise_ids)
