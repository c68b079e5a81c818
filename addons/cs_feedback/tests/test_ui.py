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
