"""Fast unit tests of lib/reply_check.py (plain Python, no database)."""

import unittest

from ..lib.reply_check import reply_problems


class TestLibReplyCheck(unittest.TestCase):
    def test_apology_first(self):
        self.assertEqual(reply_problems("Извините, мы разбираемся."), [])
        self.assertEqual(reply_problems("We are so sorry."), [])
        self.assertEqual(reply_problems("Приносим свои извинения."), [])
        self.assertEqual(reply_problems("Спасибо за отзыв."), [("no_apology", None)])
        self.assertEqual(reply_problems(None), [("no_apology", None)])

    def test_personal_data(self):
        problems = reply_problems(
            "Извините. Пишите на a.b@example.com или +7 (913) 555-12-34, "
            "договор № 12/345"
        )
        self.assertEqual(
            problems,
            [
                ("email", "a.b@example.com"),
                ("phone", "+7 (913) 555-12-34"),
                ("contract", "договор № 12/345"),
            ],
        )
        # a short number is not a phone
        self.assertEqual(reply_problems("Извините, 2026-03-02 в 10:00."), [])
