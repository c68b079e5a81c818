from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTACT_CHANNELS = [
    ("call", "Call"),
    ("message", "Message"),
    ("visit", "Visit"),
]


class CsDebtContract(models.Model):
    """Assignment contract or agency agreement with a collection agency.

    It fixes the economics (price of a sold debt or the agency's commission), the
    validity and the conduct terms the agency must respect when it contacts debtors.
    The conduct defaults are the limits of 230-FZ art. 7; appendices may be stricter,
    so every term is editable per contract.
    """

    _name = "cs.debt.contract"
    _description = "Debt Assignment Contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Contract Number", required=True, tracking=True)
    agency_id = fields.Many2one(
        comodel_name="res.partner",
        string="Agency",
        required=True,
        tracking=True,
        index=True,
        domain="[('cs_is_collection_agency', '=', True)]",
    )
    kind = fields.Selection(
        selection=[
            ("assignment", "Assignment (debt sold)"),
            ("agency", "Agency (collection on our behalf)"),
        ],
        required=True,
        default="agency",
        tracking=True,
    )
    price_percent = fields.Float(
        string="Price %",
        digits=(5, 2),
        tracking=True,
        help="Share of the debt the agency pays when it buys it (assignment).",
    )
    commission_percent = fields.Float(
        string="Commission %",
        digits=(5, 2),
        tracking=True,
        help="Agency's commission on recovered amounts (agency placement).",
    )
    date_start = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="Valid Until")
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("active", "Active"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Contract and Appendices",
        help="The signed contract and its appendices.",
    )
    # conduct terms (230-FZ art. 7 defaults)
    allow_call = fields.Boolean(string="Calls Allowed", default=True)
    allow_message = fields.Boolean(string="Messages Allowed", default=True)
    allow_visit = fields.Boolean(string="Visits Allowed", default=True)
    call_limit_day = fields.Integer(string="Calls per Day", default=1)
    call_limit_week = fields.Integer(string="Calls per Week", default=2)
    call_limit_month = fields.Integer(string="Calls per Month", default=8)
    message_limit_day = fields.Integer(string="Messages per Day", default=2)
    message_limit_week = fields.Integer(string="Messages per Week", default=4)
    message_limit_month = fields.Integer(string="Messages per Month", default=16)
    visit_limit_day = fields.Integer(
        string="Visits per Day", default=0, help="0 means no limit of its own."
    )
    visit_limit_week = fields.Integer(string="Visits per Week", default=1)
    visit_limit_month = fields.Integer(
        string="Visits per Month", default=0, help="0 means no limit of its own."
    )
    workday_hour_from = fields.Float(string="Working Days From", default=8.0)
    workday_hour_to = fields.Float(string="Working Days Until", default=22.0)
    weekend_hour_from = fields.Float(string="Weekends/Holidays From", default=9.0)
    weekend_hour_to = fields.Float(string="Weekends/Holidays Until", default=20.0)
    notify_payment_hours = fields.Integer(
        string="Notify Payment Within (hours)",
        default=48,
        help="Deadline to tell the agency about a payment the debtor made to us.",
    )
    forward_payment_days = fields.Integer(
        string="Forward Money Within (working days)",
        default=5,
        help="Deadline to forward a direct payment to the new owner of a sold debt, "
        "in working days of the company's working calendar (Russian production "
        "calendar: holidays and moved working days).",
    )
    guard_recent_payment_days = fields.Integer(
        string="Recent Payment Window (days)",
        default=30,
        help="A payment of the debtor this recent blocks the handoff.",
    )
    guard_reminder_lead_days = fields.Integer(
        string="Reminder Lead Time (days)",
        default=10,
        help="The debtor must have been reminded at least this many days before the "
        "due date of the oldest invoice.",
    )
    handoff_ids = fields.One2many(
        comodel_name="cs.debt.handoff", inverse_name="contract_id", string="Handoffs"
    )
    handoff_count = fields.Integer(compute="_compute_handoff_count")

    _sql_constraints = [
        (
            "percent_range",
            "CHECK(price_percent >= 0 AND price_percent <= 100 "
            "AND commission_percent >= 0 AND commission_percent <= 100)",
            "Price % and Commission % must be between 0 and 100.",
        ),
        (
            "hours_range",
            "CHECK(workday_hour_from >= 0 AND workday_hour_to <= 24 "
            "AND workday_hour_from < workday_hour_to "
            "AND weekend_hour_from >= 0 AND weekend_hour_to <= 24 "
            "AND weekend_hour_from < weekend_hour_to)",
            "Quiet hours: each 'from' must be before its 'until', within 0-24.",
        ),
        (
            "name_company_uniq",
            "UNIQUE(name, company_id)",
            "Contract numbers are unique per company.",
        ),
    ]

    def _compute_handoff_count(self):
        counts = dict(
            self.env["cs.debt.handoff"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.handoff_count = counts.get(contract, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(name)s: Valid Until (%(end)s) is before Valid "
                        "From (%(start)s). Correct the validity dates on the "
                        "contract form.",
                        end=contract.date_end,
                        start=contract.date_start,
                        name=contract.name,
                    )
                )

    @api.constrains("agency_id", "state")
    def _check_agency_registered(self):
        for contract in self.filtered(lambda c: c.state == "active"):
            agency = contract.agency_id
            if not agency.cs_is_collection_agency:
                raise ValidationError(
                    self.env._(
                        "%(agency)s is not a collection agency: tick Collection "
                        "Agency on its contact form (Sales & Purchase tab) or pick "
                        "another agency on the contract.",
                        agency=agency.display_name,
                    )
                )
            if not agency.cs_agency_registry_number:
                raise ValidationError(
                    self.env._(
                        "Agency %(agency)s has no number in the state register of "
                        "collection agencies: a contract with it cannot be active. "
                        "Fill its Registry Number on the agency's contact form "
                        "(Sales & Purchase tab).",
                        agency=agency.display_name,
                    )
                )

    def action_activate(self):
        self.write({"state": "active"})
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_view_handoffs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_debt_handoff.cs_debt_handoff_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    @api.private
    def _conduct_limits(self, channel):
        """(day, week, month) limits of a channel; 0 means none of its own."""
        self.ensure_one()
        return (
            self[f"{channel}_limit_day"],
            self[f"{channel}_limit_week"],
            self[f"{channel}_limit_month"],
        )

    @api.private
    def _is_valid_on(self, date):
        self.ensure_one()
        return (
            self.state == "active"
            and self.date_start <= date
            and (not self.date_end or date <= self.date_end)
        )

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Contract created")
