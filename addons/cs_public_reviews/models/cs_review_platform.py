from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .locking import lock_skip_locked

PLATFORM_KINDS = [
    ("company_site", "Company website"),
    ("maps", "Maps"),
    ("review_site", "Review site"),
    ("complaint_book", "Complaint book"),
    ("social", "Social network"),
    ("industry", "Industry portal"),
]


class CsReviewPlatform(models.Model):
    """A public resource where customers write about the company.

    Each platform is watched on a schedule by a responsible employee, has the company's
    representative account (who holds it, whether the platform verified it) and a
    deadline to reply to a negative review.
    """

    _name = "cs.review.platform"
    _description = "Review Platform"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True,
        help="Stable identifier monitoring tools use when importing reviews "
        "(e.g. yandex_maps).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    url = fields.Char(string="URL")
    kind = fields.Selection(
        selection=PLATFORM_KINDS, required=True, default="review_site"
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        required=True,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        tracking=True,
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
    )
    check_period_days = fields.Integer(
        string="Check Every (days)",
        default=1,
        required=True,
        help="How often the platform is checked for new reviews.",
    )
    last_check_date = fields.Date(string="Last Check", tracking=True)
    next_check_date = fields.Date(
        string="Next Check",
        compute="_compute_next_check_date",
        store=True,
        readonly=False,
    )
    reply_deadline_hours = fields.Integer(
        string="Reply Deadline (hours)",
        default=24,
        required=True,
        help="A negative review must be answered on this platform within this time.",
    )
    rep_account = fields.Char(
        string="Representative Account",
        groups="cs_public_reviews.group_review_responder",
        help="The company's account on this platform (login, profile URL).",
    )
    rep_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Account Holder",
        check_company=True,
        groups="cs_public_reviews.group_review_responder",
        help="The employee who holds the representative account.",
    )
    rep_verified = fields.Boolean(
        string="Account Verified",
        help="The platform confirmed the account speaks for the company.",
    )
    rep_missing = fields.Boolean(
        string="No Representative",
        compute="_compute_rep_missing",
        store=True,
        help="No representative account, or nobody holds it.",
    )
    review_ids = fields.One2many(
        comodel_name="cs.public.review", inverse_name="platform_id", string="Reviews"
    )
    review_count = fields.Integer(compute="_compute_rating_figures")
    rating_avg = fields.Float(
        string="Raw Rating",
        compute="_compute_rating_figures",
        digits=(3, 2),
        help="Average rating over all reviews.",
    )
    rating_avg_authentic = fields.Float(
        string="Authentic Rating",
        compute="_compute_rating_figures",
        digits=(3, 2),
        help="Average rating over the reviews not judged fake.",
    )
    fake_count = fields.Integer(
        string="Fake Reviews", compute="_compute_rating_figures"
    )
    reply_hours_median = fields.Float(
        string="Median Reply Time (h)",
        compute="_compute_rating_figures",
        digits=(16, 1),
    )
    check_overdue = fields.Boolean(
        compute="_compute_check_overdue", search="_search_check_overdue"
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The platform code must be unique.",
        ),
        (
            "check_period_positive",
            "CHECK(check_period_days > 0)",
            "The check period must be at least one day.",
        ),
        (
            "reply_deadline_positive",
            "CHECK(reply_deadline_hours > 0)",
            "The reply deadline must be positive.",
        ),
    ]

    @api.depends("last_check_date", "check_period_days")
    def _compute_next_check_date(self):
        for platform in self:
            if platform.last_check_date:
                platform.next_check_date = platform.last_check_date + timedelta(
                    days=platform.check_period_days
                )
            else:
                platform.next_check_date = fields.Date.context_today(platform)

    @api.depends("rep_account", "rep_employee_id")
    def _compute_rep_missing(self):
        for platform in self:
            platform.rep_missing = not (
                platform.rep_account and platform.rep_employee_id
            )

    def _compute_rating_figures(self):
        """Raw and authentic averages in two grouped queries for the whole set."""
        Review = self.env["cs.public.review"]
        domain = [("platform_id", "in", self.ids)]
        raw = {
            platform.id: (count, avg)
            for platform, count, avg in Review._read_group(
                domain, ["platform_id"], ["__count", "rating:avg"]
            )
        }
        authentic = {
            platform.id: (count, avg)
            for platform, count, avg in Review._read_group(
                domain + [("verdict", "!=", "fake")],
                ["platform_id"],
                ["__count", "rating:avg"],
            )
        }
        medians = self._get_reply_hours_medians()
        for platform in self:
            count, avg = raw.get(platform.id, (0, 0.0))
            auth_count, auth_avg = authentic.get(platform.id, (0, 0.0))
            platform.review_count = count
            platform.rating_avg = avg or 0.0
            platform.rating_avg_authentic = auth_avg or 0.0
            platform.fake_count = count - auth_count
            platform.reply_hours_median = medians.get(platform.id, 0.0)

    def _get_reply_hours_medians(self):
        if not self.ids:
            return {}
        self.env["cs.public.review"].flush_model(["platform_id", "reply_hours"])
        self.env.cr.execute(
            SQL(
                "SELECT platform_id, percentile_cont(0.5) WITHIN GROUP "
                "(ORDER BY reply_hours) FROM cs_public_review "
                "WHERE platform_id IN %s AND reply_hours IS NOT NULL "
                "GROUP BY platform_id",
                tuple(self.ids),
            )
        )
        return dict(self.env.cr.fetchall())

    @api.depends("next_check_date")
    def _compute_check_overdue(self):
        today = fields.Date.context_today(self)
        for platform in self:
            platform.check_overdue = bool(
                platform.next_check_date and platform.next_check_date < today
            )

    def _search_check_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue checks."))
        today = fields.Date.context_today(self)
        positive = (operator == "=") == value
        if positive:
            return [("next_check_date", "<", today)]
        return [
            "|",
            ("next_check_date", "=", False),
            ("next_check_date", ">=", today),
        ]

    def action_mark_checked(self):
        self.last_check_date = fields.Date.context_today(self)
        self.activity_feedback(["cs_public_reviews.mail_act_check_platform"])
        return True

    def action_view_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_public_reviews.cs_public_review_action"
        )
        action["domain"] = [("platform_id", "=", self.id)]
        action["context"] = {"default_platform_id": self.id}
        return action

    @api.model
    def _cron_check_platforms(self):
        """Give the responsible a "check platform" task when the period ended.

        One open task per platform: a platform that already has one is skipped, so
        running the job twice (or on two nodes) adds nothing.
        """
        activity_type = self.env.ref("cs_public_reviews.mail_act_check_platform")
        today = fields.Date.context_today(self)
        platforms = lock_skip_locked(
            self.search([("next_check_date", "<=", today), ("user_id", "!=", False)])
        )
        if not platforms:
            return True
        busy = {
            res_id
            for [res_id] in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", platforms.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": platform.id,
                "activity_type_id": activity_type.id,
                "automated": True,
                "user_id": platform.user_id.id,
                "date_deadline": platform.next_check_date or today,
                "summary": self.env._("Check %(platform)s", platform=platform.name),
            }
            for platform in platforms
            if platform.id not in busy
        ]
        self.env["mail.activity"].create(vals_list)
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Review platform created")
