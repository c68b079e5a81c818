from datetime import timedelta

from odoo import Command, fields
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


@tagged("post_install", "-at_install")
class TestCollectionsJourneysInBrowser(HttpCase):
    """Issue 10: the collections journeys, clicked through in Chromium by the lowest
    role that does them (tours in static/tests/tours)."""

    def _handoff_without_alternative(self):
        """A draft handoff whose only failed check is "no alternative offered"."""
        today = fields.Date.today()
        debtor = self.env["res.partner"].create(
            {"name": "Туров Пётр Ильич", "tz": "Europe/Moscow"}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": debtor.id,
                "invoice_date": today - timedelta(days=90),
                "invoice_date_due": today - timedelta(days=60),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Интернет, тариф «Домашний»",
                            "quantity": 1,
                            "price_unit": 2400.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        return self.env["cs.debt.handoff"].create(
            {
                "partner_id": debtor.id,
                "contract_id": self.env.ref("cs_debt_handoff.demo_contract_vozvrat").id,
                "invoice_ids": [Command.set(invoice.ids)],
                "reminder_date": today - timedelta(days=80),
                "alternative_offered": False,
            }
        )

    def test_check_shows_failures_with_fix_buttons(self):
        handoff = self._handoff_without_alternative()
        self.start_tour(
            f"/odoo/action-cs_debt_handoff.cs_debt_handoff_action/{handoff.id}",
            "cs_debt_handoff_check_tour",
            login="debt_user",
        )
        self.env.invalidate_all()
        self.assertTrue(handoff.alternative_offered)
        self.assertEqual(handoff.state, "checked")
        self.assertFalse(handoff.check_failures)

    def test_scorecard_shows_amounts_with_currency(self):
        Scorecard = self.env["cs.debt.agency.scorecard"]
        Scorecard._cs_refresh()  # a summary, refreshed on schedule
        scorecard = Scorecard.search([])
        self.assertTrue(scorecard.filtered("amount_placed"), "demo handoffs expected")
        self.start_tour(
            "/odoo/action-cs_debt_handoff.cs_debt_agency_scorecard_action",
            "cs_debt_handoff_scorecard_tour",
            login="debt_manager",
        )
