from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .locking import lock_skip_locked


class CsReviewFaq(models.Model):
    """An answer to a question customers keep asking in reviews.

    Published entries appear on the public FAQ page; each has an owner and a date
    by which it must be re-read, so stale answers surface.
    """

    _name = "cs.review.faq"
    _description = "Review FAQ Entry"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, id"

    name = fields.Char(string="Question", required=True, translate=True, tracking=True)
    answer = fields.Html(translate=True, sanitize=True)
    sequence = fields.Integer(default=10)
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    review_due_date = fields.Date(
        string="Review By",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=180),
        tracking=True,
    )
    is_published = fields.Boolean(string="Published", tracking=True)
    review_ids = fields.Many2many(
        comodel_name="cs.public.review",
        string="Source Reviews",
        help="The reviews that asked this question.",
    )
    is_stale = fields.Boolean(
        string="Stale", compute="_compute_is_stale", search="_search_is_stale"
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    @api.depends("review_due_date")
    def _compute_is_stale(self):
        today = fields.Date.context_today(self)
        for faq in self:
            faq.is_stale = bool(faq.review_due_date and faq.review_due_date < today)

    def _search_is_stale(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on stale entries."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("review_due_date", "<", today)]
        return ["|", ("review_due_date", "=", False), ("review_due_date", ">=", today)]

    def action_mark_reviewed(self):
        """The owner confirms the answer is still valid: next review in 180 days
        (a stale answer is hidden from /cs/faq until then). Owner or manager."""
        if not self.env.su and not self.env.user.has_group(
            "cs_public_reviews.group_review_manager"
        ):
            others = self.filtered(lambda f: f.owner_id and f.owner_id != self.env.user)
            if others:
                raise AccessError(
                    self.env._(
                        "Only the owner of %(faq)s (%(owner)s) or a manager confirms "
                        "it is still valid.",
                        faq=others[0].display_name,
                        owner=others[0].owner_id.name,
                    )
                )
        self.write(
            {"review_due_date": fields.Date.context_today(self) + timedelta(days=180)}
        )
        self.activity_feedback(["cs_public_reviews.mail_act_faq_review"])
        return True

    def action_toggle_published(self):
        for faq in self:
            faq.is_published = not faq.is_published
        return True

    @api.model
    def _cron_flag_stale(self):
        """A "review this answer" task for the owner of each stale entry (once)."""
        activity_type = self.env.ref("cs_public_reviews.mail_act_faq_review")
        stale = lock_skip_locked(
            self.search([("is_stale", "=", True), ("owner_id", "!=", False)])
        )
        if not stale:
            return True
        busy = {
            res_id
            for [res_id] in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", stale.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": faq.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": faq.owner_id.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._("Review this FAQ answer"),
                }
                for faq in stale
                if faq.id not in busy
            ]
        )
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("FAQ entry created")
