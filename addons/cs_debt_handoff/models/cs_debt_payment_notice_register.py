"""Direct payment notices: created exactly once from the debtor's payments.

Rows are inserted in SQL with ON CONFLICT DO NOTHING on the payment and on the
journal entry, with the notification and forwarding deadlines of the contract.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .cs_debt_handoff import OPEN_STATES
from .utils import add_working_days


class CsDebtPaymentNotice(models.Model):
    _inherit = "cs.debt.payment.notice"

    @api.model
    def _register_payments(self, payments):
        """Payment notices for posted inbound payments of handed-over debtors."""
        payments = payments.filtered(
            lambda p: p.payment_type == "inbound"
            and p.partner_type == "customer"
            and p.partner_id
            and p.state in ("in_process", "paid")
        )
        if not payments:
            return self.browse()
        handoffs = self._open_handoffs(payments.partner_id)
        rows = []
        for payment in payments:
            handoff = self._pick_handoff(
                handoffs,
                payment.partner_id.commercial_partner_id,
                payment.reconciled_invoice_ids,
            )
            if handoff:
                rows.append(
                    {
                        "handoff": handoff,
                        "payment_id": payment.id,
                        "move_id": payment.move_id.id or None,
                        "amount": payment.amount_company_currency_signed
                        or payment.amount,
                        "payment_date": payment.date,
                    }
                )
        return self._insert_rows(rows)

    @api.model
    def _register_partials(self, partials):
        """Payment notices for credits reconciled against handed-over invoices."""
        rows = []
        invoices = partials.debit_move_id.move_id.filtered(
            lambda m: m.move_type == "out_invoice"
        )
        if not invoices:
            return self.browse()
        handoffs = self._open_handoffs(invoices.commercial_partner_id)
        seen = set()
        for partial in partials:
            invoice = partial.debit_move_id.move_id
            credit_move = partial.credit_move_id.move_id
            if (
                invoice not in invoices
                or credit_move.id in seen
                or not (credit_move.origin_payment_id or credit_move.statement_line_id)
            ):
                # credit notes and write-offs are not payments
                continue
            handoff = self._pick_handoff(
                handoffs, invoice.commercial_partner_id, invoice, strict=True
            )
            if not handoff:
                continue
            seen.add(credit_move.id)
            payment = credit_move.origin_payment_id
            rows.append(
                {
                    "handoff": handoff,
                    "payment_id": payment.id or None,
                    "move_id": credit_move.id,
                    "amount": payment.amount_company_currency_signed
                    if payment
                    else abs(partial.credit_move_id.balance),
                    "payment_date": payment.date or credit_move.date,
                }
            )
        return self._insert_rows(rows)

    @api.model
    def _open_handoffs(self, partners):
        return (
            self.env["cs.debt.handoff"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", partners.commercial_partner_id.ids),
                    ("state", "in", OPEN_STATES),
                ],
                order="handoff_date desc, id desc",
            )
        )

    @api.model
    def _pick_handoff(self, handoffs, partner, invoices, strict=False):
        mine = handoffs.filtered(lambda h: h.commercial_partner_id == partner)
        matching = mine.filtered(lambda h: h.invoice_ids & invoices)
        if matching or strict:
            return matching[:1]
        return mine[:1]

    @api.model
    def _insert_rows(self, rows):
        """INSERT ... ON CONFLICT DO NOTHING: returns only the notices created now."""
        if not rows:
            return self.browse()
        now = fields.Datetime.now()
        uid = self.env.uid
        values = []
        for row in rows:
            handoff = row["handoff"]
            contract = handoff.contract_id
            amount = row["amount"]
            if contract.kind == "assignment":
                owed_kind, owed = "forward", amount
            else:
                owed_kind = "commission"
                owed = handoff.currency_id.round(
                    amount * contract.commission_percent / 100.0
                )
            values.append(
                SQL(
                    "(%s, %s, %s, %s, %s, %s, %s, %s, %s, 'to_notify', %s, %s, %s, "
                    "%s, %s, %s, %s, %s, %s)",
                    handoff.id,
                    handoff.agency_id.id,
                    handoff.commercial_partner_id.id,
                    row["payment_id"],
                    row["move_id"],
                    handoff.company_id.id,
                    handoff.currency_id.id,
                    amount,
                    row["payment_date"],
                    now + timedelta(hours=contract.notify_payment_hours),
                    owed_kind,
                    owed,
                    add_working_days(
                        handoff.company_id,
                        row["payment_date"],
                        contract.forward_payment_days,
                    )
                    or row["payment_date"]
                    + timedelta(days=contract.forward_payment_days),
                    uid,
                    now,
                    uid,
                    now,
                    f"{handoff.name} / {row['payment_date']}",
                )
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO cs_debt_payment_notice (
                    handoff_id, agency_id, partner_id, payment_id, move_id,
                    company_id, currency_id, amount, payment_date, state,
                    notify_deadline, owed_kind, amount_owed, forward_due_date,
                    create_uid, create_date, write_uid, write_date, name
                ) VALUES %s
                ON CONFLICT DO NOTHING
                RETURNING id
                """,
                SQL(", ").join(values),
            )
        )
        notices = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not notices:
            return notices
        handoffs = notices.handoff_id
        handoffs.invalidate_recordset(["payment_notice_ids"])
        notices.modified(["handoff_id", "amount", "payment_date"], create=True)
        for notice in notices:
            notice.handoff_id.message_post(
                body=self.env._(
                    "Direct payment of %(amount)s on %(date)s: the agency will be "
                    "notified before %(deadline)s.",
                    amount=notice.amount,
                    date=notice.payment_date,
                    deadline=notice.notify_deadline,
                )
            )
        # proactive: wake the notification job now rather than at its next run
        self.env.ref("cs_debt_handoff.ir_cron_notify_payments").sudo()._trigger()
        return notices
