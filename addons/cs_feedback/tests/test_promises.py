"""Issue 9: promises the customer can hold us to.

Every complaint is promised at creation (date from the team's SLA and the law,
responsible, result channel), whatever the route (ORM/form, cs_submit_feedback, the
mail gateway), and the commitment letter goes out once, from the company, in the
customer's language.
"""

from datetime import datetime
from unittest.mock import MagicMock

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user
from odoo.tools import convert_file

from .common import CsFeedbackCommon
from .test_helpdesk_ru_ui import load_russian

COMMITMENT = "cs_feedback.mail_template_complaint_commitment"
THANKS_DECISION = "cs_feedback.mail_template_thanks_decision"
LETTERS = (
    COMMITMENT,
    "cs_feedback.mail_template_complaint_delay",
    "cs_feedback.mail_template_complaint_escalated",
    THANKS_DECISION,
)

# Thursday 30 April 2026, 09:00 in Moscow: Friday 1 May is a public holiday
THURSDAY_0900_MSK = datetime(2026, 4, 30, 6, 0)


class TestPromisesCommon(CsFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.partner_id.email = "support@severnet.example"
        cls.company_from = cls.company.email_formatted
        cls.bot = cls.env.ref("base.user_root")
        cls.leader = new_test_user(
            cls.env, login="t_cs_leader", groups="cs_feedback.group_cs_operator"
        )

    def _send_offline(self, mails):
        """Send through the whole outgoing pipeline (sender checks, headers) with
        a stand-in for the SMTP connection."""
        smtp = MagicMock(from_filter=False, smtp_from=False)
        self.patch(type(self.env["ir.mail_server"]), "connect", lambda *a, **kw: smtp)
        mails.send()
        return smtp

    def _letters(self, ticket, template_xmlid):
        """The mail.mail of the letters rendered from one of our templates."""
        template = self.env.ref(template_xmlid)
        subject = template._render_field("subject", ticket.ids, compute_lang=True)[
            ticket.id
        ]
        messages = self._customer_messages(ticket).filtered(
            lambda m: m.subject == subject
        )
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "in", messages.ids)])
        )


