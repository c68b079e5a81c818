"""The pre-handoff guard is one ``_check_<code>`` per check, run by one
dispatcher: a company module adds (or replaces) a check by overriding."""

from unittest.mock import patch

from odoo.exceptions import UserError

from .common import CsDebtCommon


def _check_blacklisted(self):
    """A company's own check (test only): debtors named on its blacklist."""
    for handoff in self:
        if "Чёрный" in handoff.commercial_partner_id.name:
            yield handoff, "blacklisted", "Blacklisted debtor: ask the lawyer."


class TestGuardChecks(CsDebtCommon):
    def _codes(self, handoff):
        return [code for code, _msg in handoff._guard_failures()[handoff]]

    def test_checks_in_order(self):
        Handoff = self.env["cs.debt.handoff"]
        checks = Handoff._cs_handoff_checks()
        for code in (*checks, *Handoff._cs_handoff_hard_checks()):
            self.assertTrue(callable(getattr(Handoff, f"_check_{code}")), code)
        self.assertEqual(checks[:2], ["recent_payment", "unreconciled_payment"])
        self.assertEqual(checks[-2:], ["reminder", "no_alternative"])

    def test_company_module_adds_a_check(self):
        debtor = self._make_debtor("Чёрный Список Иванович")
        handoff = self._make_handoff(partner=debtor, alternative_offered=False)
        clean = self._make_handoff()
        Handoff = type(self.env["cs.debt.handoff"])
        codes = self.env["cs.debt.handoff"]._cs_handoff_checks()
        with (
            patch.object(
                Handoff, "_cs_handoff_checks", lambda self: [*codes, "blacklisted"]
            ),
            patch.object(
                Handoff, "_check_blacklisted", _check_blacklisted, create=True
            ),
        ):
            self.assertEqual(self._codes(handoff), ["no_alternative", "blacklisted"])
            self.assertEqual(self._codes(clean), [])
            with self.assertRaisesRegex(UserError, "Blacklisted debtor"):
                handoff.action_hand_over()
        self.assertEqual(self._codes(handoff), ["no_alternative"])

    def test_company_module_replaces_a_check(self):
        handoff = self._make_handoff(alternative_offered=False)
        Handoff = type(self.env["cs.debt.handoff"])
        with patch.object(Handoff, "_check_no_alternative", lambda self: iter(())):
            self.assertEqual(self._codes(handoff), [])
            self.assertTrue(handoff.action_hand_over())
        self.assertEqual(handoff.state, "handed_over")
