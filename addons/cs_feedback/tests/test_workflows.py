"""Issue 10: staff workflows without traps (views, defaults, wizards)."""

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CsFeedbackCommon


@tagged("post_install", "-at_install")
class TestOperatorComplaintViews(CsFeedbackCommon):
    def _arch(self, view_type, action_xmlid):
        action = self.env.ref(action_xmlid)
        view_id = next(
            (v.view_id.id for v in action.view_ids if v.view_mode == view_type), False
        )
        views = (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .get_views([(view_id, view_type)])
        )
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_complaint_action_defaults_to_my_open_by_promise(self):
        action = self.env.ref("cs_feedback.helpdesk_ticket_complaint_action")
        ctx = safe_eval(action.context, {"uid": self.operator.id})
        self.assertEqual(ctx.get("search_default_cs_my_open_complaints"), 1)
        for view_type in ("list", "kanban"):
            arch = self._arch(view_type, "cs_feedback.helpdesk_ticket_complaint_action")
            self.assertTrue(
                arch.get("default_order", "").startswith("cs_promised_date"),
                view_type,
            )
        search = self.env["helpdesk.ticket"].get_views([(False, "search")])
        arch = etree.fromstring(search["views"]["search"]["arch"])
        node = arch.xpath("//filter[@name='cs_my_open_complaints']")
        self.assertTrue(node)
        self.assertIn("uid", node[0].get("domain"))

    def test_list_and_card_show_promise_responsible_customer(self):
        action = "cs_feedback.helpdesk_ticket_complaint_action"
        arch = self._arch("list", action)
        for name in ("cs_promised_date", "cs_promise_state", "user_id", "partner_id"):
            field = arch.xpath(f"//field[@name='{name}']")
            self.assertTrue(field, name)
            self.assertNotIn(field[0].get("optional"), ("hide",), name)
            self.assertNotEqual(field[0].get("column_invisible"), "1", name)
        promised = arch.xpath("//field[@name='cs_promised_date']")[0]
        self.assertIn("missed", promised.get("decoration-danger", ""))
        card = self._arch("kanban", action).xpath("//t[@t-name='card']")[0]
        for name in ("cs_promised_date", "cs_promise_state", "user_id", "partner_id"):
            self.assertTrue(card.xpath(f".//field[@name='{name}']"), name)

    def test_my_open_complaints_filter(self):
        mine = self._complaint(user_id=self.operator.id)
        other = self._complaint(user_id=self.supervisor.id)
        domain = [
            ("cs_kind", "=", "complaint"),
            ("user_id", "=", self.operator.id),
            ("closed", "=", False),
        ]
        found = self.env["helpdesk.ticket"].search(domain)
        self.assertIn(mine, found)
        self.assertNotIn(other, found)


