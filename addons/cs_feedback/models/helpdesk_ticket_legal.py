"""Helpdesk ticket: the legal review of complaints citing consumer-protection law
(the review flag, the reviewer's activity, the sign-off) and the gate that keeps
any answer from the customer until the sign-off.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import html2plaintext

from ..lib import feedback_rules
from .helpdesk_ticket import MAX_TEXT_LENGTH


class HelpdeskTicket(models.Model):
    """A complaint citing consumer-protection law is signed off by a legal
    reviewer before it is answered or closed."""

    _inherit = "helpdesk.ticket"

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

    @api.depends("cs_kind", "name", "description", "cs_claim_type")
    def _compute_cs_legal_review(self):
        for ticket in self:
            if ticket.cs_kind != "complaint":
                ticket.cs_legal_review = False
                continue
            text = f"{ticket.name or ''} {html2plaintext(ticket.description or '')}"
            ticket.cs_legal_review = feedback_rules.needs_legal_review(
                ticket.cs_claim_type, text
            )

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

    @api.model
    def _cs_legal_reviewer(self, activity_type):
        """Who gets the legal-review activity: the activity type's default user
        (Settings › Technical › Activity Types) when set and an active internal
        user, else the first internal user of the legal reviewer group."""
        default_user = activity_type.sudo().default_user_id
        if default_user.active and not default_user.share:
            return default_user
        group = self.env.ref("cs_feedback.group_cs_legal")
        return group.sudo().users.filtered(lambda u: not u.share)[:1]

    def _cs_schedule_legal_review(self):
        activity_type = self.env.ref("cs_feedback.mail_activity_type_legal_review")
        reviewer = self._cs_legal_reviewer(activity_type)
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
