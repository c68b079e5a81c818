"""Public review core: the fields, the states and their transitions that belong to
no other job (create, write, the group check of the actions).

The other jobs extend ``cs.public.review`` in their own files (listed in
``models/__init__.py``): authenticity scoring, burst re-scoring, sensitivity, the
reply flow, closing and reopening, the follow-up after resolution, the fake report
and the import API.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import index_exists

from odoo.addons.cs_base.tools import payload as P

from ..lib.domain import allowed_values

REVIEW_STATES = [
    ("new", "New"),
    ("to_reply", "To Reply"),
    ("replied", "Replied"),
    ("awaiting_confirmation", "Awaiting Confirmation"),
    ("confirmed", "Confirmed"),
    ("unconfirmed", "Not Confirmed"),
    ("closed", "Closed"),
    ("reported_fake", "Reported as Fake"),
]

VERDICTS = [
    ("unknown", "Unknown"),
    ("authentic", "Authentic"),
    ("suspicious", "Suspicious"),
    ("fake", "Fake"),
]

REVIEW_URL = P.Payload(P.optional(P.url()), prefix="url")
# workflow, decision and audit fields: changed by the actions only
GUARDED_FIELDS = {
    "state",
    "branch",
    "ticket_id",
    "verdict",
    "authenticity_score",
    "authenticity_reasons",
    "geo_city",
    "manual_verdict",
    "manual_verdict_note",
    "is_sensitive",
    "sensitive_reason",
    "sensitive_manual",
    "first_reply_at",
    "reply_hours",
    "replied_in_time",
    "follow_up_drafted_at",
    "follow_up_posted_at",
    "confirmed_at",
    "fake_report",
    "fake_reported_at",
    "close_reason",
    "reply_draft_note",
}
RESPONDER = "cs_public_reviews.group_review_responder"


class CsPublicReview(models.Model):
    """A review a customer (or someone pretending to be one) left on a platform.

    It carries an explainable authenticity score — every point comes with a reason
    line — and, when negative, the reply work: a task due by the platform's deadline,
    the replies, the complaint ticket and the customer's confirmation.
    """

    _name = "cs.public.review"
    _description = "Public Review"
    _inherit = ["mail.thread", "mail.activity.mixin", "cs.guarded.mixin"]
    _order = "published_at desc, id desc"
    _check_company_auto = True

    platform_id = fields.Many2one(
        comodel_name="cs.review.platform",
        string="Platform",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="platform_id.company_id",
        store=True,
        index=True,
    )
    external_id = fields.Char(
        string="External ID",
        required=True,
        index=True,
        copy=False,
        help="Identifier of the review on the platform (or in the monitoring tool).",
        default=lambda self: self.env._(
            "manual-%(stamp)s", stamp=fields.Datetime.now()
        ),
    )
    url = fields.Char(string="URL")
    author_name = fields.Char(string="Author")
    author_city = fields.Char(string="Stated City")
    author_ip = fields.Char(string="Author IP", groups=RESPONDER)
    author_subnet = fields.Char(
        compute="_compute_author_subnet", store=True, index=True, groups=RESPONDER
    )
    author_email = fields.Char(string="Author E-mail", groups=RESPONDER)
    author_phone = fields.Char(string="Author Phone", groups=RESPONDER)
    author_reach = fields.Integer(
        string="Author Reach",
        help="Followers or subscribers of the author (bloggers, journalists).",
    )
    published_at = fields.Datetime(
        string="Published", required=True, default=fields.Datetime.now, index=True
    )
    rating = fields.Integer(required=True, default=5, aggregator="avg")
    body = fields.Text(string="Text")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="Matched by the author's e-mail, then phone.",
    )
    geo_city = fields.Char(
        string="IP City",
        compute="_compute_authenticity",
        store=True,
        groups=RESPONDER,
    )
    authenticity_score = fields.Integer(
        string="Authenticity",
        compute="_compute_authenticity",
        store=True,
        aggregator="avg",
    )
    authenticity_reasons = fields.Text(
        string="Reasons",
        compute="_compute_authenticity",
        store=True,
        groups=RESPONDER,
    )
    verdict = fields.Selection(
        selection=VERDICTS,
        compute="_compute_authenticity",
        store=True,
        index=True,
        tracking=True,
    )
    manual_verdict = fields.Selection(
        selection=VERDICTS[1:],
        readonly=True,
        tracking=True,
        help="Set by a manager: overrides the computed verdict.",
    )
    manual_verdict_note = fields.Char(readonly=True)
    authentic_rating = fields.Float(
        compute="_compute_authentic_rating",
        store=True,
        aggregator="avg",
        digits=(3, 2),
        help="The rating, or nothing when the review is judged fake.",
    )
    is_negative = fields.Boolean(
        string="Negative", compute="_compute_is_negative", store=True, index=True
    )
    state = fields.Selection(
        selection=REVIEW_STATES,
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    branch = fields.Selection(
        selection=[
            ("unfounded", "Unfounded: explain"),
            ("objective", "Objective: complaint"),
        ],
        readonly=True,
        tracking=True,
    )
    is_sensitive = fields.Boolean(
        string="Sensitive",
        compute="_compute_is_sensitive",
        store=True,
        tracking=True,
        help="High reach, legal threat or press: replies need a PR approval. "
        "Once sensitive, only PR or a manager can clear it.",
    )
    sensitive_reason = fields.Char(compute="_compute_is_sensitive", store=True)
    sensitive_manual = fields.Selection(
        selection=[("sensitive", "Marked sensitive"), ("cleared", "Cleared by PR")],
        string="Sensitivity Decision",
        readonly=True,
        copy=False,
        tracking=True,
    )
    reply_deadline = fields.Datetime(
        compute="_compute_reply_deadline", store=True, index=True
    )
    reply_overdue = fields.Boolean(
        compute="_compute_reply_overdue", search="_search_reply_overdue"
    )
    first_reply_at = fields.Datetime(string="First Reply", readonly=True, copy=False)
    reply_hours = fields.Float(
        string="Reply Time (h)",
        readonly=True,
        copy=False,
        aggregator="avg",
        digits=(16, 1),
    )
    replied_in_time = fields.Float(
        string="Response Rate in Deadline (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="100 when the first reply was posted before the deadline, 0 after it.",
    )
    follow_up_drafted_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the follow-up draft was prepared for the solved ticket: the "
        "review then leaves the follow-up job's queue.",
    )
    follow_up_posted_at = fields.Datetime(readonly=True, copy=False)
    follow_up_due = fields.Boolean(
        string="Follow-up Due",
        compute="_compute_follow_up_due",
        store=True,
        copy=False,
        help="Replied, its ticket solved and no follow-up drafted yet: the "
        "follow-up job's queue (set when the ticket closes, cleared once drafted).",
    )
    confirmed_at = fields.Datetime(readonly=True, copy=False)
    reply_ids = fields.One2many(
        comodel_name="cs.review.reply", inverse_name="review_id", string="Replies"
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    ticket_closed = fields.Boolean(related="ticket_id.closed")
    fake_report = fields.Text(string="Evidence Summary", readonly=True, copy=False)
    fake_reported_at = fields.Datetime(readonly=True, copy=False)
    reply_draft_note = fields.Char(
        string="Draft Reply",
        readonly=True,
        copy=False,
        help="What choosing the branch did to the draft reply.",
    )
    close_reason = fields.Text(
        string="Closing Reason",
        readonly=True,
        copy=False,
        help="Why a manager closed the review without a posted reply.",
    )

    _sql_constraints = [
        (
            "external_id_platform_uniq",
            "UNIQUE(platform_id, external_id)",
            "A review with this external ID already exists on this platform.",
        ),
        (
            "rating_range",
            "CHECK(rating >= 1 AND rating <= 5)",
            "The rating goes from 1 to 5.",
        ),
        (
            "score_range",
            "CHECK(authenticity_score IS NULL OR "
            "(authenticity_score >= 0 AND authenticity_score <= 100))",
            "The authenticity score goes from 0 to 100.",
        ),
    ]

    def init(self):
        res = super().init()
        cr = self.env.cr
        # the kanban and the reports group a company's reviews by state and average
        # their rating: read from this index alone (index-only scan, a tenth of the
        # pages of the table), never from the wide rows (texts, reasons)
        cr.execute("DROP INDEX IF EXISTS cs_public_review_company_state_index")
        if not index_exists(cr, "cs_public_review_company_state_rating_index"):
            cr.execute(
                "CREATE INDEX cs_public_review_company_state_rating_index "
                "ON cs_public_review (company_id, state) INCLUDE (rating)"
            )
        return res

    # ------------------------------------------------------------------ computes

    def _expand_states(self, states, domain):
        """Every state is a kanban column, except those a plain AND domain rules out
        (the *Open* filter shows the four open columns, not four empty closed ones)."""
        allowed = allowed_values(domain, "state")
        return [
            key for key, _label in REVIEW_STATES if allowed is None or key in allowed
        ]

    @api.depends("platform_id", "author_name", "rating")
    def _compute_display_name(self):
        for review in self:
            platform = review.platform_id.name or ""
            author = review.author_name or self.env._("Anonymous")
            review.display_name = f"{platform} — {author} {'★' * (review.rating or 0)}"

    @api.depends("rating")
    def _compute_is_negative(self):
        for review in self:
            threshold = review._negative_rating_max(review.company_id)
            review.is_negative = bool(review.rating) and review.rating <= threshold

    # --------------------------------------------------------------- constraints

    @api.constrains("url")
    def _check_url(self):
        for review in self:
            if review.url:
                REVIEW_URL.validate(self.env, review.url)

    # ----------------------------------------------------------------------- CRUD

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | GUARDED_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        """A negative review starts "to reply". The state is ours to set: a
        caller's own ``state`` is refused by the guard (cs.guarded.mixin)."""
        Platform = self.env["cs.review.platform"].sudo()
        auto = []
        for vals in vals_list:
            # the threshold of the review's company (its platform's)
            platform = Platform.browse(
                vals.get("platform_id") or self.env.context.get("default_platform_id")
            )
            negative = bool(
                "state" not in vals
                and isinstance(vals.get("rating"), int)
                and vals["rating"] <= self._negative_rating_max(platform.company_id)
            )
            if negative and self.env.su:
                vals["state"] = "to_reply"
                negative = False
            auto.append(negative)
        reviews = super().create(vals_list)
        to_reply = self.browse(
            [review.id for review, flag in zip(reviews, auto, strict=True) if flag]
        )
        if to_reply:
            to_reply.sudo().write({"state": "to_reply"})
        reviews._rescore_burst_neighbours()
        reviews.filtered(lambda r: r.state == "to_reply")._schedule_reply_tasks()
        return reviews

    # ------------------------------------------------------------------- actions

    def _check_group(self, *groups):
        """The actions are reachable over RPC on any ids: the caller must be in one
        of ``groups`` and allowed to change these reviews (ACL + record rules)
        before the action writes with sudo()."""
        if self.env.su:
            return
        if not any(self.env.user.has_group(group) for group in groups):
            raise AccessError(
                self.env._("You are not allowed to do this on public reviews.")
            )
        self.check_access("write")

    def _check_responder(self):
        self._check_group(RESPONDER)

    # ----------------------------------------------------------------- business

    @api.model
    def _negative_rating_max(self, company=None):
        """Ratings up to this value are negative (setting of ``company``, else of
        the current company)."""
        return (company or self.env.company).cs_review_negative_rating_max

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Public review created")
