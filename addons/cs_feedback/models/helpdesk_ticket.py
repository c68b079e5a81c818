import re
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, formataddr, html2plaintext, plaintext2html
from odoo.tools.sql import create_index

from odoo.addons.cs_base.tools import payload as P
from odoo.addons.cs_base.tools.concurrency import retry_if_duplicate

FEEDBACK_KINDS = [
    ("complaint", "Complaint"),
    ("thanks", "Thanks"),
    ("question", "Question"),
    ("suggestion", "Suggestion"),
]

FEEDBACK_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("web", "Web form"),
    ("messenger", "Messenger"),
    ("social", "Social network"),
    ("in_person", "In person"),
    ("review", "Public review"),
]

RESULT_CHANNELS = [
    ("email", "E-mail"),
    ("phone", "Phone call"),
    ("sms", "SMS"),
    ("messenger", "Messenger"),
    ("letter", "Letter"),
]

PUBLISH_SCOPES = [
    ("full_name", "Full name"),
    ("initials", "Initials"),
    ("anonymous", "Anonymous"),
]

CLAIM_TYPES = [
    ("none", "No claim"),
    ("refund", "Refund"),
    ("replacement", "Replacement"),
    ("repair", "Repair / fix"),
    ("compensation", "Compensation"),
]

# How the customer learns the result, by the channel the feedback came through
# (see readme/CONFIGURE.md); "email" needs an address, else a phone call, else a
# letter.
RESULT_CHANNEL_BY_CHANNEL = {
    "email": "email",
    "web": "email",
    "review": "email",
    "phone": "phone",
    "messenger": "messenger",
    "social": "messenger",
    "in_person": "phone",
}

TOP_ESCALATION_LEVEL = 3  # 0 operator, 1 supervisor, 2 head of service, 3 executive

# ЗоЗПП art. 22: a refund or replacement claim must be satisfied within 10 days.
LEGAL_DEADLINE_DAYS = {"refund": 10, "replacement": 10}

# Wording that cites consumer-protection law (Russian and English).
LEGAL_PATTERN = re.compile(
    r"защит\w*\s+прав\w*\s+потребител|зозпп|претензи|роспотребнадзор"
    r"|consumer[\s-]+(?:rights|protection)",
    re.IGNORECASE,
)

MAX_TEXT_LENGTH = 20000

# fields that change only through the ticket's actions (cs.guarded.mixin)
GUARDED_TICKET_FIELDS = {
    "cs_escalation_level",
    "cs_legal_signed_by",
    "cs_legal_signed_at",
    "cs_legal_opinion",
    "cs_is_published",
    "cs_published_date",
    "cs_decision_notified_at",
    "cs_commitment_sent_at",
    "cs_promise_reminded_at",
    "cs_promise_missed_at",
    "cs_publish_consent_date",
    "cs_publish_consent_partner_id",
    "cs_publish_consent_channel",
}

PHONE_RE = re.compile(r"^\+?[0-9 ()\-.]{5,32}$")

FEEDBACK_PAYLOAD = P.Payload(
    P.obj(
        {
            "kind": P.choice(FEEDBACK_KINDS),
            "channel": P.choice(FEEDBACK_CHANNELS),
            "description": P.text(MAX_TEXT_LENGTH),
            "subject": P.optional(P.text(200)),
            "customer": P.obj(
                {
                    "name": P.text(200),
                    "email": P.optional(P.email()),
                    "phone": P.optional(P.text(32)),
                    "lang": P.optional(P.text(16)),
                },
                required=["name"],
            ),
            "external_ref": P.optional(P.text(128)),
            "employee_ids": P.optional(P.list_of(P.integer(1), max_items=50)),
            "publish_consent": P.optional(P.boolean()),
            "publish_text": P.optional(P.text(MAX_TEXT_LENGTH)),
            "publish_scope": P.optional(P.choice(PUBLISH_SCOPES)),
        },
        required=["kind", "channel", "description", "customer"],
    )
)

PUBLISHED_THANKS_DOMAIN = [
    ("cs_kind", "=", "thanks"),
    ("cs_is_published", "=", True),
    ("cs_publish_consent", "=", True),
]

# tickets the promise watch handles per call (_cron_cs_promise_watch)
PROMISE_WATCH_BATCH = 200

PROMISE_STATES = [
    ("none", "No promise"),
    ("pending", "Pending"),
    ("kept", "Kept"),
    ("missed", "Missed"),
]


