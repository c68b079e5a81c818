"""Trust rules of cs_public_reviews through the ORM routes (issue "Trust: every rule
holds whatever route a caller takes"). Each test acts as the lowest user that must be
refused; the XML-RPC routes are in tests/test_trust_reviews.py."""

import contextlib
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import IP_MOSCOW, CsReviewsCommon

SORRY = "Извините, мы разбираемся."


class TestReplyGuard(CsReviewsCommon):
    def setUp(self):
        super().setUp()
        with freeze_time("2026-03-02 10:00:00"):
            self.review = self._review(
                external_id=f"tr-{self._testMethodName}",
                url="https://maps.example/r/1",
            )
        self.Reply = self.env["cs.review.reply"].with_user(self.responder)
        self.reply = self.Reply.create({"review_id": self.review.id, "body": SORRY})

    # finding 1: the context key and the guarded fields
    def test_context_key_no_longer_opens_the_state(self):
        reply = self.reply.with_context(cs_review_reply_transition=True)
        for vals in (
            {"state": "posted"},
            {"state": "approved"},
            {"approved_by_id": self.pr.id},
            {"approved_at": "2026-03-02 11:00:00"},
            {"posted_at": "2026-03-02 11:00:00"},
            {"posted_url": "https://maps.example/r/1#x"},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                reply.write(vals)
        self.assertEqual(self.reply.state, "draft")
        with self.assertRaises(AccessError):
            self.Reply.with_context(cs_review_reply_transition=True).create(
                {"review_id": self.review.id, "body": SORRY, "state": "posted"}
            )

    def test_default_state_context_is_dropped(self):
        reply = self.Reply.with_context(
            default_state="posted", default_posted_at="2026-03-02 11:00:00"
        ).create({"review_id": self.review.id, "body": SORRY})
        self.assertEqual(reply.state, "draft")
        self.assertFalse(reply.posted_at)

    def test_only_pr_approves(self):
        self.review.sudo().action_mark_sensitive()
        with self.assertRaises(AccessError):
            self.reply.action_approve()
        with self.assertRaises(AccessError):
            self.reply.with_user(self.manager).action_approve()
        self.reply.with_user(self.pr).action_approve()
        self.assertEqual(self.reply.state, "approved")
        self.assertEqual(self.reply.approved_by_id, self.pr)
        self.assertTrue(self.reply.approved_at)

    def test_importer_cannot_call_reply_actions(self):
        for action in ("action_submit", "action_post", "action_approve"):
            with self.assertRaises(AccessError, msg=action):
                getattr(self.reply.with_user(self.importer), action)()
        self.assertEqual(self.reply.state, "draft")

    # finding 2: a posted reply is immutable; posted_url is http(s)
    def test_posted_reply_is_immutable(self):
        self.reply.action_post()
        other = self._review(external_id="tr-other")
        for user in (self.responder, self.manager):
            reply = self.reply.with_user(user)
            for vals in (
                {"body": "Извините, другой текст"},
                {"kind": "follow_up"},
                {"review_id": other.id},
            ):
                with self.assertRaises(UserError, msg=f"{user.login} {vals}"):
                    reply.write(vals)
            for vals in (
                {"posted_at": "2020-01-01 00:00:00"},
                {"posted_url": "https://evil.example"},
                {"state": "draft"},
            ):
                # refused as a posted reply (UserError) before the guard (AccessError)
                with self.assertRaises(UserError, msg=f"{user.login} {vals}"):
                    reply.write(vals)
        # not even a sudo() caller rewrites what the company said
        with self.assertRaises(UserError):
            self.reply.sudo().write({"posted_url": "https://evil.example"})
        self.assertEqual(self.reply.posted_url, "https://maps.example/r/1")

    def test_posted_url_must_be_http(self):
        for bad in ("javascript:alert(1)", ["https://a.example"], "ftp://x.example", 7):
            with self.assertRaisesRegex(ValidationError, "posted_url", msg=repr(bad)):
                self.reply.action_post(posted_url=bad)
        self.assertEqual(self.reply.state, "draft")
        with self.assertRaisesRegex(ValidationError, "posted_url"):
            self.reply.sudo().write({"posted_url": "javascript:alert(1)"})
        self.reply.action_post(posted_url="https://maps.example/r/1#reply")
        self.assertEqual(self.reply.posted_url, "https://maps.example/r/1#reply")

    def test_review_url_must_be_http(self):
        with self.assertRaisesRegex(ValidationError, "url"):
            self.review.with_user(self.responder).write({"url": "javascript:alert(1)"})

    def test_editing_approved_reply_needs_new_approval(self):
        self.reply.with_user(self.pr).action_approve()
        other = self._review(external_id="tr-move")
        self.reply.write({"review_id": other.id})
        self.assertEqual(self.reply.state, "to_approve")
        self.assertFalse(self.reply.approved_by_id)


class TestSensitive(CsReviewsCommon):
    # finding 3: a responder cannot make a sensitive review ordinary
    def test_responder_cannot_clear_sensitive(self):
        review = self._review(external_id="s1", body="Подам в суд!").with_user(
            self.responder
        )
        self.assertTrue(review.is_sensitive)
        with self.assertRaises(AccessError):
            review.write({"is_sensitive": False})
        with self.assertRaises(AccessError):
            review.write({"sensitive_manual": "cleared"})
        with self.assertRaises(AccessError):
            review.action_clear_sensitive()
        # nor through the reply's related flag
        draft = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": SORRY})
        )
        # readonly related: ignored or refused, never written through
        with contextlib.suppress(AccessError):
            draft.write({"needs_approval": False})
        self.assertTrue(review.is_sensitive)
        # editing the text away does not clear it either
        review.write({"body": "Всё хорошо", "author_reach": 0})
        self.assertTrue(review.is_sensitive)
        reply = (
            self.env["cs.review.reply"]
            .with_user(self.responder)
            .create({"review_id": review.id, "body": SORRY})
        )
        with self.assertRaisesRegex(UserError, "PR approval"):
            reply.action_post()
        self.assertEqual(reply.state, "draft")
        # PR decides it is not sensitive: the responder may post
        review.with_user(self.pr).action_clear_sensitive()
        self.assertFalse(review.is_sensitive)
        reply.action_post()
        self.assertEqual(reply.state, "posted")

    def test_responder_marks_sensitive(self):
        review = self._review(external_id="s2").with_user(self.responder)
        self.assertFalse(review.is_sensitive)
        with self.assertRaises(AccessError):
            review.write({"is_sensitive": True})
        review.action_mark_sensitive()
        self.assertTrue(review.is_sensitive)
        review.with_user(self.manager).action_clear_sensitive()
        self.assertFalse(review.is_sensitive)


