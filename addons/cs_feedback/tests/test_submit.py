from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import CsFeedbackCommon


class TestSubmitFeedback(CsFeedbackCommon):
    def _payload(self, **kw):
        payload = {
            "kind": "thanks",
            "channel": "web",
            "description": "Спасибо Анне за помощь!",
            "customer": {"name": "Ольга", "email": "olga@example.com"},
        }
        payload.update(kw)
        return payload

    def _submit(self, payload):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .cs_submit_feedback(payload)
        )

    def test_thanks_with_employees(self):
        result = self._submit(
            self._payload(
                employee_ids=[self.emp_anna.id, self.emp_igor.id],
                publish_consent=True,
                publish_scope="anonymous",
                external_ref="web-1",
            )
        )
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        self.assertEqual(
            set(result),
            {
                "id",
                "number",
                "kind",
                "promised_date",
                "responsible",
                "duplicate",
                "suggested_employee_ids",
            },
        )
        self.assertEqual(result["suggested_employee_ids"], [])
        self.assertEqual(result["kind"], "thanks")
        self.assertIs(result["duplicate"], False)
        self.assertIs(result["promised_date"], False)
        self.assertEqual(
            ticket.cs_praise_ids.employee_id, self.emp_anna + self.emp_igor
        )
        self.assertEqual(ticket.cs_publish_text, "Спасибо Анне за помощь!")
        self.assertEqual(ticket.cs_publish_scope, "anonymous")
        self.assertEqual(ticket.partner_id.email, "olga@example.com")

    def test_retry_returns_first_ticket(self):
        first = self._submit(self._payload(external_ref="msg-42"))
        count = self.env["helpdesk.ticket"].search_count([])
        again = self._submit(self._payload(external_ref="msg-42"))
        self.assertEqual(again["id"], first["id"])
        self.assertIs(again["duplicate"], True)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)

    def test_customer_matching(self):
        by_email = self._submit(
            self._payload(customer={"name": "X", "email": "IVAN@example.com"})
        )
        self.assertEqual(
            self.env["helpdesk.ticket"].browse(by_email["id"]).partner_id, self.customer
        )
        by_phone = self._submit(
            self._payload(customer={"name": "X", "phone": "+7 900 000-00-01"})
        )
        self.assertEqual(
            self.env["helpdesk.ticket"].browse(by_phone["id"]).partner_id, self.customer
        )
        # the same number written the Russian domestic way: one customer
        by_domestic = self._submit(
            self._payload(customer={"name": "X", "phone": "8 (900) 000-00-01"})
        )
        self.assertEqual(
            self.env["helpdesk.ticket"].browse(by_domestic["id"]).partner_id,
            self.customer,
        )
        new = self._submit(
            self._payload(customer={"name": "Новый", "phone": "+7 999 1"})
        )
        self.assertEqual(
            self.env["helpdesk.ticket"].browse(new["id"]).partner_id.name, "Новый"
        )

    @mute_logger("odoo.sql_db")
    def test_bad_payloads_write_nothing(self):
        cases = {
            "kind": self._payload(kind="praise"),
            "channel": self._payload(channel="pigeon"),
            "customer": self._payload(customer={"name": "Без контакта"}),
            "customer.name": self._payload(customer={"email": "a@b.c"}),
            "employee_ids": self._payload(employee_ids=[self.emp_anna.id, 99999999]),
            "description": self._payload(description="я" * 20001),
            "publish_scope": self._payload(publish_scope="everyone"),
        }
        tickets = self.env["helpdesk.ticket"].search_count([])
        partners = self.env["res.partner"].search_count([])
        praises = self.env["cs.feedback.praise"].search_count([])
        for key, payload in cases.items():
            with self.assertRaises(ValidationError) as caught:
                self._submit(payload)
            self.assertIn(key, str(caught.exception))
        self.assertIn("99999999", str(self._error(cases["employee_ids"])))
        self.assertIn("pigeon", str(self._error(cases["channel"])))
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["cs.feedback.praise"].search_count([]), praises)

    def _error(self, payload):
        try:
            self._submit(payload)
        except ValidationError as exc:
            return exc
        return None

    def test_employees_only_on_thanks(self):
        with self.assertRaisesRegex(ValidationError, "employee_ids"):
            self._submit(
                self._payload(kind="complaint", employee_ids=[self.emp_anna.id])
            )

    def test_complaint_submission(self):
        result = self._submit(
            self._payload(kind="complaint", description="По ЗоЗПП требую возврат денег")
        )
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        self.assertEqual(ticket.cs_kind, "complaint")
        self.assertTrue(ticket.cs_legal_review)
