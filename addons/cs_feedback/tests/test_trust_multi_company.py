"""Trust: a second company's user sees none of the first company's records."""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from .common import CsFeedbackCommon

NOW = fields.Datetime.now


class TestTrustMultiCompany(CsFeedbackCommon):
    def test_second_company_sees_nothing_of_the_first(self):
        ticket = self._thanks(self.emp_anna)
        ticket.cs_praise_ids.with_user(self.supervisor).action_reward(points=3)
        complaint = self._complaint(
            cs_promised_date=NOW() + timedelta(days=2),
            user_id=self.operator.id,
            cs_result_channel="email",
        )
        complaint._cs_change_promise(NOW() + timedelta(days=4), "why", notify=False)
        self.env["cs.feedback.canned.answer"].create(
            {"name": "Q mc", "body": "<p>A</p>"}
        )
        self.env["cs.best.practice"].create(
            {"name": "BP", "description": "<p>x</p>", "state": "published"}
        )
        company2 = self.env["res.company"].create({"name": "Second CS company"})
        op2 = new_test_user(
            self.env,
            login="t_cs_operator2",
            groups="cs_feedback.group_cs_supervisor",
            company_id=company2.id,
            company_ids=[(6, 0, company2.ids)],
        )
        for model in (
            "helpdesk.ticket",
            "cs.feedback.praise",
            "cs.feedback.canned.answer",
            "cs.feedback.promise.log",
            "cs.feedback.reward",
            "cs.best.practice",
        ):
            with self.subTest(model=model):
                self.assertTrue(self.env[model].search_count([]), model)
                self.assertFalse(
                    self.env[model].with_user(op2).search([]), f"{model} leaks"
                )
