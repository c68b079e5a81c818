"""Fast unit tests of lib/placeholders.py (plain Python, no database)."""

import unittest

from ..lib.placeholders import allowed_expressions, convert_legacy_placeholders


class TestLibPlaceholders(unittest.TestCase):
    def test_legacy_placeholders(self):
        self.assertEqual(
            convert_legacy_placeholders("Sorry, {author}: {ticket} on {platform}."),
            "Sorry, {{ object.author_name }}: {{ object.ticket_id.number }} on "
            "{{ object.platform_id.name }}.",
        )
        self.assertEqual(
            convert_legacy_placeholders("{resolution}"), "{{ object.ticket_id.name }}"
        )
        # new syntax, unknown keys and empty texts are left alone
        text = "{{ object.author_name }} {unknown} {{author}}"
        self.assertEqual(convert_legacy_placeholders(text), text)
        self.assertEqual(convert_legacy_placeholders(""), "")
        self.assertFalse(convert_legacy_placeholders(False))
        self.assertIn("object.ticket_id.number", allowed_expressions())