class TestReviewGuard(CsReviewsCommon):
    # finding 6: verdict, score, manual verdict and state through actions only
    def test_guarded_review_fields(self):
        review = self._review(external_id="g1")
        for user in (self.responder, self.pr, self.manager):
            for vals in (
                {"verdict": "authentic"},
                {"authenticity_score": 100},
                {"authenticity_reasons": "all fine"},
                {"manual_verdict": "authentic"},
                {"state": "closed"},
                {"branch": "unfounded"},
                {"first_reply_at": "2026-03-02 11:00:00"},
                {"fake_report": "x"},
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    review.with_user(user).write(vals)
        for vals in (
            {"state": "closed"},
            {"verdict": "authentic"},
            {"authenticity_score": 100},
            {"manual_verdict": "fake"},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                self.Review.with_user(self.responder).create(
                    {"platform_id": self.platform.id, "rating": 5, **vals}
                )
        created = (
            self.Review.with_user(self.responder)
            .with_context(default_state="closed", default_manual_verdict="fake")
            .create({"platform_id": self.platform.id, "rating": 1})
        )
        self.assertEqual(created.state, "to_reply")
        self.assertFalse(created.manual_verdict)

    def test_manual_verdict_by_manager_action(self):
        review = self._review(external_id="g2")
        with self.assertRaises(AccessError):
            review.with_user(self.responder).action_set_verdict("fake", "ботоферма")
        with self.assertRaises(AccessError):
            review.with_user(self.pr).action_set_verdict("fake")
        with self.assertRaisesRegex(ValidationError, "verdict"):
            review.with_user(self.manager).action_set_verdict("maybe")
        with self.assertRaisesRegex(ValidationError, "note"):
            review.with_user(self.manager).action_set_verdict("fake", ["x"])
        review.with_user(self.manager).action_set_verdict("fake", "ботоферма")
        self.assertEqual(review.verdict, "fake")
        self.assertIn("ботоферма", review.authenticity_reasons)
        review.with_user(self.manager).action_set_verdict(False)
        self.assertFalse(review.manual_verdict)
        self.assertNotEqual(review.verdict, "fake")

    def test_state_actions_check_the_group(self):
        review = self._review(external_id="g3", rating=5)
        with self.assertRaises(AccessError):
            review.with_user(self.responder).action_reset()
        with self.assertRaises(AccessError):
            review.with_user(self.importer).action_close()
        review.with_user(self.responder).action_close()
        self.assertEqual(review.state, "closed")
        review.with_user(self.manager).action_reset()
        self.assertEqual(review.state, "new")


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


class TestMultiCompany(CsReviewsCommon):
    # finding 7: company rules and company-scoped authenticity
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Company B"})
        cls.responder_b = new_test_user(
            cls.env,
            login="t_review_responder_b",
            groups="cs_public_reviews.group_review_responder",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.platform_b = cls.env["cs.review.platform"].create(
            {
                "name": "B Maps",
                "code": "test_maps",
                "company_id": cls.company_b.id,
            }
        )

    def test_second_company_sees_nothing_of_the_first(self):
        review = self._review(external_id="mc1")
        self.env["cs.review.reply"].create({"review_id": review.id, "body": SORRY})
        self.env["cs.review.faq"].create({"name": "Вопрос А", "is_published": True})
        self.env["cs.review.reply.template"].create(
            {"name": "Шаблон А", "body": "Извините"}
        )
        self.env["cs.review.network"].create({"name": "Офис А", "cidr": "10.0.0.0/8"})
        for model in (
            "cs.public.review",
            "cs.review.reply",
            "cs.review.reply.template",
            "cs.review.platform",
            "cs.review.faq",
            "cs.review.network",
        ):
            records = self.env[model].with_user(self.responder_b).search([])
            self.assertFalse(
                records.filtered(lambda r: r.company_id != self.company_b),
                f"{model}: company B's responder sees company A's records",
            )
        with self.assertRaises(AccessError):
            review.with_user(self.responder_b).read(["body"])
        self.assertEqual(
            self.env["cs.review.reply.template"]._fields["company_id"].required, True
        )

    def test_authenticity_ignores_other_companies(self):
        # company A's employee, network and burst
        self.env["hr.employee"].create(
            {"name": "Сотрудник А", "work_email": "staff@a.example"}
        )
        self.env["cs.review.network"].create(
            {"name": "Офис А", "cidr": "203.0.113.0/24"}
        )
        for i in range(3):
            self._review(
                external_id=f"burst-a{i}",
                author_ip=f"198.51.100.{i + 1}",
                published_at="2026-03-02 10:00:00",
            )
        review_b = self.Review.create(
            {
                "platform_id": self.platform_b.id,
                "external_id": "mc-b",
                "rating": 5,
                "author_email": "staff@a.example",
                "author_ip": "203.0.113.7",
                "published_at": "2026-03-02 10:30:00",
            }
        )
        self.assertEqual(review_b.company_id, self.company_b)
        reasons = review_b.authenticity_reasons or ""
        self.assertNotIn("employee", reasons)
        self.assertNotIn("company network", reasons)
        self.assertNotIn("Burst", reasons)
        burst_b = self.Review.create(
            {
                "platform_id": self.platform_b.id,
                "external_id": "mc-b2",
                "rating": 5,
                "author_ip": "198.51.100.9",
                "published_at": "2026-03-02 10:30:00",
            }
        )
        self.assertNotIn("Burst", burst_b.authenticity_reasons or "")
        # the same review in company A is caught
        review_a = self._review(
            external_id="mc-a",
            rating=5,
            author_email="staff@a.example",
            author_ip="203.0.113.7",
        )
        self.assertIn("employee", review_a.authenticity_reasons)
        self.assertIn("company network", review_a.authenticity_reasons)

    def test_import_only_sees_own_company_platforms(self):
        importer_b = new_test_user(
            self.env,
            login="t_review_import_b",
            groups="cs_public_reviews.group_review_import",
            company_id=self.company_b.id,
            company_ids=[Command.set(self.company_b.ids)],
        )
        result = self.Review.with_user(importer_b).cs_import_reviews(
            "test_maps",
            [{"external_id": "mc-imp", "rating": 5, "author_ip": IP_MOSCOW}],
        )
        review = self.Review.browse(result["results"][0]["id"])
        self.assertEqual(review.platform_id, self.platform_b)


@tagged("post_install", "-at_install")
class TestFaqPageCompany(HttpCase):
    def test_public_faq_lists_own_company_only(self):
        company_b = self.env["res.company"].create({"name": "FAQ Company B"})
        Faq = self.env["cs.review.faq"]
        Faq.create({"name": "Вопрос нашей компании", "is_published": True})
        Faq.create(
            {
                "name": "Вопрос чужой компании",
                "is_published": True,
                "company_id": company_b.id,
            }
        )
        response = self.url_open("/cs/faq")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Вопрос нашей компании", response.text)
        self.assertNotIn("Вопрос чужой компании", response.text)
