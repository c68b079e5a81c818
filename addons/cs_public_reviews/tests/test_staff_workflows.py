"""Issue 10: reviews and PR workflows without traps, public pages."""

from datetime import timedelta

from lxml import etree
from markupsafe import escape

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import IP_NOVOSIBIRSK, CsReviewsCommon

SORRY = "Извините, мы разбираемся."


class TestCloseReview(CsReviewsCommon):
    def _reply_tasks(self, review):
        return review.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("cs_public_reviews.mail_act_review_reply")
        )

    def test_negative_review_needs_a_posted_reply(self):
        review = self._review(external_id="c1").with_user(self.responder)
        self.assertEqual(review.state, "to_reply")
        with self.assertRaisesRegex(UserError, "post a reply"):
            review.action_close()
        self.assertEqual(review.state, "to_reply")
        # a draft is not enough
        self.env["cs.review.reply"].with_user(self.responder).create(
            {"review_id": review.id, "body": SORRY}
        )
        with self.assertRaisesRegex(UserError, "post a reply"):
            review.action_close()
        review.reply_ids.action_post()
        self.assertEqual(review.state, "closed")
        self.assertFalse(self._reply_tasks(review))

    def test_manager_closes_with_a_reason(self):
        review = self._review(external_id="c2")
        self.assertTrue(self._reply_tasks(review))
        for user in (self.responder, self.pr):
            with self.assertRaises(AccessError):
                review.with_user(user).action_close_with_reason("дубль")
            with self.assertRaises(AccessError):
                review.with_user(user).action_open_close_reason()
        with self.assertRaisesRegex(ValidationError, "reason"):
            review.with_user(self.manager).action_close_with_reason("  ")
        self.assertEqual(review.state, "to_reply")
        action = review.with_user(self.manager).action_open_close_reason()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
            .create({"reason": "Дубль отзыва, ответили на первый"})
        )
        wizard.action_confirm()
        self.assertEqual(review.state, "closed")
        self.assertEqual(review.close_reason, "Дубль отзыва, ответили на первый")
        self.assertIn("Дубль отзыва", review.message_ids[0].body)
        # the reply task is closed with the review
        self.assertFalse(self._reply_tasks(review))
        with self.assertRaises(AccessError):
            review.with_user(self.responder).write({"close_reason": "x"})

    def test_reopen(self):
        review = self._review(external_id="c3")
        review.with_user(self.manager).action_close_with_reason("Спам")
        with self.assertRaises(AccessError):
            review.with_user(self.importer).action_reopen()
        self.assertIs(review.with_user(self.responder).action_reopen(), True)
        self.assertEqual(review.state, "to_reply")
        self.assertFalse(review.close_reason)
        self.assertTrue(self._reply_tasks(review))
        with self.assertRaisesRegex(UserError, "not closed"):
            review.with_user(self.responder).action_reopen()
        # a positive review closes without a reply and reopens as new
        positive = self._review(external_id="c4", rating=5)
        positive.with_user(self.responder).action_close()
        self.assertEqual(positive.state, "closed")
        positive.with_user(self.responder).action_reopen()
        self.assertEqual(positive.state, "new")

    def test_close_button_asks_for_confirmation(self):
        arch = self.Review.get_views([(False, "form")])["views"]["form"]["arch"]
        doc = etree.fromstring(arch)
        [close] = doc.xpath("//button[@name='action_close']")
        self.assertTrue(close.get("confirm"))
        self.assertTrue(doc.xpath("//button[@name='action_reopen']"))
        self.assertTrue(doc.xpath("//button[@name='action_open_close_reason']"))


