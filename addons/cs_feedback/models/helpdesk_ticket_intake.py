"""Helpdesk ticket: the intake API ``cs_submit_feedback`` (see API.md) and its
payload validation.
"""

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import plaintext2html

from odoo.addons.cs_base.tools import payload as P
from odoo.addons.cs_base.tools.concurrency import retry_if_duplicate

from .helpdesk_ticket import FEEDBACK_CHANNELS, FEEDBACK_KINDS, MAX_TEXT_LENGTH
from .helpdesk_ticket_publication import PUBLISH_SCOPES

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


class HelpdeskTicket(models.Model):
    """Feedback from outside systems: validated whole, idempotent on the reference."""

    _inherit = "helpdesk.ticket"

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
