"""The company settings of Public Reviews (formerly system parameters): what counts
as negative, the burst window and size, the reach that makes a review sensitive and
the days a customer has to confirm a resolution."""

from odoo import api, fields, models, tools

# settings that change how stored reviews are judged: the cached map below is
# cleared whenever one of them is written
REVIEW_SETTINGS = (
    "cs_review_negative_rating_max",
    "cs_review_burst_window_hours",
    "cs_review_burst_min_reviews",
    "cs_review_sensitive_reach",
    "cs_review_confirmation_days",
    "cs_review_campaign_window_hours",
    "cs_review_campaign_min_members",
    "cs_review_campaign_min_platforms",
    "cs_review_campaign_penalty",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_review_negative_rating_max = fields.Integer(
        string="Negative Ratings Up To",
        default=2,
        help="Reviews rated up to this value are negative and get a reply task.",
    )
    cs_review_burst_window_hours = fields.Float(
        string="Burst Window (hours)",
        default=24.0,
        help="Reviews from one IP address or subnet within this time of each other "
        "count towards a burst.",
    )
    cs_review_burst_min_reviews = fields.Integer(
        string="Reviews in a Burst",
        default=3,
        help="Reviews within the burst window from one IP address or subnet that "
        "make a burst.",
    )
    cs_review_sensitive_reach = fields.Integer(
        string="Sensitive from Reach",
        default=10000,
        help="Authors with at least this many followers write sensitive reviews: "
        "replies need a PR approval.",
    )
    cs_review_confirmation_days = fields.Integer(
        string="Confirmation Days",
        default=30,
        help="Days after the follow-up before the customer's silence is recorded "
        "as «Not Confirmed».",
    )

    cs_review_campaign_window_hours = fields.Float(
        string="Campaign Window (hours)",
        default=72.0,
        help="Reviews with nearly the same text published within this time of each "
        "other are linked into a campaign.",
    )
    cs_review_campaign_min_members = fields.Integer(
        string="Reviews in a Campaign",
        default=3,
        help="Linked reviews that make a new campaign.",
    )
    cs_review_campaign_min_platforms = fields.Integer(
        string="Platforms in a Campaign",
        default=2,
        help="Platforms the linked reviews must span to make a new campaign.",
    )
    cs_review_campaign_penalty = fields.Integer(
        string="Campaign Penalty",
        default=40,
        help="Points taken from the authenticity score of each member of a "
        "campaign that is not dismissed. 0: shadow mode, the campaigns and their "
        "reason lines are kept, the scores are not lowered.",
    )
    # the detection of a company is serialised on this column
    # (cs.public.review._campaign_lock)
    cs_review_campaign_scan_at = fields.Datetime(
        string="Last Campaign Scan", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "cs_review_settings_positive",
            "CHECK(cs_review_negative_rating_max >= 0 "
            "AND cs_review_burst_window_hours > 0 "
            "AND cs_review_burst_min_reviews > 0 "
            "AND cs_review_sensitive_reach > 0 "
            "AND cs_review_confirmation_days > 0)",
            "The Public Reviews settings must be positive numbers.",
        ),
        (
            "cs_review_campaign_settings",
            "CHECK(cs_review_campaign_window_hours > 0 "
            "AND cs_review_campaign_min_members >= 2 "
            "AND cs_review_campaign_min_platforms >= 1 "
            "AND cs_review_campaign_penalty BETWEEN 0 AND 100)",
            "Campaigns need a positive window, at least 2 reviews on at least 1 "
            "platform, and a penalty from 0 to 100.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env.registry.clear_cache()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if set(REVIEW_SETTINGS) & vals.keys():
            self.env.registry.clear_cache()
        return res

    @api.model
    def _cs_review_confirmation_days(self):
        """``{company id: confirmation days}`` of every company, for the follow-up
        job: cached like the system parameter it replaces, so an idle run reads
        nothing but its queues."""
        return dict(self._cs_review_confirmation_days_cached())

    @api.model
    @tools.ormcache()
    def _cs_review_confirmation_days_cached(self):
        self.flush_model(["cs_review_confirmation_days"])
        self.env.cr.execute(
            "SELECT id, cs_review_confirmation_days FROM res_company "
            "WHERE cs_review_confirmation_days IS NOT NULL"
        )
        return tuple(self.env.cr.fetchall())
