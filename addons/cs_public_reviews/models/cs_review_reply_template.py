from odoo import fields, models


class CsReviewReplyTemplate(models.Model):
    """Reply text per branch of the workflow, with placeholders.

    ``{author}``, ``{platform}``, ``{ticket}`` and ``{resolution}`` are replaced when
    the draft is made; the responder edits the draft before posting.
    """

    _name = "cs.review.reply.template"
    _description = "Review Reply Template"
    _order = "sequence, id"

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

    def _render_for(self, review):
        self.ensure_one()
        values = {
            "author": review.author_name or "",
            "platform": review.platform_id.name or "",
            "ticket": review.ticket_id.number
            if "number" in review.ticket_id._fields and review.ticket_id
            else (review.ticket_id.name or ""),
            "resolution": review.ticket_id.name or "",
        }
        body = self.body or ""
        for key, value in values.items():
            body = body.replace(f"{{{key}}}", str(value or ""))
        return body
