import json

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CsFeedbackCommon


class TestPublication(CsFeedbackCommon):
    def test_publish_needs_consent_and_text(self):
        ticket = self._thanks(self.emp_anna)
        with self.assertRaisesRegex(ValidationError, "consent"):
            ticket.with_user(self.supervisor).action_cs_publish()
        # issue 10: a consent without its text is refused when it is recorded
        with self.assertRaisesRegex(ValidationError, "Text to Publish") as caught:
            ticket.write({"cs_publish_consent": True})
        self.assertNotIn("cs_", str(caught.exception))

    def test_consent_records_who_when_channel(self):
        ticket = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="Спасибо Анне!"
        )
        self.assertEqual(ticket.cs_publish_consent_partner_id, self.customer)
        self.assertEqual(ticket.cs_publish_consent_channel, "phone")
        self.assertTrue(ticket.cs_publish_consent_date)

    def test_only_supervisor_publishes(self):
        ticket = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="Спасибо Анне!"
        )
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).action_cs_publish()
        ticket.with_user(self.supervisor).action_cs_publish()
        self.assertTrue(ticket.cs_is_published)

    def test_withdrawal_unpublishes_at_once(self):
        ticket = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="Спасибо Анне!"
        )
        ticket.with_user(self.supervisor).action_cs_publish()
        ticket.with_user(self.operator).action_cs_withdraw_consent()
        self.assertFalse(ticket.cs_is_published)
        self.assertFalse(ticket.cs_publish_consent)

    def test_consented_text_cannot_change(self):
        ticket = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="Спасибо Анне!"
        )
        with self.assertRaisesRegex(UserError, "exact text"):
            ticket.cs_publish_text = "Спасибо Анне и всей компании!"

    def test_complaints_are_never_published(self):
        ticket = self._complaint().with_user(self.supervisor)
        with self.assertRaises(ValidationError):
            ticket.write({"cs_publish_consent": True, "cs_publish_text": "x"})
            ticket.action_cs_publish()


@tagged("post_install", "-at_install")
class TestPublicThanks(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create({"name": "Иван Петров"})
        base = {
            "description": "<p>…</p>",
            "partner_id": partner.id,
            "cs_kind": "thanks",
            "cs_channel": "web",
            "cs_publish_consent": True,
        }
        Ticket = cls.env["helpdesk.ticket"]
        cls.published = Ticket.create(
            dict(
                base,
                name="A",
                cs_publish_text="Опубликовано-с-согласия",
                cs_publish_scope="initials",
            )
        )
        cls.published.action_cs_publish()
        cls.full = Ticket.create(
            dict(
                base,
                name="B",
                cs_publish_text="Полное-имя-показано",
                cs_publish_scope="full_name",
            )
        )
        cls.full.action_cs_publish()
        cls.unpublished = Ticket.create(
            dict(base, name="C", cs_publish_text="Не-опубликовано")
        )
        cls.no_consent = Ticket.create(
            dict(
                base, name="D", cs_publish_consent=False, cs_publish_text="Без-согласия"
            )
        )

    def test_html_page_lists_published_only(self):
        response = self.url_open("/cs/thanks")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Опубликовано-с-согласия", response.text)
        self.assertIn("И. П.", response.text)
        self.assertNotIn("Не-опубликовано", response.text)
        self.assertNotIn("Без-согласия", response.text)

    def test_json_feed_lists_published_only_with_author_per_scope(self):
        response = self.url_open("/cs/thanks.json")
        self.assertEqual(response.status_code, 200)
        items = {item["text"]: item for item in json.loads(response.text)}
        self.assertIn("Опубликовано-с-согласия", items)
        self.assertEqual(items["Опубликовано-с-согласия"]["author"], "И. П.")
        self.assertEqual(items["Полное-имя-показано"]["author"], "Иван Петров")
        self.assertNotIn("Не-опубликовано", items)
        self.assertNotIn("Без-согласия", items)
        self.assertEqual(set(items["Полное-имя-показано"]), {"text", "author", "date"})

    def test_public_visitor_cannot_read_tickets(self):
        public = self.env.ref("base.public_user")
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(public).search([])

    def test_browser_shows_published_and_hides_withdrawn(self):
        check = """
            const texts = [...document.querySelectorAll('.cs_thanks_text')]
                .map(e => e.textContent);
            if (!texts.includes('%s')) {
                console.error('published thanks missing: ' + texts);
            } else if (texts.includes('%s')) {
                console.error('unpublished thanks shown');
            } else { console.log('test successful'); }
        """
        self.browser_js(
            "/cs/thanks",
            check % ("Опубликовано-с-согласия", "Не-опубликовано"),
            ready="!!document.querySelector('#cs_thanks')",
        )
        self.published.action_cs_withdraw_consent()
        self.browser_js(
            "/cs/thanks",
            check % ("Полное-имя-показано", "Опубликовано-с-согласия"),
            ready="!!document.querySelector('#cs_thanks')",
        )


@tagged("post_install", "-at_install")
class TestPortalEscalation(HttpCase):
    def test_customer_escalates_own_complaint_only(self):
        portal = new_test_user(
            self.env, login="t_portal_cust", groups="base.group_portal"
        )
        other = self.env["res.partner"].create({"name": "Someone else"})
        Ticket = self.env["helpdesk.ticket"]
        own = Ticket.create(
            {
                "name": "Моя жалоба",
                "description": "<p>…</p>",
                "partner_id": portal.partner_id.id,
                "cs_kind": "complaint",
            }
        )
        foreign = Ticket.create(
            {
                "name": "Чужая",
                "description": "<p>…</p>",
                "partner_id": other.id,
                "cs_kind": "complaint",
            }
        )
        self.assertEqual(
            Ticket.with_user(portal).search([("cs_kind", "=", "complaint")]), own
        )
        self.authenticate("t_portal_cust", "t_portal_cust")
        page = self.url_open(f"/my/ticket/{own.id}")
        self.assertIn("cs_escalate_button", page.text)
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        self.url_open(f"/my/ticket/{own.id}/cs_escalate", data={"csrf_token": token})
        self.url_open(
            f"/my/ticket/{foreign.id}/cs_escalate", data={"csrf_token": token}
        )
        own.invalidate_recordset()
        foreign.invalidate_recordset()
        self.assertEqual(own.cs_escalation_level, 1)
        self.assertEqual(foreign.cs_escalation_level, 0)
