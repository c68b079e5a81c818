"""Trust rules of the review import through the ORM routes: the import role is a
portal user that reaches nothing but ``cs_import_reviews``; one schema, every failure
a row error, a batch cap; personal fields carry ``groups=``. The XML-RPC routes are
in tests/test_trust_reviews.py."""

from unittest.mock import patch

import psycopg2

from odoo.exceptions import AccessError, ValidationError

from .common import CsReviewsCommon


class TestImportRole(CsReviewsCommon):
    # finding 4: the import role is a portal user without access to the models
    def test_import_role_is_not_internal(self):
        self.assertTrue(self.importer.share)
        self.assertTrue(self.importer.has_group("base.group_portal"))
        self.assertFalse(self.importer.has_group("base.group_user"))

    def test_import_role_reaches_nothing_but_the_import(self):
        review = self._review(external_id="i1", author_email="a@example.com")
        user = self.importer
        for model in (
            "cs.public.review",
            "cs.review.platform",
            "cs.review.reply",
            "hr.employee",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(user).search([])
        with self.assertRaises(AccessError):
            review.with_user(user).read(["author_email"])
        with self.assertRaises(AccessError):
            review.with_user(user).write({"partner_id": False})
        with self.assertRaises(AccessError):
            review.with_user(user).action_close()
        with self.assertRaises(AccessError):
            review.with_user(user).action_set_verdict("fake")
        partner = self.env["res.partner"].create({"name": "Чужой клиент"})
        with self.assertRaises(AccessError):
            partner.with_user(user).read(["name"])
        self.assertEqual(review.state, "to_reply")
        result = self.Review.with_user(user).cs_import_reviews(
            "test_maps", [{"external_id": "i2", "rating": 5}]
        )
        self.assertEqual(result["created"], 1)

    def test_other_roles_cannot_import(self):
        with self.assertRaises(AccessError):
            self.Review.with_user(self.responder).cs_import_reviews(
                "test_maps", [{"external_id": "i3", "rating": 5}]
            )

    # finding 5: personal fields carry groups=
    def test_personal_fields_are_for_responders(self):
        group = "cs_public_reviews.group_review_responder"
        for model, fnames in {
            "cs.public.review": (
                "author_email",
                "author_phone",
                "author_ip",
                "author_subnet",
                "authenticity_reasons",
                "geo_city",
            ),
            "cs.review.platform": ("rep_account", "rep_employee_id"),
        }.items():
            for fname in fnames:
                self.assertEqual(self.env[model]._fields[fname].groups, group, fname)
        # the forms still open for every role of the addon
        for user in (self.responder, self.pr, self.manager):
            for model in ("cs.public.review", "cs.review.platform", "cs.review.reply"):
                self.env[model].with_user(user).get_views([(False, "form")])


class TestImportInput(CsReviewsCommon):
    # finding 8: one schema, every failure a row error, batch cap
    def _import(self, rows, code="test_maps"):
        return self.Review.with_user(self.importer).cs_import_reviews(code, rows)

    def test_update_path_reports_bad_values_per_row(self):
        good = {"external_id": "u1", "rating": 4, "published_at": "2026-03-01 10:00:00"}
        self.assertEqual(self._import([good])["created"], 1)
        rows = [
            dict(good, author_ip="300.1.2.3"),
            dict(good, url="javascript:alert(1)"),
            dict(good, author_email="not an address"),
            dict(good, author_email="a@b@c"),
            dict(good, rating="5"),
            dict(good, body="x\x00y"),
            dict(good, author_phone="1" * 33),
            dict(good, external_id="x" * 129),
            dict(good, external_id="u2", rating=2),
        ]
        result = self._import(rows)
        statuses = [r["status"] for r in result["results"]]
        self.assertEqual(statuses, ["error"] * 8 + ["created"], result)
        keys = [
            "author_ip",
            "url",
            "author_email",
            "author_email",
            "rating",
            "body",
            "author_phone",
            "external_id",
        ]
        for row_result, key in zip(result["results"], keys, strict=False):
            self.assertIn(key, row_result["error"])
            self.assertNotIn("Traceback", row_result["error"])
        review = self.Review.search([("external_id", "=", "u1")])
        self.assertEqual(review.rating, 4)
        self.assertFalse(review.author_ip)

    def test_batch_cap_and_platform_code(self):
        with self.assertRaisesRegex(ValidationError, "rows"):
            self._import([{"external_id": f"c{i}", "rating": 5} for i in range(1001)])
        with self.assertRaisesRegex(ValidationError, "rows"):
            self._import({"external_id": "c", "rating": 5})
        for code in (["test_maps"], 7, "", None, "x" * 65):
            with self.assertRaisesRegex(ValidationError, "platform_code"):
                self._import([{"external_id": "c", "rating": 5}], code=code)
        self.assertFalse(self.Review.search([("external_id", "in", ["c", "c0", "c1"])]))

    def test_database_refusal_is_a_row_error(self):
        """Whatever the create raises becomes that row's error; good rows kept;
        a raw database message never reaches the caller."""
        rows = [
            {"external_id": "d1", "rating": 5},
            {"external_id": "d2", "rating": 5},
            {"external_id": "d3", "rating": 5},
        ]
        Review = type(self.Review)
        original = Review._rescore_burst_neighbours

        def refuse(records):
            if "d2" in records.mapped("external_id"):
                raise ValidationError(records.env._("url: refused by a constraint"))
            if "d3" in records.mapped("external_id"):
                raise psycopg2.errors.CheckViolation("raw database text")
            return original(records)

        with patch.object(Review, "_rescore_burst_neighbours", refuse):
            result = self._import(rows)
        self.assertEqual(
            [r["status"] for r in result["results"]],
            ["created", "error", "error"],
            result,
        )
        self.assertIn("url", result["results"][1]["error"])
        self.assertIn("rows[2]", result["results"][2]["error"])
        self.assertNotIn("raw database text", result["results"][2]["error"])
        self.assertEqual(
            self.Review.search([("external_id", "in", ["d1", "d2", "d3"])]).mapped(
                "external_id"
            ),
            ["d1"],
        )
