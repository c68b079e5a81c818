"""Company settings of cs_feedback (Settings › Customer Service › Complaints and
Thanks): the promise reminder lead time and the largest reward."""

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

DEFAULT_PROMISE_REMINDER_HOURS = 24
DEFAULT_MAX_REWARD_POINTS = 10000
INT32_MAX = 2**31 - 1


class ResCompany(models.Model):
    _inherit = "res.company"

    cs_promise_reminder_hours = fields.Integer(
        string="Promise Reminder Lead Time (hours)",
        default=DEFAULT_PROMISE_REMINDER_HOURS,
        help="How many hours before a complaint's promised date its responsible "
        "gets a reminder activity.",
    )
    cs_max_reward_points = fields.Integer(
        string="Largest Reward (points)",
        default=DEFAULT_MAX_REWARD_POINTS,
        help="The most points a supervisor may grant for one praise at once.",
    )

    @api.constrains("cs_promise_reminder_hours", "cs_max_reward_points")
    def _check_cs_feedback_settings(self):
        for company in self:
            for fname in ("cs_promise_reminder_hours", "cs_max_reward_points"):
                if not 0 <= company[fname] <= INT32_MAX:
                    raise ValidationError(
                        self.env._(
                            "%(field)s must be zero or more (company %(company)s).",
                            field=self._fields[fname]._description_string(self.env),
                            company=company.name,
                        )
                    )

    @api.model
    @tools.ormcache()
    def _cs_max_promise_reminder_hours(self):
        """The longest reminder lead time of all companies: how far ahead the
        promise watch reads its reminder queue through the index (each ticket is
        then held to its own company's lead time). Cached per registry, dropped
        when a company's lead time is written."""
        self.env["res.company"].flush_model(["cs_promise_reminder_hours"])
        self.env.cr.execute(
            "SELECT MAX(COALESCE(cs_promise_reminder_hours, %s)) FROM res_company",
            [DEFAULT_PROMISE_REMINDER_HOURS],
        )
        return self.env.cr.fetchone()[0] or 0

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env.registry.clear_cache()  # _cs_max_promise_reminder_hours
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "cs_promise_reminder_hours" in vals:
            self.env.registry.clear_cache()  # _cs_max_promise_reminder_hours
        return res