class TestPrApproval(CsReviewsCommon):
    def _sensitive_reply(self, external_id):
        review = self._review(external_id=external_id, body="Подам в суд!")
        self.assertTrue(review.is_sensitive)
        reply = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": SORRY})
        )
        return review, reply

    def _activities(self, review, xmlid):
        kind = self.env.ref(xmlid)
        return review.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def test_send_for_approval_and_approve(self):
        review, reply = self._sensitive_reply("p1")
        self.assertIs(reply.action_submit(), True)
        self.assertEqual(reply.state, "to_approve")
        self.assertEqual(reply.submitted_by_id, self.responder)
        todo = self._activities(review, "cs_public_reviews.mail_act_reply_approval")
        self.assertEqual(len(todo), 1)
        self.assertTrue(todo.user_id.has_group("cs_public_reviews.group_review_pr"))
        reply.with_user(self.pr).action_approve()
        self.assertFalse(
            self._activities(review, "cs_public_reviews.mail_act_reply_approval")
        )
        # the responder is told
        message = reply.message_ids.filtered(
            lambda m: self.responder.partner_id in m.partner_ids
        )
        self.assertTrue(message)
        self.assertIn("approved", message[0].body)

    def test_send_back_with_a_comment(self):
        review, reply = self._sensitive_reply("p2")
        reply.action_submit()
        with self.assertRaises(AccessError):
            reply.action_send_back("Нет")
        with self.assertRaises(AccessError):
            reply.action_open_send_back()
        with self.assertRaisesRegex(ValidationError, "comment"):
            reply.with_user(self.pr).action_send_back("")
        action = reply.with_user(self.pr).action_open_send_back()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.pr)
            .with_context(**action["context"])
            .create({"reason": "Уберите обещание компенсации"})
        )
        wizard.action_confirm()
        self.assertEqual(reply.state, "draft")
        self.assertEqual(reply.send_back_comment, "Уберите обещание компенсации")
        self.assertFalse(
            self._activities(review, "cs_public_reviews.mail_act_reply_approval")
        )
        rework = self._activities(review, "cs_public_reviews.mail_act_reply_rework")
        self.assertEqual(rework.user_id, self.responder)
        message = reply.message_ids.filtered(
            lambda m: self.responder.partner_id in m.partner_ids
        )
        self.assertIn("Уберите обещание компенсации", message[0].body)
        # sent again: the rework task is done, PR gets a new approval task
        reply.action_submit()
        self.assertFalse(
            self._activities(review, "cs_public_reviews.mail_act_reply_rework")
        )
        self.assertTrue(
            self._activities(review, "cs_public_reviews.mail_act_reply_approval")
        )

    def test_reply_form_buttons(self):
        Reply = self.env["cs.review.reply"].with_user(self.pr)
        arch = Reply.get_views([(False, "form")])["views"]["form"]["arch"]
        doc = etree.fromstring(arch)
        [submit] = doc.xpath("//button[@name='action_submit']")
        self.assertEqual(submit.get("string"), "Send for Approval")
        self.assertTrue(doc.xpath("//button[@name='action_open_send_back']"))


class TestBranchAndAuthenticityForm(CsReviewsCommon):
    def test_branch_says_the_draft_was_filled(self):
        review = self._review(external_id="b1").with_user(self.responder)
        self.assertFalse(review.reply_draft_note)
        review.action_set_branch_unfounded()
        self.assertTrue(review.reply_ids.body)
        self.assertIn("template", review.reply_draft_note)
        self.assertIn(review.reply_draft_note, review.message_ids[0].body)
        with Form(review) as form:
            self.assertEqual(form.reply_draft_note, review.reply_draft_note)

    def test_form_explains_the_score_and_hides_the_external_id(self):
        arch = self.Review.get_views([(False, "form")])["views"]["form"]["arch"]
        doc = etree.fromstring(arch)
        [explanation] = doc.xpath("//div[@name='score_explanation']")
        text = " ".join(explanation.itertext())
        self.assertIn("50", text)
        for weight in ("+15", "−25", "+30", "+5", "−50", "−40"):
            self.assertIn(weight, text)
        [external_id] = doc.xpath("//field[@name='external_id']")
        self.assertTrue(external_id.xpath("ancestor::page[@name='technical']"))


