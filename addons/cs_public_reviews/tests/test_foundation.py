from datetime import date

import psycopg2

from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import CsReviewsCommon


class TestFoundation(CsReviewsCommon):
    def test_groups_chain(self):
        self.assertTrue(
            self.manager.has_group("cs_public_reviews.group_review_responder")
        )
        self.assertFalse(
            self.responder.has_group("cs_public_reviews.group_review_manager")
        )
        self.assertFalse(
            self.importer.has_group("cs_public_reviews.group_review_responder")
        )

    def test_next_check_follows_period(self):
        self.platform.write(
            {"last_check_date": date(2026, 3, 1), "check_period_days": 3}
        )
        self.assertEqual(self.platform.next_check_date, date(2026, 3, 4))

    def test_code_is_unique(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.cr.savepoint(),
        ):
            self.env["cs.review.platform"].create(
                {"name": "Dup", "code": "test_maps", "kind": "maps"}
            )

    def test_check_period_must_be_positive(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.CheckViolation),
            self.cr.savepoint(),
        ):
            self.platform.check_period_days = 0
            self.platform.flush_recordset()

    def test_responder_reads_but_cannot_write(self):
        self.assertTrue(
            self.env["cs.review.platform"].with_user(self.responder).search([])
        )
        with self.assertRaises(AccessError):
            self.platform.with_user(self.responder).write({"reply_deadline_hours": 1})

    def test_manager_marks_checked(self):
        self.platform.with_user(self.manager).action_mark_checked()
        self.assertEqual(self.platform.last_check_date, date.today())
