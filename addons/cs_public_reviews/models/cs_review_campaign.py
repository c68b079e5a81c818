"""Coordinated campaigns: reviews of one company whose texts are near duplicates,
posted on several platforms within the campaign window (found by the import,
``cs_public_review_campaign.py``; the text rules are in ``lib/campaign``).

Staff judge a campaign: confirmed keeps the penalty on its members' scores,
dismissed lifts it; reporting sends the campaign's evidence to each platform with
the members' fake reports.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

CAMPAIGN_STATES = [
    ("detected", "Detected"),
    ("confirmed", "Campaign Confirmed"),
    ("dismissed", "Dismissed"),
    ("reported", "Reported"),
    ("merged", "Merged"),
]
# states whose members keep the score penalty
PENALISED_STATES = ("detected", "confirmed", "reported")
MANAGER = "cs_public_reviews.group_review_manager"
RESPONDER = "cs_public_reviews.group_review_responder"


class CsReviewCampaign(models.Model):
    _name = "cs.review.campaign"
    _description = "Review Campaign"
    _inherit = ["mail.thread", "cs.guarded.mixin"]
    _order = "last_at desc, id desc"
    _check_company_auto = True
    # responders read campaigns and discuss them in the chatter
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True
    )
    state = fields.Selection(
        CAMPAIGN_STATES,
        default="detected",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    review_ids = fields.One2many(
        "cs.public.review", "campaign_id", string="Reviews", readonly=True
    )
    member_count = fields.Integer(
        string="Number of Reviews", compute="_compute_members", store=True
    )
    platform_ids = fields.Many2many(
        "cs.review.platform",
        string="Platforms",
        compute="_compute_members",
        store=True,
    )
    platform_count = fields.Integer(
        string="Number of Platforms", compute="_compute_members", store=True
    )
    first_at = fields.Datetime(
        string="First Review", compute="_compute_members", store=True
    )
    last_at = fields.Datetime(
        string="Last Review", compute="_compute_members", store=True
    )
    score = fields.Float(
        string="Similarity",
        readonly=True,
        help="Mean similarity (0-1) of the linked pairs of reviews.",
    )
    shared_phrases = fields.Text(readonly=True)
    evidence_summary = fields.Text(
        readonly=True,
        help="What is sent to each platform with the fake reports of the members.",
    )
    merged_into_id = fields.Many2one(
        "cs.review.campaign",
        string="Merged Into",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    decided_at = fields.Datetime(string="Decided On", readonly=True)
    note = fields.Text(help="Why the campaign was confirmed or dismissed.")

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | {
            "name",
            "company_id",
            "state",
            "score",
            "shared_phrases",
            "evidence_summary",
            "merged_into_id",
            "decided_by_id",
            "decided_at",
        }

    @api.model_create_multi
    def create(self, vals_list):
        """Campaigns are found by the import, never entered: only the detection
        (sudo, after its own checks) creates them."""
        if not self.env.su:
            raise AccessError(
                self.env._("Campaigns are found by the review import, not created.")
            )
        return super().create(vals_list)

    @api.depends("platform_ids", "first_at")
    def _compute_name(self):
        for campaign in self:
            lang = campaign.company_id.partner_id.lang or self.env.lang
            campaign.name = campaign.with_context(lang=lang).env._(
                "Campaign %(date)s · %(platforms)s",
                date=campaign.first_at and campaign.first_at.strftime("%d.%m.%Y"),
                platforms=", ".join(campaign.platform_ids.mapped("name")),
            )

    @api.depends("review_ids.platform_id", "review_ids.published_at")
    def _compute_members(self):
        for campaign in self:
            reviews = campaign.review_ids
            dates = [d for d in reviews.mapped("published_at") if d]
            campaign.member_count = len(reviews)
            campaign.platform_ids = reviews.platform_id
            campaign.platform_count = len(reviews.platform_id)
            campaign.first_at = min(dates, default=False)
            campaign.last_at = max(dates, default=False)

    # ------------------------------------------------------------------- actions

    def _check_group(self, group):
        if self.env.su:
            return
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._("You are not allowed to do this on review campaigns.")
            )
        self.check_access("write" if group == MANAGER else "read")

    def _set_state(self, state, allowed, message):
        for campaign in self:
            if campaign.state not in allowed:
                raise UserError(
                    self.env._(
                        "state: campaign %(name)s is %(state)s.",
                        name=campaign.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[campaign.state],
                    )
                )
        self.sudo().write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decided_at": fields.Datetime.now(),
            }
        )
        for campaign in self:
            campaign.message_post(body=message)
        return True

    def action_confirm(self):
        """A manager confirms the campaign: its members keep the penalty."""
        self._check_group(MANAGER)
        return self._set_state(
            "confirmed",
            ("detected", "dismissed"),
            self.env._("Campaign confirmed."),
        )

    def action_dismiss(self):
        """A manager dismisses the campaign (the texts are alike for honest
        reasons): the penalty is lifted and the members are scored again."""
        self._check_group(MANAGER)
        return self._set_state(
            "dismissed",
            ("detected", "confirmed"),
            self.env._("Campaign dismissed: its reviews are scored without it."),
        )

    def action_reset(self):
        self._check_group(MANAGER)
        return self._set_state(
            "detected",
            ("confirmed", "dismissed"),
            self.env._("Campaign set back to detected."),
        )

    def action_report(self):
        """Send each platform the fake report of the campaign's suspected members,
        the campaign's evidence included (``cs.public.review.action_report_fake``).
        Responders and managers."""
        self._check_group(RESPONDER)
        for campaign in self:
            if campaign.state not in ("detected", "confirmed"):
                raise UserError(
                    self.env._(
                        "state: campaign %(name)s cannot be reported now.",
                        name=campaign.display_name,
                    )
                )
            reviews = campaign.review_ids.filtered(
                lambda r: r.verdict in ("suspicious", "fake")
                and r.state != "reported_fake"
            )
            if not reviews:
                raise UserError(
                    self.env._(
                        "No review of campaign %(name)s is suspected fake and "
                        "still unreported.",
                        name=campaign.display_name,
                    )
                )
            reviews.action_report_fake()
            campaign.sudo().write({"state": "reported"})
            campaign.message_post(
                body=self.env._(
                    "Reported to the platforms with %(count)s reviews.",
                    count=len(reviews),
                )
            )
        return True

    def action_open_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_public_reviews.cs_public_review_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {}
        return action
