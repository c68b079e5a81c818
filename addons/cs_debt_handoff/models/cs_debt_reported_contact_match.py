"""Debtor-reported contacts: matching with the agency's contacts, judgement.

Every debtor report of a handoff is matched again whenever one of them changes
or the agency reports contacts on that handoff (``cs_debt_contact_report.py``
calls ``_cs_rematch_handoffs`` once per batch): a contact the agency reports
after the debtor's account turns it to matched. Lookups are batched: one search
of the reports, one of the agency contacts, the conduct history once.
"""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models

from ..lib import matching
from .cs_debt_contact_checker import ConductChecker

# ids of debtor reports in the conduct history, apart from the agency's contacts
VIRTUAL_ID = 10**15


class CsDebtReportedContact(models.Model):
    _inherit = "cs.debt.reported.contact"

    @api.private
    def _cs_match(self):
        """Match (and judge) these reports again, with the other reports of their
        handoffs (an agency contact matches one report only)."""
        return self._cs_rematch_handoffs(self.sudo().handoff_id)

    @api.model
    def _cs_tolerance(self, company):
        return timedelta(hours=max(company.sudo().cs_debt_contact_match_hours, 0.0))

    @api.model
    def _cs_rematch_handoffs(self, handoffs):
        """Match every debtor report of ``handoffs`` with the agency's contacts,
        judge the unreported ones and write what changed (with ``sudo()``: these
        fields change only here)."""
        if not handoffs:
            return True
        env = self.env
        reports = self.sudo().search_fetch(
            [("handoff_id", "in", handoffs.ids)],
            [
                "handoff_id",
                "channel",
                "at",
                "company_id",
                "match_state",
                "matched_contact_id",
                "local_at",
                "violations",
            ],
        )
        if not reports:
            return True
        tolerances = {c: self._cs_tolerance(c) for c in reports.company_id}
        widest = max(tolerances.values())
        ats = reports.mapped("at")
        contacts = (
            env["cs.debt.contact"]
            .sudo()
            .search_fetch(
                [
                    ("handoff_id", "in", reports.handoff_id.ids),
                    ("at", ">=", min(ats) - widest),
                    ("at", "<=", max(ats) + widest),
                ],
                ["handoff_id", "channel", "at"],
            )
        )
        matched = {}
        for company, tolerance in tolerances.items():
            mine = reports.filtered(lambda r, c=company: r.company_id == c)
            matched.update(
                matching.match(
                    [(r.id, (r.handoff_id.id, r.channel), r.at) for r in mine],
                    [
                        (c.id, (c.handoff_id.id, c.channel), c.at)
                        for c in contacts
                        if c.handoff_id in mine.handoff_id
                    ],
                    tolerance,
                )
            )
        unreported = reports.filtered(lambda r: r.id not in matched).sorted(
            lambda r: (r.at, r.id)
        )
        checker = ConductChecker(
            env, reports.handoff_id, unreported.mapped("at") if unreported else []
        )
        values = {}
        for report in reports:
            vals = {"local_at": checker.local_string(report.handoff_id, report.at)}
            if report.id in matched:
                vals.update(
                    match_state="matched",
                    matched_contact_id=matched[report.id],
                    violations=False,
                )
            values[report] = vals
        for report in unreported:
            handoff = report.handoff_id
            codes = checker.check(handoff, report.channel, report.at)
            # a later unreported contact counts this one towards the limits
            checker.add(handoff, report.channel, report.at, VIRTUAL_ID + report.id)
            values[report].update(
                match_state="unreported",
                matched_contact_id=False,
                violations=",".join(codes) or False,
            )
        self._cs_write_changes(values)
        return True

    @api.model
    def _cs_write_changes(self, values):
        """Write ``{report: vals}`` where it changes something, one write per
        distinct set of values."""
        groups = defaultdict(lambda: self.sudo().browse())
        for report, vals in values.items():
            current = {
                "local_at": report.local_at,
                "match_state": report.match_state,
                "matched_contact_id": report.matched_contact_id.id,
                "violations": report.violations or False,
            }
            changed = {k: v for k, v in vals.items() if current[k] != v}
            if changed:
                groups[tuple(sorted(vals.items()))] |= report
        for key, reports in groups.items():
            reports.sudo().write(dict(key))
