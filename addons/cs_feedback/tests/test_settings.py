"""Settings › Customer Service › Complaints and Thanks: the company fields that
replaced the system parameters, their form, their use and their migration."""

import importlib.util
from datetime import datetime
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import CsFeedbackCommon

MIGRATION = (
    Path(__file__).resolve().parents[1] / "migrations/18.0.1.3.0/post-migrate.py"
)


class TestFeedbackSettings(CsFeedbackCommon):
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh CS company"})
        self.assertEqual(company.cs_promise_reminder_hours, 24)
        self.assertEqual(company.cs_max_reward_points, 10000)

    def test_settings_form_writes_the_company(self):
        form = Form(self.env["res.config.settings"])
        form.cs_promise_reminder_hours = 48
        form.cs_max_reward_points = 500
        form.save().execute()
        self.assertEqual(self.env.company.cs_promise_reminder_hours, 48)
        self.assertEqual(self.env.company.cs_max_reward_points, 500)

    def test_negative_values_are_refused(self):
        Company = self.env["res.company"]
        with self.assertRaisesRegex(ValidationError, "Promise Reminder Lead Time"):
            Company.create(
                {"name": "Hours CS company", "cs_promise_reminder_hours": -1}
            )
        with self.assertRaisesRegex(ValidationError, "Largest Reward"):
            Company.create({"name": "Points CS company", "cs_max_reward_points": -5})

    def test_reminder_lead_time_of_the_ticket_company(self):
        """The promise watch reminds within the lead time of the ticket's company."""
        Ticket = self.env["helpdesk.ticket"]
        todo = self.env.ref("mail.mail_activity_data_todo")
        with freeze_time("2026-03-02 09:00:00"):
            Ticket._cron_cs_promise_watch()  # what the demo data left to do
            ticket = self._complaint(
                cs_promised_date=datetime(2026, 3, 3, 21, 0),  # in 36 hours
                user_id=self.operator.id,
                cs_result_channel="phone",
            )
            ticket.stage_id = self.stage_progress
            self.env.company.cs_promise_reminder_hours = 24
            Ticket._cron_cs_promise_watch()
            self.assertFalse(
                ticket.activity_ids.filtered(lambda a: a.activity_type_id == todo)
            )
            self.env.company.cs_promise_reminder_hours = 48
            Ticket._cron_cs_promise_watch()
            self.assertEqual(
                len(ticket.activity_ids.filtered(lambda a: a.activity_type_id == todo)),
                1,
            )

    def test_largest_reward_of_the_praise_company(self):
        praise = self._thanks(self.emp_anna).cs_praise_ids.with_user(self.supervisor)
        self.env.company.cs_max_reward_points = 50
        with self.assertRaisesRegex(ValidationError, "points"):
            praise.action_reward(points=51)
        praise.action_reward(points=50)
        self.assertEqual(praise.reward_points, 50)

    def test_migration_moves_the_parameters_to_the_companies(self):
        spec = importlib.util.spec_from_file_location("cs_feedback_mig_1_3", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("cs_feedback.promise_reminder_hours", "36")
        params.set_param("cs_feedback.max_reward_points", "not a number")
        company2 = self.env["res.company"].create({"name": "Second CS company"})
        migration.migrate(self.env.cr, "18.0.1.2.0")
        self.env.invalidate_all()
        for company in self.env.company | company2:
            self.assertEqual(company.cs_promise_reminder_hours, 36)
            self.assertEqual(company.cs_max_reward_points, 10000)
        self.assertFalse(params.get_param("cs_feedback.promise_reminder_hours"))
        self.assertFalse(params.get_param("cs_feedback.max_reward_points"))