class TestPromiseAtCreation(TestPromisesCommon):
    def _ru_team(self, days, **vals):
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Russia, 40 h",
                "tz": "Europe/Moscow",
                "cs_ru_production_calendar": True,
            }
        )
        calendar._cs_load_ru_holidays([2026])
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaints (SLA)",
                "user_ids": [(6, 0, [self.operator.id])],
                "use_sla": True,
                "resource_calendar_id": calendar.id,
                **vals,
            }
        )
        # as in the demo: a complaint policy without a target stage
        self.env["helpdesk.sla"].create(
            {
                "name": f"Complaint: {days} working days",
                "team_ids": [(6, 0, team.ids)],
                "days": days,
                "domain": "[('cs_kind', '=', 'complaint')]",
            }
        )
        return team

    def _created_at(self, moment):
        """Freeze both clocks: Python's and the cursor's (create_date)."""
        self.patch(self.env.cr, "_now", moment)
        return freeze_time(moment)

    def test_sla_of_the_team_dates_the_promise_on_the_russian_calendar(self):
        team = self._ru_team(3)
        with self._created_at(THURSDAY_0900_MSK):
            ticket = self._complaint(team_id=team.id)
            # OCA's own deadline is empty (the policy names no target stage, so its
            # line is "accomplished" at once): that is what was promised before
            self.assertFalse(ticket.sla_deadline)
            # Thu 7 h, Fri 1 May holiday, weekend, Mon 8 h, Tue 8 h, Wed 1 h
            self.assertEqual(ticket.cs_promised_date, datetime(2026, 5, 6, 6, 0))
            self.assertFalse(ticket.cs_legal_deadline)
            refund = self._complaint(team_id=team.id, cs_claim_type="refund")
            # 3 working days are earlier than the law's 10 calendar days
            self.assertEqual(refund.cs_legal_deadline, datetime(2026, 5, 10, 6, 0))
            self.assertEqual(refund.cs_promised_date, datetime(2026, 5, 6, 6, 0))
            # "Promise per Policy" gives the same date (nothing moves, nothing logged)
            refund.action_cs_default_promise()
            self.assertEqual(refund.cs_promised_date, datetime(2026, 5, 6, 6, 0))
            self.assertFalse(refund.cs_promise_log_ids)

    def test_law_wins_over_a_longer_sla(self):
        team = self._ru_team(15)
        with self._created_at(THURSDAY_0900_MSK):
            refund = self._complaint(team_id=team.id, cs_claim_type="refund")
            self.assertEqual(refund.cs_promised_date, datetime(2026, 5, 10, 6, 0))
            plain = self._complaint(team_id=team.id)
            self.assertGreater(plain.cs_promised_date, datetime(2026, 5, 10, 6, 0))

    def test_team_without_use_sla_is_promised_one_working_day(self):
        team = self._ru_team(3, use_sla=False)
        with self._created_at(THURSDAY_0900_MSK):
            ticket = self._complaint(team_id=team.id)
            # Thu 7 h, Fri 1 May holiday, weekend, Mon 1 h
            self.assertEqual(ticket.cs_promised_date, datetime(2026, 5, 4, 6, 0))

    def test_responsible_never_the_bot(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.bot)
        vals = {
            "name": "Нет связи",
            "description": "<p>…</p>",
            "partner_id": self.customer.id,
            "cs_kind": "complaint",
            "cs_channel": "email",
        }
        # team leader first, then the first member
        self.team.user_id = self.leader
        self.assertEqual(
            Ticket.create({**vals, "team_id": self.team.id}).user_id, self.leader
        )
        self.team.user_id = False
        self.assertEqual(
            Ticket.create({**vals, "team_id": self.team.id}).user_id,
            self.team.user_ids[:1],
        )
        # an OdooBot given by the caller is not a responsible either
        ticket = Ticket.create(
            {**vals, "team_id": self.team.id, "user_id": self.bot.id}
        )
        self.assertEqual(ticket.user_id, self.team.user_ids[:1])
        # nobody at all: no responsible, a note says what to do, no letter yet
        empty = self.env["helpdesk.ticket.team"].create({"name": "Empty"})
        ticket = Ticket.create({**vals, "team_id": empty.id})
        self.assertFalse(ticket.user_id)
        self.assertTrue(ticket.cs_promised_date)
        self.assertIn(
            "Nobody could be made responsible",
            "".join(ticket.message_ids.mapped("body")),
        )
        self.assertFalse(ticket.cs_commitment_sent_at)
        self.assertFalse(self._customer_messages(ticket))
        # setting one sends the commitment
        ticket.user_id = self.operator
        self.assertTrue(ticket.cs_commitment_sent_at)
        self.assertEqual(len(self._customer_messages(ticket)), 1)

    def test_responsible_is_the_creating_operator_of_the_team(self):
        self.team.user_id = self.leader
        self.assertEqual(self._complaint().user_id, self.operator)
        # not a member of the team: the team leader
        outsider = new_test_user(
            self.env, login="t_cs_outsider", groups="cs_feedback.group_cs_operator"
        )
        self.assertEqual(self._complaint(user=outsider).user_id, self.leader)
        # the caller's choice stays
        self.assertEqual(
            self._complaint(user_id=self.supervisor.id).user_id, self.supervisor
        )

    def test_result_channel_follows_the_feedback_channel(self):
        Partner = self.env["res.partner"]
        both = self.customer
        email_only = Partner.create({"name": "E", "email": "e@example.com"})
        phone_only = Partner.create({"name": "P", "phone": "+7 900 000-00-02"})
        nothing = Partner.create({"name": "N"})
        table = [
            ("email", both, "email"),
            ("web", both, "email"),
            ("review", both, "email"),
            ("email", phone_only, "phone"),
            ("web", nothing, "letter"),
            ("phone", both, "phone"),
            ("phone", email_only, "email"),
            ("messenger", both, "messenger"),
            ("social", nothing, "messenger"),
            ("in_person", both, "phone"),
            ("in_person", email_only, "email"),
            ("in_person", nothing, "letter"),
            (False, email_only, "email"),
        ]
        for channel, partner, expected in table:
            ticket = self._complaint(cs_channel=channel, partner_id=partner.id)
            self.assertEqual(
                ticket.cs_result_channel, expected, f"{channel} / {partner.name}"
            )
        given = self._complaint(cs_channel="phone", cs_result_channel="sms")
        self.assertEqual(given.cs_result_channel, "sms")

    def test_thanks_and_questions_get_no_promise(self):
        thanks = self._thanks(self.emp_anna)
        self.assertFalse(thanks.cs_promised_date)
        self.assertFalse(self._customer_messages(thanks))

    def test_becoming_a_complaint_is_promised(self):
        ticket = self._complaint(cs_kind="question")
        self.assertFalse(ticket.cs_promised_date)
        ticket.cs_kind = "complaint"
        self.assertTrue(ticket.cs_promised_date)
        self.assertEqual(ticket.user_id, self.operator)
        self.assertTrue(ticket.cs_commitment_sent_at)

    def test_mail_gateway_complaint_is_promised_and_answered(self):
        self.team.user_id = self.leader
        email = (
            "From: Олег Смирнов <oleg.smirnov@mail.example>\r\n"
            "To: complaints@severnet.example\r\n"
            "Subject: Третий день без интернета\r\n"
            "Message-ID: <cs-issue9-gateway@mail.example>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Верните связь или деньги.\r\n"
        )
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket",
            email,
            custom_values={"cs_kind": "complaint", "team_id": self.team.id},
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.cs_kind, "complaint")
        self.assertEqual(ticket.cs_channel, "email")
        self.assertEqual(ticket.partner_id.email, "oleg.smirnov@mail.example")
        self.assertEqual(ticket.user_id, self.leader)  # never OdooBot
        self.assertEqual(ticket.cs_result_channel, "email")
        self.assertTrue(ticket.cs_promised_date)
        self.assertTrue(ticket.cs_commitment_sent_at)
        mails = self._letters(ticket, COMMITMENT)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.email_from, self.company_from)