@tagged("post_install", "-at_install")
class TestLegalSignOff(CsFeedbackCommon):
    def _legal_complaint(self):
        return self._complaint(description="<p>Требую возврат по ЗоЗПП</p>")

    def test_menu_and_default_filter_awaiting_my_sign_off(self):
        menu = self.env.ref("cs_feedback.helpdesk_ticket_legal_sign_off_menu")
        self.assertIn(self.env.ref("cs_feedback.group_cs_legal"), menu.groups_id)
        action = menu.action
        self.assertIn("search_default_cs_awaiting_my_sign_off", action.context)
        ticket = self._legal_complaint()
        activity = ticket.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("cs_feedback.mail_activity_type_legal_review")
        )
        activity.user_id = self.legal
        other_legal = self.env["res.users"].create(
            {
                "name": "Other lawyer",
                "login": "t_cs_legal2",
                "groups_id": [(6, 0, self.env.ref("cs_feedback.group_cs_legal").ids)],
            }
        )
        unassigned = self._legal_complaint()
        unassigned.activity_ids.unlink()
        Ticket = self.env["helpdesk.ticket"]
        mine = Ticket.with_user(self.legal).search(
            [("cs_awaiting_my_sign_off", "=", True)]
        )
        self.assertIn(ticket, mine)
        self.assertIn(unassigned, mine)
        theirs = Ticket.with_user(other_legal).search(
            [("cs_awaiting_my_sign_off", "=", True)]
        )
        self.assertNotIn(ticket, theirs)
        self.assertIn(unassigned, theirs)
        ticket.with_user(self.legal).action_cs_legal_sign_off()
        self.assertNotIn(
            ticket,
            Ticket.with_user(self.legal).search(
                [("cs_awaiting_my_sign_off", "=", True)]
            ),
        )

    def test_sign_off_wizard_shows_draft_and_records_opinion(self):
        ticket = self._legal_complaint()
        answer = self.env["cs.feedback.canned.answer"].search(
            [("state", "=", "approved"), ("company_id", "=", ticket.company_id.id)],
            limit=1,
        )
        self.assertTrue(answer, "demo data has an approved canned answer")
        ticket.cs_canned_answer_id = answer
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).action_cs_open_legal_sign_off()
        action = ticket.with_user(self.legal).action_cs_open_legal_sign_off()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.legal)
            .with_context(**action["context"])
        )
        self.assertTrue(wizard_form.has_draft)
        self.assertTrue(wizard_form.draft_answer)
        self.assertIn("ЗоЗПП", wizard_form.customer_words)
        wizard_form.opinion = "Вернуть деньги в течение 10 дней"
        wizard = wizard_form.save()
        wizard.action_sign_off()
        self.assertEqual(ticket.cs_legal_signed_by, self.legal)
        self.assertEqual(ticket.cs_legal_opinion, "Вернуть деньги в течение 10 дней")
        # the opinion is guarded: nobody writes it directly
        with self.assertRaises(AccessError):
            ticket.with_user(self.legal).write({"cs_legal_opinion": "x"})

    def test_sign_off_without_opinion_still_works(self):
        ticket = self._legal_complaint()
        self.assertIs(ticket.with_user(self.legal).action_cs_legal_sign_off(), True)
        self.assertTrue(ticket.cs_legal_signed_at)
        self.assertFalse(ticket.cs_legal_opinion)
        other = self._legal_complaint()
        with self.assertRaises(ValidationError):
            other.with_user(self.legal).action_cs_legal_sign_off(opinion=["x"])
        self.assertFalse(other.cs_legal_signed_at)


@tagged("post_install", "-at_install")
class TestConsentWithoutTrap(CsFeedbackCommon):
    def test_ticking_consent_fills_who_when_channel_text(self):
        thanks = self._thanks(self.emp_anna)
        self.assertFalse(thanks.cs_publish_consent)
        with Form(thanks.with_user(self.operator)) as form:
            form.cs_publish_consent = True
            self.assertEqual(form.cs_publish_consent_partner_id, self.customer)
            self.assertEqual(form.cs_publish_consent_channel, "phone")
            self.assertTrue(form.cs_publish_consent_date)
            self.assertEqual(form.cs_publish_text, "Спасибо за помощь")
            form.cs_publish_text = "Спасибо Анне!"
        self.assertTrue(thanks.cs_publish_consent)
        self.assertEqual(thanks.cs_publish_consent_partner_id, self.customer)
        self.assertEqual(thanks.cs_publish_consent_channel, "phone")
        self.assertTrue(thanks.cs_publish_consent_date)
        self.assertEqual(thanks.cs_publish_text, "Спасибо Анне!")

    def test_consent_without_contact_channel_text_is_refused_in_plain_words(self):
        thanks = self._thanks(self.emp_anna, partner_id=False, cs_channel=False)
        with self.assertRaises(ValidationError) as caught:
            thanks.with_user(self.operator).write({"cs_publish_consent": True})
        message = str(caught.exception)
        # the channel as the form names it (helpdesk_mgmt's Channel)
        for label in ("Channel", "Text to Publish"):
            self.assertIn(label, message)
        self.assertNotIn("cs_", message)
        self.assertFalse(thanks.cs_publish_consent)
        with self.assertRaises(ValidationError):
            self._thanks(
                self.emp_anna,
                cs_channel=False,
                cs_publish_consent=True,
                cs_publish_text="Спасибо",
            )

    def test_record_consent_again_with_new_text(self):
        thanks = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="Спасибо Анне"
        )
        thanks.with_user(self.supervisor).action_cs_publish()
        with self.assertRaisesRegex(Exception, "Record Consent Again"):
            thanks.with_user(self.operator).write({"cs_publish_text": "Другой текст"})
        action = thanks.with_user(self.operator).action_cs_open_consent_again()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.operator)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.text, "Спасибо Анне")
        wizard.text = "Спасибо Анне за терпение"
        wizard.action_apply()
        self.assertTrue(thanks.cs_publish_consent)
        self.assertEqual(thanks.cs_publish_text, "Спасибо Анне за терпение")
        self.assertTrue(thanks.cs_publish_consent_date)
        # the published text changed: published again only by a supervisor
        self.assertFalse(thanks.cs_is_published)
        with self.assertRaises(ValidationError):
            thanks.with_user(self.operator).action_cs_record_consent_again("")


