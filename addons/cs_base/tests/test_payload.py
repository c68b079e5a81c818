from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.cs_base.tools import payload as P

SCHEMA = P.Payload(
    P.obj(
        {
            "kind": P.choice([("complaint", "Complaint"), ("thanks", "Thanks")]),
            "customer": P.obj(
                {
                    "name": P.text(100),
                    "email": P.optional(P.email()),
                    "phone": P.optional(P.text(32)),
                },
                required=["name"],
            ),
            "consent": P.optional(P.boolean()),
            "points": P.optional(P.integer(0, 1000)),
            "at": P.optional(P.utc_datetime()),
            "url": P.optional(P.url()),
            "ids": P.optional(P.list_of(P.integer(1), max_items=3)),
        },
        required=["kind", "customer"],
    )
)
GOOD = {"kind": "thanks", "customer": {"name": "Мария", "email": "m@example.ru"}}


@tagged("post_install", "-at_install")
class TestPayload(TransactionCase):
    def assertRefused(self, payload, *fragments):
        with self.assertRaises(ValidationError) as caught:
            SCHEMA.validate(self.env, payload)
        for fragment in fragments:
            self.assertIn(fragment, str(caught.exception))

    def test_good_payload_passes_unchanged(self):
        self.assertEqual(SCHEMA.validate(self.env, GOOD), GOOD)
        self.assertEqual(
            SCHEMA.validate(self.env, dict(GOOD, consent=False)).get("consent"), False
        )

    def test_each_bad_value_is_named_with_its_key_and_value(self):
        cases = [
            ({"kind": ["complaint"]}, "kind", "['complaint']"),
            ({"kind": {"a": 1}}, "kind", "{'a': 1}"),
            ({"customer": {"name": 5}}, "customer.name", "5"),
            ({"customer": {"name": "A", "email": "%"}}, "customer.email", "'%'"),
            (
                {"customer": {"name": "A", "email": "not-an-email"}},
                "customer.email",
                "not-an-email",
            ),
            ({"customer": {"name": "x\x00y"}}, "customer.name", "NUL"),
            ({"customer": {"name": "x" * 1_000_000}}, "customer.name", "1000000"),
            ({"customer": {"name": "   "}}, "customer.name", "empty"),
            ({"consent": "false"}, "consent", "'false'"),
            ({"points": 2**31}, "points", "2147483648"),
            ({"points": 1.5}, "points", "1.5"),
            ({"points": True}, "points", "True"),
            ({"at": "0001-01-01 00:00:00"}, "at", "0001-01-01"),
            ({"at": "2026-02-30 10:00:00"}, "at", "2026-02-30"),
            ({"url": "javascript:alert(1)"}, "url", "javascript"),
            ({"url": ["http://a"]}, "url", "['http://a']"),
            ({"ids": [1, "abc"]}, "ids[1]", "'abc'"),
            ({"ids": [1, 2, 3, 4]}, "ids", "at most 3"),
            ({"extra": 1, "other": 2}, "extra, other", "unknown"),
        ]
        for change, key, value in cases:
            with self.subTest(key=key, value=value):
                self.assertRefused(dict(GOOD, **change), f"{key}:", value)

    def test_missing_keys_and_non_objects(self):
        self.assertRefused({"kind": "thanks"}, "customer: is required")
        self.assertRefused("nope", "payload:", "'nope'")
        self.assertRefused(None, "payload:", "None")

    def test_datetime_objects_from_xmlrpc_are_read_as_utc_strings(self):
        import datetime

        data = SCHEMA.validate(
            self.env, dict(GOOD, at=datetime.datetime(2026, 11, 30, 9, 15))
        )
        self.assertEqual(data["at"], "2026-11-30 09:15:00")
        self.assertEqual(
            P.parse_utc_datetime("2026-11-30 09:15"),
            datetime.datetime(2026, 11, 30, 9, 15),
        )
        self.assertIsNone(P.parse_utc_datetime("2101-01-01"))
        for iso in (
            "2026-11-30T09:15:00Z",
            "2026-11-30T09:15:00+00:00",
            "2026-11-30 09:15:00.123",
        ):
            self.assertEqual(
                P.parse_utc_datetime(iso), datetime.datetime(2026, 11, 30, 9, 15)
            )
        self.assertIsNone(P.parse_utc_datetime("2026-11-30T09:15:00+03:00"))

    def test_rows_keep_good_rows_and_cap_the_batch(self):
        rows = [GOOD, {"kind": "nope", "customer": {"name": "B"}}, 7]
        result = SCHEMA.row_errors(self.env, rows, key="rows", max_rows=5)
        self.assertEqual([index for index, _row, _error in result], [0, 1, 2])
        self.assertFalse(result[0][2])
        self.assertIn("rows[1].kind:", result[1][2])
        self.assertIn("rows[2]:", result[2][2])
        with self.assertRaisesRegex(ValidationError, "rows: 6 items, at most 5"):
            SCHEMA.row_errors(self.env, [GOOD] * 6, key="rows", max_rows=5)
        with self.assertRaisesRegex(ValidationError, "rows: 'x' is not a list"):
            SCHEMA.row_errors(self.env, "x", key="rows")

    def test_messages_are_translated(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        env_ru = self.env(context=dict(self.env.context, lang="ru_RU"))
        errors = SCHEMA.errors(env_ru, dict(GOOD, consent="false"))
        self.assertEqual(len(errors), 1)
        self.assertTrue(errors[0].startswith("consent: 'false'"))
