"""Grouped scorecard figures with complaints (moved from cs_debt_handoff)."""

from lxml import etree

from odoo.addons.cs_debt_handoff.tests.common import CsDebtCommon


class TestScorecardTotals(CsDebtCommon):
    """Grouped scorecard figures are ratios of sums, never sums/means of ratios."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # agency A: one handoff of 1000, 900 recovered (90 %), one complaint
        debtor_a = cls._make_debtor("Алексеев Артём")
        cls.handoff_a = cls._make_handoff(partner=debtor_a, amount=1000.0)
        cls.handoff_a.action_hand_over()
        cls._pay(debtor_a, 900.0, invoices=cls.handoff_a.invoice_ids)
        cls.env["helpdesk.ticket"].create(
            {
                "name": "Коллектор грубит",
                "description": "<p>Звонят ночью</p>",
                "partner_id": debtor_a.id,
                "cs_kind": "complaint",
                "cs_debt_handoff_id": cls.handoff_a.id,
            }
        )
        # agency B: three handoffs of 3000, nothing recovered, no complaint
        for index in range(3):
            debtor = cls._make_debtor(f"Борисов Борис {index}")
            handoff = cls._make_handoff(
                partner=debtor, contract=cls.contract_sold, amount=3000.0
            )
            handoff.action_hand_over()
        cls.env.flush_all()
        cls.Scorecard = cls.env["cs.debt.agency.scorecard"]
        cls.Scorecard._cs_refresh()  # a summary: refreshed, not re-aggregated
        cls.domain = [("agency_id", "in", (cls.agency | cls.other_agency).ids)]

    def test_rows_keep_their_own_ratios(self):
        rows = {
            group["agency_id"][0]: group
            for group in self.Scorecard.read_group(
                self.domain,
                ["liquidation_rate", "complaints_per_100", "placed_count"],
                ["agency_id"],
            )
        }
        self.assertAlmostEqual(rows[self.agency.id]["liquidation_rate"], 90.0)
        self.assertAlmostEqual(rows[self.agency.id]["complaints_per_100"], 100.0)
        self.assertAlmostEqual(rows[self.other_agency.id]["liquidation_rate"], 0.0)
        self.assertEqual(rows[self.other_agency.id]["placed_count"], 3)

    def test_total_is_ratio_of_sums(self):
        # the pivot's and the grouped list's total: avg of the rows would be 45 % and
        # 50 per 100; over the totals it is 900 / 10000 and 1 complaint / 4 handoffs
        [total] = self.Scorecard.read_group(
            self.domain,
            [
                "liquidation_rate:avg",
                "complaints_per_100:avg",
                "upheld_per_100:avg",
                "violations_per_100:avg",
                "amount_placed:sum",
                "amount_recovered:sum",
                "placed_count:sum",
            ],
            [],
        )
        self.assertAlmostEqual(total["amount_placed"], 10000.0)
        self.assertAlmostEqual(total["amount_recovered"], 900.0)
        self.assertEqual(total["placed_count"], 4)
        self.assertAlmostEqual(total["liquidation_rate"], 9.0)
        self.assertAlmostEqual(total["complaints_per_100"], 25.0)
        self.assertAlmostEqual(total["upheld_per_100"], 0.0)
        self.assertAlmostEqual(total["violations_per_100"], 0.0)
        # whatever aggregate a client asks for: the same ratio of sums
        [summed] = self.Scorecard.read_group(
            self.domain, ["liquidation_rate:sum", "complaints_per_100:max"], []
        )
        self.assertAlmostEqual(summed["liquidation_rate"], 9.0)
        self.assertAlmostEqual(summed["complaints_per_100"], 25.0)

    def test_per_currency(self):
        groups = self.Scorecard.read_group(
            self.domain,
            ["liquidation_rate", "amount_placed", "amount_recovered"],
            ["currency_id"],
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["currency_id"][0], self.env.company.currency_id.id)
        self.assertAlmostEqual(groups[0]["liquidation_rate"], 9.0)
        fields = self.Scorecard.fields_get(["amount_placed", "amount_recovered"])
        for name in ("amount_placed", "amount_recovered"):
            self.assertEqual(fields[name]["type"], "monetary")
            self.assertEqual(fields[name]["currency_field"], "currency_id")
        pivot = etree.fromstring(
            self.Scorecard.get_views([(False, "pivot")])["views"]["pivot"]["arch"]
        )
        self.assertEqual(pivot.xpath("//field[@type='row']/@name")[:1], ["currency_id"])

    def test_mixed_currencies_are_not_added(self):
        usd = self.env.ref("base.USD")
        rub = self.env.company.currency_id
        self.assertNotEqual(usd, rub)
        self._company_b_handoff(
            "Компания в долларах", "USD-1", "Dollar Debtor", 100.0, currency=usd
        )
        self.Scorecard._cs_refresh()
        domain = [("agency_id", "=", self.agency.id)]
        aggregates = ["amount_placed", "liquidation_rate", "complaints_per_100"]
        [mixed] = self.Scorecard.read_group(domain, aggregates, ["agency_id"])
        self.assertIs(mixed["amount_placed"], False)
        self.assertIs(mixed["liquidation_rate"], False)
        # counts are not money: 1 complaint over 2 handoffs
        self.assertAlmostEqual(mixed["complaints_per_100"], 50.0)
        by_currency = {
            group["currency_id"][0]: group
            for group in self.Scorecard.read_group(domain, aggregates, ["currency_id"])
        }
        self.assertAlmostEqual(by_currency[usd.id]["amount_placed"], 100.0)
        self.assertAlmostEqual(by_currency[rub.id]["amount_placed"], 1000.0)
        self.assertAlmostEqual(by_currency[rub.id]["liquidation_rate"], 90.0)
