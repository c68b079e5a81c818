"""Issue 10 (Collections): staff workflows without traps."""

from datetime import timedelta

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CsDebtCommon


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
        company_b = self.env["res.company"].create(
            {"name": "Компания в долларах", "currency_id": usd.id}
        )
        contract_b = (
            self.env["cs.debt.contract"]
            .with_company(company_b)
            .create(
                {
                    "name": "USD-1",
                    "agency_id": self.agency.id,
                    "company_id": company_b.id,
                    "date_start": self.today - timedelta(days=10),
                    "state": "active",
                }
            )
        )
        handoff_b = (
            self.env["cs.debt.handoff"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self._make_debtor("Dollar Debtor").id,
                    "contract_id": contract_b.id,
                    "company_id": company_b.id,
                    "amount_handed": 100.0,
                }
            )
        )
        handoff_b.sudo().write({"state": "handed_over", "handoff_date": self.today})
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


class TestHandoffFormButtons(CsDebtCommon):
    """Only the next step is primary; each failed check opens where it is fixed."""

    def _form(self):
        views = self.env["cs.debt.handoff"].get_views([(False, "form")])
        return etree.fromstring(views["views"]["form"]["arch"])

    def test_one_primary_step_per_state(self):
        header = self._form().find(".//header")
        for state in ("draft", "checked"):
            primary = [
                button.get("name")
                for button in header.iter("button")
                if "oe_highlight" in (button.get("class") or "").split()
                and not safe_eval(
                    button.get("invisible") or "False",
                    {"state": state, "guard_result": "x"},
                )
            ]
            expected = "action_check" if state == "draft" else "action_hand_over"
            self.assertEqual(primary, [expected], state)
        # Hand Over stays reachable (not primary) on a draft
        names = [
            button.get("name")
            for button in header.iter("button")
            if not safe_eval(
                button.get("invisible") or "False",
                {"state": "draft", "guard_result": False},
            )
        ]
        self.assertIn("action_hand_over", names)

    def test_failed_checks_link_to_their_fix(self):
        debtor = self._make_debtor("Петрова Анна Сергеевна")
        debtor.write({"cs_debt_protected": "hospital"})
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Жалоба на списание",
                "description": "<p>Не согласна с суммой</p>",
                "partner_id": debtor.id,
                "cs_kind": "complaint",
            }
        )
        handoff = self._make_handoff(
            partner=debtor, alternative_offered=False, reminder_date=False
        ).with_user(self.debt_user)
        handoff.action_check()
        self.assertEqual(handoff.state, "draft")
        self.assertEqual(
            set(handoff.check_fix_targets.split()), {"guard", "debtor", "complaints"}
        )
        # the form shows one button per place to fix, inside the failures alert
        alert = self._form().xpath("//div[@name='check_failures']")[0]
        buttons = {button.get("name") for button in alert.iter("button")}
        self.assertTrue(
            {"action_fix_guard", "action_fix_debtor", "action_fix_complaints"}
            <= buttons
        )
        guard = handoff.action_fix_guard()
        self.assertEqual(
            (guard["res_model"], guard["res_id"], guard["target"]),
            ("cs.debt.handoff", handoff.id, "new"),
        )
        view = self.env["ir.ui.view"].browse(guard["views"][0][0])
        for name in ("reminder_date", "alternative_offered"):
            self.assertIn(f'name="{name}"', view.arch_db)
        partner = handoff.action_fix_debtor()
        self.assertEqual(
            (partner["res_model"], partner["res_id"]),
            ("res.partner", debtor.commercial_partner_id.id),
        )
        complaints = handoff.action_fix_complaints()
        self.assertEqual(
            self.env[complaints["res_model"]].search(complaints["domain"]), ticket
        )
        # recorded, checked again: the failures and their buttons are gone
        handoff.write(
            {
                "reminder_date": handoff.invoice_ids.invoice_date_due
                - timedelta(days=15),
                "alternative_offered": True,
            }
        )
        debtor.write({"cs_debt_protected": "none"})
        ticket.sudo().unlink()
        handoff.action_check()
        self.assertEqual(handoff.state, "checked")
        self.assertFalse(handoff.check_fix_targets)


class TestDebtorPicker(CsDebtCommon):
    """The Debtor field proposes customers with overdue posted invoices first."""

    def test_overdue_customers_first(self):
        clean = self._make_debtor("Пикеров Аркадий")
        late = self._make_debtor("Пикеров Яков")
        self._make_invoice(late, 500.0, days_overdue=10)
        Partner = self.env["res.partner"].with_user(self.debt_user)
        plain = [pid for pid, _name in Partner.name_search("Пикеров")]
        self.assertEqual(plain, [clean.id, late.id])  # alphabetical
        form = etree.fromstring(
            self.env["cs.debt.handoff"].get_views([(False, "form")])["views"]["form"][
                "arch"
            ]
        )
        context = safe_eval(form.xpath("//field[@name='partner_id']")[0].get("context"))
        ordered = [
            pid for pid, _name in Partner.with_context(**context).name_search("Пикеров")
        ]
        self.assertEqual(ordered, [late.id, clean.id])
        # ordering only: the same partners, and the limit is kept
        limited = Partner.with_context(**context).name_search("Пикеров", limit=1)
        self.assertEqual([pid for pid, _name in limited], [late.id])


@tagged("post_install", "-at_install")
class TestDemoNotices(CsDebtCommon):
    """Demo notices have varied due dates; a late one shows red in the lists."""

    def test_demo_has_late_and_timely_notices(self):
        handoff = self.env.ref(
            "cs_debt_handoff.demo_handoff_disputed", raise_if_not_found=False
        )
        if not handoff:
            self.skipTest("demo data not loaded")
        Notice = self.env["cs.debt.notice"]
        late = Notice.search([("is_late", "=", True), ("state", "=", "to_send")])
        self.assertIn(handoff, late.handoff_id)
        self.assertTrue(
            Notice.search([("is_late", "=", False), ("state", "=", "to_send")])
        )
        self.assertGreater(len(set(Notice.search([]).mapped("due_date"))), 1)
        for view in (
            Notice.get_views([(False, "list")])["views"]["list"]["arch"],
            self.env["cs.debt.handoff"].get_views([(False, "form")])["views"]["form"][
                "arch"
            ],
        ):
            lists = etree.fromstring(view).xpath("//list[@decoration-danger='is_late']")
            self.assertTrue(lists)
