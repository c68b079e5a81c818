from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .utils import add_working_days, company_sender

NOTICE_WORKING_DAYS = 30
# filled in by collections staff before the notice is marked as dispatched
DISPATCH_FIELDS = frozenset({"registered_mail_number", "dispatch_date"})


class CsDebtNotice(models.Model):
    """A written notice to the debtor about the handoff.

    230-FZ art. 9: the creditor tells the debtor which collector was engaged within
    30 working days; Civil Code art. 382/385: for a sold debt, the written notice of
    assignment. Generated from mail templates; the paper dispatch (registered-mail
    number and date) is tracked against the due date.
    """

    _name = "cs.debt.notice"
    _description = "Notice to the Debtor"
    _inherit = ["cs.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "due_date, id"
    _check_company_auto = True

    handoff_id = fields.Many2one(
        comodel_name="cs.debt.handoff",
        string="Handoff",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="handoff_id.partner_id", store=True, string="Debtor"
    )
    agency_id = fields.Many2one(related="handoff_id.agency_id", store=True)
    company_id = fields.Many2one(
        related="handoff_id.company_id", store=True, index=True, string="Company"
    )
    kind = fields.Selection(
        selection=[
            ("collector", "Collector engaged (230-FZ art. 9)"),
            ("assignment", "Assignment of the debt (Civil Code art. 382)"),
        ],
        required=True,
    )
    due_date = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        selection=[
            ("to_send", "To Send"),
            ("sent", "Sent"),
            ("cancelled", "Cancelled"),
        ],
        default="to_send",
        required=True,
        tracking=True,
    )
    registered_mail_number = fields.Char(tracking=True)
    dispatch_date = fields.Date(tracking=True)
    emailed = fields.Boolean(readonly=True, copy=False)
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")

    _sql_constraints = [
        (
            "handoff_kind_uniq",
            "UNIQUE(handoff_id, kind)",
            "A handoff has one notice of each kind.",
        ),
    ]

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | {"state", "emailed", "due_date"}

    def write(self, vals):
        if not self.env.su and DISPATCH_FIELDS & vals.keys():
            sent = self.filtered(lambda n: n.state == "sent")
            if sent:
                raise AccessError(
                    self.env._(
                        "Notice %(notice)s was dispatched: its registered-mail number "
                        "and dispatch date can no longer change.",
                        notice=sent[0].display_name,
                    )
                )
        return super().write(vals)

    @api.depends("due_date", "dispatch_date", "state")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for notice in self:
            done = notice.dispatch_date or (notice.state == "sent" and today)
            notice.is_late = bool(
                notice.state != "cancelled"
                and notice.due_date
                and (done or today) > notice.due_date
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Notices can only be filtered as late or not late.")
            )
        today = fields.Date.context_today(self)
        self.flush_model(["dispatch_date", "due_date", "state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM cs_debt_notice "
                "WHERE state != 'cancelled' AND COALESCE(dispatch_date, %s) > due_date",
                today,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    @api.depends("handoff_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for notice in self:
            notice.display_name = f"{notice.handoff_id.name}: {kinds.get(notice.kind)}"

    @api.model
    def _create_for_handoffs(self, handoffs):
        vals_list = []
        for handoff in handoffs:
            due = self._due_date(handoff)
            vals_list.append(
                {"handoff_id": handoff.id, "kind": "collector", "due_date": due}
            )
            if handoff.contract_id.kind == "assignment":
                vals_list.append(
                    {"handoff_id": handoff.id, "kind": "assignment", "due_date": due}
                )
        return self.create(vals_list)

    @api.model
    def _due_date(self, handoff):
        """30 working days after the handoff, on the company's working calendar.

        The calendar carries Russia's production calendar (cs_base): public
        holidays and moved days off are its global time off, working Saturdays
        its extra working days.
        """
        start = handoff.handoff_date or fields.Date.context_today(self)
        due = add_working_days(handoff.company_id, start, NOTICE_WORKING_DAYS)
        return due or fields.Date.add(start, days=42)

    def _check_debt_group(self):
        self.env["cs.debt.handoff"]._check_debt_group()

    def _check_not_cancelled(self):
        cancelled = self.filtered(lambda n: n.state == "cancelled")
        if cancelled:
            raise UserError(
                self.env._(
                    "Notice %(notice)s was cancelled because the debt was recalled "
                    "or settled: it is no longer sent to the debtor.",
                    notice=cancelled[0].display_name,
                )
            )

    def action_send_email(self):
        """E-mail the notice to the debtor from its template (queued)."""
        self._check_debt_group()
        self._check_not_cancelled()
        for notice in self:
            template = self.env.ref(
                f"cs_debt_handoff.mail_template_notice_{notice.kind}"
            )
            notice.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                email_from=company_sender(notice.company_id),
            )
        self.sudo().write({"emailed": True})
        return True

    def action_mark_sent(self):
        self._check_debt_group()
        self._check_not_cancelled()
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in ("registered_mail_number", "dispatch_date")
        }
        for notice in self:
            missing = [label for name, label in labels.items() if not notice[name]]
            if missing:
                raise UserError(
                    self.env._(
                        "Notice %(notice)s cannot be marked as dispatched yet: fill "
                        "%(fields)s in the notice's line on the handoff's Debtor "
                        "Notices tab first.",
                        notice=notice.display_name,
                        fields=self.env._(" and ").join(missing),
                    )
                )
        self.sudo().write({"state": "sent"})
        return True

    @api.model
    def _cancel_for_handoffs(self, handoffs):
        """Cancel the notices of recalled/settled handoffs not yet dispatched."""
        notices = self.sudo().search(
            [("handoff_id", "in", handoffs.ids), ("state", "=", "to_send")]
        )
        if notices:
            notices.write({"state": "cancelled"})
            notices.activity_ids.unlink()
        return notices

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Notice to the debtor created")
