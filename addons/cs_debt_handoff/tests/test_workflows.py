"""Issue 10 (Collections): staff workflows without traps."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import CsDebtCommon


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
