import ipaddress
import logging
import re
from datetime import datetime, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

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

IMPORT_KEYS = {
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
}
IMPORT_CHAR_KEYS = (
    "author_name",
    "author_city",
    "author_ip",
    "body",
    "url",
    "author_email",
    "author_phone",
)
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

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SCORE_BASE = 50


class CsPublicReview(models.Model):
    """A review a customer (or someone pretending to be one) left on a platform.

    It carries an explainable authenticity score — every point comes with a reason
    line — and, when negative, the reply work: a task due by the platform's deadline,
    the replies, the complaint ticket and the customer's confirmation.
    """

    _name = "cs.public.review"
    _description = "Public Review"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    author_ip = fields.Char(string="Author IP")
    author_subnet = fields.Char(
        compute="_compute_author_subnet", store=True, index=True
    )
    author_email = fields.Char(string="Author E-mail")
    author_phone = fields.Char(string="Author Phone")
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
        string="IP City", compute="_compute_authenticity", store=True
    )
    authenticity_score = fields.Integer(
        string="Authenticity",
        compute="_compute_authenticity",
        store=True,
        aggregator="avg",
    )
    authenticity_reasons = fields.Text(
        string="Reasons", compute="_compute_authenticity", store=True
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
        tracking=True,
        help="Set by a manager: overrides the computed verdict.",
    )
    manual_verdict_note = fields.Char()
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
        tracking=True,
        index=True,
        group_expand="_expand_states",
    )
    branch = fields.Selection(
        selection=[
            ("unfounded", "Unfounded: explain"),
            ("objective", "Objective: complaint"),
        ],
        tracking=True,
    )
    is_sensitive = fields.Boolean(
        string="Sensitive",
        compute="_compute_is_sensitive",
        store=True,
        readonly=False,
        tracking=True,
        help="High reach, legal threat or press: replies need a PR approval.",
    )
    sensitive_reason = fields.Char(
        compute="_compute_is_sensitive", store=True, readonly=False
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
    follow_up_posted_at = fields.Datetime(readonly=True, copy=False)
    confirmed_at = fields.Datetime(readonly=True, copy=False)
    reply_ids = fields.One2many(
        comodel_name="cs.review.reply", inverse_name="review_id", string="Replies"
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Ticket",
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    ticket_closed = fields.Boolean(related="ticket_id.closed")
    fake_report = fields.Text(string="Evidence Summary", readonly=True, copy=False)
    fake_reported_at = fields.Datetime(readonly=True, copy=False)

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

    # ------------------------------------------------------------------ computes

    def _expand_states(self, states, domain):
        return [key for key, _label in REVIEW_STATES]

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
        """Match the author to a customer: e-mail first, then phone; two queries."""
        todo = self.filtered(
            lambda r: not r.partner_id and (r.author_email or r.author_phone)
        )
        if not todo:
            return
        by_email = self._match_partners_by_email(
            {r.author_email.strip().lower() for r in todo if r.author_email}
        )
        by_phone = self._match_partners_by_phone(
            {auth.phone_digits(r.author_phone) for r in todo if r.author_phone}
            - {False}
        )
        for review in todo:
            email = (review.author_email or "").strip().lower()
            partner_id = by_email.get(email) or by_phone.get(
                auth.phone_digits(review.author_phone)
            )
            if partner_id:
                review.partner_id = partner_id

    @api.model
    def _match_partners_by_email(self, emails):
        if not emails:
            return {}
        partners = (
            self.env["res.partner"]
            .sudo()
            .search_read(
                [("email_normalized", "in", list(emails))]
                + (
                    [("employee_ids", "=", False)]
                    if "employee_ids" in self.env["res.partner"]._fields
                    else []
                ),
                ["email_normalized"],
                order="id",
            )
        )
        result = {}
        for partner in partners:
            result.setdefault(partner["email_normalized"], partner["id"])
        return result

    @api.model
    def _match_partners_by_phone(self, digits):
        if not digits:
            return {}
        self.env["res.partner"].flush_model(["phone", "mobile", "active"])
        self.env["hr.employee"].flush_model(["work_contact_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id, RIGHT(regexp_replace(phone, '\\D', '', 'g'), 10), "
                "RIGHT(regexp_replace(mobile, '\\D', '', 'g'), 10) "
                "FROM res_partner WHERE active AND NOT EXISTS ("
                "SELECT 1 FROM hr_employee e WHERE e.work_contact_id = res_partner.id) "
                "AND "
                "(RIGHT(regexp_replace(phone, '\\D', '', 'g'), 10) IN %(d)s "
                "OR RIGHT(regexp_replace(mobile, '\\D', '', 'g'), 10) IN %(d)s) "
                "ORDER BY id",
                d=tuple(digits),
            )
        )
        result = {}
        for partner_id, phone, mobile in self.env.cr.fetchall():
            for value in (phone, mobile):
                if value in digits:
                    result.setdefault(value, partner_id)
        return result

    @api.depends("rating")
    def _compute_is_negative(self):
        threshold = self._negative_rating_max()
        for review in self:
            review.is_negative = bool(review.rating) and review.rating <= threshold

    @api.depends("body", "author_reach")
    def _compute_is_sensitive(self):
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
            reasons = []
            if review.author_reach and review.author_reach >= reach_min:
                reasons.append(
                    self.env._("high reach (%(reach)s)", reach=review.author_reach)
                )
            if review.body and legal.search(review.body):
                reasons.append(self.env._("legal threat"))
            if review.body and press.search(review.body):
                reasons.append(self.env._("press"))
            review.is_sensitive = bool(reasons)
            review.sensitive_reason = ", ".join(reasons) or False

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
        """Score the whole recordset with one lookup per criterion, never per row."""
        lookups = self._prepare_authenticity_lookups()
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

    def _prepare_authenticity_lookups(self):
        """Everything the score needs for this recordset, in a handful of queries."""
        ICP = self.env["ir.config_parameter"].sudo()
        window = timedelta(
            hours=float(ICP.get_param("cs_public_reviews.burst_window_hours", 24))
        )
        burst_min = int(ICP.get_param("cs_public_reviews.burst_min_reviews", 3))
        emails = {r.author_email.strip().lower() for r in self if r.author_email}
        phones = {auth.phone_digits(r.author_phone) for r in self} - {False}
        networks = [
            (net, ipaddress.ip_network(net.cidr, strict=False))
            for net in self.env["cs.review.network"].sudo().search([])
            if net._is_valid_cidr()
        ]
        return {
            "reader": auth.city_reader(
                ICP.get_param("cs_public_reviews.geoip_city_db") or None
            ),
            "employee_emails": self._employee_emails(emails),
            "employee_phones": self._employee_phones(phones),
            "networks": networks,
            "paid_partners": self._paid_partners(),
            "burst": self._burst_neighbours(window),
            "burst_min": burst_min,
            "window_hours": window.total_seconds() / 3600,
        }

    def _employee_emails(self, emails):
        if not emails:
            return {}
        self.env["hr.employee"].flush_model(["work_email", "name"])
        self.env.cr.execute(
            SQL(
                "SELECT lower(work_email), name FROM hr_employee "
                "WHERE active AND lower(work_email) IN %s",
                tuple(emails),
            )
        )
        return dict(self.env.cr.fetchall())

    def _employee_phones(self, phones):
        if not phones:
            return {}
        self.env["hr.employee"].flush_model(["work_phone", "mobile_phone", "name"])
        self.env.cr.execute(
            SQL(
                "SELECT RIGHT(regexp_replace(work_phone, '\\D', '', 'g'), 10), "
                "RIGHT(regexp_replace(mobile_phone, '\\D', '', 'g'), 10), name "
                "FROM hr_employee WHERE active AND "
                "(RIGHT(regexp_replace(work_phone, '\\D', '', 'g'), 10) IN %(p)s "
                "OR RIGHT(regexp_replace(mobile_phone, '\\D', '', 'g'), 10) IN %(p)s)",
                p=tuple(phones),
            )
        )
        result = {}
        for work, mobile, name in self.env.cr.fetchall():
            for value in (work, mobile):
                if value in phones:
                    result.setdefault(value, name)
        return result

    def _paid_partners(self):
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
                ],
                ["commercial_partner_id"],
            )
        )
        paid = {partner.id for [partner] in groups}
        return {p.id for p in partners.sudo() if p.commercial_partner_id.id in paid}

    def _burst_neighbours(self, window):
        """Reviews sharing a /24 with any of ours around their dates: one query."""
        with_ip = self.filtered("author_subnet")
        if not with_ip:
            return []
        dates = [r.published_at for r in with_ip if r.published_at]
        if not dates:
            return []
        self.flush_model(["author_subnet", "author_ip", "published_at"])
        self.env.cr.execute(
            SQL(
                "SELECT id, author_ip, author_subnet, published_at "
                "FROM cs_public_review WHERE author_subnet IN %s "
                "AND published_at BETWEEN %s AND %s",
                tuple(set(with_ip.mapped("author_subnet"))),
                min(dates) - window,
                max(dates) + window,
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
            geo_city = city
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
                        city=city,
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
                        city=city,
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
            near = [
                row
                for row in lookups["burst"]
                if row[2] == self.author_subnet
                and abs(row[3] - self.published_at) <= window
            ]
            same_ip = [row for row in near if row[1] == self.author_ip]
            if len(same_ip) >= lookups["burst_min"]:
                score -= 40
                signals = True
                reasons.append(
                    self.env._(
                        "-40 Burst: %(count)s reviews from IP %(ip)s "
                        "within %(hours)s h",
                        count=len(same_ip),
                        ip=self.author_ip,
                        hours=round(lookups["window_hours"]),
                    )
                )
            elif len(near) >= lookups["burst_min"]:
                score -= 40
                signals = True
                reasons.append(
                    self.env._(
                        "-40 Burst: %(count)s reviews from subnet %(subnet)s "
                        "within %(hours)s h",
                        count=len(near),
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
                        "author_ip: %(ip)s is not an IP address.", ip=review.author_ip
                    )
                )

    # ----------------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "state" not in vals and vals.get("rating"):
                vals["state"] = (
                    "to_reply"
                    if int(vals["rating"]) <= self._negative_rating_max()
                    else "new"
                )
        reviews = super().create(vals_list)
        reviews._rescore_burst_neighbours()
        reviews.filtered(lambda r: r.state == "to_reply")._schedule_reply_tasks()
        return reviews

    def write(self, vals):
        res = super().write(vals)
        if "author_ip" in vals or "published_at" in vals:
            self._rescore_burst_neighbours()
        return res

    def _rescore_burst_neighbours(self):
        """New reviews may turn older ones from the same subnet into a burst."""
        reviews = self.filtered(lambda r: r.author_subnet and r.published_at)
        if not reviews:
            return
        window = timedelta(
            hours=float(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("cs_public_reviews.burst_window_hours", 24)
            )
        )
        ids = {row[0] for row in reviews._burst_neighbours(window)} - set(self.ids)
        if ids:
            others = self.browse(sorted(ids))
            for fname in (
                "authenticity_score",
                "authenticity_reasons",
                "verdict",
                "geo_city",
            ):
                self.env.add_to_compute(self._fields[fname], others)

    # ------------------------------------------------------------------- actions

    def action_set_branch_unfounded(self):
        for review in self:
            review.branch = "unfounded"
            review._draft_reply("first")
        return True

    def action_set_branch_objective(self):
        """Objective claim: open a complaint in cs_feedback, draft the invitation."""
        Ticket = self.env["helpdesk.ticket"]
        for review in self:
            review.branch = "objective"
            if not review.ticket_id:
                review.ticket_id = Ticket.create(review._prepare_complaint_vals())
            review._draft_reply("first")
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
        template = self.env["cs.review.reply.template"].search(
            [("kind", "=", kind), ("branch", "in", (self.branch, False))],
            order="branch, sequence",
            limit=1,
        )
        body = template._render_for(self) if template else ""
        return self.env["cs.review.reply"].create(
            {"review_id": self.id, "kind": kind, "body": body}
        )

    def action_confirm_resolution(self):
        """The customer confirmed on the platform that the problem is solved."""
        for review in self:
            if review.state != "awaiting_confirmation":
                raise UserError(
                    self.env._(
                        "state: review %(review)s is not awaiting a confirmation.",
                        review=review.display_name,
                    )
                )
        self.write({"state": "confirmed", "confirmed_at": fields.Datetime.now()})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_reset(self):
        for review in self:
            review.state = "to_reply" if review.is_negative else "new"
        return True

    def action_report_fake(self):
        """Build the evidence summary from the reasons, keep it and log it."""
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
            review.write(
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
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Turn into a thanks"),
            "res_model": "cs.review.thanks.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_review_id": self.id},
        }

    def action_recompute_authenticity(self):
        for fname in (
            "authenticity_score",
            "authenticity_reasons",
            "verdict",
            "geo_city",
        ):
            self.env.add_to_compute(self._fields[fname], self)
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
            self.write(vals)
            self.sudo().activity_feedback(["cs_public_reviews.mail_act_review_reply"])
        else:
            self.write({"state": "awaiting_confirmation", "follow_up_posted_at": now})

    @api.model
    def _cron_follow_up(self):
        """Solved tickets get a follow-up draft; silence after 30 days is recorded."""
        replied = lock_skip_locked(
            self.search([("state", "=", "replied"), ("ticket_id.closed", "=", True)])
        )
        activity_type = self.env.ref("cs_public_reviews.mail_act_review_reply")
        for review in replied:
            if not review.reply_ids.filtered(lambda r: r.kind == "follow_up"):
                review._draft_reply("follow_up")
                review.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=(review.platform_id.user_id or self.env.user).id,
                    summary=self.env._("Post the follow-up and ask to confirm"),
                )
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("cs_public_reviews.confirmation_days", 30)
        )
        silent = self.search(
            [
                ("state", "=", "awaiting_confirmation"),
                (
                    "follow_up_posted_at",
                    "<",
                    fields.Datetime.now() - timedelta(days=days),
                ),
            ]
        )
        silent = lock_skip_locked(silent)
        for review in silent:
            review.message_post(
                body=self.env._(
                    "No confirmation from the customer %(days)s days "
                    "after the follow-up.",
                    days=days,
                )
            )
        silent.write({"state": "unconfirmed"})
        return True

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

        Returns ``{"created", "updated", "unchanged", "errors", "results"}`` with one
        ``{"index", "id", "status", "error"}`` per row. Bad rows are reported and
        skipped; good rows are kept.
        """
        if not isinstance(platform_code, str) or not platform_code:
            raise ValidationError(
                self.env._(
                    "platform_code: %(code)r is not a platform code.",
                    code=platform_code,
                )
            )
        platform = self.env["cs.review.platform"].search(
            [("code", "=", platform_code)], limit=1
        )
        if not platform:
            raise ValidationError(
                self.env._(
                    "platform_code: unknown platform %(code)r.", code=platform_code
                )
            )
        if not isinstance(rows, list):
            raise ValidationError(self.env._("rows: a list of reviews is expected."))
        results = [None] * len(rows)
        valid = {}  # external_id -> (index, vals)
        now = fields.Datetime.now()
        for index, row in enumerate(rows):
            try:
                vals = self._prepare_import_vals(row, now)
            except ValidationError as exc:
                results[index] = self._import_result(index, False, "error", exc.args[0])
                continue
            if vals["external_id"] in valid:
                results[index] = self._import_result(
                    index,
                    False,
                    "error",
                    self.env._(
                        "external_id: %(ext)r appears twice in this batch.",
                        ext=vals["external_id"],
                    ),
                )
                continue
            valid[vals["external_id"]] = (index, vals)

        existing = {
            rec["external_id"]: rec
            for rec in self.search_read(
                [("platform_id", "=", platform.id), ("external_id", "in", list(valid))],
                IMPORT_FIELDS,
            )
        }
        to_create = []
        for ext, (index, vals) in valid.items():
            current = existing.get(ext)
            if current is None:
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
                    self.browse(current["id"]).write(changes)
                    self.env.flush_all()
                results[index] = self._import_result(index, current["id"], "updated")
            except (ValidationError, UserError) as exc:
                results[index] = self._import_result(index, False, "error", exc.args[0])
        if to_create:
            self._import_create(to_create, results)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
        for result in results:
            key = "errors" if result["status"] == "error" else result["status"]
            counts[key] += 1
        return dict(counts, results=results)

    def _import_create(self, to_create, results):
        Review = self.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )
        try:
            with self.env.cr.savepoint():
                records = Review.create([vals for _index, vals in to_create])
                self.env.flush_all()
        except Exception:  # noqa: BLE001 - fall back to one row at a time
            _logger.info("review import: batch create failed, retrying row by row")
            self.env.invalidate_all()
            for index, vals in to_create:
                try:
                    with self.env.cr.savepoint():
                        record = Review.create([vals])
                        self.env.flush_all()
                    results[index] = self._import_result(index, record.id, "created")
                except Exception as exc:  # noqa: BLE001 - reported on the row
                    self.env.invalidate_all()
                    message = exc.args[0] if exc.args else repr(exc)
                    results[index] = self._import_result(
                        index, False, "error", str(message)
                    )
            return
        for (index, _vals), record in zip(to_create, records, strict=True):
            results[index] = self._import_result(index, record.id, "created")

    @api.model
    def _import_result(self, index, record_id, status, error=False):
        return {"index": index, "id": record_id, "status": status, "error": error}

    @api.model
    def _prepare_import_vals(self, row, now):
        """Validate one import row; ValidationError names the key and value."""
        if not isinstance(row, dict):
            raise ValidationError(
                self.env._("row: %(row)r is not a dictionary.", row=row)
            )
        unknown = sorted(set(row) - IMPORT_KEYS)
        if unknown:
            raise ValidationError(
                self.env._("%(key)s: unknown key.", key=", ".join(map(str, unknown)))
            )
        ext = row.get("external_id")
        if isinstance(ext, int) and not isinstance(ext, bool):
            ext = str(ext)
        if not isinstance(ext, str) or not ext.strip():
            raise ValidationError(
                self.env._("external_id: missing or empty (%(value)r).", value=ext)
            )
        vals = {"external_id": ext.strip()}
        rating = row.get("rating")
        if (
            isinstance(rating, bool)
            or not isinstance(rating, int)
            or not 1 <= rating <= 5
        ):
            raise ValidationError(
                self.env._(
                    "rating: %(value)r is not a whole number from 1 to 5.", value=rating
                )
            )
        vals["rating"] = rating
        for key in IMPORT_CHAR_KEYS:
            value = row.get(key)
            if value in (None, False, ""):
                vals[key] = False
            elif not isinstance(value, str | int | float) or isinstance(value, bool):
                raise ValidationError(
                    self.env._("%(key)s: %(value)r is not text.", key=key, value=value)
                )
            else:
                vals[key] = str(value).strip() or False
        if vals["author_ip"] and auth.parse_ip(vals["author_ip"]) is None:
            raise ValidationError(
                self.env._(
                    "author_ip: %(value)r is not an IP address.",
                    value=vals["author_ip"],
                )
            )
        if vals["author_email"] and not EMAIL_RE.match(vals["author_email"]):
            raise ValidationError(
                self.env._(
                    "author_email: %(value)r is not an e-mail address.",
                    value=vals["author_email"],
                )
            )
        reach = row.get("author_reach") or 0
        if isinstance(reach, bool) or not isinstance(reach, int) or reach < 0:
            raise ValidationError(
                self.env._(
                    "author_reach: %(value)r is not a positive number.", value=reach
                )
            )
        vals["author_reach"] = reach
        vals["published_at"] = self._parse_import_date(row.get("published_at"), now)
        return vals

    @api.model
    def _parse_import_date(self, published, now):
        if published in (None, False, ""):
            return now.replace(microsecond=0)
        try:
            if not isinstance(published, str):
                raise ValueError(published)
            value = published.strip().replace("T", " ").removesuffix("Z")
            value = datetime.fromisoformat(value)
            if value.tzinfo:
                raise ValueError(published)
        except ValueError:
            raise ValidationError(
                self.env._(
                    "published_at: %(value)r is not a UTC date "
                    '"YYYY-MM-DD HH:MM:SS".',
                    value=published,
                )
            ) from None
        if value > now + timedelta(minutes=5):
            raise ValidationError(
                self.env._("published_at: %(value)r is in the future.", value=published)
            )
        return value.replace(microsecond=0)