class HelpdeskTicket(models.Model):
    """A helpdesk ticket that knows what kind of feedback it carries.

    Thanks and complaints follow different loops: a thanks names the employees who
    earned it and ends with one decision notice to the customer; a complaint carries
    an honest promise (date, responsible, result channel), escalation and, when
    consumer-protection law is cited, a legal sign-off before it can be answered.
    """

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "cs.guarded.mixin"]

    cs_kind = fields.Selection(
        selection=FEEDBACK_KINDS,
        string="Feedback Kind",
        default="question",
        required=True,
        tracking=True,
        index=True,
    )
    # the one channel field of the form is helpdesk_mgmt's channel_id (tracked);
    # cs_channel follows it through the channel's code, and setting cs_channel
    # (API key ``channel``, mail gateway, demo) picks the channel of that code
    channel_id = fields.Many2one(tracking=True)
    cs_channel = fields.Selection(
        selection=FEEDBACK_CHANNELS,
        string="Feedback Channel",
        compute="_compute_cs_channel",
        inverse="_inverse_cs_channel",
        store=True,
        readonly=False,
        copy=True,
        help="The feedback channel of the ticket's Channel (its code); kept as "
        "given when no channel of that code exists.",
    )
    cs_external_ref = fields.Char(
        string="External Reference",
        copy=False,
        index="btree_not_null",
        help="Reference of the sending system (website, messenger bot); a second "
        "submission with the same reference returns the first ticket.",
    )
    # --- thanks -----------------------------------------------------------------
    cs_praise_ids = fields.One2many(
        comodel_name="cs.feedback.praise",
        inverse_name="ticket_id",
        string="Praised Employees",
    )
    cs_praise_count = fields.Integer(compute="_compute_cs_praise_stats")
    cs_praise_pending_count = fields.Integer(
        string="Praises Awaiting Decision", compute="_compute_cs_praise_stats"
    )
    cs_awaiting_reward = fields.Boolean(
        string="Awaiting Reward Decision",
        compute="_compute_cs_awaiting_reward",
        store=True,
    )
    cs_decision_notified_at = fields.Datetime(
        string="Decision Notice Sent",
        copy=False,
        readonly=True,
        help="When the customer was told what was decided about the praised staff. "
        "Sent once.",
    )
    # --- publication ------------------------------------------------------------
    cs_publish_consent = fields.Boolean(
        string="Publication Consent", tracking=True, copy=False
    )
    cs_publish_consent_date = fields.Datetime(string="Consent Given On", copy=False)
    cs_publish_consent_channel = fields.Selection(
        selection=FEEDBACK_CHANNELS, string="Consent Channel", copy=False
    )
    cs_publish_consent_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Consent Given By", copy=False
    )
    cs_publish_text = fields.Text(
        string="Text to Publish",
        help="The exact text the customer agreed to see published.",
    )
    cs_publish_scope = fields.Selection(
        selection=PUBLISH_SCOPES,
        string="Author Shown As",
        default="initials",
    )
    cs_is_published = fields.Boolean(
        string="Published", copy=False, tracking=True, index=True
    )
    cs_published_date = fields.Datetime(string="Published On", copy=False)
    # --- complaints -------------------------------------------------------------
    cs_promised_date = fields.Datetime(
        string="Promised Resolution", tracking=True, copy=False
    )
    cs_result_channel = fields.Selection(
        selection=RESULT_CHANNELS,
        string="Result Channel",
        tracking=True,
        help="How the customer will learn the result.",
    )
    cs_result_channel_label = fields.Char(compute="_compute_cs_result_channel_label")
    cs_claim_type = fields.Selection(
        selection=CLAIM_TYPES, string="Claim", default="none", tracking=True
    )
    cs_legal_deadline = fields.Datetime(
        string="Legal Deadline",
        compute="_compute_cs_legal_deadline",
        store=True,
        help="Deadline set by law (ЗоЗПП art. 22: 10 days for a refund or "
        "replacement claim), counted from the ticket's creation.",
    )
    cs_commitment_sent_at = fields.Datetime(
        string="Commitment Sent", copy=False, readonly=True
    )
    cs_promise_state = fields.Selection(
        selection=PROMISE_STATES,
        string="Promise",
        compute="_compute_cs_promise_state",
        store=True,
        index=True,
    )
    cs_promise_reminded_at = fields.Datetime(copy=False, readonly=True)
    cs_promise_missed_at = fields.Datetime(copy=False, readonly=True)
    cs_promise_log_ids = fields.One2many(
        comodel_name="cs.feedback.promise.log",
        inverse_name="ticket_id",
        string="Promise Changes",
    )
    cs_letter_from = fields.Char(
        string="Letters Sent From",
        compute="_compute_cs_letter_from",
        help="The sender of our letters to the customer: the company's e-mail "
        "address, else the team's alias, else the default sender of outgoing mail.",
    )
    cs_escalation_level = fields.Integer(
        string="Escalation Level", default=0, tracking=True, copy=False
    )
    cs_escalation_label = fields.Char(
        string="Escalated To", compute="_compute_cs_escalation_label"
    )
    cs_legal_review = fields.Boolean(
        string="Legal Review",
        compute="_compute_cs_legal_review",
        store=True,
        readonly=False,
        tracking=True,
        help="The complaint cites consumer-protection law or claims a refund or "
        "replacement: the legal reviewer must sign off before it is answered.",
    )
    cs_legal_signed_by = fields.Many2one(
        comodel_name="res.users", string="Legal Sign-off By", copy=False, readonly=True
    )
    cs_legal_signed_at = fields.Datetime(
        string="Legal Sign-off On", copy=False, readonly=True
    )
    cs_legal_opinion = fields.Text(
        string="Legal Opinion",
        copy=False,
        readonly=True,
        help="The legal reviewer's opinion and conditions recorded at the sign-off.",
    )
    cs_awaiting_my_sign_off = fields.Boolean(
        string="Awaiting My Sign-off",
        compute="_compute_cs_awaiting_my_sign_off",
        search="_search_cs_awaiting_my_sign_off",
        help="Legal review needed, not signed off yet, and the legal-review "
        "activity is assigned to me or to nobody.",
    )
    cs_root_cause_id = fields.Many2one(
        comodel_name="cs.feedback.root.cause", string="Root Cause", tracking=True
    )
    cs_satisfaction = fields.Float(
        string="Satisfaction",
        compute="_compute_cs_satisfaction",
        store=True,
        aggregator="avg",
        digits=(3, 2),
        groups="base.group_user",
        help="The customer's latest rating of the ticket (1 to 5; 0 when not "
        "rated). Averages in reports count the rated tickets only.",
    )
    cs_canned_answer_id = fields.Many2one(
        comodel_name="cs.feedback.canned.answer",
        string="Canned Answer",
        domain="[('state', '=', 'approved')]",
    )

    _sql_constraints = [
        (
            "cs_external_ref_company_uniq",
            "unique(company_id, cs_external_ref)",
            "The external reference is already used by another ticket.",
        ),
        (
            "cs_escalation_level_range",
            "CHECK(cs_escalation_level BETWEEN 0 AND 3)",
            "The escalation level goes from 0 (operator) to 3 (executive).",
        ),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("number", "name")
    def _compute_display_name(self):
        """helpdesk_mgmt shows "number - title" even before either is set ("/ -
        False" on a new ticket's breadcrumb): show only the parts that exist."""
        for ticket in self:
            number = ticket.number if ticket.number and ticket.number != "/" else ""
            ticket.display_name = " - ".join(p for p in (number, ticket.name) if p)

    @api.depends("rating_last_value")
    def _compute_cs_satisfaction(self):
        for ticket in self:
            ticket.cs_satisfaction = ticket.rating_last_value

    @api.depends("channel_id.cs_code")
    def _compute_cs_channel(self):
        # a ticket without a helpdesk channel keeps the feedback channel it was
        # given (no channel record of that code, another company's channels)
        for ticket in self.filtered("channel_id"):
            ticket.cs_channel = ticket.channel_id.cs_code

    def _inverse_cs_channel(self):
        """Pick the helpdesk channel of the feedback channel: the first active one
        of the ticket's company, else a shared one (one search for the batch)."""
        codes = set(self.mapped("cs_channel")) - {False}
        channels = (
            self.env["helpdesk.ticket.channel"]
            .sudo()
            .search([("cs_code", "in", list(codes))])
            if codes
            else self.env["helpdesk.ticket.channel"]
        )
        for ticket in self:
            if ticket.channel_id.cs_code == ticket.cs_channel:
                continue
            matching = channels.filtered(
                lambda c, t=ticket: c.cs_code == t.cs_channel
                and c.company_id in (t.company_id, c.env["res.company"])
            ).sorted(lambda c, t=ticket: c.company_id != t.company_id)
            ticket.channel_id = matching[:1]

    def _cs_legal_activities(self):
        activity_type = self.env.ref(
            "cs_feedback.mail_activity_type_legal_review", raise_if_not_found=False
        )
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("activity_type_id", "=", activity_type.id),
                ]
                + ([("res_id", "in", self.ids)] if self else [])
            )
        )

    def _compute_cs_awaiting_my_sign_off(self):
        ids = set(self.search([("cs_awaiting_my_sign_off", "=", True)]).ids)
        for ticket in self:
            ticket.cs_awaiting_my_sign_off = ticket.id in ids

    def _search_cs_awaiting_my_sign_off(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        activities = self._cs_legal_activities()
        mine = activities.filtered(lambda a: a.user_id == self.env.user)
        others = activities - mine
        # assigned to me, or to nobody else (an unsigned review nobody holds)
        not_mine = set(others.mapped("res_id")) - set(mine.mapped("res_id"))
        domain = [
            ("cs_legal_review", "=", True),
            ("cs_legal_signed_at", "=", False),
            ("id", "not in", list(not_mine)),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", *expression.normalize_domain(domain)]

    @api.depends("cs_praise_ids.state")
    def _compute_cs_praise_stats(self):
        for ticket in self:
            ticket.cs_praise_count = len(ticket.cs_praise_ids)
            ticket.cs_praise_pending_count = len(
                ticket.cs_praise_ids.filtered(lambda p: p.state == "to_review")
            )

    @api.depends("cs_kind", "cs_praise_ids.state")
    def _compute_cs_awaiting_reward(self):
        for ticket in self:
            ticket.cs_awaiting_reward = ticket.cs_kind == "thanks" and any(
                p.state == "to_review" for p in ticket.cs_praise_ids
            )

    @api.depends("cs_result_channel")
    def _compute_cs_result_channel_label(self):
        labels = dict(
            self._fields["cs_result_channel"]._description_selection(self.env)
        )
        for ticket in self:
            ticket.cs_result_channel_label = labels.get(ticket.cs_result_channel, "")

    @api.depends("cs_claim_type", "create_date")
    def _compute_cs_legal_deadline(self):
        for ticket in self:
            days = LEGAL_DEADLINE_DAYS.get(ticket.cs_claim_type)
            start = ticket.create_date or fields.Datetime.now()
            ticket.cs_legal_deadline = start + timedelta(days=days) if days else False

    @api.depends("cs_kind", "cs_promised_date", "closed_date", "stage_id.closed")
    def _compute_cs_promise_state(self):
        now = fields.Datetime.now()
        for ticket in self:
            promise = ticket.cs_promised_date
            if ticket.cs_kind != "complaint" or not promise:
                ticket.cs_promise_state = "none"
            elif ticket.stage_id.closed:
                closed = ticket.closed_date or now
                ticket.cs_promise_state = "kept" if closed <= promise else "missed"
            else:
                ticket.cs_promise_state = "missed" if promise < now else "pending"

    @api.depends("company_id", "team_id")
    def _compute_cs_letter_from(self):
        default_from = self.env["ir.mail_server"].sudo()._get_default_from_address()
        for ticket in self:
            company = (ticket.company_id or self.env.company).sudo()
            alias = ticket.team_id.sudo().alias_email
            if company.email_formatted:
                ticket.cs_letter_from = company.email_formatted
            elif alias or default_from:
                ticket.cs_letter_from = formataddr(
                    (company.name or "", alias or default_from)
                )
            else:
                ticket.cs_letter_from = False

    @api.depends("cs_escalation_level")
    def _compute_cs_escalation_label(self):
        labels = {
            0: self.env._("Operator"),
            1: self.env._("Supervisor"),
            2: self.env._("Head of service"),
            3: self.env._("Executive"),
        }
        for ticket in self:
            ticket.cs_escalation_label = labels.get(ticket.cs_escalation_level, "")

    @api.depends("cs_kind", "name", "description", "cs_claim_type")
    def _compute_cs_legal_review(self):
        for ticket in self:
            if ticket.cs_kind != "complaint":
                ticket.cs_legal_review = False
                continue
            text = f"{ticket.name or ''} {html2plaintext(ticket.description or '')}"
            ticket.cs_legal_review = bool(
                ticket.cs_claim_type in LEGAL_DEADLINE_DAYS
                or LEGAL_PATTERN.search(text)
            )

    # --------------------------------------------------------------- constraints

    @api.constrains("cs_is_published", "cs_publish_consent", "cs_publish_text")
    def _check_cs_publication(self):
        self.filtered("cs_is_published")._cs_check_publishable()

    def _cs_check_publishable(self):
        for ticket in self:
            if not ticket.cs_publish_consent:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s cannot be published without the customer's "
                        "consent: tick '%(field)s' in the Publication section of the "
                        "ticket's Thanks tab first.",
                        ticket=ticket.display_name,
                        field=self._fields["cs_publish_consent"]._description_string(
                            self.env
                        ),
                    )
                )
            if not (ticket.cs_publish_text or "").strip():
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s has no text to publish: fill in "
                        "'%(field)s' in the Publication section of the ticket's "
                        "Thanks tab.",
                        ticket=ticket.display_name,
                        field=self._fields["cs_publish_text"]._description_string(
                            self.env
                        ),
                    )
                )
            if ticket.cs_kind != "thanks":
                raise ValidationError(
                    self.env._(
                        "Only thanks are published; ticket %(ticket)s is a %(kind)s.",
                        ticket=ticket.display_name,
                        kind=dict(
                            self._fields["cs_kind"]._description_selection(self.env)
                        ).get(ticket.cs_kind, ticket.cs_kind),
                    )
                )

    # ---------------------------------------------------------------------- CRUD

    def _read_group_select(self, aggregate_spec, query):
        """The average satisfaction counts the rated tickets only: an unrated
        ticket (0) would drag it down (complaint analysis)."""
        if aggregate_spec != "cs_satisfaction:avg":
            return super()._read_group_select(aggregate_spec, query)
        # checks the access to the field, as for any aggregate
        super()._read_group_select(aggregate_spec, query)
        return SQL(
            "AVG(NULLIF(%s, 0))",
            self._field_to_sql(self._table, "cs_satisfaction", query),
        )

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | GUARDED_TICKET_FIELDS

    def _cs_is_legal(self):
        return self.env.su or self.env.user.has_group("cs_feedback.group_cs_legal")

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._cs_channel_follows(vals) for vals in vals_list]
        if not self._cs_is_legal():
            # only the legal reviewers decide a complaint needs no review: for
            # anybody else the computation (cited law, refund claim) decides
            self = self.with_env(
                self.env(
                    context={
                        key: value
                        for key, value in self.env.context.items()
                        if key != "default_cs_legal_review"
                    }
                )
            )
            vals_list = [
                {
                    key: value
                    for key, value in vals.items()
                    if key != "cs_legal_review" or value
                }
                for vals in vals_list
            ]
        tickets = super().create(vals_list)
        tickets.filtered("cs_publish_consent")._cs_check_consent_complete()
        tickets.filtered("cs_publish_consent")._cs_stamp_consent()
        tickets.filtered(
            lambda t: t.cs_is_published and not t.cs_published_date
        ).sudo().write({"cs_published_date": fields.Datetime.now()})
        complaints = tickets.filtered(lambda t: t.cs_kind == "complaint")
        # every complaint is promised at once: date, responsible, result channel
        complaints._cs_fill_commitment()
        # a complaint created directly in a later stage passes the same checks as
        # a complaint moved there
        for stage, group in complaints.grouped("stage_id").items():
            group._cs_check_stage_move(stage.id)
        complaints._cs_after_complaint_change()
        return tickets

    def write(self, vals):
        vals = self._cs_channel_follows(vals)
        if "cs_legal_review" in vals:
            self._cs_check_legal_review_write(vals["cs_legal_review"])
        if "cs_promised_date" in vals:
            self._cs_check_promise_write(vals["cs_promised_date"])
        if "stage_id" in vals:
            self._cs_check_stage_move(vals["stage_id"])
        if "cs_publish_text" in vals:
            self._cs_check_text_matches_consent(vals["cs_publish_text"])
        consented_before = self.filtered("cs_publish_consent")
        complaints_before = (
            self.filtered(lambda t: t.cs_kind == "complaint")
            if "cs_kind" in vals
            else self.browse()
        )
        # editing the text, the kind or the claim never clears a legal review
        # that is due: only a legal reviewer does (action_cs_legal_not_needed)
        legal_before = (
            self.filtered("cs_legal_review")
            if not self._cs_is_legal()
            and {"name", "description", "cs_kind", "cs_claim_type"} & vals.keys()
            else self.browse()
        )
        if "cs_publish_consent" in vals and not vals["cs_publish_consent"]:
            # a withdrawn consent unpublishes at once
            self.filtered("cs_is_published").sudo().write(
                {"cs_is_published": False, "cs_published_date": False}
            )
        result = super().write(vals)
        cleared = legal_before.filtered(lambda t: not t.cs_legal_review)
        if cleared:
            cleared.sudo().write({"cs_legal_review": True})
        if vals.get("cs_publish_consent"):
            # a consent recorded now: who gave it, when, through which channel
            (self - consented_before)._cs_check_consent_complete()
            (self - consented_before)._cs_stamp_consent()
        elif (
            consented_before
            and {
                "partner_id",
                "cs_channel",
                "channel_id",
            }
            & vals.keys()
        ):
            consented_before.filtered("cs_publish_consent")._cs_check_consent_complete()
        if "cs_kind" in vals:
            # a ticket that becomes a complaint is promised like a new one
            (
                self.filtered(lambda t: t.cs_kind == "complaint") - complaints_before
            )._cs_fill_commitment()
        if {
            "stage_id",
            "cs_promised_date",
            "user_id",
            "cs_result_channel",
            "cs_kind",
            "partner_id",
        } & set(vals):
            self.filtered(
                lambda t: t.cs_kind == "complaint"
            )._cs_after_complaint_change()
        return result

    @api.model
    def _cs_channel_follows(self, vals):
        """A helpdesk Channel given with the values wins: the feedback channel
        follows it (computed), whatever cs_channel the same values carry."""
        if vals.get("channel_id") and "cs_channel" in vals:
            vals = {key: value for key, value in vals.items() if key != "cs_channel"}
        return vals

    def _cs_check_legal_review_write(self, value):
        if value or self._cs_is_legal():
            return
        if any(ticket.cs_legal_review for ticket in self):
            raise AccessError(
                self.env._(
                    "Only a legal reviewer can decide that a complaint needs no "
                    "legal review (%(field)s).",
                    field=self._fields["cs_legal_review"]._description_string(self.env),
                )
            )

    def _cs_check_promise_write(self, value):
        """A promise told to the customer moves only through 'Change Promise'
        (:meth:`_cs_change_promise`), which logs the truth; the first promise is
        set freely."""
        if self.env.su:  # _cs_change_promise, after its own checks
            return
        new = fields.Datetime.to_datetime(value) if value else False
        for ticket in self:
            if (
                ticket.cs_kind == "complaint"
                and ticket.cs_promised_date
                and ticket.cs_promised_date != new
            ):
                raise UserError(
                    self.env._(
                        "The promised date of %(ticket)s was already told to the "
                        "customer: use 'Change Promise' and give a reason.",
                        ticket=ticket.display_name,
                    )
                )

    @api.onchange("cs_publish_consent")
    def _onchange_cs_publish_consent(self):
        """Ticking the consent fills who (the contact), when (now), through which
        channel and the text (the description, editable before saving)."""
        for ticket in self.filtered("cs_publish_consent"):
            ticket.cs_publish_consent_partner_id = ticket.partner_id
            ticket.cs_publish_consent_date = fields.Datetime.now()
            ticket.cs_publish_consent_channel = ticket.cs_channel
            if not ticket.cs_publish_text and ticket.description:
                ticket.cs_publish_text = html2plaintext(ticket.description).strip()

    def _cs_check_consent_complete(self):
        """A consent names who gave it, through which channel and for which text."""
        for ticket in self:
            missing = [
                # the form shows the helpdesk Channel, which cs_channel follows
                self._fields[
                    "channel_id" if name == "cs_channel" else name
                ]._description_string(self.env)
                for name in ("partner_id", "cs_channel", "cs_publish_text")
                if not (
                    ticket[name].strip()
                    if isinstance(ticket[name], str)
                    else ticket[name]
                )
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "A publication consent on %(ticket)s must say who gave it, "
                        "through which channel and for which text: fill in "
                        "%(fields)s first.",
                        ticket=ticket.display_name,
                        fields=", ".join(missing),
                    )
                )

    def _cs_stamp_consent(self):
        """Record who gave the consent, when and through which channel (the
        audit fields are guarded: only this stamp sets them)."""
        now = fields.Datetime.now()
        for ticket in self:
            ticket.sudo().write(
                {
                    "cs_publish_consent_date": now,
                    "cs_publish_consent_partner_id": ticket.partner_id.id,
                    "cs_publish_consent_channel": ticket.cs_channel,
                }
            )

    def _cs_check_text_matches_consent(self, new_text):
        for ticket in self:
            if ticket.cs_publish_consent and (ticket.cs_publish_text or "") != (
                new_text or ""
            ):
                raise UserError(
                    self.env._(
                        "The customer agreed to publish the exact text of ticket "
                        "%(ticket)s. Use 'Record Consent Again' to "
                        "change the %(field)s.",
                        ticket=ticket.display_name,
                        field=self._fields["cs_publish_text"]._description_string(
                            self.env
                        ),
                    )
                )

    def _cs_change_promise(self, new_date, reason, notify=True):
        """Move the promised date of a complaint: the one way to change a promise
        already told to the customer.  Logs the old and new dates, the reason and
        whether the customer was really told (the delay letter was sent)."""
        self.ensure_one()
        self.check_access("write")
        new_date = fields.Datetime.to_datetime(new_date) if new_date else False
        if not new_date or new_date <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "The new promised date %(date)s must be in the future.",
                    date=fields.Datetime.to_string(new_date) if new_date else "",
                )
            )
        if not (reason or "").strip():
            raise ValidationError(
                self.env._(
                    "Give the reason why the promised date moves: the customer is "
                    "told it."
                )
            )
        old = self.cs_promised_date
        if old == new_date:
            return True
        self.sudo().write(
            {
                "cs_promised_date": new_date,
                "cs_promise_reminded_at": False,
                "cs_promise_missed_at": False,
            }
        )
        if not old:
            return True
        notified = bool(notify and self.partner_id)
        if notified:
            self.with_context(cs_delay_reason=reason)._cs_send_notice(
                "cs_feedback.mail_template_complaint_delay"
            )
        self.env["cs.feedback.promise.log"].sudo().create(
            {
                "ticket_id": self.id,
                "old_date": old,
                "new_date": new_date,
                "reason": reason,
                "customer_notified": notified,
                "user_id": self.env.user.id,
            }
        )
        return True

    def _cs_first_stages(self):
        """{team: its first stage} for the teams of ``self``, one lookup per team."""
        stages = {team: team._get_applicable_stages()[:1] for team in self.team_id}
        if not all(ticket.team_id for ticket in self):
            no_team = self.env["helpdesk.ticket.team"]
            stages[no_team] = self.env["helpdesk.ticket.stage"].search([], limit=1)
        return stages

    def _cs_check_stage_move(self, stage_id):
        stage = self.env["helpdesk.ticket.stage"].browse(stage_id)
        complaints = self.filtered(lambda t: t.cs_kind == "complaint")
        first_stages = complaints._cs_first_stages()
        for ticket in complaints:
            if stage == first_stages[ticket.team_id]:
                continue
            missing = ticket._cs_missing_commitment()
            if missing:
                raise ValidationError(
                    self.env._(
                        "Complaint %(ticket)s cannot move to '%(stage)s' before the "
                        "customer is promised: fill in %(missing)s on the ticket's "
                        "Complaint tab.",
                        ticket=ticket.display_name,
                        stage=stage.name,
                        missing=", ".join(missing),
                    )
                )
            if stage.closed:
                ticket._cs_check_can_close()

    def _cs_missing_commitment(self):
        self.ensure_one()
        missing = []
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in ("cs_promised_date", "user_id", "cs_result_channel")
        }
        if not self.cs_promised_date:
            missing.append(
                self.env._(
                    "the promised date ('%(field)s')",
                    field=labels["cs_promised_date"],
                )
            )
        if not self.user_id:
            missing.append(
                self.env._(
                    "the responsible person ('%(field)s')", field=labels["user_id"]
                )
            )
        if not self.cs_result_channel:
            missing.append(
                self.env._(
                    "the result channel ('%(field)s')",
                    field=labels["cs_result_channel"],
                )
            )
        return missing

    def _cs_check_can_close(self):
        self.ensure_one()
        if not self.cs_root_cause_id:
            raise ValidationError(
                self.env._(
                    "Complaint %(ticket)s needs a '%(field)s' before it is closed: "
                    "choose it on the ticket's Complaint tab.",
                    ticket=self.display_name,
                    field=self._fields["cs_root_cause_id"]._description_string(
                        self.env
                    ),
                )
            )
        self._cs_check_legal_signed()

    def _cs_check_legal_signed(self):
        for ticket in self:
            if ticket.cs_legal_review and not ticket.cs_legal_signed_at:
                raise UserError(
                    self.env._(
                        "Complaint %(ticket)s cites consumer-protection law: the legal "
                        "reviewer must sign it off before it is answered or closed.",
                        ticket=ticket.display_name,
                    )
                )

    def _cs_after_complaint_change(self):
        """Send the commitment as soon as the three facts are set (normally at
        creation), once per complaint; put the legal review activity when the
        complaint needs one."""
        for ticket in self:
            if (
                not ticket.cs_commitment_sent_at
                and ticket.partner_id
                and not ticket._cs_missing_commitment()
                and ticket._cs_claim_commitment()
            ):
                # the commitment (date, responsible, channel) is not an answer on
                # the merits: it may go before the legal sign-off
                ticket._cs_send_notice("cs_feedback.mail_template_complaint_commitment")
        legal = self.filtered(lambda t: t.cs_legal_review and not t.cs_legal_signed_at)
        if legal:
            legal._cs_schedule_legal_review()

    def _cs_claim_commitment(self):
        """Stamp cs_commitment_sent_at if nobody did: only the transaction that
        flips it from NULL sends the letter (retries, concurrent writes)."""
        self.ensure_one()
        self.flush_recordset(["cs_commitment_sent_at"])
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET cs_commitment_sent_at = %s "
                "WHERE id = %s AND cs_commitment_sent_at IS NULL RETURNING id",
                fields.Datetime.now(),
                self.id,
            )
        )
        claimed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["cs_commitment_sent_at"])
        return claimed

    def _cs_schedule_legal_review(self):
        group = self.env.ref("cs_feedback.group_cs_legal")
        reviewer = group.sudo().users.filtered(lambda u: not u.share)[:1]
        activity_type = self.env.ref("cs_feedback.mail_activity_type_legal_review")
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        done = set(existing.mapped("res_id"))
        for ticket in self.filtered(lambda t: t.id not in done):
            ticket.sudo().activity_schedule(
                act_type_xmlid="cs_feedback.mail_activity_type_legal_review",
                user_id=(reviewer or self.env.user).id,
                note=self.env._("Consumer-protection law is cited: review the answer."),
            )

    def _cs_send_notice(self, template_xmlid):
        """Post one of our customer notices from a mail template (chatter + e-mail).

        Only our own code calls this, after its own checks: the notice goes in
        sudo, past the legal-review gate of :meth:`message_post`.  The letter is
        written by the company (author and the template's ``email_from``), in the
        customer's language (the template's ``lang``).
        """
        self.ensure_one()
        template = self.env.ref(template_xmlid)
        self.sudo().message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
            # the company writes, never whoever pressed the button (who may have
            # no e-mail address): the template's sender (the company's address),
            # the company as author; given both, as the composer computes them
            # together
            email_from=template.sudo()._render_field("email_from", self.ids)[self.id]
            or self.cs_letter_from,
            author_id=self._cs_letter_author().id,
        )

    def _cs_letter_author(self):
        """The partner our customer letters come from: the ticket's company."""
        self.ensure_one()
        return (self.company_id or self.env.company).sudo().partner_id

    def _cs_message_reaches_customer(self, kwargs):
        """Whether a message posted with these arguments leaves the company: a
        subtype that is not internal (followers are told), or a recipient who is
        not an internal user."""
        subtype_id = kwargs.get("subtype_id")
        xmlid = kwargs.get("subtype_xmlid")
        if not xmlid and not subtype_id and kwargs.get("message_type") == "comment":
            # a comment without a subtype is taken for a message to the customer
            # (the UI always says "note" explicitly)
            return True
        if xmlid or not subtype_id:
            xmlid = xmlid or "mail.mt_note"
            if "." not in str(xmlid):
                xmlid = f"mail.{xmlid}"
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
                xmlid, raise_if_not_found=False
            )
        if not isinstance(subtype_id, int) or isinstance(subtype_id, bool):
            return True
        subtype = self.env["mail.message.subtype"].sudo().browse(subtype_id).exists()
        if not subtype or not subtype.internal:
            return True
        partner_ids = kwargs.get("partner_ids") or []
        if not isinstance(partner_ids, list | tuple) or not all(
            isinstance(pid, int) and not isinstance(pid, bool) for pid in partner_ids
        ):
            return True
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        return any(
            not partner.user_ids.filtered(lambda user: not user.share)
            for partner in partners
        ) or len(partners) < len(set(partner_ids))

    def message_post(self, **kwargs):
        """Nobody answers a complaint under legal review before the sign-off.

        The one gate for every customer-visible message (whatever the subtype is
        given as, whatever the context says); the customer's own messages and our
        notices (sent in sudo after their own checks) pass.
        """
        if (
            not self.env.su
            and not self.env.user.share
            and self._cs_message_reaches_customer(kwargs)
        ):
            self._cs_check_legal_signed()
        return super().message_post(**kwargs)

    def message_notify(self, **kwargs):
        """The same gate for a direct notification (only its recipients matter)."""
        if (
            self
            and not self.env.su
            and not self.env.user.share
            and self._cs_message_reaches_customer(
                dict(kwargs, subtype_xmlid="mail.mt_note", subtype_id=False)
            )
        ):
            self._cs_check_legal_signed()
        return super().message_notify(**kwargs)

    # ------------------------------------------------------------------- actions

    def action_cs_escalate(self):
        """Raise the escalation level: reassign per team, raise priority, notify.

        Whoever may edit the complaint (and the customer, through the portal)
        escalates; the level itself is guarded and written here in sudo."""
        self.check_access("write")
        for ticket in self:
            if ticket.cs_escalation_level >= TOP_ESCALATION_LEVEL:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is already escalated to the executive "
                        "level; it cannot go higher.",
                        ticket=ticket.display_name,
                    )
                )
            level = ticket.cs_escalation_level + 1
            vals = {
                "cs_escalation_level": level,
                # one step up per escalation, from where the ticket stands
                "priority": str(min(3, int(ticket.priority or 0) + 1)),
            }
            assignee = ticket.team_id._cs_escalation_user(level)
            if assignee:
                vals["user_id"] = assignee.id
            ticket.sudo().write(vals)
            ticket.message_post(
                body=self.env._(
                    "Escalated to level %(level)s (%(label)s).",
                    level=level,
                    label=ticket.cs_escalation_label,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
            if ticket.partner_id:
                ticket._cs_send_notice("cs_feedback.mail_template_complaint_escalated")
        return True

    def action_cs_legal_sign_off(self, opinion=None):
        """Sign off the legal review; ``opinion`` (optional) records the legal
        reviewer's opinion and conditions on the ticket and in the chatter."""
        if not self.env.user.has_group("cs_feedback.group_cs_legal"):
            raise AccessError(
                self.env._("Only the legal reviewer group can sign off a complaint.")
            )
        if (
            opinion is not None
            and opinion is not False
            and not isinstance(opinion, str)
        ):
            raise ValidationError(
                self.env._("opinion: %(value)r is not a text", value=opinion)
            )
        opinion = (opinion or "").strip()
        if len(opinion) > MAX_TEXT_LENGTH or "\x00" in opinion:
            raise ValidationError(
                self.env._(
                    "opinion: too long (at most %(max)s characters) or not plain text",
                    max=MAX_TEXT_LENGTH,
                )
            )
        self.check_access("write")
        self.sudo().write(
            {
                "cs_legal_signed_by": self.env.user.id,
                "cs_legal_signed_at": fields.Datetime.now(),
                "cs_legal_opinion": opinion or False,
            }
        )
        feedback = self.env._("Signed off by %(user)s", user=self.env.user.name)
        if opinion:
            feedback = self.env._(
                "Signed off by %(user)s. Opinion and conditions: %(opinion)s",
                user=self.env.user.name,
                opinion=opinion,
            )
        self.activity_feedback(
            ["cs_feedback.mail_activity_type_legal_review"], feedback=feedback
        )
        return True

    def action_cs_open_legal_sign_off(self):
        """Open the sign-off wizard: the drafted answer beside an opinion."""
        self.ensure_one()
        if not self.env.user.has_group("cs_feedback.group_cs_legal"):
            raise AccessError(
                self.env._("Only the legal reviewer group can sign off a complaint.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Legal Sign-off"),
            "res_model": "cs.legal.sign.off.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_cs_legal_not_needed(self):
        """A legal reviewer decides the complaint needs no legal review."""
        if not self.env.user.has_group("cs_feedback.group_cs_legal"):
            raise AccessError(
                self.env._(
                    "Only the legal reviewer group can decide a complaint needs no "
                    "legal review."
                )
            )
        self.check_access("write")
        self.sudo().write({"cs_legal_review": False})
        self.activity_unlink(["cs_feedback.mail_activity_type_legal_review"])
        for ticket in self:
            ticket.message_post(
                body=self.env._(
                    "%(user)s decided no legal review is needed.",
                    user=self.env.user.name,
                ),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _cs_check_supervisor(self):
        if not self.env.user.has_group("cs_feedback.group_cs_supervisor"):
            raise AccessError(
                self.env._("Only a customer-service supervisor publishes thanks.")
            )
        self.check_access("write")

    def action_cs_publish(self):
        self._cs_check_supervisor()
        self._cs_check_publishable()
        self.sudo().write(
            {"cs_is_published": True, "cs_published_date": fields.Datetime.now()}
        )
        return True

    def action_cs_unpublish(self):
        self._cs_check_supervisor()
        self.sudo().write({"cs_is_published": False, "cs_published_date": False})
        return True

    def action_cs_withdraw_consent(self):
        """The customer withdrew the consent: unpublish at once (operators)."""
        self.check_access("write")
        for ticket in self:
            ticket.write({"cs_publish_consent": False})
            ticket.message_post(
                body=self.env._("The customer withdrew the consent to publish."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cs_record_consent_again(self, text):
        """The customer agreed to a new text: withdraw the consent and record it
        again with that text, in one step (operators)."""
        self.check_access("write")
        if not isinstance(text, str) or not text.strip() or "\x00" in text:
            raise ValidationError(
                self.env._("text: %(value)r is not a text to publish", value=text)
            )
        if len(text) > MAX_TEXT_LENGTH:
            raise ValidationError(
                self.env._(
                    "text: too long (at most %(max)s characters)", max=MAX_TEXT_LENGTH
                )
            )
        for ticket in self:
            if ticket.cs_kind != "thanks":
                raise UserError(
                    self.env._(
                        "Only a thanks is published: %(ticket)s is not a thanks.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.cs_publish_consent:
                ticket.write({"cs_publish_consent": False})
            ticket.write({"cs_publish_text": text.strip()})
            ticket.write({"cs_publish_consent": True})
            ticket.message_post(
                body=self.env._(
                    "The consent to publish was recorded again for a new text."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_cs_open_consent_again(self):
        """Open the wizard that records the consent again with a new text."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Consent Again"),
            "res_model": "cs.consent.again.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_text": self.cs_publish_text,
            },
        }

    def action_cs_make_best_practice(self):
        """Open a best practice drafted from this thanks (supervisors)."""
        self.ensure_one()
        praises = self.cs_praise_ids
        # the rewarded employee first: the one whose way of working is shared
        employee = (
            praises.filtered(lambda p: p.state == "rewarded")[:1] or praises[:1]
        ).employee_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Best Practice"),
            "res_model": "cs.best.practice",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_name": self.env._(
                    "How %(employee)s earned the customer's thanks",
                    employee=employee.name or self.env._("the team"),
                ),
                "default_employee_id": employee.id,
                "default_ticket_ids": [(6, 0, self.ids)],
                "default_description": self._cs_best_practice_template(employee),
            },
        }

    def _cs_best_practice_template(self, employee):
        """A write-up to fill in (what was done, why it worked), with the
        customer's words kept apart as the source, not as the text."""
        self.ensure_one()
        words = html2plaintext(self.description or "").strip()
        return Markup(
            "<h3>%s</h3><p>%s</p><h3>%s</h3><p>%s</p><h3>%s</h3><blockquote>%s"
            "</blockquote>"
        ) % (
            self.env._("What was done"),
            self.env._(
                "Describe step by step what %(employee)s did for the customer.",
                employee=employee.name or self.env._("the employee"),
            ),
            self.env._("Why it worked"),
            self.env._("Explain why the customer valued it and when to do the same."),
            self.env._("In the customer's words"),
            words,
        )

    def action_cs_change_promise(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Promise"),
            "res_model": "cs.promise.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_cs_use_canned_answer(self):
        """Send the approved canned answer to the customer."""
        self.ensure_one()
        answer = self.cs_canned_answer_id
        if (
            not answer
            or answer.state != "approved"
            or answer.company_id != self.company_id
        ):
            raise UserError(
                self.env._(
                    "Pick an approved answer in '%(field)s' on the ticket first.",
                    field=self._fields["cs_canned_answer_id"]._description_string(
                        self.env
                    ),
                )
            )
        self.message_post(
            body=answer.body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )
        answer.sudo().use_count += 1
        return True

    def action_cs_default_promise(self):
        """Fill the promised date from the complaint policy (SLA) and the law; a
        promise already told moves through :meth:`_cs_change_promise` (logged)."""
        for ticket in self:
            deadline = ticket._cs_policy_deadline()
            if ticket.cs_kind == "complaint" and ticket.cs_promised_date:
                ticket._cs_change_promise(
                    deadline,
                    self.env._("Promise set again from the complaint policy"),
                    notify=True,
                )
            else:
                ticket.cs_promised_date = deadline
        return True

    # ------------------------------------------------------- business methods

    def _cs_calendar(self):
        self.ensure_one()
        return (
            self.team_id.resource_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

    def _cs_sla_deadline(self):
        """The earliest deadline of the team's SLA policies (helpdesk_mgmt_sla).

        OCA's ``sla_deadline`` only counts the ticket's SLA lines *in progress*, and
        a line is "accomplished" at once when its policy names no target stage (the
        stage sequence is compared with 0) or the ticket already sits at that stage:
        such a policy still promises the customer a date.  So the deadline is the
        OCA line's while it runs (it knows the time spent on hold), else it is
        computed here the way OCA does: the policy's days and hours planned on the
        team's working calendar from the ticket's creation.  Policies apply to
        teams with "Use SLA" only, and not while the ticket sits in one of the
        policy's ignored stages.
        """
        self.ensure_one()
        if not self.team_id.use_sla:
            return False
        ticket = self.sudo()
        calendar = ticket._cs_calendar()
        if not calendar:
            return False
        start = ticket.create_date or fields.Datetime.now()
        lines = {line.sla_id: line for line in ticket.ticket_sla_ids}
        deadlines = []
        for sla in ticket._get_sla():
            if ticket.stage_id in sla.ignore_stage_ids:
                continue
            line = lines.get(sla)
            if line and line.state == "in_progress" and line.deadline:
                deadlines.append(line.deadline)
                continue
            hours = sla.hours + calendar.hours_per_day * sla.days
            if hours <= 0:
                continue
            deadline = calendar.plan_hours(hours, start, compute_leaves=True)
            if deadline:
                deadlines.append(deadline)
        return min(deadlines, default=False)

    def _cs_policy_deadline(self):
        """Earliest of the team's complaint policy (SLA on the team's working
        calendar) and the law (ЗоЗПП art. 22); one working day of the team
        calendar when neither applies."""
        self.ensure_one()
        candidates = [d for d in (self._cs_sla_deadline(), self.cs_legal_deadline) if d]
        if candidates:
            return min(candidates)
        calendar = self._cs_calendar()
        start = fields.Datetime.now()
        if calendar:
            return calendar.plan_hours(8.0, start, compute_leaves=True) or start
        return start + timedelta(days=1)

    @api.model
    def _cs_is_real_user(self, user):
        """An active internal user who can answer for a promise (not OdooBot, the
        superuser or a portal user)."""
        return bool(
            user
            and user.active
            and not user.share
            and not user._is_superuser()
            and user != self.env.ref("base.user_root", raise_if_not_found=False)
        )

    def _cs_may_answer(self, user):
        """A real user who belongs to the ticket's team (helpdesk_mgmt: "if the team
        is set, the user must belong to that team"; its "Auto assign user" option
        assigns the creator even outside the team when the team comes in the
        values, not the defaults)."""
        self.ensure_one()
        members = self.team_id.sudo().user_ids
        return self._cs_is_real_user(user) and (not members or user in members)

    def _cs_default_responsible(self):
        """Who answers for a new complaint (see readme/CONFIGURE.md):

        1. the user the complaint was created with (given by the caller, or by
           helpdesk_mgmt's "Auto assign user" company option), if a real user of
           the team;
        2. the internal user creating it, when they are a member of its team (or
           the team has no members);
        3. the team leader;
        4. the first team member.
        Never OdooBot or the superuser (mail gateway, scheduled actions): when none
        fits, nobody is assigned and the ticket says so.
        """
        self.ensure_one()
        if self._cs_may_answer(self.user_id):
            return self.user_id
        team = self.team_id.sudo()
        members = team.user_ids.filtered(self._cs_is_real_user)
        creator = self.env.user
        if self._cs_is_real_user(creator) and (
            creator in team.user_ids or not team.user_ids
        ):
            return creator
        if self._cs_is_real_user(team.user_id):
            return team.user_id
        return members[:1]

    def _cs_default_result_channel(self):
        """The result channel from the feedback channel (RESULT_CHANNEL_BY_CHANNEL):
        e-mail needs an address (else phone, else letter); a phone call needs a
        number (else letter)."""
        self.ensure_one()
        partner = self.partner_id
        email = partner.email or self.partner_email
        phone = partner.phone or partner.mobile
        channel = RESULT_CHANNEL_BY_CHANNEL.get(self.cs_channel) or (
            "email" if email else "phone"
        )
        if channel == "email" and not email:
            channel = "phone"
        if channel == "phone" and not phone:
            channel = "email" if email else "letter"
        return channel

    def _cs_fill_commitment(self):
        """Give each complaint what it promises the customer, where the creator did
        not: the policy date, the responsible and the result channel.  Runs right
        after creation (our own code, before anything was told to the customer):
        written in sudo, past the 'Change Promise' rule."""
        for ticket in self:
            if not ticket._cs_may_answer(ticket.user_id):
                responsible = ticket._cs_default_responsible()
                if responsible or ticket.user_id:
                    # first: a ticket without a team gets the responsible's team
                    # (helpdesk_mgmt), whose policy then dates the promise
                    super(HelpdeskTicket, ticket.sudo()).write(
                        {"user_id": responsible.id}
                    )
            vals = {}
            if not ticket.cs_promised_date:
                vals["cs_promised_date"] = ticket._cs_policy_deadline()
            if not ticket.cs_result_channel:
                vals["cs_result_channel"] = ticket._cs_default_result_channel()
            if vals:
                super(HelpdeskTicket, ticket.sudo()).write(vals)
            if not ticket.user_id:
                ticket.sudo().message_post(
                    body=self.env._(
                        "Nobody could be made responsible for this complaint: the "
                        "team has no leader or members. Set the Assigned user (and "
                        "a Team Leader in the team's settings) so the customer can "
                        "be told who answers."
                    ),
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                )
        return True

    def init(self):
        res = super().init()
        cr = self.env.cr
        # the partner form's counters group a contact's tickets (helpdesk_mgmt does
        # not index helpdesk_ticket.partner_id)
        create_index(
            cr,
            "helpdesk_ticket_cs_partner_kind_index",
            self._table,
            ["partner_id", "cs_kind"],
            where="partner_id IS NOT NULL",
        )
        # the promise watch's queues (_cron_cs_promise_watch): only what it still
        # has to do is indexed, so a run costs what it does, not the history
        create_index(
            cr,
            "helpdesk_ticket_cs_promise_pending_index",
            self._table,
            ["cs_promised_date", "id"],
            where="cs_promise_state = 'pending'",
        )
        create_index(
            cr,
            "helpdesk_ticket_cs_promise_remind_index",
            self._table,
            ["cs_promised_date", "id"],
            where="cs_promise_state = 'pending' AND cs_promise_reminded_at IS NULL",
        )
        create_index(
            cr,
            "helpdesk_ticket_cs_promise_missed_index",
            self._table,
            ["cs_promised_date", "id"],
            where="cs_promise_state = 'missed' AND cs_promise_missed_at IS NULL",
        )
        return res

    @api.model
    def _cron_cs_promise_watch(self, limit=PROMISE_WATCH_BATCH):
        """Remind the responsible before the promise; once it is missed, ask for a
        delay explanation with a new date.  Each step happens once per promise.

        Cost follows the work, not the history: the queues are the open promises
        (``cs_promise_state`` 'pending', which a closed ticket leaves) not reminded
        yet, and the missed ones not flagged yet, each read through its own partial
        index.  At most ``limit`` tickets per call, their activities created in one
        batch; the progress is reported to the scheduler (``_notify_progress``),
        which commits and calls again while some remain.
        """
        now = fields.Datetime.now()
        hours = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("cs_feedback.promise_reminder_hours", "24")
        )
        order = "cs_promised_date, id"
        # the promise state depends on the clock: the pending promises whose date
        # passed (only those) turn missed now, and join the missed queue below
        expired = self.search(
            [("cs_promise_state", "=", "pending"), ("cs_promised_date", "<", now)],
            order=order,
        )
        if expired:
            self.env.add_to_compute(self._fields["cs_promise_state"], expired)
            expired.flush_recordset(["cs_promise_state"])
        soon_domain = [
            ("cs_promise_state", "=", "pending"),
            ("cs_promise_reminded_at", "=", False),
            ("cs_promised_date", ">=", now),
            ("cs_promised_date", "<=", now + timedelta(hours=hours)),
        ]
        # an open complaint whose promise passed; a closed one (closed late before
        # a run saw it) only leaves the queue, nobody has to explain anything
        missed_domain = [
            ("cs_promise_state", "=", "missed"),
            ("cs_promise_missed_at", "=", False),
            ("cs_promised_date", "<", now),
        ]
        soon = self.search(soon_domain, order=order, limit=limit)
        missed = self.browse()
        if len(soon) < limit:
            missed = self.search(missed_domain, order=order, limit=limit - len(soon))
        missed_open = missed.filtered(lambda t: not t.stage_id.closed)
        vals_list = []
        if soon or missed_open:
            model_id = self.env["ir.model"]._get_id(self._name)
        if soon:
            todo = self.env.ref("mail.mail_activity_data_todo")
            vals_list += [
                {
                    "activity_type_id": todo.id,
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "date_deadline": ticket.cs_promised_date.date(),
                    "user_id": (ticket.user_id or self.env.user).id,
                    "summary": self.env._("Promise due soon"),
                    "note": self.env._(
                        "The customer was promised a result by %(date)s.",
                        date=fields.Datetime.to_string(ticket.cs_promised_date),
                    ),
                }
                for ticket in soon
            ]
        if missed_open:
            delay = self.env.ref("cs_feedback.mail_activity_type_delay_explanation")
            today = fields.Date.context_today(self)
            vals_list += [
                {
                    "activity_type_id": delay.id,
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "date_deadline": today,
                    "user_id": (ticket.user_id or self.env.user).id,
                    "summary": delay.summary,
                    "note": delay.default_note,
                }
                for ticket in missed_open
            ]
        if vals_list:
            # one batch: the responsible's notices and subscriptions included
            self.env["mail.activity"].create(vals_list)
        if soon:
            soon.sudo().write({"cs_promise_reminded_at": now})
        if missed:
            missed.sudo().write({"cs_promise_missed_at": now})
        done = len(soon) + len(missed)
        remaining = 0
        if done >= limit:
            remaining = self.search_count(soon_domain) + self.search_count(
                missed_domain
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return True

    def _cs_notify_decision_once(self):
        """Tell the customer what was decided, once, when every praise is decided.

        The guard is in the database: only the transaction that flips
        cs_decision_notified_at from NULL sends the notice, so concurrent decisions
        and retried requests cannot send it twice.
        """
        for ticket in self:
            if ticket.cs_kind != "thanks" or not ticket.cs_praise_ids:
                continue
            if any(p.state == "to_review" for p in ticket.cs_praise_ids):
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET cs_decision_notified_at = now() "
                    "WHERE id = %s AND cs_decision_notified_at IS NULL RETURNING id",
                    ticket.id,
                )
            )
            if not self.env.cr.fetchone():
                continue
            ticket.invalidate_recordset(["cs_decision_notified_at"])
            if ticket.partner_id:
                ticket.sudo()._cs_send_notice(
                    "cs_feedback.mail_template_thanks_decision"
                )

    @api.model
    def _cs_published_thanks_feed(self, limit=50):
        """Published, consented thanks for the public page and JSON feed.

        Runs in sudo with an explicit publication domain: nothing unconsented can
        match, and only the text, the author per scope and the date leave.
        """
        tickets_sudo = self.sudo().search(
            PUBLISHED_THANKS_DOMAIN,
            order="cs_published_date desc, id desc",
            limit=limit,
        )
        tickets_sudo.fetch(
            ["cs_publish_text", "cs_publish_scope", "cs_published_date", "create_date"]
        )
        return [
            {
                "text": ticket_sudo.cs_publish_text,
                "author": ticket_sudo._cs_public_author(),
                "date": (ticket_sudo.cs_published_date or ticket_sudo.create_date)
                .date()
                .isoformat(),
            }
            for ticket_sudo in tickets_sudo
        ]

    def _cs_public_author(self):
        self.ensure_one()
        partner = self.cs_publish_consent_partner_id or self.partner_id
        name = (partner.name or self.partner_name or "").strip()
        if name and self.cs_publish_scope == "full_name":
            return name
        if name and self.cs_publish_scope == "initials":
            parts = name.replace(".", " ").split()
            return " ".join(f"{part[0].upper()}." for part in parts)
        return self.env._("Anonymous customer")

    # ------------------------------------------------------------ mail gateway

    def _creation_message(self):
        # mail's "%s created" cannot agree in gender with the model's name in
        # Russian ("Обращение создан"): the ticket says it whole
        return self.env._("Ticket created")

    @api.model
    def message_new(self, msg, custom_values=None):
        """A ticket from an e-mail came through the e-mail channel; a complaint from
        an unknown address gets its contact created, so that the commitment letter
        (sent at creation) reaches the customer."""
        values = dict(custom_values or {})
        values.setdefault("cs_channel", "email")
        kind = values.get("cs_kind") or self.default_get(["cs_kind"]).get("cs_kind")
        if kind == "complaint" and not msg.get("author_id") and msg.get("email_from"):
            partners = (
                self.env["mail.thread"]
                .sudo()
                ._mail_find_partner_from_emails([msg["email_from"]], force_create=True)
            )
            if partners and partners[0]:
                msg = dict(msg, author_id=partners[0].id)
        return super().message_new(msg, custom_values=values)

    # --------------------------------------------------------------- public API

    @api.model
    def cs_submit_feedback(self, payload):
        """Create a complaint/thanks/question/suggestion from an outside system.

        See API.md.  Validates everything before writing; idempotent on
        ``external_ref`` (also under concurrent identical calls); returns a dict
        (never None).
        """
        vals, employee_ids, customer = self._cs_prepare_feedback_vals(payload)
        ref = vals.get("cs_external_ref")
        if ref:
            existing = self._cs_find_by_external_ref(ref)
            if existing:
                return existing._cs_feedback_result(duplicate=True)
        vals["partner_id"] = self._cs_match_customer(customer).id
        if employee_ids:
            vals["cs_praise_ids"] = [(0, 0, {"employee_id": e}) for e in employee_ids]
        # a concurrent call with the same external_ref that wins the race makes
        # this request start again: its lookup above then finds the winner
        with retry_if_duplicate(self.env.cr):
            ticket = self.create(vals)
        return ticket._cs_feedback_result(duplicate=False)

    @api.model
    def _cs_find_by_external_ref(self, ref):
        # in sudo: the reference is unique per company whoever can read the ticket
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("cs_external_ref", "=", ref),
                    ("company_id", "=", self.env.company.id),
                ],
                limit=1,
            )
        )

    def _cs_feedback_result(self, duplicate):
        self.ensure_one()
        return {
            "id": self.id,
            "number": self.number or False,
            "kind": self.cs_kind,
            "promised_date": fields.Datetime.to_string(self.cs_promised_date)
            if self.cs_promised_date
            else False,
            "responsible": self.user_id.name or False,
            "duplicate": duplicate,
        }

    @api.model
    def _cs_prepare_feedback_vals(self, payload):
        """Validate the payload (one schema, then cross-field checks) and turn it
        into ticket values; nothing is written here."""
        data = FEEDBACK_PAYLOAD.validate(self.env, payload)
        kind = data["kind"]
        channel = data["channel"]
        description = data["description"]
        customer = data["customer"]
        email = (customer.get("email") or "").strip()
        phone = (customer.get("phone") or "").strip()
        lang = customer.get("lang") or False
        errors = []
        if not (email or phone):
            errors.append(
                self.env._(
                    "customer: an email or a phone is required to answer %(name)r",
                    name=customer["name"],
                )
            )
        if phone and not PHONE_RE.match(phone):
            errors.append(
                self.env._(
                    "customer.phone: %(value)r is not a phone number", value=phone
                )
            )
        if lang and lang not in dict(self.env["res.lang"].get_installed()):
            errors.append(
                self.env._(
                    "customer.lang: %(value)r is not an installed language",
                    value=lang,
                )
            )
        employee_ids = list(dict.fromkeys(data.get("employee_ids") or []))
        if employee_ids and kind != "thanks":
            errors.append(
                self.env._(
                    "employee_ids: only a thanks names employees, this is a %(kind)s",
                    kind=kind,
                )
            )
        elif employee_ids:
            found = self.env["hr.employee"].sudo().browse(employee_ids).exists()
            unknown = sorted(set(employee_ids) - set(found.ids))
            if unknown:
                errors.append(
                    self.env._("employee_ids: no employee with id %(ids)s", ids=unknown)
                )
        consent = bool(data.get("publish_consent"))
        if consent and kind != "thanks":
            errors.append(
                self.env._(
                    "publish_consent: only a thanks is published, this is a %(kind)s",
                    kind=kind,
                )
            )
        if errors:
            raise ValidationError("\n".join(errors))
        publish_text = data.get("publish_text") or False
        first_line = description.strip().splitlines()[0][:80]
        vals = {
            "name": (data.get("subject") or "").strip() or first_line,
            "description": plaintext2html(description),
            "cs_kind": kind,
            "cs_channel": channel,
            "cs_external_ref": data.get("external_ref") or False,
            "partner_name": customer["name"].strip(),
            "partner_email": email or False,
            "cs_publish_consent": consent,
            "cs_publish_scope": data.get("publish_scope") or "initials",
            "cs_publish_text": publish_text or (description if consent else False),
        }
        customer = {"name": customer["name"].strip(), "email": email, "phone": phone}
        customer["lang"] = lang
        return vals, employee_ids, customer

    @api.model
    def _cs_match_customer(self, customer):
        """An existing partner by normalized e-mail, then by phone, else a new one.

        One indexed lookup each, through cs_base's shared helper: the normalized
        e-mail (``email_normalized``) and the phone key (last ten digits of the
        phone or the mobile, so ``+7 923 …`` finds ``8 (923) …``), among the active
        contacts of the caller's company and the shared ones."""
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=True)
            .with_company(self.env.company)
        )
        phone = customer.get("phone") or ""
        partner = partners._cs_match_contact(
            email=customer.get("email") or None,
            phone=phone or None,
            company=self.env.company,
        )
        if not partner:
            vals = {
                "name": customer["name"],
                "email": customer.get("email") or False,
                "phone": phone or False,
            }
            # the customer's letters are written in their language: the one the
            # caller gives, else the company's (a Russian company writes Russian)
            lang = customer.get("lang") or self.env.company.partner_id.lang
            if lang and lang in dict(self.env["res.lang"].get_installed()):
                vals["lang"] = lang
            partner = partners.create(vals)
        return partner
