"""Trust: reward decisions validate their arguments; ledger rows stay private."""

from odoo import fields
from odoo.exceptions import ValidationError

from .common import CsFeedbackCommon

NOW = fields.Datetime.now


class TestTrustRewards(CsFeedbackCommon):
    def test_reward_arguments_are_validated(self):
        praise = self._thanks(self.emp_anna).cs_praise_ids.with_user(self.supervisor)
        self.env.company.cs_max_reward_points = 100
        cases = [
            ({"badge_id": "abc"}, "badge_id"),
            ({"badge_id": [1, 2]}, "badge_id"),
            ({"badge_id": 1.5}, "badge_id"),
            ({"points": 2**31}, "points"),
            ({"points": 101}, "points"),
            ({"points": 5, "credit_manager": "no"}, "credit_manager"),
            ({"points": 5, "note": ["x"]}, "note"),
            ({"points": True}, "points"),
        ]
        for kwargs, key in cases:
            with (
                self.subTest(kwargs=kwargs),
                self.assertRaisesRegex(ValidationError, key),
            ):
                praise.action_reward(**kwargs)
        with self.assertRaisesRegex(ValidationError, "note"):
            praise.action_decline(note={"a": 1})
        self.assertEqual(praise.state, "to_review")
        self.assertFalse(
            self.env["cs.feedback.reward"].search([("praise_id", "=", praise.id)])
        )
        praise.action_reward(points=100)
        self.assertEqual(praise.reward_points, 100)

    # -- 9. ledger -----------------------------------------------------------

    def test_ledger_rows_of_others_are_not_readable(self):
        ticket = self._thanks(self.emp_anna + self.emp_dmitry)
        ticket.cs_praise_ids.with_user(self.supervisor).action_reward(points=3)
        Ledger = self.env["cs.feedback.reward"]
        self.assertFalse(Ledger.with_user(self.operator).search([]))
        self.assertFalse(Ledger.with_user(self.internal).search([]))
        self.assertEqual(
            Ledger.with_user(self.employee_user).search([]).employee_id, self.emp_anna
        )
        groups = Ledger.with_user(self.operator).read_group(
            [], ["points:sum"], ["employee_id"]
        )
        self.assertFalse(groups)
