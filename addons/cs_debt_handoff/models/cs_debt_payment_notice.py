from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .cs_debt_handoff import OPEN_STATES
from .utils import add_working_days, company_sender


class CsDebtPaymentNotice(models.Model):
    """A payment the debtor made to us after the debt went to an agency.

    Exactly one per payment: the database holds the guarantee (UNIQUE on the payment
    and on the journal entry, rows inserted with ON CONFLICT DO NOTHING), so two
    payments posting at once, or Odoo retrying a request after a serialization
    failure, never make a second notice. A scheduled action tells the agency within
    the contract's deadline; what is owed to the agency is tracked until settled.
    """

    _name = "cs.debt.payment.notice"
    _description = "Direct Payment Notice"
    _inherit = ["cs.guarded.mixin", "mail.thread"]
    _order = "payment_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    handoff_id = fields.Many2one(
        comodel_name="cs.debt.handoff",
        string="Handoff",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    agency_id = fields.Many2one(
        comodel_name="res.partner", string="Agency", readonly=True, index=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Debtor", readonly=True, index=True
    )
    payment_id = fields.Many2one(
        comodel_name="account.payment",
        string="Payment",
        readonly=True,
        ondelete="set null",
    )
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Journal Entry",
        readonly=True,
        ondelete="set null",
        help="The entry that paid (bank statement line or payment entry).",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True
    )
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    amount = fields.Monetary(required=True, readonly=True)
    payment_date = fields.Date(required=True, readonly=True)
    state = fields.Selection(
        selection=[
            ("to_notify", "To Notify"),
            ("notified", "Agency Notified"),
            ("settled", "Settled"),
        ],
        default="to_notify",
        required=True,
        tracking=True,
        index=True,
    )
    notify_deadline = fields.Datetime(
        readonly=True, help="Tell the agency before this moment (contract deadline)."
    )
    notified_at = fields.Datetime(readonly=True, copy=False)
    notified_late = fields.Boolean(
        compute="_compute_notified_late", store=True, string="Notified Late"
    )
    owed_kind = fields.Selection(
        selection=[
            ("forward", "Forward to the new owner"),
            ("commission", "Agency commission"),
        ],
        readonly=True,
    )
    amount_owed = fields.Monetary(
        readonly=True,
        help="Sold debt: the whole payment is forwarded to the new owner. Agency "
        "placement: the agency's commission.",
    )
    forward_due_date = fields.Date(readonly=True)
    settled_date = fields.Date(readonly=True, copy=False)
    settlement_ref = fields.Char(
        string="Settlement Reference", help="Transfer or act that settled what is owed."
    )

    _sql_constraints = [
        (
            "payment_uniq",
            "UNIQUE(payment_id)",
            "There is already a payment notice for this payment.",
        ),
        (
            "move_uniq",
            "UNIQUE(move_id)",
            "There is already a payment notice for this journal entry.",
        ),
        (
            "source_required",
            "CHECK(payment_id IS NOT NULL OR move_id IS NOT NULL)",
            "A payment notice needs a payment or a journal entry.",
        ),
    ]

    @api.depends("handoff_id.name", "payment_date")
    def _compute_name(self):
        for notice in self:
            notice.name = f"{notice.handoff_id.name} / {notice.payment_date or ''}"

    @api.depends("notified_at", "notify_deadline")
    def _compute_notified_late(self):
        for notice in self:
            notice.notified_late = bool(
                notice.notified_at
                and notice.notify_deadline
                and notice.notified_at > notice.notify_deadline
            )

    # -------------------------------------------------------------- actions

    @api.model
    def _cs_guarded_fields(self):
        # everything but the settlement reference comes from the payment and the
        # actions: the agency's money and the notification deadline depend on it
        return super()._cs_guarded_fields() | {
            "handoff_id",
            "agency_id",
            "partner_id",
            "payment_id",
            "move_id",
            "company_id",
            "currency_id",
            "amount",
            "payment_date",
            "state",
            "notify_deadline",
            "notified_at",
            "owed_kind",
            "amount_owed",
            "forward_due_date",
            "settled_date",
        }

    def action_settle(self):
        self.env["cs.debt.handoff"]._check_debt_group()
        self.filtered(lambda n: n.state != "settled").sudo().write(
            {"state": "settled", "settled_date": fields.Date.context_today(self)}
        )
        return True

    def action_notify_now(self):
        self.env["cs.debt.handoff"]._check_debt_group()
        self.check_access("read")
        self.sudo()._notify_agencies()
        return True

    # ------------------------------------------------------- exactly once

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

    # ------------------------------------------------------- notification

    @api.model
    def _cron_notify_agencies(self, limit=500):
        """Notify agencies of direct payments; safe to run on several workers.

        Rows are locked with FOR UPDATE SKIP LOCKED, so two runs never pick the same
        notice; the mail is queued in the same transaction (mail.mail, sent after
        commit by the mail queue) as the state change, so it is sent exactly once.

        At most ``limit`` notices per call (the state index serves the queue, not
        the history); the progress goes to the scheduler (``_notify_progress``),
        which commits and calls again while some remain.
        """
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM cs_debt_payment_notice
                 WHERE state = 'to_notify'
                 ORDER BY notify_deadline, id
                 LIMIT %s
                 FOR UPDATE SKIP LOCKED
                """,
                limit,
            )
        )
        notices = self.browse([row[0] for row in self.env.cr.fetchall()])
        notices._notify_agencies()
        remaining = 0
        if len(notices) >= limit:
            remaining = self.search_count([("state", "=", "to_notify")])
        self.env["ir.cron"]._notify_progress(done=len(notices), remaining=remaining)
        return True

    def _notify_agencies(self):
        if not self:
            return True
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cs_debt_payment_notice WHERE id IN %s "
                "AND state = 'to_notify' FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            )
        )
        pending = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not pending:
            return True
        pending.invalidate_recordset(["state"])
        template = self.env.ref("cs_debt_handoff.mail_template_payment_notice")
        for notice in pending:
            # the company's letter, whoever clicked (a user may have no e-mail)
            template.send_mail(
                notice.id,
                force_send=False,
                email_values={
                    "email_from": company_sender(notice.company_id),
                    "author_id": notice.company_id.partner_id.id,
                },
            )
        pending.sudo().write(
            {"state": "notified", "notified_at": fields.Datetime.now()}
        )
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Direct payment notice created")
