from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import CsReviewsCommon


class TestPlatformChecks(CsReviewsCommon):
    def test_cron_creates_one_check_task(self):
        self.platform.last_check_date = date(2026, 3, 1)
        Activity = self.env["mail.activity"]
        domain = [
            ("res_model", "=", "cs.review.platform"),
            ("res_id", "=", self.platform.id),
        ]
        with freeze_time("2026-03-01"):
            self.env["cs.review.platform"]._cron_check_platforms()
            self.assertFalse(Activity.search(domain))
        with freeze_time("2026-03-03"):
            self.env["cs.review.platform"]._cron_check_platforms()
            self.env["cs.review.platform"]._cron_check_platforms()
            activity = Activity.search(domain)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.responder)
            self.assertTrue(self.platform.check_overdue)
            self.assertIn(
                self.platform,
                self.env["cs.review.platform"].search([("check_overdue", "=", True)]),
            )
            self.platform.with_user(self.manager).action_mark_checked()
            self.assertFalse(Activity.search(domain))

    def test_concurrent_run_skips_platforms_locked_elsewhere(self):
        """A platform another transaction holds (a second node running the same
        job) is skipped, not given a second task."""
        Platform = self.env["cs.review.platform"]
        due = Platform.search(
            [
                ("next_check_date", "<=", date.today()),
                ("user_id", "!=", False),
                ("id", "!=", self.platform.id),
            ]
        )
        if len(due) < 2:
            self.skipTest("needs two overdue demo platforms")
        held, free = due[0], due[1:]
        Activity = self.env["mail.activity"]
        Activity.search([("res_model", "=", Platform._name)]).unlink()
        with self.registry.cursor() as other:
            other.execute(
                "SELECT id FROM cs_review_platform WHERE id = %s FOR UPDATE NOWAIT",
                [held.id],
            )
            Platform._cron_check_platforms()
            other.rollback()
        tasks = Activity.search([("res_model", "=", Platform._name)])
        self.assertNotIn(held.id, tasks.mapped("res_id"))
        self.assertTrue(set(free.ids) <= set(tasks.mapped("res_id")))

    def test_platform_without_representative(self):
        self.assertTrue(self.platform.rep_missing)
        employee = self.env["hr.employee"].create({"name": "Представитель"})
        self.platform.write({"rep_account": "official", "rep_employee_id": employee.id})
        self.assertFalse(self.platform.rep_missing)


class TestFaq(CsReviewsCommon):
    def test_stale_entries_flagged_once(self):
        faq = (
            self.env["cs.review.faq"]
            .with_user(self.responder)
            .create(
                {
                    "name": "Как перезагрузить роутер?",
                    "review_due_date": date(2026, 1, 1),
                }
            )
        )
        self.env["cs.review.faq"]._cron_flag_stale()
        self.env["cs.review.faq"]._cron_flag_stale()
        self.assertEqual(len(faq.activity_ids), 1)
        self.assertEqual(faq.activity_ids.user_id, self.responder)
        faq.action_mark_reviewed()
        self.assertFalse(faq.is_stale)
        self.assertFalse(faq.activity_ids)

    def test_importer_has_no_faq(self):
        with self.assertRaises(AccessError):
            self.env["cs.review.faq"].with_user(self.importer).search([])


class TestThanks(CsReviewsCommon):
    def test_authentic_praise_becomes_thanks(self):
        if "cs.feedback.praise" not in self.env:
            self.skipTest("cs_feedback has no cs.feedback.praise yet")
        employee = self.env["hr.employee"].create({"name": "Мастер Алексей"})
        review = self._review(
            external_id="t1",
            rating=5,
            author_city="Москва",
            author_ip="77.88.55.88",
            body="Мастер Алексей всё починил за час!",
        )
        self.assertEqual(review.verdict, "authentic")
        wizard = (
            self.env["cs.review.thanks.wizard"]
            .with_user(self.responder)
            .create({"review_id": review.id, "employee_ids": [(6, 0, employee.ids)]})
        )
        wizard.action_confirm()
        self.assertEqual(review.ticket_id.cs_kind, "thanks")
        self.assertEqual(review.ticket_id.cs_channel, "review")
        self.assertEqual(review.ticket_id.cs_praise_ids.employee_id, employee)
        self.assertEqual(review.state, "closed")

    def test_fake_praise_is_refused(self):
        review = self._review(
            external_id="t2", rating=5, author_city="Москва", author_ip="212.164.0.1"
        )
        wizard = self.env["cs.review.thanks.wizard"].create({"review_id": review.id})
        with self.assertRaises(UserError):
            wizard.action_confirm()


@tagged("post_install", "-at_install")
class TestFaqPage(HttpCase):
    def test_public_page_lists_published_only(self):
        Faq = self.env["cs.review.faq"]
        Faq.create(
            {
                "name": "Опубликованный вопрос",
                "is_published": True,
                "answer": "<p>Да</p>",
            }
        )
        Faq.create({"name": "Черновой вопрос", "is_published": False})
        response = self.url_open("/cs/faq")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Опубликованный вопрос", response.text)
        self.assertNotIn("Черновой вопрос", response.text)
