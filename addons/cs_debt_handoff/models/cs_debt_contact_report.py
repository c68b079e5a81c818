"""Reported collector contacts: the agency API rows (validate, store, judge again).

``cs.debt.handoff.cs_report_contacts`` lands here: per-row results, a bad row is
reported and nothing is written for it; idempotent on (ref, agency_contact_id).
"""

from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.cs_base.tools import payload as P
from odoo.addons.cs_base.tools.concurrency import retry_if_duplicate

from .cs_debt_contact_checker import ConductChecker
from .cs_debt_contract import CONTACT_CHANNELS

MAX_CONTACT_ROWS = 1000
CONTACT_ROW = P.Payload(
    P.obj(
        {
            "ref": P.text(64),
            # agencies send their own ids as text or as whole numbers
            "agency_contact_id": {"anyOf": [P.text(128), P.integer(0, 10**18)]},
            "channel": P.choice(CONTACT_CHANNELS),
            "at": P.utc_datetime(),
            "outcome": P.optional(P.text(2000)),
        },
        required=["ref", "agency_contact_id", "channel", "at"],
    )
)


class CsDebtContact(models.Model):
    _inherit = "cs.debt.contact"

    @api.model
    def _report_rows(self, rows):
        """Store the contacts an agency reports (see ``cs_report_contacts``).

        The caller is checked first (agency API user or collections manager);
        then everything is read and written with ``sudo()`` under the explicit
        domain of the handoffs that caller may reach.
        """
        env = self.env
        Handoff = env["cs.debt.handoff"]
        Handoff._agency_api_domain()  # the caller first, then its input
        user = env.user
        source = (
            "agency"
            if user.share and user.has_group("cs_debt_handoff.group_collection_agency")
            else "internal"
        )
        checked = [
            (
                index,
                row
                if error
                else dict(row, agency_contact_id=str(row["agency_contact_id"])),
                error,
            )
            for index, row, error in CONTACT_ROW.row_errors(
                env, rows, key="rows", max_rows=MAX_CONTACT_ROWS
            )
        ]
        refs = {row["ref"] for _index, row, error in checked if not error}
        by_ref = Handoff._agency_handoffs(refs) if refs else {}
        handoffs = Handoff.sudo().browse([h.id for h in by_ref.values()])
        contacts = self.sudo()
        keys = [row["agency_contact_id"] for _index, row, error in checked if not error]
        existing = {}
        if handoffs and keys:
            existing = {
                (contact.handoff_id.id, contact.agency_contact_id): contact
                for contact in contacts.search_fetch(
                    [
                        ("handoff_id", "in", handoffs.ids),
                        ("agency_contact_id", "in", keys),
                    ],
                    [
                        "handoff_id",
                        "agency_contact_id",
                        "channel",
                        "at",
                        "outcome",
                        "violations",
                    ],
                )
            }
        parsed = []
        now = fields.Datetime.now()
        for index, row, error in checked:
            parsed.append((index, error or self._parse_row(row, by_ref, now)))
        ats = [vals["at"] for _i, vals in parsed if isinstance(vals, dict)]
        ats += [old.at for old in existing.values()]
        checker = ConductChecker(env, handoffs, ats)
        outcomes = []  # (index, record or False, status, error)
        for index, vals in parsed:
            if not isinstance(vals, dict):
                outcomes.append((index, False, "error", vals))
                continue
            key = (vals["handoff_id"], vals["agency_contact_id"])
            old = existing.get(key)
            if old and (old.channel, old.at, old.outcome or False) == (
                vals["channel"],
                vals["at"],
                vals["outcome"] or False,
            ):
                outcomes.append((index, old, "unchanged", False))
                continue
            handoff = handoffs.browse(vals["handoff_id"])
            if old:
                # its old moment no longer counts for the contacts after it
                checker.remove(handoff, old.channel, old.at, old.id)
            # judged against the contacts known so far; contacts it precedes are
            # judged again below, once the whole batch is in
            codes = checker.check(
                handoff, vals["channel"], vals["at"], old.id if old else False
            )
            vals["violations"] = ",".join(codes)
            vals["local_at"] = checker.local_string(handoff, vals["at"])
            if old:
                old.write(vals)
                record, status = old, "updated"
            else:
                # a concurrent identical call may have created it since our
                # lookup: the whole request is retried and then answers unchanged
                with retry_if_duplicate(env.cr):
                    record = contacts.create(dict(vals, source=source))
                status = "created"
            existing[key] = record
            checker.add(handoff, vals["channel"], vals["at"], record.id)
            outcomes.append((index, record, status, False))
        batch = {record.id for _i, record, status, _e in outcomes if record}
        self._rejudge(checker, handoffs, batch)
        # the debtor may have told us of a contact before the agency reported it
        # (has_reported_contacts came with the handoffs: no query when none did)
        changed = handoffs.browse(
            sorted(
                {
                    record.handoff_id.id
                    for _i, record, status, _e in outcomes
                    if status in ("created", "updated")
                }
            )
        ).filtered("has_reported_contacts")
        if changed:
            self.env["cs.debt.reported.contact"]._cs_rematch_handoffs(changed)
        return [
            self._row_result(
                index,
                record.id if record else False,
                status,
                [c for c in (record.violations or "").split(",") if c]
                if record
                else [],
                error,
            )
            for index, record, status, error in outcomes
        ]

    @api.model
    def _rejudge(self, checker, handoffs, batch):
        """Judge again the contacts a batch's contacts precede in the same period.

        Limits count the contacts that happened before, whatever the order they
        were reported in: a contact reported late can make a later one exceed a
        limit (or free it). Changed codes of contacts reported before this batch
        are written on the handoff's chatter, with the reason.
        """
        changes = checker.affected(batch)
        if not changes:
            return
        contacts = self.sudo().browse(list(changes))
        labels = dict(self._violation_labels())

        def words(items):
            return ", ".join(labels.get(c, c) for c in items) or self.env._("none")

        for contact in contacts:
            handoff = handoffs.browse(changes[contact.id])
            codes = checker.check(handoff, contact.channel, contact.at, contact.id)
            old = [c for c in (contact.violations or "").split(",") if c]
            if codes == old:
                continue
            contact.write({"violations": ",".join(codes)})
            if contact.id in batch:
                continue
            handoff.message_post(
                body=self.env._(
                    "Contact %(contact)s (agency's id %(agency_ref)s) was judged "
                    "again because a contact that happened before it in the same "
                    "period was reported later. Violations were: %(old)s; now: "
                    "%(new)s.",
                    contact=contact.display_name,
                    agency_ref=contact.agency_contact_id,
                    old=words(old),
                    new=words(codes),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _violation_labels(self):
        env = self.env
        return [
            ("quiet_hours", env._("quiet hours")),
            ("limit_day", env._("daily limit exceeded")),
            ("limit_week", env._("weekly limit exceeded")),
            ("limit_month", env._("monthly limit exceeded")),
            ("debtor_refused", env._("debtor refused interaction")),
            ("channel_not_allowed", env._("channel not allowed by the contract")),
        ]

    @api.model
    def _row_result(self, index, record_id, status, codes, error=False):
        return {
            "index": index,
            "id": record_id,
            "status": status,
            "error": error or False,
            "violations": codes,
        }

    @api.model
    def _parse_row(self, row, by_ref, now):
        """Values of a schema-valid row, or the row's error message."""
        env = self.env
        handoff = by_ref.get(row["ref"])
        if not handoff:
            return env._("ref %(ref)r: not found", ref=row["ref"])
        at = P.parse_utc_datetime(row["at"])
        if at > now + timedelta(minutes=5):
            return env._("at %(value)r is in the future", value=row["at"])
        return {
            "handoff_id": handoff.id,
            "agency_contact_id": row["agency_contact_id"],
            "channel": row["channel"],
            "at": at,
            "outcome": row.get("outcome") or False,
        }
