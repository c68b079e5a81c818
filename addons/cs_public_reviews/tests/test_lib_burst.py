"""Fast unit tests of lib/burst.py (plain Python, no database)."""

import unittest
from datetime import datetime, timedelta

from ..lib.burst import BurstIndex, merge_windows

HOUR = timedelta(hours=1)
T0 = datetime(2026, 3, 2, 10, 0)


class TestLibBurst(unittest.TestCase):
    def test_merge_windows(self):
        spans = merge_windows(
            {"a": [T0 + 2 * HOUR, T0, T0 + 10 * HOUR], "b": [T0], "c": []}, HOUR
        )
        self.assertEqual(
            sorted(spans),
            [
                # windows that touch are merged
                ("a", T0 - HOUR, T0 + 3 * HOUR),
                ("a", T0 + 9 * HOUR, T0 + 11 * HOUR),
                ("b", T0 - HOUR, T0 + HOUR),
            ],
        )
        # overlapping windows become one
        self.assertEqual(
            merge_windows({"a": [T0, T0 + HOUR]}, HOUR),
            [("a", T0 - HOUR, T0 + 2 * HOUR)],
        )
        self.assertEqual(merge_windows({}, HOUR), [])

    def test_burst_index_counts(self):
        rows = [
            (1, "10.0.0.1", "10.0.0.0/24", T0),
            (2, "10.0.0.1", "10.0.0.0/24", T0 + HOUR),
            (3, "10.0.0.2", "10.0.0.0/24", T0 + 2 * HOUR),
            (4, "10.0.0.2", "10.0.0.0/24", T0 + 30 * HOUR),
            (5, "10.0.1.1", "10.0.1.0/24", T0),
        ]
        index = BurstIndex(rows)
        window = timedelta(hours=24)
        self.assertEqual(index.count("10.0.0.0/24", "10.0.0.1", T0, window), (3, 2))
        self.assertEqual(
            index.count("10.0.0.0/24", "10.0.0.2", T0 + 30 * HOUR, window), (1, 1)
        )
        self.assertEqual(index.count("10.9.9.0/24", "10.9.9.9", T0, window), (0, 0))
