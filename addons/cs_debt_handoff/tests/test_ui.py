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

    def test_handoff_views_open_for_collections(self):
        handoff = self.env["cs.debt.handoff"].search([], limit=1)
        action = "/odoo/action-cs_debt_handoff.cs_debt_handoff_action"
        self._open(action, ".o_kanban_record, .o_data_row", "debt_user")
        self._open(f"{action}?view_type=list", ".o_data_row", "debt_user")
        self._open(f"{action}/{handoff.id}", ".o_form_view", "debt_user")

    def test_manager_views_open(self):
        for xmlid in (
            "cs_debt_contract_action",
            "cs_debt_payment_notice_action",
            "cs_debt_agency_scorecard_action",
        ):
            self._open(
                f"/odoo/action-cs_debt_handoff.{xmlid}",
                ".o_view_controller",
                "debt_manager",
            )