class TestKanbanColumns(CsReviewsCommon):
    def test_open_filter_shows_only_open_columns(self):
        self._review(external_id="col-1")
        open_states = ["new", "to_reply", "replied", "awaiting_confirmation"]
        groups = self.Review.read_group(
            [("state", "in", open_states)], ["state"], ["state"]
        )
        self.assertEqual([g["state"] for g in groups], open_states)
        every = self.Review.read_group([], ["state"], ["state"])
        self.assertGreater(len(every), len(open_states))
        either = self.Review.read_group(
            ["|", ("state", "=", "new"), ("rating", "=", 5)], ["state"], ["state"]
        )
        self.assertEqual(len(either), len(every))


class TestStoredTextsLanguage(CsReviewsCommon):
    """The explanations stored on a review are written in the company's language,
    whoever caused the computation (an import in English, the install of the demo)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"].search(
            [("name", "=", "cs_public_reviews")]
        )._update_translations(["ru_RU"])
        cls.env.company.partner_id.lang = "ru_RU"

    def test_reasons_follow_the_company_language(self):
        review = self.Review.with_context(lang="en_US").create(
            {
                "platform_id": self.platform.id,
                "external_id": "lang-1",
                "rating": 1,
                "body": "Подам в суд, если не вернёте деньги",
                "published_at": "2026-03-02 10:00:00",
                "author_ip": IP_NOVOSIBIRSK,
                "author_city": "Москва",
            }
        )
        self.assertEqual(review.sensitive_reason, "угроза суда")
        # the bundled DB-IP Lite database names cities in English only; a GeoIP2
        # database with Russian names (geoip_city_db) gives «Новосибирск»
        self.assertIn(review.geo_city, ("Новосибирск", "Novosibirsk"))
        self.assertIn("-25 Указан город Москва", review.authenticity_reasons)
        self.assertNotIn("Stated city", review.authenticity_reasons)

    def test_creation_notes_are_whole_russian_sentences(self):
        """Not mail's "%s created" with an untranslated, ungendered model name."""
        env = self.env(context={"lang": "ru_RU"})
        platform = env["cs.review.platform"].create(
            {"name": "Отзовик", "code": "otzovik_ru"}
        )
        self.assertIn("Площадка отзывов создана", platform.message_ids[-1].body)


@tagged("post_install", "-at_install")
class TestPublicPages(HttpCase):
    def test_stale_faq_hidden_until_confirmed(self):
        owner = self.env["res.users"].create(
            {"name": "Владелец FAQ", "login": "t_faq_owner_10"}
        )
        other = self.env["res.users"].create(
            {"name": "Чужой", "login": "t_faq_other_10"}
        )
        for user in (owner, other):
            user.groups_id += self.env.ref("cs_public_reviews.group_review_responder")
        today = fields.Date.today()
        faq = self.env["cs.review.faq"].create(
            {
                "name": "Устаревший вопрос",
                "is_published": True,
                "answer": "<p>Старый ответ</p>",
                "owner_id": owner.id,
                "review_due_date": today - timedelta(days=1),
            }
        )
        self.env["cs.review.faq"].create(
            {"name": "Свежий вопрос", "is_published": True, "answer": "<p>Да</p>"}
        )
        response = self.url_open("/cs/faq")
        self.assertIn("Свежий вопрос", response.text)
        self.assertNotIn("Устаревший вопрос", response.text)
        with self.assertRaises(AccessError):
            faq.with_user(other).action_mark_reviewed()
        faq.with_user(owner).action_mark_reviewed()
        self.assertGreater(faq.review_due_date, today)
        response = self.url_open("/cs/faq")
        self.assertIn("Устаревший вопрос", response.text)

    def test_pages_show_the_company_and_link_each_other(self):
        company = self.env.company
        if "website" in self.env:
            company = self.env["website"].get_current_website().company_id
        pages = {"/cs/faq": "/cs/thanks", "/cs/thanks": "/cs/faq"}
        for path, link in pages.items():
            response = self.url_open(path)
            self.assertEqual(response.status_code, 200, path)
            self.assertIn("cs_company_name", response.text, path)
            self.assertIn(str(escape(company.name)), response.text, path)
            self.assertIn(
                f"/web/binary/company_logo?company={company.id}", response.text, path
            )
            self.assertIn(f'href="{link}"', response.text, path)
