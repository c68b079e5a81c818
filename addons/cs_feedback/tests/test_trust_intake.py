"""Trust: the intake API refuses bad payloads (key and value named) and matches
the customer exactly.
"""

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import CsFeedbackCommon

NOW = fields.Datetime.now


class TestTrustIntake(CsFeedbackCommon):
    # -- 5./6. payload validation ------------------------------------------

    def _submit(self, payload):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .cs_submit_feedback(payload)
        )

    def _payload(self, **kw):
        payload = {
            "kind": "thanks",
            "channel": "web",
            "description": "Спасибо!",
            "customer": {"name": "Ольга", "email": "olga.trust@example.com"},
        }
        payload.update(kw)
        return payload

    def test_customer_email_is_matched_exactly(self):
        with self.assertRaisesRegex(ValidationError, "customer.email"):
            self._submit(self._payload(customer={"name": "X", "email": "%"}))
        with self.assertRaisesRegex(ValidationError, "customer.email"):
            self._submit(self._payload(customer={"name": "X", "email": "not-an-email"}))
        with self.assertRaisesRegex(ValidationError, "customer.phone"):
            self._submit(self._payload(customer={"name": "X", "phone": "%"}))
        result = self._submit(
            self._payload(customer={"name": "X", "email": "Ivan@Example.com"})
        )
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        self.assertEqual(ticket.partner_id, self.customer)
        result = self._submit(
            self._payload(customer={"name": "Y", "email": "_van@example.com"})
        )
        self.assertNotEqual(
            self.env["helpdesk.ticket"].browse(result["id"]).partner_id, self.customer
        )

    @mute_logger("odoo.sql_db")
    def test_bad_payload_values_are_refused(self):
        big = "x" * 1_000_001
        cases = {
            "kind": {"kind": ["thanks"]},
            "channel": {"channel": {"a": 1}},
            "publish_scope": {"publish_scope": ["initials"]},
            "customer.name": {"customer": {"name": big, "email": "a@b.example"}},
            "customer.email": {"customer": {"name": "A", "email": ["a@b.example"]}},
            "customer.phone": {"customer": {"name": "A", "phone": big}},
            "description": {"description": "a\x00b"},
            "publish_consent": {"publish_consent": "false"},
            "subject": {"subject": {"a": 1}},
            "external_ref": {"external_ref": "r" * 129},
            "employee_ids": {"employee_ids": [0]},
            "surprise": {"surprise": 1},
            "customer.lang": {
                "customer": {"name": "A", "email": "a@b.example", "lang": "xx_XX"}
            },
        }
        tickets = self.env["helpdesk.ticket"].search_count([])
        partners = self.env["res.partner"].search_count([])
        for key, change in cases.items():
            with self.subTest(key=key), self.assertRaises(ValidationError) as caught:
                self._submit(self._payload(**change))
            self.assertIn(key, str(caught.exception))
        with self.assertRaisesRegex(ValidationError, "employee_ids"):
            self._submit(self._payload(employee_ids=list(range(1, 52))))
        with self.assertRaisesRegex(ValidationError, "subject"):
            self._submit(self._payload(subject="s" * 201))
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_customer_lang_stored_on_new_partner(self):
        result = self._submit(
            self._payload(
                customer={
                    "name": "Lang",
                    "email": "lang.new@example.com",
                    "lang": "en_US",
                }
            )
        )
        partner = self.env["helpdesk.ticket"].browse(result["id"]).partner_id
        self.assertEqual(partner.lang, "en_US")
