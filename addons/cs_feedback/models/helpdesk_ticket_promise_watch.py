"""Helpdesk ticket: the scheduled promise watch (reminder before the promise,
delay explanation once it is missed) and the indexes of its queues.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .res_company import DEFAULT_PROMISE_REMINDER_HOURS

# tickets the promise watch handles per call (_cron_cs_promise_watch)
PROMISE_WATCH_BATCH = 200
# a lead time longer than this (ten years) reads the whole queue
MAX_HORIZON_HOURS = 24 * 366 * 10


class HelpdeskTicket(models.Model):
    """The promise watch: each step happens once per promise."""

    _inherit = "helpdesk.ticket"

    @api.model
    def _cs_reminder_queue(self, now, order=None, limit=None):
        """The promises to remind (a query, read through the remind index):
        pending, not reminded yet, due within the reminder lead time of the
        ticket's company (Settings: ``res.company.cs_promise_reminder_hours``)."""
        self.env["res.company"].flush_model(["cs_promise_reminder_hours"])
        # the index is read up to the longest lead time of any company (a range
        # the index serves), each ticket is then held to its own company's below;
        # without the bound the watch walked every future promise (14x at 100x)
        hours = self.env["res.company"]._cs_max_promise_reminder_hours()
        horizon = now + timedelta(hours=min(hours, MAX_HORIZON_HOURS))
        query = self._search(
            [
                ("cs_promise_state", "=", "pending"),
                ("cs_promise_reminded_at", "=", False),
                ("cs_promised_date", ">=", now),
                ("cs_promised_date", "<=", horizon),
            ],
            order=order,
            limit=limit,
        )
        # each company's lead time, in the same query (no read of the companies)
        query.add_where(
            SQL(
                "%s <= %s + INTERVAL '1 hour' * COALESCE("
                "(SELECT company.cs_promise_reminder_hours FROM res_company company"
                " WHERE company.id = %s), %s)",
                SQL.identifier(query.table, "cs_promised_date"),
                now,
                SQL.identifier(query.table, "company_id"),
                DEFAULT_PROMISE_REMINDER_HOURS,
            )
        )
        return query

    @api.model
    def _cron_cs_promise_watch(self, limit=PROMISE_WATCH_BATCH):
        """Remind the responsible before the promise; once it is missed, ask for a
        delay explanation with a new date.  Each step happens once per promise.

        Cost follows the work, not the history: the queues are the open promises
        (``cs_promise_state`` 'pending', which a closed ticket leaves) not reminded
        yet, and the missed ones not flagged yet, each read through its own partial
        index.  At most ``limit`` tickets per call, their activities created in one
        batch; the progress is reported to the scheduler (``_notify_progress``),
        which commits and calls again while some remain.
        """
        now = fields.Datetime.now()
        order = "cs_promised_date, id"
        # the promise state depends on the clock: the pending promises whose date
        # passed (only those) turn missed now, and join the missed queue below
        expired = self.search(
            [("cs_promise_state", "=", "pending"), ("cs_promised_date", "<", now)],
            order=order,
        )
        if expired:
            self.env.add_to_compute(self._fields["cs_promise_state"], expired)
            expired.flush_recordset(["cs_promise_state"])
            # their standing promise records turn missed too
            self.env["cs.feedback.promise"]._cs_refresh_due(expired)
        # an open complaint whose promise passed; a closed one (closed late before
        # a run saw it) only leaves the queue, nobody has to explain anything
        missed_domain = [
            ("cs_promise_state", "=", "missed"),
            ("cs_promise_missed_at", "=", False),
            ("cs_promised_date", "<", now),
        ]
        soon = self.browse(self._cs_reminder_queue(now, order=order, limit=limit))
        missed = self.browse()
        if len(soon) < limit:
            missed = self.search(missed_domain, order=order, limit=limit - len(soon))
        missed_open = missed.filtered(lambda t: not t.stage_id.closed)
        vals_list = []
        if soon or missed_open:
            model_id = self.env["ir.model"]._get_id(self._name)
        if soon:
            todo = self.env.ref("mail.mail_activity_data_todo")
            vals_list += [
                {
                    "activity_type_id": todo.id,
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "date_deadline": ticket.cs_promised_date.date(),
                    "user_id": (ticket.user_id or self.env.user).id,
                    "summary": self.env._("Promise due soon"),
                    "note": self.env._(
                        "The customer was promised a result by %(date)s.",
                        date=fields.Datetime.to_string(ticket.cs_promised_date),
                    ),
                }
                for ticket in soon
            ]
        if missed_open:
            delay = self.env.ref("cs_feedback.mail_activity_type_delay_explanation")
            today = fields.Date.context_today(self)
            vals_list += [
                {
                    "activity_type_id": delay.id,
                    "automated": True,
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "date_deadline": today,
                    "user_id": (ticket.user_id or self.env.user).id,
                    "summary": delay.summary,
                    "note": delay.default_note,
                }
                for ticket in missed_open
            ]
        if vals_list:
            # one batch: the responsible's notices and subscriptions included
            self.env["mail.activity"].create(vals_list)
        if soon:
            soon.sudo().write({"cs_promise_reminded_at": now})
        if missed:
            missed.sudo().write({"cs_promise_missed_at": now})
        done = len(soon) + len(missed)
        remaining = 0
        if done >= limit:
            remaining = len(self._cs_reminder_queue(now)) + self.search_count(
                missed_domain
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return True

    def init(self):
        res = super().init()
        cr = self.env.cr
        # the promise watch's queues (_cron_cs_promise_watch): only what it still
        # has to do is indexed, so a run costs what it does, not the history
        create_index(
            cr,
            "helpdesk_ticket_cs_promise_pending_index",
            self._table,
            ["cs_promised_date", "id"],
            where="cs_promise_state = 'pending'",
        )
        create_index(
            cr,
            "helpdesk_ticket_cs_promise_remind_index",
            self._table,
            ["cs_promised_date", "id"],
            where="cs_promise_state = 'pending' AND cs_promise_reminded_at IS NULL",
        )
        create_index(
            cr,
            "helpdesk_ticket_cs_promise_missed_index",
            self._table,
            ["cs_promised_date", "id"],
            where="cs_promise_state = 'missed' AND cs_promise_missed_at IS NULL",
        )
        return res
