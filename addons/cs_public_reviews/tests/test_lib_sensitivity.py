"""Fast unit tests of lib/sensitivity.py (plain Python, no database)."""

import unittest

from ..lib.sensitivity import sensitivity_signals


class TestLibSensitivity(unittest.TestCase):
    def test_signals(self):
        self.assertEqual(sensitivity_signals("Всё хорошо", 0, 10000), [])
        self.assertEqual(sensitivity_signals(None, 10000, 10000), ["reach"])
        self.assertEqual(sensitivity_signals("Подам в суд", 9999, 10000), ["legal"])
        self.assertEqual(
            sensitivity_signals("Напишу журналистам, и в суд", 20000, 10000),
            ["reach", "legal", "press"],
        )
