"""A second company's collections manager sees none of the first's records."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from .common import CsDebtCommon


class TestMultiCompany(CsDebtCommon):
    """A second company's collections manager sees none of the first's records."""

    def test_second_company_sees_nothing(self):
        handoff = self._make_handoff(contract=self.contract_sold)
        handoff.action_hand_over()
        self._pay(self.debtor, 100.0)
        self.env["cs.debt.statement"].create(
            {"partner_id": self.debtor.id, "kind": "refusal"}
        )
        self.env["cs.debt.handoff"].cs_report_contacts(
            [
                {
                    "ref": handoff.name,
                    "agency_contact_id": "mc-1",
                    "channel": "call",
                    "at": fields.Datetime.to_string(
                        fields.Datetime.now() - timedelta(days=2)
                    ),
                }
            ]
        )
        self.env["cs.debt.agency.scorecard"]._cs_refresh()
        company_a = handoff.company_id
        company_b = self.env["res.company"].create({"name": "Вторая компания"})
        manager_b = new_test_user(
            self.env,
            login="t_manager_b",
            groups="cs_debt_handoff.group_debt_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        models = (
            "cs.debt.handoff",
            "cs.debt.contract",
            "cs.debt.notice",
            "cs.debt.statement",
            "cs.debt.contact",
            "cs.debt.payment.notice",
            "cs.debt.agency.scorecard",
        )
        for model in models:
            Model = self.env[model]
            self.assertTrue(
                Model.search_count([("company_id", "=", company_a.id)]),
                f"no {model} record in the first company",
            )
            self.assertFalse(
                Model.with_user(manager_b).search([]),
                f"{model}: the second company sees the first's records",
            )
        # nor through the agency API as a manager of the second company
        [row] = (
            self.env["cs.debt.handoff"]
            .with_user(manager_b)
            .cs_payment_status([handoff.name])
        )
        self.assertEqual(row, {"ref": handoff.name, "error": "not found"})

    def test_scorecard_one_row_per_company(self):
        handoff = self._make_handoff()
        handoff.action_hand_over()
        company_b, _handoff_b = self._company_b_handoff(
            "Третья компания", "B-1", "Должник второй компании", 5000.0
        )
        self.env["cs.debt.agency.scorecard"]._cs_refresh()
        rows = self.env["cs.debt.agency.scorecard"].search(
            [("agency_id", "=", self.agency.id)]
        )
        self.assertEqual(
            sorted(rows.mapped("company_id").ids),
            sorted((handoff.company_id | company_b).ids),
        )
        row_b = rows.filtered(lambda r: r.company_id == company_b)
        self.assertEqual(row_b.amount_placed, 5000.0)
        self.assertEqual(row_b.placed_count, 1)
