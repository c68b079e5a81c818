"""Fast unit tests of lib/authenticity.py (plain Python, no database)."""

import ipaddress
import unittest
from unittest.mock import patch

from ..lib import authenticity as auth

IP_MOSCOW = "77.88.55.88"


class TestLibAuthenticity(unittest.TestCase):
    def test_normalize_city(self):
        self.assertEqual(auth.normalize_city("г. Москва"), "moscow")
        self.assertEqual(auth.normalize_city("Санкт-Петербург"), "saint petersburg")
        self.assertEqual(auth.normalize_city("Moscow (Tverskoy)"), "moscow")
        self.assertEqual(auth.normalize_city("Екатеринбург"), "yekaterinburg")
        self.assertEqual(auth.normalize_city(""), "")
        self.assertEqual(auth.normalize_city(None), "")

    def test_same_city(self):
        self.assertTrue(auth.same_city("Новосибирск", "Novosibirsk"))
        self.assertTrue(auth.same_city("Ростов-на-Дону", "Rostov-on-Don"))
        self.assertTrue(auth.same_city("Нижний Новгород", "Nizhniy Novgorod"))
        self.assertFalse(auth.same_city("Москва", "Novosibirsk"))
        self.assertFalse(auth.same_city("Москва", False))

    def test_parse_ip_and_subnet(self):
        self.assertEqual(auth.parse_ip(" 10.0.0.1 "), ipaddress.ip_address("10.0.0.1"))
        self.assertIsNone(auth.parse_ip("300.1.2.3"))
        self.assertIsNone(auth.parse_ip(None))
        self.assertEqual(auth.subnet_of("95.170.128.10"), "95.170.128.0/24")
        self.assertEqual(auth.subnet_of("2001:db8::1"), "2001:db8::/64")
        self.assertFalse(auth.subnet_of("not an ip"))

    def test_phone_digits(self):
        self.assertEqual(auth.phone_digits("+7 (913) 555-12-34"), "9135551234")
        self.assertEqual(auth.phone_digits("8 913 555 12 34"), "9135551234")
        self.assertFalse(auth.phone_digits("12-34"))
        self.assertFalse(auth.phone_digits(None))

    def test_score_bounds_and_verdicts(self):
        self.assertEqual(auth.clamp_score(-40), 0)
        self.assertEqual(auth.clamp_score(130), 100)
        self.assertEqual(auth.clamp_score(65), 65)
        self.assertEqual(auth.verdict_of(100, False), "unknown")
        self.assertEqual(auth.verdict_of(60, True), "authentic")
        self.assertEqual(auth.verdict_of(59, True), "suspicious")
        self.assertEqual(auth.verdict_of(30, True), "suspicious")
        self.assertEqual(auth.verdict_of(29, True), "fake")
        self.assertEqual(auth.SCORE_BASE, 50)

    def test_lookup_without_database(self):
        self.assertEqual(auth.lookup_city(None, IP_MOSCOW), (False, False))
        self.assertFalse(auth.local_city_name(None, IP_MOSCOW, "ru_RU"))
        with patch.object(
            auth, "default_city_db_path", return_value="/nonexistent.mmdb"
        ):
            self.assertIsNone(auth.city_reader())

    def test_lookup_with_bundled_database(self):
        reader = auth.city_reader()
        if reader is None:
            self.skipTest("no GeoIP City database")
        city, country = auth.lookup_city(reader, IP_MOSCOW)
        self.assertEqual((city, country), ("Moscow", "RU"))
        self.assertEqual(auth.lookup_city(reader, "10.1.2.3"), (False, False))
        self.assertEqual(auth.lookup_city(reader, "not-an-ip"), (False, False))
