"""The outcome rule of a promise (lib/promises.py), without the ORM."""

import unittest
from datetime import datetime, timedelta

from ..lib.promises import promise_outcome

DUE = datetime(2026, 3, 4, 9, 0)
HOUR = timedelta(hours=1)


class TestPromiseOutcomeRule(unittest.TestCase):
    def test_outcomes(self):
        cases = [
            # (closed_at, replaced_at, now) -> (outcome, slip)
            ((None, None, DUE - HOUR), ("open", False)),
            ((None, None, DUE + HOUR), ("missed", False)),
            ((DUE - 2 * HOUR, None, DUE), ("kept", -2.0)),
            ((DUE, None, DUE), ("kept", 0.0)),
            ((DUE + 3 * HOUR, None, DUE), ("missed", 3.0)),
            ((None, DUE - 5 * HOUR, DUE), ("moved_before_due", -5.0)),
            ((None, DUE + 5 * HOUR, DUE), ("moved_after_due", 5.0)),
            ((None, DUE, DUE), ("moved_after_due", 0.0)),
        ]
        for (closed, replaced, now), expected in cases:
            with self.subTest(closed=closed, replaced=replaced, now=now):
                self.assertEqual(promise_outcome(DUE, closed, replaced, now), expected)

    def test_no_date_is_open(self):
        self.assertEqual(promise_outcome(False, None, None, DUE), ("open", False))
