"""Debt handoff: the agency API (payment status, reported contacts).

Agency users have no access right on the addon's models: each method checks
the caller, then reads with ``sudo()`` under the explicit domain of what that
caller may see (``_agency_api_domain``).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.cs_base.tools.api import api_records

from .cs_debt_handoff import AGENCY_STATES, STATUS_REFS


class CsDebtHandoff(models.Model):
    _inherit = "cs.debt.handoff"

    @api.model
    def _agency_api_domain(self):
        """The handoffs the caller may reach through the agency API.

        Agency users have no access rights on any model of this addon: the API
        methods check the caller here, then read and write with ``sudo()`` under
        this explicit domain (their own agency's handed-over handoffs in their
        companies). A collections manager may call the API too (tests,
        administration): any agency's handoffs in the manager's companies.
        """
        user = self.env.user
        domain = [
            ("state", "in", AGENCY_STATES),
            ("company_id", "in", self.env.companies.ids),
        ]
        if user.has_group("cs_debt_handoff.group_collection_agency") and user.share:
            agency = user.commercial_partner_id
            return [("agency_id", "=", agency.id), *domain]
        if self.env.su or user.has_group("cs_debt_handoff.group_debt_manager"):
            return domain
        raise AccessError(
            self.env._(
                "Only collection agency API users (and collections managers) may "
                "call the agency API."
            )
        )

    @api.model
    def _agency_handoffs(self, refs):
        """{ref: handoff (sudo)} of the refs the caller may reach."""
        domain = self._agency_api_domain()
        if not refs:
            return {}
        handoffs = self.sudo().search_fetch(
            [("name", "in", list(refs)), *domain],
            [
                "name",
                "state",
                "amount_handed",
                "amount_paid_since",
                "amount_remaining",
                "last_payment_date",
                "currency_id",
                "company_id",
                "has_reported_contacts",
            ],
            order="id",
        )
        return {handoff.name: handoff for handoff in handoffs}

    @api.model
    def cs_payment_status(self, refs):
        """Status of handoffs by reference, for agencies (one dict per ref, in order).

        One search for all refs, under the caller's agency: a ref the caller may
        not reach answers ``not found`` whether it exists or not.
        """
        self = api_records(self)  # no client context key reaches the ORM
        self._agency_api_domain()  # the caller first, then its input
        refs = STATUS_REFS.validate(self.env, refs)
        by_ref = self._agency_handoffs(set(refs))
        result = []
        for ref in refs:
            handoff = by_ref.get(ref)
            if not handoff:
                result.append({"ref": ref, "error": "not found"})
                continue
            result.append(
                {
                    "ref": ref,
                    "state": handoff.state,
                    "amount_handed": handoff.amount_handed,
                    "amount_paid_since": handoff.amount_paid_since,
                    "amount_remaining": handoff.amount_remaining,
                    "last_payment_date": fields.Date.to_string(
                        handoff.last_payment_date
                    )
                    or False,
                    "currency": handoff.currency_id.name or False,
                }
            )
        return result

    @api.model
    def cs_report_contacts(self, rows):
        """Contacts an agency made with debtors, checked against the conduct terms.

        Per-row results; a bad row is reported and nothing is written for it.
        Idempotent on (ref, agency_contact_id), also under concurrent calls.
        """
        return api_records(self.env["cs.debt.contact"])._report_rows(rows)
