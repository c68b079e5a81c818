from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestViewsInBrowser(HttpCase):
    """Every main view opens in Chromium without a client error (as its user)."""

    def _open(self, path, selector, login):
        self.browser_js(
            path,
            "console.log('test successful')",
            ready=f"!!document.querySelector({selector!r})",
            login=login,
        )

    def test_operator_views(self):
        complaint = self.env.ref("cs_feedback.ticket_complaint_legal")
        thanks = self.env.ref("cs_feedback.ticket_thanks_ivan")
        action = "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action"
        self._open(action, ".o_kanban_record", "cs_operator")
        self._open(f"{action}/{complaint.id}", ".o_form_view", "cs_operator")
        thanks_action = "/odoo/action-cs_feedback.helpdesk_ticket_thanks_action"
        self._open(f"{thanks_action}/{thanks.id}", ".o_form_view", "cs_operator")

    def test_supervisor_views(self):
        for xmlid, selector in (
            ("cs_feedback_praise_action", ".o_data_row"),
            ("cs_feedback_reward_action", ".o_view_controller"),
            ("cs_best_practice_action", ".o_kanban_record"),
            ("helpdesk_ticket_complaint_analysis_action", ".o_pivot"),
            ("cs_feedback_canned_answer_action", ".o_data_row"),
        ):
            self._open(f"/odoo/action-cs_feedback.{xmlid}", selector, "cs_supervisor")


@tagged("post_install", "-at_install")
class TestJourneyTours(HttpCase):
    """Issue 10: the operator's and the legal reviewer's journeys in Chromium
    (demo data, English UI so the tours read stable labels)."""

    def test_operator_journey(self):
        operator = self.env.ref("cs_feedback.user_cs_operator")
        operator.lang = "en_US"
        thanks = self.env.ref("cs_feedback.ticket_thanks_maria")
        self.assertFalse(thanks.cs_publish_consent)
        self.start_tour(
            "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action",
            "cs_feedback_operator_journey_tour",
            login=operator.login,
            timeout=180,
        )
        # the consent ticked in the browser was saved with who, when, channel
        thanks.invalidate_recordset()
        self.assertTrue(thanks.cs_publish_consent)
        self.assertEqual(
            thanks.cs_publish_consent_partner_id,
            self.env.ref("cs_feedback.partner_maria"),
        )
        self.assertEqual(thanks.cs_publish_consent_channel, "messenger")
        self.assertTrue(thanks.cs_publish_consent_date)

    def test_legal_reviewer_journey(self):
        legal = self.env.ref("cs_feedback.user_cs_legal")
        self.assertEqual(
            legal.action_id.id,
            self.env.ref("cs_feedback.helpdesk_ticket_legal_sign_off_action").id,
            "the demo legal reviewer's home is the sign-off list",
        )
        legal.lang = "en_US"
        self.start_tour(
            "/odoo", "cs_feedback_legal_journey_tour", login=legal.login, timeout=180
        )
