"""Reply templates render through mail.render.mixin: the inline_template
placeholders and the legacy ``{key}`` ones give the same draft."""

from odoo.exceptions import AccessError

from .common import CsReviewsCommon

LEGACY = "Sorry, {author}: complaint {ticket} ({resolution}) on {platform}."
INLINE = (
    "Sorry, {{ object.author_name }}: complaint {{ object.ticket_id.number }} "
    "({{ object.ticket_id.name }}) on {{ object.platform_id.name }}."
)


class TestReplyTemplate(CsReviewsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Template = cls.env["cs.review.reply.template"]
        cls.review = cls._review(external_id="tpl-1", author_name="Анна")

    def test_legacy_and_inline_placeholders_render_alike(self):
        self.review.with_user(self.responder).action_set_branch_objective()
        ticket = self.review.ticket_id
        expected = (
            f"Sorry, Анна: complaint {ticket.number} ({ticket.name}) on Test Maps."
        )
        for body in (LEGACY, INLINE):
            template = self.Template.create({"name": "T", "body": body})
            self.assertEqual(template._render_for(self.review), expected, body)
            # as the responder who drafts the reply
            self.assertEqual(
                template.with_user(self.responder)._render_for(self.review), expected
            )

    def test_empty_values_render_empty(self):
        review = self._review(external_id="tpl-2", author_name=False)
        for body in (LEGACY, INLINE):
            template = self.Template.create({"name": "T", "body": body})
            self.assertEqual(
                template._render_for(review), "Sorry, : complaint  () on Test Maps."
            )

    def test_shipped_templates_use_inline_placeholders(self):
        for xmlid in (
            "reply_template_unfounded",
            "reply_template_objective",
            "reply_template_follow_up",
        ):
            template = self.env.ref(f"cs_public_reviews.{xmlid}")
            self.assertIn("{{ object.author_name }}", template.body)
            self.assertNotIn("{author}", template.body)

    def test_unsafe_expression_needs_the_template_editor(self):
        self.env.ref("mail.group_mail_template_editor").users -= self.manager
        self.env.ref("base.group_user").implied_ids -= self.env.ref(
            "mail.group_mail_template_editor"
        )
        self.manager.invalidate_recordset()
        with self.assertRaises(AccessError):
            self.Template.with_user(self.manager).create(
                {"name": "Bad", "body": "{{ object.env.cr.dbname }}"}
            )
        # plain placeholders are fine for a manager
        template = self.Template.with_user(self.manager).create(
            {"name": "Fine", "body": INLINE}
        )
        self.assertTrue(template)
