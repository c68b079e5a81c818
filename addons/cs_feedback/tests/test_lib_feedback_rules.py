"""Unit tests of the plain-Python feedback rules (lib/feedback_rules.py): no
database, no ORM."""

import unittest
from datetime import datetime

from ..lib import feedback_rules as R


class TestFeedbackRules(unittest.TestCase):
    def test_needs_legal_review(self):
        self.assertTrue(R.needs_legal_review("refund", ""))
        self.assertTrue(R.needs_legal_review("replacement", None))
        self.assertFalse(R.needs_legal_review("repair", "Нет интернета"))
        for text in (
            "Требую по закону о защите прав потребителей",
            "претензия",
            "по ЗоЗПП",
            "жалоба в Роспотребнадзор",
            "my consumer rights",
            "Consumer-Protection act",
        ):
            with self.subTest(text=text):
                self.assertTrue(R.needs_legal_review("none", text))
        self.assertFalse(R.cites_consumer_law(None))

    def test_legal_deadline(self):
        start = datetime(2026, 3, 2, 9, 0)
        self.assertEqual(R.legal_deadline("refund", start), datetime(2026, 3, 12, 9))
        self.assertFalse(R.legal_deadline("repair", start))
        self.assertFalse(R.legal_deadline(False, start))

    def test_default_result_channel(self):
        cases = [
            # (feedback channel, has e-mail, has phone) -> result channel
            (("email", True, True), "email"),
            (("web", False, True), "phone"),
            (("web", False, False), "letter"),
            (("phone", True, True), "phone"),
            (("phone", True, False), "email"),
            (("in_person", False, False), "letter"),
            (("messenger", False, False), "messenger"),
            (("social", True, False), "messenger"),
            ((False, True, False), "email"),
            ((False, False, True), "phone"),
            ((False, False, False), "letter"),
        ]
        for args, expected in cases:
            with self.subTest(args=args):
                self.assertEqual(R.default_result_channel(*args), expected)

    def test_escalated_priority(self):
        self.assertEqual(R.escalated_priority("0"), "1")
        self.assertEqual(R.escalated_priority(False), "1")
        self.assertEqual(R.escalated_priority("2"), "3")
        self.assertEqual(R.escalated_priority("3"), "3")

    def test_public_author(self):
        self.assertEqual(
            R.public_author(" Ольга Иванова ", "full_name"), "Ольга Иванова"
        )
        self.assertEqual(R.public_author("ольга a.иванова", "initials"), "О. A. И.")
        self.assertIsNone(R.public_author("Ольга", "anonymous"))
        self.assertIsNone(R.public_author("  ", "full_name"))
        self.assertIsNone(R.public_author(False, "initials"))
