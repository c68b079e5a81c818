"""Helpdesk ticket: the customer's consent to publish a thanks, and publication."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

from ..lib import feedback_rules
from .helpdesk_ticket import FEEDBACK_CHANNELS, MAX_TEXT_LENGTH

PUBLISH_SCOPES = [
    ("full_name", "Full name"),
    ("initials", "Initials"),
    ("anonymous", "Anonymous"),
]

PUBLISHED_THANKS_DOMAIN = [
    ("cs_kind", "=", "thanks"),
    ("cs_is_published", "=", True),
    ("cs_publish_consent", "=", True),
]


class HelpdeskTicket(models.Model):
    """A thanks is published only with the recorded consent (who, when, channel,
    exact text, scope); withdrawing it unpublishes at once."""

    _inherit = "helpdesk.ticket"

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
        return feedback_rules.public_author(
            partner.name or self.partner_name, self.cs_publish_scope
        ) or self.env._("Anonymous customer")
