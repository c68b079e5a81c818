"""Fast unit tests of lib/domain.py (plain Python, no database)."""

import unittest

from ..lib.domain import allowed_values


class TestLibDomain(unittest.TestCase):
    def test_allowed_values(self):
        self.assertIsNone(allowed_values([], "state"))
        self.assertEqual(allowed_values([("state", "=", "new")], "state"), {"new"})
        self.assertEqual(
            allowed_values(
                [("state", "in", ("new", "closed")), ("state", "!=", "x")], "state"
            ),
            {"new", "closed"},
        )
        self.assertEqual(
            allowed_values(
                [("state", "in", ("new", "closed")), ("state", "=", "new")], "state"
            ),
            {"new"},
        )
        self.assertIsNone(
            allowed_values(["|", ("state", "=", "new"), ("rating", "=", 1)], "state")
        )
        self.assertIsNone(allowed_values([("rating", "=", 1)], "state"))
