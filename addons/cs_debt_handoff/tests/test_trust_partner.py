"""The debtor fields on customers: collections users only."""

from odoo.tests import new_test_user

from .common import CsDebtCommon


class TestPartnerDebtFields(CsDebtCommon):
    FIELDS = (
        "cs_debt_protected",
        "cs_debt_disputed",
        "cs_debt_handoff_status",
        "cs_debt_handoff_count",
        "cs_is_collection_agency",
        "cs_agency_registry_number",
    )

    def test_debt_user_reads_and_writes(self):
        user = new_test_user(
            self.env,
            login="t_partner_debt",
            groups="cs_debt_handoff.group_debt_user,base.group_partner_manager",
        )
        debtor = self.debtor.with_user(user)
        debtor.write({"cs_debt_protected": "bankruptcy", "cs_debt_disputed": True})
        self.assertEqual(
            debtor.read(["cs_debt_protected"])[0]["cs_debt_protected"], "bankruptcy"
        )