@tagged("post_install", "-at_install")
class TestDecisionWizardContext(CsFeedbackCommon):
    def _wizard(self, praises, user=None):
        action = praises.with_user(
            user or self.supervisor
        ).action_open_decision_wizard()
        return Form(
            self.env[action["res_model"]]
            .with_user(user or self.supervisor)
            .with_context(**action["context"])
        )

    def test_wizard_shows_words_ticket_manager_and_credit_points(self):
        ticket = self._thanks(self.emp_anna)
        form = self._wizard(ticket.cs_praise_ids)
        self.assertEqual(form.ticket_id, ticket)
        self.assertIn("Спасибо за помощь", form.customer_words)
        self.assertIn(self.manager_emp.name, form.manager_names)
        form.points = 25
        self.assertIn("25", form.credit_manager_help)
        self.assertFalse(form.self_credit)

    def test_self_credit_needs_confirmation(self):
        self.manager_emp.user_id = self.supervisor
        ticket = self._thanks(self.emp_anna)
        praise = ticket.cs_praise_ids
        form = self._wizard(praise)
        form.credit_manager = True
        self.assertTrue(form.self_credit)
        wizard = form.save()
        with self.assertRaisesRegex(UserError, "I confirm crediting myself"):
            wizard.action_apply()
        self.assertEqual(praise.state, "to_review")
        # the same through the API
        with self.assertRaises(UserError):
            praise.with_user(self.supervisor).action_reward(
                points=5, credit_manager=True
            )
        # without the manager credit the supervisor is not credited
        wizard.confirm_self_credit = True
        wizard.action_apply()
        self.assertEqual(praise.state, "rewarded")
        self.assertTrue(praise.manager_credited)

    def test_badge_without_user_warns_and_keeps_decision(self):
        ticket = self._thanks(self.emp_dmitry)
        form = self._wizard(ticket.cs_praise_ids)
        form.badge_id = self.env.ref("cs_feedback.badge_customer_praise")
        self.assertIn("Dmitry", form.badge_warning)
        form.note = "Спокойно и вежливо"
        form.save().action_apply()
        praise = ticket.cs_praise_ids
        self.assertEqual(praise.state, "rewarded")
        self.assertEqual(praise.reward_points, 10)
        self.assertEqual(praise.decision_note, "Спокойно и вежливо")
        self.assertEqual(
            self.env["cs.feedback.reward"].search_count(
                [("praise_id", "=", praise.id)]
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestBestPracticeWriteUp(CsFeedbackCommon):
    def test_best_practice_picks_rewarded_employee_and_starts_as_write_up(self):
        ticket = self._thanks(self.emp_anna + self.emp_dmitry)
        # the first praised is declined, the other one rewarded: the rewarded
        # employee is the subject of the best practice
        declined = ticket.cs_praise_ids[:1]
        rewarded = ticket.cs_praise_ids - declined
        declined.with_user(self.supervisor).action_decline(note="обычная работа")
        rewarded.with_user(self.supervisor).action_reward(points=5)
        action = ticket.with_user(self.supervisor).action_cs_make_best_practice()
        form = Form(
            self.env["cs.best.practice"]
            .with_user(self.supervisor)
            .with_context(**action["context"])
        )
        self.assertEqual(form.employee_id, rewarded.employee_id)
        self.assertNotEqual(form.name, ticket.name)
        self.assertIn("What was done", form.description)
        self.assertIn("Why it worked", form.description)
        self.assertNotEqual(form.description, ticket.description)
        practice = form.save()
        self.assertEqual(practice.ticket_ids, ticket)
