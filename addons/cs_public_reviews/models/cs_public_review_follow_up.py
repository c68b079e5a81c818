"""The follow-up after resolution: the queue of replied reviews whose ticket is
solved (``follow_up_due``), the follow-up drafts and tasks, and the silence recorded
when the customer does not confirm in time (the company's confirmation days)."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, create_index, table_exists

from .locking import lock_skip_locked

# reviews per queue and call of the follow-up job (_cron_follow_up)
FOLLOW_UP_BATCH = 200


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    def init(self):
        res = super().init()
        cr = self.env.cr
        # the follow-up job's queues: only what it has to do now is indexed. The
        # first is one stored flag (set from the ticket side when it closes): a
        # condition over state + date + ticket let the planner guess thousands of
        # rows and walk the primary key through the whole history instead.
        cr.execute("DROP INDEX IF EXISTS cs_public_review_follow_up_queue_index")
        create_index(
            cr,
            "cs_public_review_follow_up_due_index",
            self._table,
            ["id"],
            where="follow_up_due",
        )
        create_index(
            cr,
            "cs_public_review_confirmation_queue_index",
            self._table,
            ["follow_up_posted_at"],
            where="state = 'awaiting_confirmation'",
        )
        return res

    def _auto_init(self):
        """Add ``follow_up_due`` to a stored table by SQL (only the few due reviews
        are set): the ORM would otherwise recompute it for every review ever."""
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(
            cr, self._table, "follow_up_due"
        ):
            create_column(cr, self._table, "follow_up_due", "boolean")
            cr.execute(
                SQL(
                    "UPDATE cs_public_review r SET follow_up_due = TRUE "
                    "FROM helpdesk_ticket t "
                    "JOIN helpdesk_ticket_stage s ON s.id = t.stage_id "
                    "WHERE t.id = r.ticket_id AND s.closed "
                    "AND r.state = 'replied' AND r.follow_up_drafted_at IS NULL"
                )
            )
        return super()._auto_init()

    @api.depends("state", "follow_up_drafted_at", "ticket_id.stage_id.closed")
    def _compute_follow_up_due(self):
        for review in self:
            review.follow_up_due = bool(
                review.state == "replied"
                and not review.follow_up_drafted_at
                and review.ticket_id.stage_id.closed
            )

    @api.model
    def _cron_follow_up(self, limit=FOLLOW_UP_BATCH):
        """Solved tickets get a follow-up draft; silence after 30 days is recorded.

        Its cost follows the work to do, not the history: a review enters the
        first queue when its ticket closes (``follow_up_due``, stored, set from
        the ticket side) and leaves it once its follow-up is drafted; it leaves
        the second once recorded as unconfirmed. Both are read through partial
        indexes that hold only those reviews, in their order: no join with the
        tickets, nothing read of the replied reviews whose ticket is still open.

        At most ``limit`` reviews per queue and call; the progress goes to the
        scheduler (``_notify_progress``), which commits and calls again while some
        remain.
        """
        drafted, drafts_left = self._follow_up_solved(limit)
        recorded, silent_left = self._record_silent(limit)
        self.env["ir.cron"]._notify_progress(
            done=drafted + recorded, remaining=drafts_left + silent_left
        )
        return True

    @api.model
    def _follow_up_solved(self, limit=None):
        """Draft the follow-ups of the reviews whose ticket is solved: (how many,
        how many are left when ``limit`` stopped the batch)."""
        self.env.flush_all()
        queue = SQL("FROM cs_public_review WHERE follow_up_due")
        self.env.cr.execute(
            SQL(
                "SELECT id %s ORDER BY id %s",
                queue,
                SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        solved = lock_skip_locked(self.browse(ids))
        if not solved:
            return 0, 0
        drafted = solved.reply_ids.filtered(lambda r: r.kind == "follow_up").review_id
        todo = solved - drafted
        todo._draft_replies("follow_up")
        activity_type = self.env.ref("cs_public_reviews.mail_act_review_reply")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": review.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": (review.platform_id.user_id or self.env.user).id,
                    "date_deadline": today,
                    "summary": self.env._("Post the follow-up and ask to confirm"),
                }
                for review in todo
            ]
        )
        solved.sudo().write({"follow_up_drafted_at": fields.Datetime.now()})
        remaining = 0
        if limit and len(ids) >= limit:
            self.env.flush_all()
            self.env.cr.execute(SQL("SELECT COUNT(*) %s", queue))
            remaining = self.env.cr.fetchone()[0]
        return len(solved), remaining

    @api.model
    def _record_silent(self, limit=None):
        """Record the silence of the customers who did not confirm in time: (how
        many, how many are left when ``limit`` stopped the batch).

        In time: the confirmation days of the review's company. Companies sharing
        a value share one condition; with a single value (the usual case) the
        query is the plain date condition on the partial index.
        """
        now = fields.Datetime.now()
        days_by_company = self.env["res.company"]._cs_review_confirmation_days()
        companies_by_days = {}
        for company_id, days in days_by_company.items():
            companies_by_days.setdefault(days, []).append(company_id)
        if len(companies_by_days) <= 1:
            days = next(iter(companies_by_days), 30)
            condition = [("follow_up_posted_at", "<", now - timedelta(days=days))]
        else:
            condition = expression.OR(
                [
                    [
                        ("company_id", "in", company_ids),
                        ("follow_up_posted_at", "<", now - timedelta(days=days)),
                    ]
                    for days, company_ids in companies_by_days.items()
                ]
            )
        domain = [("state", "=", "awaiting_confirmation"), *condition]
        # in the order of the partial index: the oldest follow-ups first, the scan
        # stops at ``limit`` whatever the planner guesses of the state's share
        found = self.search(domain, order="follow_up_posted_at, id", limit=limit)
        silent = lock_skip_locked(found)
        if not silent:
            return 0, 0
        for review in silent:
            review.message_post(
                body=self.env._(
                    "No confirmation from the customer %(days)s days after the "
                    "follow-up.",
                    days=days_by_company.get(review.company_id.id, 30),
                )
            )
        silent.sudo().write({"state": "unconfirmed"})
        remaining = 0
        if limit and len(found) >= limit:
            remaining = self.search_count(domain)
        return len(silent), remaining
