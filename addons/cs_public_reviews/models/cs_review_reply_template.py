"""Reply templates: a text per kind and branch, rendered on the review by
``mail.render.mixin`` (inline_template ``{{ object.author_name }}``...). The legacy
``{author}``/``{platform}``/``{ticket}``/``{resolution}`` placeholders are still
accepted (``lib/placeholders.py``)."""

from odoo import api, fields, models

from ..lib.placeholders import convert_legacy_placeholders


class CsReviewReplyTemplate(models.Model):
    """Reply text per branch of the workflow, with placeholders.

    ``{{ object.author_name }}``, ``{{ object.platform_id.name }}``,
    ``{{ object.ticket_id.number }}`` and ``{{ object.ticket_id.name }}`` (or the
    legacy ``{author}``, ``{platform}``, ``{ticket}``, ``{resolution}``) are filled
    in when the draft is made; the responder edits the draft before posting.
    """

    _name = "cs.review.reply.template"
    _inherit = ["mail.render.mixin"]
    _description = "Review Reply Template"
    _order = "sequence, id"
    # like mail.template: whoever writes a template with expressions beyond the
    # plain field paths must be a template editor (checked on create and write),
    # so the responders who draft from it render it without that right
    _unrestricted_rendering = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        selection=[("first", "First Reply"), ("follow_up", "Follow-up")],
        required=True,
        default="first",
    )
    branch = fields.Selection(
        selection=[
            ("unfounded", "Unfounded: explain"),
            ("objective", "Objective: complaint"),
        ],
        help="Empty: any branch.",
    )
    body = fields.Text(required=True, translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.depends("kind")
    def _compute_render_model(self):
        self.render_model = "cs.public.review"

    def _render_for(self, review):
        """The body rendered on ``review`` (a draft reply's text)."""
        self.ensure_one()
        return self._render_body(review)[review.id]

    def _render_body(self, reviews):
        """``{review id: text}`` of the body rendered on ``reviews``, in the
        current language; legacy ``{key}`` placeholders are converted first."""
        self.ensure_one()
        rendered = self._render_template(
            convert_legacy_placeholders(self.body or ""),
            self.render_model,
            reviews.ids,
            engine="inline_template",
        )
        return {review_id: text or "" for review_id, text in rendered.items()}
