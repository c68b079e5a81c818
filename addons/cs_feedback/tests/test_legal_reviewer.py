"""Who gets the legal-review activity: the activity type's default user when
set, else the first internal user of the legal reviewer group."""

from odoo.tests import new_test_user

from .common import CsFeedbackCommon

LEGAL_TEXT = "<p>Требую возврат по ЗоЗПП</p>"


class TestLegalReviewer(CsFeedbackCommon):
    def _legal_activity(self, ticket):
        return ticket.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("cs_feedback.mail_activity_type_legal_review")
        )

    def test_activity_type_default_user_gets_the_review(self):
        chosen = new_test_user(
            self.env, login="t_cs_legal_chosen", groups="cs_feedback.group_cs_legal"
        )
        activity_type = self.env.ref("cs_feedback.mail_activity_type_legal_review")
        activity_type.default_user_id = chosen
        ticket = self._complaint(description=LEGAL_TEXT)
        activity = self._legal_activity(ticket)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, chosen)
        # the chosen reviewer finds it in "Awaiting My Sign-off"
        self.assertIn(
            ticket,
            self.env["helpdesk.ticket"]
            .with_user(chosen)
            .search([("cs_awaiting_my_sign_off", "=", True)]),
        )

    def test_without_default_user_the_group_rule_applies(self):
        activity_type = self.env.ref("cs_feedback.mail_activity_type_legal_review")
        activity_type.default_user_id = False
        ticket = self._complaint(description=LEGAL_TEXT)
        expected = self.env.ref("cs_feedback.group_cs_legal").users.filtered(
            lambda u: not u.share
        )[:1]
        self.assertEqual(self._legal_activity(ticket).user_id, expected)

    def test_archived_default_user_falls_back_to_the_group_rule(self):
        gone = new_test_user(
            self.env, login="t_cs_legal_gone", groups="cs_feedback.group_cs_legal"
        )
        activity_type = self.env.ref("cs_feedback.mail_activity_type_legal_review")
        activity_type.default_user_id = gone
        gone.active = False
        ticket = self._complaint(description=LEGAL_TEXT)
        self.assertNotEqual(self._legal_activity(ticket).user_id, gone)
        self.assertTrue(self._legal_activity(ticket).user_id)
