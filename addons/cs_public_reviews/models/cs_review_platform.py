from datetime import timedelta

from odoo import api, fields, models

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
        help="The company's account on this platform (login, profile URL).",
    )
    rep_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Account Holder",
        help="The employee who holds the representative account.",
    )
    rep_verified = fields.Boolean(
        string="Account Verified",
        help="The platform confirmed the account speaks for the company.",
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

    def action_mark_checked(self):
        self.last_check_date = fields.Date.context_today(self)
        return True
