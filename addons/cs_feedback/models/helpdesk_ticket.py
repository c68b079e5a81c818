"""Helpdesk ticket core: the feedback kind and channel, the guarded fields and
the create/write that runs the checks of the other ticket files.

The ticket is split by responsibility into the ``helpdesk_ticket_*.py`` files
that extend it (listed in ``models/__init__.py`` in dependency order).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.sql import create_index

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

    cs_root_cause_id = fields.Many2one(
        comodel_name="cs.feedback.root.cause", string="Root Cause", tracking=True
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

    @api.depends("number", "name")
    def _compute_display_name(self):
        """helpdesk_mgmt shows "number - title" even before either is set ("/ -
        False" on a new ticket's breadcrumb): show only the parts that exist."""
        for ticket in self:
            number = ticket.number if ticket.number and ticket.number != "/" else ""
            ticket.display_name = " - ".join(p for p in (number, ticket.name) if p)

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

    def _creation_message(self):
        # mail's "%s created" cannot agree in gender with the model's name in
        # Russian ("Обращение создан"): the ticket says it whole
        return self.env._("Ticket created")

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

    def init(self):
        res = super().init()
        # the partner form's counters group a contact's tickets (helpdesk_mgmt does
        # not index helpdesk_ticket.partner_id)
        create_index(
            self.env.cr,
            "helpdesk_ticket_cs_partner_kind_index",
            self._table,
            ["partner_id", "cs_kind"],
            where="partner_id IS NOT NULL",
        )
        return res
