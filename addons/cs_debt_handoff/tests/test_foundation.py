from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import CsDebtCommon


class TestFoundation(CsDebtCommon):
    def test_groups_chain(self):
        self.assertTrue(self.debt_manager.has_group("cs_debt_handoff.group_debt_user"))
        self.assertFalse(self.debt_user.has_group("cs_debt_handoff.group_debt_manager"))
        self.assertTrue(self.debt_user.has_group("account.group_account_invoice"))

    def test_agency_group_is_portal(self):
        agency_user = new_test_user(
            self.env, login="t_agency", groups="cs_debt_handoff.group_collection_agency"
        )
        self.assertTrue(agency_user.share)
        self.assertTrue(agency_user.has_group("base.group_portal"))

    def test_registry_check_date_cannot_be_future(self):
        tomorrow = fields.Date.today() + timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "Registry Checked On cannot be"):
            self.agency.cs_agency_registry_checked = tomorrow

    def test_agency_action_lists_agencies_only(self):
        action = self.env.ref("cs_debt_handoff.res_partner_agency_action")
        partners = (
            self.env["res.partner"]
            .with_user(self.debt_user)
            .search(safe_eval(action.domain))
        )
        self.assertIn(self.agency, partners)
        self.assertTrue(all(partners.mapped("cs_is_collection_agency")))

    def test_demo_agencies_registered(self):
        agency = self.env.ref("cs_debt_handoff.partner_agency_vozvrat")
        self.assertTrue(agency.cs_agency_registry_number)
        api_user = self.env.ref("cs_debt_handoff.user_agency_api")
        self.assertEqual(api_user.partner_id.commercial_partner_id, agency)
