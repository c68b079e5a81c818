"""lib/matching.py: pairing debtor reports with agency contacts (no ORM)."""

import unittest
from datetime import datetime, timedelta

from ..lib import matching

T = datetime(2026, 3, 10, 12, 0)
TWO_HOURS = timedelta(hours=2)
CALL = (1, "call")


class TestMatching(unittest.TestCase):
    def test_within_and_outside_tolerance(self):
        contacts = [(100, CALL, T)]
        self.assertEqual(
            matching.match([(1, CALL, T + TWO_HOURS)], contacts, TWO_HOURS), {1: 100}
        )
        self.assertEqual(
            matching.match(
                [(1, CALL, T + TWO_HOURS + timedelta(seconds=1))],
                contacts,
                TWO_HOURS,
            ),
            {},
        )

    def test_same_handoff_and_channel_only(self):
        reports = [(1, (1, "message"), T), (2, (2, "call"), T)]
        self.assertEqual(matching.match(reports, [(100, CALL, T)], TWO_HOURS), {})

    def test_one_contact_matches_one_report_closest_first(self):
        reports = [
            (1, CALL, T - timedelta(hours=1)),
            (2, CALL, T + timedelta(minutes=5)),
        ]
        self.assertEqual(matching.match(reports, [(100, CALL, T)], TWO_HOURS), {2: 100})
        contacts = [(100, CALL, T), (101, CALL, T - timedelta(hours=1))]
        self.assertEqual(matching.match(reports, contacts, TWO_HOURS), {1: 101, 2: 100})

    def test_nothing_to_match(self):
        self.assertEqual(matching.match([], [(100, CALL, T)], TWO_HOURS), {})
        self.assertEqual(matching.match([(1, CALL, T)], [], TWO_HOURS), {})