class TestSubmitPromise(TestPromisesCommon):
    def _submit(self, **kw):
        payload = {
            "kind": "complaint",
            "channel": "web",
            "description": "Нет связи с утра",
            "customer": {"name": "Пётр Сидоров", "email": "p.sidorov@mail.example"},
            **kw,
        }
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .cs_submit_feedback(payload)
        )

    def test_submit_returns_promise_and_sends_commitment_once(self):
        result = self._submit(external_ref="site-issue9-1")
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        self.assertEqual(
            result["promised_date"],
            fields.Datetime.to_string(ticket.cs_promised_date),
        )
        self.assertTrue(result["promised_date"])
        self.assertEqual(result["responsible"], self.operator.name)
        self.assertEqual(ticket.cs_result_channel, "email")
        self.assertEqual(len(self._letters(ticket, COMMITMENT)), 1)
        again = self._submit(external_ref="site-issue9-1")
        self.assertTrue(again["duplicate"])
        self.assertEqual(again["promised_date"], result["promised_date"])
        self.assertEqual(len(self._customer_messages(ticket)), 1)

    def test_new_customer_gets_the_company_language_unless_given(self):
        load_russian(self.env)
        self.company.partner_id.lang = "ru_RU"
        result = self._submit(customer={"name": "Анна", "email": "anna.r@example.com"})
        partner = self.env["helpdesk.ticket"].browse(result["id"]).partner_id
        self.assertEqual(partner.lang, "ru_RU")
        result = self._submit(
            customer={"name": "Ann", "email": "ann.e@example.com", "lang": "en_US"}
        )
        partner = self.env["helpdesk.ticket"].browse(result["id"]).partner_id
        self.assertEqual(partner.lang, "en_US")
        with self.assertRaisesRegex(ValidationError, "customer.lang: 'xx_XX'"):
            self._submit(
                customer={"name": "X", "email": "x@example.com", "lang": "xx_XX"}
            )


class TestLetters(TestPromisesCommon):
    def test_templates_are_company_letters_editable_by_admins(self):
        for xmlid in LETTERS:
            template = self.env.ref(xmlid)
            self.assertEqual(template.email_from, "{{ object.cs_letter_from }}")
            self.assertEqual(template.lang, "{{ object.partner_id.lang }}")
            data = self.env["ir.model.data"].search(
                [
                    ("module", "=", "cs_feedback"),
                    ("name", "=", xmlid.split(".")[1]),
                ]
            )
            self.assertTrue(data.noupdate, xmlid)

    def test_admin_edit_survives_module_update(self):
        template = self.env.ref(COMMITMENT)
        template.subject = "Edited by the admin"
        # what "-u cs_feedback" does with the data file
        convert_file(
            self.env,
            "cs_feedback",
            "data/mail_template_data.xml",
            {},
            mode="update",
            noupdate=False,
        )
        template.invalidate_recordset()
        self.assertEqual(template.subject, "Edited by the admin")

    def test_supervisor_without_email_decides_a_thanks(self):
        supervisor = new_test_user(
            self.env,
            login="t_cs_sup_noemail",
            groups="cs_feedback.group_cs_supervisor",
        )
        supervisor.partner_id.email = False
        ticket = self._thanks(self.emp_anna)
        ticket.cs_praise_ids.with_user(supervisor).action_reward(points=5)
        mails = self._letters(ticket, THANKS_DECISION)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.email_from, self.company_from)
        self.assertEqual(mails.author_id, self.company.partner_id)
        self._send_offline(mails)
        self.assertNotEqual(mails.state, "exception", mails.failure_reason)
        self.assertFalse(mails.failure_type)

    def test_operator_without_email_creates_a_complaint(self):
        operator = new_test_user(
            self.env, login="t_cs_op_noemail", groups="cs_feedback.group_cs_operator"
        )
        operator.partner_id.email = False
        self.team.user_ids = [(4, operator.id)]
        ticket = self._complaint(user=operator)
        mails = self._letters(ticket, COMMITMENT)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing")
        self.assertEqual(mails.email_from, self.company_from)
        self.assertEqual(mails.author_id, self.company.partner_id)
        self._send_offline(mails)
        self.assertNotEqual(mails.state, "exception", mails.failure_reason)

    def test_letters_speak_the_customer_language(self):
        load_russian(self.env)
        self.customer.lang = "ru_RU"
        ru = self._complaint()
        letter = self._letters(ru, COMMITMENT)
        self.assertEqual(letter.subject, f"Ваша жалоба {ru.number}: что будет дальше")
        self.assertIn("Ответственный", letter.body_html)
        english = self.env["res.partner"].create(
            {"name": "John", "email": "john@example.com", "lang": "en_US"}
        )
        en = self._complaint(partner_id=english.id)
        letter = self._letters(en, COMMITMENT)
        self.assertEqual(
            letter.subject, f"Your complaint {en.number}: what happens next"
        )
        self.assertIn("Responsible", letter.body_html)
