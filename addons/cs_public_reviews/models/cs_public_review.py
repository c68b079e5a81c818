import ipaddress
import logging
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.sql import (
    column_exists,
    create_column,
    create_index,
    index_exists,
    table_exists,
)

from odoo.addons.cs_base.tools import payload as P
from odoo.addons.cs_base.tools.concurrency import retry_if_duplicate

from . import authenticity as auth
from .locking import lock_skip_locked

_logger = logging.getLogger(__name__)

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

IMPORT_MAX_ROWS = 1000
# reviews per queue and call of the follow-up job (_cron_follow_up)
FOLLOW_UP_BATCH = 200
# one row of cs_import_reviews; unknown keys are refused
IMPORT_ROW = P.Payload(
    P.obj(
        {
            # monitoring tools send their ids as text or as whole numbers
            "external_id": {"anyOf": [P.text(128), P.integer(0, 10**18)]},
            "author_name": P.optional(P.text(255)),
            "author_city": P.optional(P.text(255)),
            "author_ip": P.optional(P.text(45)),
            "published_at": P.optional(P.utc_datetime()),
            "rating": P.integer(1, 5),
            "body": P.optional(P.text(20000)),
            "url": P.optional(P.url()),
            "author_email": P.optional(P.email()),
            "author_phone": P.optional(P.text(32)),
            "author_reach": P.optional(P.integer(0)),
        },
        required=["external_id", "rating"],
    )
)
IMPORT_TEXT_KEYS = (
    "author_name",
    "author_city",
    "author_ip",
    "body",
    "url",
    "author_email",
    "author_phone",
)
PLATFORM_CODE = P.Payload(P.text(64), prefix="platform_code")
SET_VERDICT = P.Payload(
    P.obj(
        {
            "verdict": P.optional(P.choice(VERDICTS[1:])),
            "note": P.optional(P.text(255)),
        },
        required=["verdict"],
    )
)
CLOSE_REASON = P.Payload(P.text(2000), prefix="reason")
REVIEW_URL = P.Payload(P.optional(P.url()), prefix="url")
# fields compared to decide between "updated" and "unchanged"
IMPORT_FIELDS = [
    "external_id",
    "author_name",
    "author_city",
    "author_ip",
    "published_at",
    "rating",
    "body",
    "url",
    "author_email",
    "author_phone",
    "author_reach",
]
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

SCORE_BASE = 50
# computed together by _compute_authenticity
AUTHENTICITY_FIELDS = [
    "authenticity_score",
    "authenticity_reasons",
    "verdict",
    "geo_city",
]


