"""Direct payment notices: tell the agencies (scheduled action, exactly once)."""

from odoo import api, fields, models
from odoo.tools import SQL

from .utils import company_sender


class CsDebtPaymentNotice(models.Model):
    _inherit = "cs.debt.payment.notice"

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