class BurstIndex:
    """Stored reviews around a batch, sorted per subnet and per IP: how many fall
    in a review's window is two binary searches, not a scan of the rows."""

    def __init__(self, rows):
        by_subnet, by_ip = defaultdict(list), defaultdict(list)
        for _id, ip, subnet, published_at in rows:
            by_subnet[subnet].append(published_at)
            by_ip[subnet, ip].append(published_at)
        for dates in (*by_subnet.values(), *by_ip.values()):
            dates.sort()
        self.by_subnet, self.by_ip = by_subnet, by_ip

    @staticmethod
    def _within(dates, start, end):
        return bisect_right(dates, end) - bisect_left(dates, start)

    def count(self, subnet, ip, published_at, window):
        """(reviews from the subnet, reviews from the IP) within ±window."""
        start, end = published_at - window, published_at + window
        return (
            self._within(self.by_subnet.get(subnet, ()), start, end),
            self._within(self.by_ip.get((subnet, ip), ()), start, end),
        )


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
        # burst windows: per subnet, a range of dates (_burst_rows)
        create_index(
            cr,
            "cs_public_review_burst_index",
            self._table,
            ["company_id", "author_subnet", "published_at"],
            where="author_subnet IS NOT NULL",
        )
        # the kanban and the reports group a company's reviews by state and average
        # their rating: read from this index alone (index-only scan, a tenth of the
        # pages of the table), never from the wide rows (texts, reasons)
        cr.execute("DROP INDEX IF EXISTS cs_public_review_company_state_index")
        if not index_exists(cr, "cs_public_review_company_state_rating_index"):
            cr.execute(
                "CREATE INDEX cs_public_review_company_state_rating_index "
                "ON cs_public_review (company_id, state) INCLUDE (rating)"
            )
        # the follow-up job's queues: only what it has to do now is indexed. The
        # first is one stored flag (set from the ticket side when it closes): a
        # condition over state + date + ticket let the planner guess thousands of
        # rows and walk the primary key through the whole history instead.
        cr.execute("DROP INDEX IF EXISTS cs_public_review_follow_up_queue_index")
        create_index(
            cr,
            "cs_public_review_follow_up_due_index",
            self._table,
            ["id"],
            where="follow_up_due",
        )
        create_index(
            cr,
            "cs_public_review_confirmation_queue_index",
            self._table,
            ["follow_up_posted_at"],
            where="state = 'awaiting_confirmation'",
        )
        return res

    def _auto_init(self):
        """Add ``follow_up_due`` to a stored table by SQL (only the few due reviews
        are set): the ORM would otherwise recompute it for every review ever."""
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(
            cr, self._table, "follow_up_due"
        ):
            create_column(cr, self._table, "follow_up_due", "boolean")
            cr.execute(
                SQL(
                    "UPDATE cs_public_review r SET follow_up_due = TRUE "
                    "FROM helpdesk_ticket t "
                    "JOIN helpdesk_ticket_stage s ON s.id = t.stage_id "
                    "WHERE t.id = r.ticket_id AND s.closed "
                    "AND r.state = 'replied' AND r.follow_up_drafted_at IS NULL"
                )
            )
        return super()._auto_init()

    # ------------------------------------------------------------------ computes

    @api.depends("state", "follow_up_drafted_at", "ticket_id.stage_id.closed")
    def _compute_follow_up_due(self):
        for review in self:
            review.follow_up_due = bool(
                review.state == "replied"
                and not review.follow_up_drafted_at
                and review.ticket_id.stage_id.closed
            )

    def _expand_states(self, states, domain):
        """Every state is a kanban column, except those a plain AND domain rules out
        (the *Open* filter shows the four open columns, not four empty closed ones)."""
        allowed = None
        if not any(leaf in ("|", "!") for leaf in domain):
            for leaf in domain:
                if isinstance(leaf, list | tuple) and len(leaf) == 3:
                    field, operator, value = leaf
                    if field != "state" or operator not in ("=", "in"):
                        continue
                    values = {value} if operator == "=" else set(value)
                    allowed = values if allowed is None else allowed & values
        return [
            key for key, _label in REVIEW_STATES if allowed is None or key in allowed
        ]

    @api.depends("platform_id", "author_name", "rating")
    def _compute_display_name(self):
        for review in self:
            platform = review.platform_id.name or ""
            author = review.author_name or self.env._("Anonymous")
            review.display_name = f"{platform} — {author} {'★' * (review.rating or 0)}"

    @api.depends("author_ip")
    def _compute_author_subnet(self):
        for review in self:
            review.author_subnet = auth.subnet_of(review.author_ip)

    @api.depends("author_email", "author_phone")
    def _compute_partner_id(self):
        """Match the author to a customer: e-mail first, then phone; two indexed
        queries per company (``res.partner._cs_match_contacts`` of cs_base)."""
        todo = self.filtered(
            lambda r: not r.partner_id and (r.author_email or r.author_phone)
        )
        Partner = self.env["res.partner"].sudo()
        for company, reviews in todo.grouped("company_id").items():
            by_email, by_phone = Partner._cs_match_contacts(
                emails={r.author_email for r in reviews if r.author_email},
                phones={r.author_phone for r in reviews if r.author_phone},
                company=company,
                exclude_employees=True,
            )
            for review in reviews:
                partner_id = by_email.get(review.author_email) or by_phone.get(
                    review.author_phone
                )
                if partner_id:
                    review.partner_id = partner_id

    @api.depends("rating")
    def _compute_is_negative(self):
        threshold = self._negative_rating_max()
        for review in self:
            review.is_negative = bool(review.rating) and review.rating <= threshold

    @api.depends("body", "author_reach", "sensitive_manual")
    def _compute_is_sensitive(self):
        """Sensitive by text or reach, or by hand; and it stays sensitive.

        Once a review is sensitive, editing its text or reach does not make it
        ordinary again: only PR or a manager clears it (``action_clear_sensitive``).
        """
        stored = self._stored_sensitivity()
        reach_min = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("cs_public_reviews.sensitive_reach", 10000)
        )
        legal = re.compile(
            r"суд|прокурат|роспотребнадзор|юрист|адвокат|иск\b|"
            r"court|lawyer|lawsuit|sue\b",
            re.IGNORECASE,
        )
        press = re.compile(
            r"сми\b|журналист|редакци|телеканал|газет|press|journalist|media",
            re.IGNORECASE,
        )
        for review in self:
            text_env = review._cs_stored_text_env()
            reasons = []
            if review.author_reach and review.author_reach >= reach_min:
                reasons.append(
                    text_env._("high reach (%(reach)s)", reach=review.author_reach)
                )
            if review.body and legal.search(review.body):
                reasons.append(text_env._("legal threat"))
            if review.body and press.search(review.body):
                reasons.append(text_env._("press"))
            if review.sensitive_manual == "cleared":
                review.is_sensitive = False
                review.sensitive_reason = False
                continue
            if review.sensitive_manual == "sensitive":
                reasons.append(text_env._("marked by hand"))
            was_sensitive, old_reason = stored.get(review._origin.id, (False, False))
            if not reasons and was_sensitive:
                reasons = [old_reason or text_env._("marked by hand")]
            review.is_sensitive = bool(reasons)
            review.sensitive_reason = ", ".join(reasons) or False

    def _stored_sensitivity(self):
        """{id: (is_sensitive, sensitive_reason)} as stored before this change."""
        ids = [rid for rid in self._origin.ids if rid]
        if not ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT id, is_sensitive, sensitive_reason FROM cs_public_review "
                "WHERE id IN %s",
                tuple(ids),
            )
        )
        return {
            rid: (sensitive, reason)
            for rid, sensitive, reason in self.env.cr.fetchall()
        }

    @api.depends("published_at", "platform_id.reply_deadline_hours")
    def _compute_reply_deadline(self):
        for review in self:
            start = review.published_at or review.create_date or fields.Datetime.now()
            review.reply_deadline = start + timedelta(
                hours=review.platform_id.reply_deadline_hours or 24
            )

    @api.depends("reply_deadline", "state")
    def _compute_reply_overdue(self):
        now = fields.Datetime.now()
        for review in self:
            review.reply_overdue = bool(
                review.state == "to_reply"
                and review.reply_deadline
                and review.reply_deadline < now
            )

    def _search_reply_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue replies."))
        domain = [
            ("state", "=", "to_reply"),
            ("reply_deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.depends("rating", "verdict")
    def _compute_authentic_rating(self):
        for review in self:
            review.authentic_rating = (
                review.rating if review.verdict != "fake" else False
            )

    @api.depends(
        "author_ip",
        "author_city",
        "author_email",
        "author_phone",
        "partner_id",
        "published_at",
        "manual_verdict",
        "manual_verdict_note",
        "company_id",
    )
    def _compute_authenticity(self):
        """Score the whole recordset with one lookup per criterion, never per row.

        Every lookup (employees, networks, invoices, bursts) is scoped to the
        review's company: another company's staff or network says nothing here.
        """
        for company, reviews in self.grouped("company_id").items():
            # the reasons are stored: write them in the company's language, not in
            # the language of whoever (or whichever import) caused the recompute
            lang = company.partner_id.lang or self.env.lang
            reviews.with_context(lang=lang)._compute_authenticity_of(company)

    def _cs_stored_text_env(self):
        """The environment whose language stored explanations are written in: the
        company's language (the staff who read them), whatever the caller's."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env

    def _compute_authenticity_of(self, company):
        lookups = self._prepare_authenticity_lookups(company)
        for review in self:
            score, reasons, signals, geo_city = review._score_authenticity(lookups)
            score = max(0, min(100, score))
            review.authenticity_score = score
            review.geo_city = geo_city
            if review.manual_verdict:
                label = dict(VERDICTS)[review.manual_verdict]
                reasons.append(
                    self.env._(
                        "= Manual verdict: %(verdict)s%(note)s",
                        verdict=label,
                        note=(
                            f" ({review.manual_verdict_note})"
                            if review.manual_verdict_note
                            else ""
                        ),
                    )
                )
                review.verdict = review.manual_verdict
            elif not signals:
                review.verdict = "unknown"
            elif score >= 60:
                review.verdict = "authentic"
            elif score >= 30:
                review.verdict = "suspicious"
            else:
                review.verdict = "fake"
            review.authenticity_reasons = "\n".join(reasons) or False

    def _prepare_authenticity_lookups(self, company):
        """Everything the score needs for this recordset (all of ``company``), in a
        handful of queries."""
        ICP = self.env["ir.config_parameter"].sudo()
        window = self._burst_window()
        burst_min = int(ICP.get_param("cs_public_reviews.burst_min_reviews", 3))
        emails = {r.author_email.strip().lower() for r in self if r.author_email}
        phones = {auth.phone_digits(r.author_phone) for r in self} - {False}
        networks = [
            (net, ipaddress.ip_network(net.cidr, strict=False))
            for net in self.env["cs.review.network"]
            .sudo()
            .search([("company_id", "=", company.id)])
            if net._is_valid_cidr()
        ]
        return {
            "reader": auth.city_reader(
                ICP.get_param("cs_public_reviews.geoip_city_db") or None
            ),
            "employee_emails": self._employee_emails(emails, company),
            "employee_phones": self._employee_phones(phones, company),
            "networks": networks,
            "paid_partners": self._paid_partners(company),
            "burst": BurstIndex(self._burst_rows(window, company)),
            "burst_min": burst_min,
            "window_hours": window.total_seconds() / 3600,
        }

    def _employee_emails(self, emails, company):
        if not emails:
            return {}
        self.env["hr.employee"].flush_model(["work_email", "name", "company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT lower(work_email), name FROM hr_employee "
                "WHERE active AND company_id = %s AND lower(work_email) IN %s",
                company.id,
                tuple(emails),
            )
        )
        return dict(self.env.cr.fetchall())

    def _employee_phones(self, phones, company):
        if not phones:
            return {}
        self.env["hr.employee"].flush_model(
            ["work_phone", "mobile_phone", "name", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT RIGHT(regexp_replace(work_phone, '\\D', '', 'g'), 10), "
                "RIGHT(regexp_replace(mobile_phone, '\\D', '', 'g'), 10), name "
                "FROM hr_employee WHERE active AND company_id = %(c)s AND "
                "(RIGHT(regexp_replace(work_phone, '\\D', '', 'g'), 10) IN %(p)s "
                "OR RIGHT(regexp_replace(mobile_phone, '\\D', '', 'g'), 10) IN %(p)s)",
                p=tuple(phones),
                c=company.id,
            )
        )
        result = {}
        for work, mobile, name in self.env.cr.fetchall():
            for value in (work, mobile):
                if value in phones:
                    result.setdefault(value, name)
        return result

    def _paid_partners(self, company):
        partners = self.partner_id
        if not partners or "account.move" not in self.env:
            return set()
        commercial = partners.sudo().commercial_partner_id
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("paid", "in_payment")),
                    ("commercial_partner_id", "in", commercial.ids),
                    ("company_id", "=", company.id),
                ],
                ["commercial_partner_id"],
            )
        )
        paid = {partner.id for [partner] in groups}
        return {p.id for p in partners.sudo() if p.commercial_partner_id.id in paid}

    def _burst_rows(self, window, company):
        """``(id, author_ip, author_subnet, published_at)`` of the reviews of
        ``company`` in the same subnet as one of ours and within ``window`` of its
        date: one query for the whole recordset.

        Each review asks for its own ±window; overlapping windows of a subnet are
        merged first, so a batch of reviews reads only what surrounds them (never
        everything between the batch's earliest and latest dates). Served by the
        (company_id, author_subnet, published_at) index.
        """
        dates = defaultdict(list)
        for review in self:
            if review.author_subnet and review.published_at:
                dates[review.author_subnet].append(review.published_at)
        spans = []  # (subnet, start, end), disjoint per subnet
        for subnet, values in dates.items():
            values.sort()
            start, end = values[0] - window, values[0] + window
            for value in values[1:]:
                if value - window <= end:
                    end = value + window
                else:
                    spans.append((subnet, start, end))
                    start, end = value - window, value + window
            spans.append((subnet, start, end))
        if not spans:
            return []
        self.flush_model(["author_subnet", "author_ip", "published_at", "company_id"])
        subnets, starts, ends = zip(*spans, strict=True)
        self.env.cr.execute(
            SQL(
                "SELECT r.id, r.author_ip, r.author_subnet, r.published_at "
                "FROM unnest(%s::varchar[], %s::timestamp[], %s::timestamp[]) "
                "AS w(subnet, start_at, end_at) "
                "JOIN cs_public_review r ON r.company_id = %s "
                "AND r.author_subnet = w.subnet "
                "AND r.published_at BETWEEN w.start_at AND w.end_at",
                list(subnets),
                list(starts),
                list(ends),
                company.id,
            )
        )
        return self.env.cr.fetchall()

    def _score_authenticity(self, lookups):
        """(score, reason lines, has signals, IP city) of one review."""
        self.ensure_one()
        score, reasons, signals = SCORE_BASE, [], False
        geo_city = False
        address = auth.parse_ip(self.author_ip)
        # 1. GeoIP vs stated city
        if address is not None:
            city, country = auth.lookup_city(lookups["reader"], str(address))
            # compared in English (same_city), shown in the staff's language
            geo_city = city and auth.local_city_name(
                lookups["reader"], str(address), self.env.lang
            )
            if not city:
                reasons.append(
                    self.env._("0 IP %(ip)s: no known location", ip=self.author_ip)
                )
            elif self.author_city and auth.same_city(self.author_city, city):
                score += 15
                signals = True
                reasons.append(
                    self.env._(
                        "+15 IP %(ip)s is in %(city)s, as stated",
                        ip=self.author_ip,
                        city=geo_city,
                    )
                )
            elif self.author_city:
                score -= 25
                signals = True
                reasons.append(
                    self.env._(
                        "-25 Stated city %(stated)s, but IP %(ip)s is in "
                        "%(city)s (%(country)s)",
                        stated=self.author_city,
                        ip=self.author_ip,
                        city=geo_city,
                        country=country or "?",
                    )
                )
        # 2. verified purchaser
        if self.partner_id:
            signals = True
            if self.partner_id.id in lookups["paid_partners"]:
                score += 30
                reasons.append(
                    self.env._(
                        "+30 Verified purchaser: the customer has a paid invoice"
                    )
                )
            else:
                score += 5
                reasons.append(self.env._("+5 Known customer, no paid invoice found"))
        # 3. insiders
        email = (self.author_email or "").strip().lower()
        if email and email in lookups["employee_emails"]:
            score -= 50
            signals = True
            reasons.append(
                self.env._(
                    "-50 Written from an employee's e-mail (%(email)s)", email=email
                )
            )
        digits = auth.phone_digits(self.author_phone)
        if digits and digits in lookups["employee_phones"]:
            score -= 50
            signals = True
            reasons.append(self.env._("-50 Written from an employee's phone"))
        if address is not None:
            for network, net in lookups["networks"]:
                if address.version == net.version and address in net:
                    score -= 50
                    signals = True
                    reasons.append(
                        self.env._(
                            "-50 IP %(ip)s is in the company network "
                            "%(name)s (%(cidr)s)",
                            ip=self.author_ip,
                            name=network.name,
                            cidr=network.cidr,
                        )
                    )
                    break
        # 4. bursts
        if self.author_subnet and self.published_at:
            window = timedelta(hours=lookups["window_hours"])
            near, same_ip = lookups["burst"].count(
                self.author_subnet, self.author_ip, self.published_at, window
            )
            if same_ip >= lookups["burst_min"]:
                score -= 40
                signals = True
                reasons.append(
                    self.env._(
                        "-40 Burst: %(count)s reviews from IP %(ip)s "
                        "within %(hours)s h",
                        count=same_ip,
                        ip=self.author_ip,
                        hours=round(lookups["window_hours"]),
                    )
                )
            elif near >= lookups["burst_min"]:
                score -= 40
                signals = True
                reasons.append(
                    self.env._(
                        "-40 Burst: %(count)s reviews from subnet %(subnet)s "
                        "within %(hours)s h",
                        count=near,
                        subnet=self.author_subnet,
                        hours=round(lookups["window_hours"]),
                    )
                )
        return score, reasons, signals, geo_city

    # --------------------------------------------------------------- constraints

    @api.constrains("author_ip")
    def _check_author_ip(self):
        for review in self:
            if review.author_ip and auth.parse_ip(review.author_ip) is None:
                raise ValidationError(
                    self.env._(
                        "Author IP: %(ip)s is not an IP address.", ip=review.author_ip
                    )
                )

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
        negative_max = self._negative_rating_max()
        auto = []
        for vals in vals_list:
            negative = bool(
                "state" not in vals
                and isinstance(vals.get("rating"), int)
                and vals["rating"] <= negative_max
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

    def write(self, vals):
        res = super().write(vals)
        if "author_ip" in vals or "published_at" in vals:
            self._rescore_burst_neighbours()
        return res

    def _rescore_burst_neighbours(self):
        """New reviews may turn older ones from the same subnet into a burst: the
        stored reviews within the window of one of ours are scored again (one
        query per company), with everything that follows their verdict."""
        reviews = self.filtered(lambda r: r.author_subnet and r.published_at)
        if not reviews:
            return
        window = self._burst_window()
        ids = set()
        for company, records in reviews.grouped("company_id").items():
            ids |= {row[0] for row in records._burst_rows(window, company)}
        ids -= set(self.ids)
        if ids:
            self.browse(sorted(ids))._mark_authenticity_to_compute()

    def _mark_authenticity_to_compute(self):
        """Recompute the authenticity of these reviews at the next flush, and of
        every stored field that depends on it (``authentic_rating``...):
        ``env.add_to_compute`` alone would leave those stale."""
        for fname in AUTHENTICITY_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        self.modified(AUTHENTICITY_FIELDS)

    @api.model
    def _burst_window(self):
        return timedelta(
            hours=float(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("cs_public_reviews.burst_window_hours", 24)
            )
        )

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

    def action_set_branch_unfounded(self):
        self._check_responder()
        for review in self:
            review.sudo().write({"branch": "unfounded"})
            review._draft_reply("first")
            review._tell_draft_filled()
        return True

    def _tell_draft_filled(self):
        """Say on the form (and in the chatter) that the branch filled the draft."""
        self.ensure_one()
        branch = dict(self._fields["branch"]._description_selection(self.env)).get(
            self.branch, self.branch
        )
        note = self.env._(
            "Branch «%(branch)s»: the draft reply was filled from its template. "
            "Check it on the Replies tab before posting.",
            branch=branch,
        )
        self.sudo().write({"reply_draft_note": note})
        self.message_post(body=note)

    def action_set_branch_objective(self):
        """Objective claim: open a complaint in cs_feedback, draft the invitation."""
        self._check_responder()
        # the complaint is ours to open once the responder is checked: sudo, so
        # cs_feedback's guarded ticket fields (kind, channel) are set as a system
        Ticket = self.env["helpdesk.ticket"].sudo()
        for review in self:
            vals = {"branch": "objective"}
            if not review.ticket_id:
                vals["ticket_id"] = Ticket.create(review._prepare_complaint_vals()).id
            review.sudo().write(vals)
            review._draft_reply("first")
            review._tell_draft_filled()
        return True

    def _prepare_complaint_vals(self):
        self.ensure_one()
        return {
            "name": self.env._(
                "Public review on %(platform)s: %(author)s",
                platform=self.platform_id.name,
                author=self.author_name or self.env._("Anonymous"),
            ),
            "description": self.body or "",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "cs_kind": "complaint",
            "cs_channel": "review",
        }

    def _draft_reply(self, kind):
        """A draft reply from the template of the branch (none when one exists)."""
        self.ensure_one()
        existing = self.reply_ids.filtered(
            lambda r: r.kind == kind and r.state != "posted"
        )
        if existing:
            return existing[:1]
        return self._draft_replies(kind)

    def _draft_replies(self, kind):
        """One draft reply of ``kind`` per review, from the template of its branch:
        one template search per company and branch, one create for all."""
        Template = self.env["cs.review.reply.template"]
        templates = {}
        vals_list = []
        for review in self:
            key = (review.company_id.id, review.branch)
            if key not in templates:
                templates[key] = Template.search(
                    [
                        ("kind", "=", kind),
                        ("branch", "in", (review.branch, False)),
                        ("company_id", "=", review.company_id.id),
                    ],
                    order="branch, sequence",
                    limit=1,
                )
            template = templates[key]
            body = template._render_for(review) if template else ""
            vals_list.append({"review_id": review.id, "kind": kind, "body": body})
        return self.env["cs.review.reply"].create(vals_list)

    def action_confirm_resolution(self):
        """The customer confirmed on the platform that the problem is solved."""
        self._check_responder()
        for review in self:
            if review.state != "awaiting_confirmation":
                raise UserError(
                    self.env._(
                        "state: review %(review)s is not awaiting a confirmation.",
                        review=review.display_name,
                    )
                )
        self.sudo().write({"state": "confirmed", "confirmed_at": fields.Datetime.now()})
        return True

    def action_close(self):
        """Close the reviews. A negative review needs a posted reply first (a
        manager may close it without one, with a reason: action_close_with_reason)."""
        self._check_responder()
        for review in self:
            if review.is_negative and not review.reply_ids.filtered(
                lambda r: r.state == "posted"
            ):
                raise UserError(
                    self.env._(
                        "Review %(review)s is negative: post a reply before closing "
                        "it, or ask a manager to close it with a reason.",
                        review=review.display_name,
                    )
                )
        self._do_close()
        return True

    def action_close_with_reason(self, reason=False):
        """A manager closes reviews without a posted reply; ``reason`` (text) is
        recorded on the review and in its chatter."""
        self._check_group("cs_public_reviews.group_review_manager")
        reason = CLOSE_REASON.validate(self.env, reason).strip()
        self._do_close(reason)
        for review in self:
            review.message_post(
                body=self.env._("Closed without a reply: %(reason)s", reason=reason)
            )
        return True

    def action_open_close_reason(self):
        """The manager's "Close Without Reply" dialog (asks for the reason)."""
        self.ensure_one()
        self._check_group("cs_public_reviews.group_review_manager")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close Without Reply"),
            "res_model": "cs.review.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_mode": "close", "default_review_id": self.id},
        }

    def _do_close(self, reason=False):
        """Our own transition (callers checked): state, reason, reply task done."""
        self.sudo().write({"state": "closed", "close_reason": reason or False})
        self.sudo().activity_feedback(
            ["cs_public_reviews.mail_act_review_reply"],
            feedback=self.env._("Review closed."),
        )

    def action_reopen(self):
        """Reopen closed reviews (responders, managers): a negative review without
        a posted first reply goes back to "to reply" with a new reply task, an
        answered one to "replied", an unanswered positive one to "new"."""
        self._check_responder()
        for review in self:
            if review.state != "closed":
                raise UserError(
                    self.env._(
                        "state: review %(review)s is not closed.",
                        review=review.display_name,
                    )
                )
        to_reply = self.filtered(lambda r: r.is_negative and not r.first_reply_at)
        to_reply.sudo().write({"state": "to_reply", "close_reason": False})
        answered = self - to_reply
        for review in answered:
            review.sudo().write(
                {
                    "state": "replied"
                    if review.ticket_id or review.first_reply_at
                    else "new",
                    "close_reason": False,
                }
            )
        to_reply._schedule_reply_tasks()
        for review in self:
            review.message_post(body=self.env._("Review reopened."))
        return True

    def action_reset(self):
        self._check_group("cs_public_reviews.group_review_manager")
        for review in self:
            review.sudo().write({"state": "to_reply" if review.is_negative else "new"})
        return True

    def action_set_verdict(self, verdict=False, note=False):
        """A manager's verdict overrides the computed one (``verdict`` False clears
        it). ``verdict``: authentic, suspicious or fake; ``note``: why."""
        self._check_group("cs_public_reviews.group_review_manager")
        data = SET_VERDICT.validate(self.env, {"verdict": verdict, "note": note})
        self.sudo().write(
            {
                "manual_verdict": data["verdict"] or False,
                "manual_verdict_note": (data["note"] or "").strip() or False,
            }
        )
        return True

    def action_mark_sensitive(self):
        """A responder flags a review as sensitive: its replies need PR approval."""
        self._check_responder()
        self.sudo().write({"sensitive_manual": "sensitive"})
        return True

    def action_clear_sensitive(self):
        """PR or a manager decides the review is not sensitive after all."""
        self._check_group(
            "cs_public_reviews.group_review_pr",
            "cs_public_reviews.group_review_manager",
        )
        self.sudo().write({"sensitive_manual": "cleared"})
        return True

    def action_report_fake(self):
        """Build the evidence summary from the reasons, keep it and log it."""
        self._check_responder()
        for review in self:
            if review.verdict not in ("suspicious", "fake"):
                raise UserError(
                    self.env._(
                        "verdict: review %(review)s is not suspected fake "
                        "(%(verdict)s).",
                        review=review.display_name,
                        verdict=review.verdict,
                    )
                )
            summary = review._get_evidence_summary()
            review.sudo().write(
                {
                    "fake_report": summary,
                    "fake_reported_at": fields.Datetime.now(),
                    "state": "reported_fake",
                }
            )
            review.message_post(
                body=self.env._(
                    "Reported to the platform:\n%(summary)s", summary=summary
                )
            )
        return True

    def _get_evidence_summary(self):
        self.ensure_one()
        lines = [
            self.env._(
                "Review %(ext)s on %(platform)s by %(author)s, %(date)s, "
                "rating %(rating)s.",
                ext=self.external_id,
                platform=self.platform_id.name,
                author=self.author_name or self.env._("Anonymous"),
                date=fields.Datetime.to_string(self.published_at),
                rating=self.rating,
            ),
            self.env._(
                "Authenticity score %(score)s/100 (%(verdict)s). Evidence:",
                score=self.authenticity_score,
                verdict=dict(VERDICTS)[self.verdict or "unknown"],
            ),
        ]
        lines += [
            f"- {line}"
            for line in (self.authenticity_reasons or "").splitlines()
            if line.startswith("-") or line.startswith("=")
        ]
        return "\n".join(lines)

    def action_open_thanks_wizard(self):
        self.ensure_one()
        self._check_responder()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Turn into a thanks"),
            "res_model": "cs.review.thanks.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_review_id": self.id},
        }

    def action_recompute_authenticity(self):
        self._check_responder()
        self._mark_authenticity_to_compute()
        return True

    # ----------------------------------------------------------------- business

    @api.model
    def _negative_rating_max(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("cs_public_reviews.negative_rating_max", 2)
        )

    def _schedule_reply_tasks(self):
        """One "reply" task per negative review, for the platform's responsible."""
        if not self:
            return
        activity_type = self.env.ref(
            "cs_public_reviews.mail_act_review_reply", raise_if_not_found=False
        )
        if not activity_type:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        fallback = self.env.ref("base.user_admin", raise_if_not_found=False)
        vals_list = []
        for review in self:
            user = review.platform_id.user_id or fallback
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": review.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(
                        self, review.reply_deadline
                    ),
                    "summary": self.env._(
                        "Reply by %(deadline)s",
                        deadline=fields.Datetime.to_string(review.reply_deadline),
                    ),
                }
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)

    def _on_reply_posted(self, reply):
        """Move the review forward when one of its replies is posted."""
        self.ensure_one()
        now = reply.posted_at
        if reply.kind == "first":
            vals = {}
            if not self.first_reply_at:
                hours = (now - (self.published_at or self.create_date)).total_seconds()
                vals.update(
                    first_reply_at=now,
                    reply_hours=max(hours, 0) / 3600,
                    replied_in_time=100.0
                    if self.reply_deadline and now <= self.reply_deadline
                    else 0.0,
                )
            if self.state in ("new", "to_reply"):
                vals["state"] = "replied" if self.ticket_id else "closed"
            self.sudo().write(vals)
            self.sudo().activity_feedback(["cs_public_reviews.mail_act_review_reply"])
        else:
            self.sudo().write(
                {"state": "awaiting_confirmation", "follow_up_posted_at": now}
            )

    @api.model
    def _cron_follow_up(self, limit=FOLLOW_UP_BATCH):
        """Solved tickets get a follow-up draft; silence after 30 days is recorded.

        Its cost follows the work to do, not the history: a review enters the
        first queue when its ticket closes (``follow_up_due``, stored, set from
        the ticket side) and leaves it once its follow-up is drafted; it leaves
        the second once recorded as unconfirmed. Both are read through partial
        indexes that hold only those reviews, in their order: no join with the
        tickets, nothing read of the replied reviews whose ticket is still open.

        At most ``limit`` reviews per queue and call; the progress goes to the
        scheduler (``_notify_progress``), which commits and calls again while some
        remain.
        """
        drafted, drafts_left = self._follow_up_solved(limit)
        recorded, silent_left = self._record_silent(limit)
        self.env["ir.cron"]._notify_progress(
            done=drafted + recorded, remaining=drafts_left + silent_left
        )
        return True

    @api.model
    def _follow_up_solved(self, limit=None):
        """Draft the follow-ups of the reviews whose ticket is solved: (how many,
        how many are left when ``limit`` stopped the batch)."""
        self.env.flush_all()
        queue = SQL("FROM cs_public_review WHERE follow_up_due")
        self.env.cr.execute(
            SQL(
                "SELECT id %s ORDER BY id %s",
                queue,
                SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        solved = lock_skip_locked(self.browse(ids))
        if not solved:
            return 0, 0
        drafted = solved.reply_ids.filtered(lambda r: r.kind == "follow_up").review_id
        todo = solved - drafted
        todo._draft_replies("follow_up")
        activity_type = self.env.ref("cs_public_reviews.mail_act_review_reply")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": review.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": (review.platform_id.user_id or self.env.user).id,
                    "date_deadline": today,
                    "summary": self.env._("Post the follow-up and ask to confirm"),
                }
                for review in todo
            ]
        )
        solved.sudo().write({"follow_up_drafted_at": fields.Datetime.now()})
        remaining = 0
        if limit and len(ids) >= limit:
            self.env.flush_all()
            self.env.cr.execute(SQL("SELECT COUNT(*) %s", queue))
            remaining = self.env.cr.fetchone()[0]
        return len(solved), remaining

    @api.model
    def _record_silent(self, limit=None):
        """Record the silence of the customers who did not confirm in time: (how
        many, how many are left when ``limit`` stopped the batch)."""
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("cs_public_reviews.confirmation_days", 30)
        )
        domain = [
            ("state", "=", "awaiting_confirmation"),
            (
                "follow_up_posted_at",
                "<",
                fields.Datetime.now() - timedelta(days=days),
            ),
        ]
        # in the order of the partial index: the oldest follow-ups first, the scan
        # stops at ``limit`` whatever the planner guesses of the state's share
        found = self.search(domain, order="follow_up_posted_at, id", limit=limit)
        silent = lock_skip_locked(found)
        if not silent:
            return 0, 0
        body = self.env._(
            "No confirmation from the customer %(days)s days after the follow-up.",
            days=days,
        )
        for review in silent:
            review.message_post(body=body)
        silent.sudo().write({"state": "unconfirmed"})
        remaining = 0
        if limit and len(found) >= limit:
            remaining = self.search_count(domain)
        return len(silent), remaining

    @api.model
    def _demo_verified_purchaser(self, partner_id):
        """Demo data: a paid invoice for ``partner_id`` when Invoicing is installed."""
        if "account.move" not in self.env:
            return True
        partner = self.env["res.partner"].browse(partner_id)
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.env.company.id)], limit=1
        )
        if not journal:
            return True
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "journal_id": journal.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Тариф «Домашний 100»", "price_unit": 650.0}
                    )
                ],
            }
        )
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.search([("partner_id", "=", partner.id)]).action_recompute_authenticity()
        return True

    # -------------------------------------------------------------------- import

    @api.model
    def cs_import_reviews(self, platform_code, rows):
        """Import reviews of one platform; idempotent on (platform, external id).

        Reserved to the import integration (``group_review_import``) and managers:
        the import role has no access to the models themselves, so the method
        checks the caller, then works with sudo() on the platforms of the caller's
        company only. At most 1,000 rows per call.

        Returns ``{"created", "updated", "unchanged", "errors", "results"}`` with one
        ``{"index", "id", "status", "error"}`` per row. Bad rows are reported and
        skipped; good rows are kept.
        """
        if not self.env.su and not (
            self.env.user.has_group("cs_public_reviews.group_review_import")
            or self.env.user.has_group("cs_public_reviews.group_review_manager")
        ):
            raise AccessError(
                self.env._("Only the review import integration may import reviews.")
            )
        company = self.env.company  # checked against the caller's companies
        code = PLATFORM_CODE.validate(self.env, platform_code).strip()
        platform = (
            self.env["cs.review.platform"]
            .sudo()
            .search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        )
        if not platform:
            raise ValidationError(
                self.env._(
                    "platform_code: unknown platform %(code)r.", code=platform_code
                )
            )
        checked = IMPORT_ROW.row_errors(
            self.env, rows, key="rows", max_rows=IMPORT_MAX_ROWS
        )
        results = [None] * len(checked)
        valid = {}  # external_id -> (index, vals)
        now = fields.Datetime.now().replace(microsecond=0)
        for index, row, error in checked:
            vals = False
            if not error:
                try:
                    vals = self._prepare_import_vals(index, row, now)
                except ValidationError as exc:
                    error = exc.args[0]
            if not error and vals["external_id"] in valid:
                error = self.env._(
                    "rows[%(index)s].external_id: %(ext)r appears twice in this batch.",
                    index=index,
                    ext=vals["external_id"],
                )
            if error:
                results[index] = self._import_result(index, False, "error", error)
                continue
            valid[vals["external_id"]] = (index, vals)

        Review = self.sudo()
        existing = {
            rec["external_id"]: rec
            for rec in Review.search_read(
                [("platform_id", "=", platform.id), ("external_id", "in", list(valid))],
                IMPORT_FIELDS,
            )
        }
        to_create = []
        for ext, (index, vals) in valid.items():
            current = existing.get(ext)
            if current is None:
                vals.setdefault("published_at", now)
                vals["platform_id"] = platform.id
                to_create.append((index, vals))
                continue
            changes = {
                key: value
                for key, value in vals.items()
                if (current[key] or False) != (value or False)
            }
            if not changes:
                results[index] = self._import_result(index, current["id"], "unchanged")
                continue
            try:
                with self.env.cr.savepoint():
                    Review.browse(current["id"]).write(changes)
                results[index] = self._import_result(index, current["id"], "updated")
            except (ValidationError, UserError, psycopg2.IntegrityError) as exc:
                results[index] = self._import_result(
                    index, False, "error", self._import_error(index, exc)
                )
        if to_create:
            self._import_create(to_create, results)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
        for result in results:
            key = "errors" if result["status"] == "error" else result["status"]
            counts[key] += 1
        return dict(counts, results=results)

    @api.model
    def _import_error(self, index, exc):
        """A row's failure as a message; never a raw database text."""
        if isinstance(exc, ValidationError | UserError):
            return exc.args[0]
        _logger.info("review import: row %s refused by the database: %s", index, exc)
        return self.env._(
            "rows[%(index)s]: the review could not be stored (invalid values).",
            index=index,
        )

    def _import_create(self, to_create, results):
        """Create the new rows in one batch; on a bad row, one row at a time.

        A unique violation means a concurrent identical import created the same
        review first: ``retry_if_duplicate`` makes Odoo retry the whole request,
        which then finds the review and answers ``unchanged``.
        """
        Review = self.sudo().with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )
        try:
            with retry_if_duplicate(self.env.cr):
                records = Review.create([vals for _index, vals in to_create])
        except (ValidationError, UserError, psycopg2.IntegrityError):
            _logger.info("review import: batch create failed, retrying row by row")
            for index, vals in to_create:
                try:
                    with retry_if_duplicate(self.env.cr):
                        record = Review.create([vals])
                    results[index] = self._import_result(index, record.id, "created")
                except (ValidationError, UserError, psycopg2.IntegrityError) as exc:
                    results[index] = self._import_result(
                        index, False, "error", self._import_error(index, exc)
                    )
            return
        for (index, _vals), record in zip(to_create, records, strict=True):
            results[index] = self._import_result(index, record.id, "created")

    @api.model
    def _import_result(self, index, record_id, status, error=False):
        return {"index": index, "id": record_id, "status": status, "error": error}

    @api.model
    def _prepare_import_vals(self, index, row, now):
        """Field values of one row the schema accepted; cross-field checks here
        (ValidationError naming the key and the value)."""
        vals = {"external_id": str(row["external_id"]).strip(), "rating": row["rating"]}
        for key in IMPORT_TEXT_KEYS:
            value = row.get(key)
            vals[key] = value.strip() or False if isinstance(value, str) else False
        vals["author_reach"] = row.get("author_reach") or 0
        if vals["author_ip"]:
            try:
                vals["author_ip"] = str(ipaddress.ip_address(vals["author_ip"]))
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "rows[%(index)s].author_ip: %(value)r is not an IP address.",
                        index=index,
                        value=vals["author_ip"],
                    )
                ) from None
        if row.get("published_at"):
            published = P.parse_utc_datetime(row["published_at"])
            if published > now + timedelta(minutes=5):
                raise ValidationError(
                    self.env._(
                        "rows[%(index)s].published_at: %(value)r is in the future.",
                        index=index,
                        value=row["published_at"],
                    )
                )
            vals["published_at"] = published
        return vals

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Public review created")
