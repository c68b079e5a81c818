from odoo.tests import TransactionCase, new_test_user


class CsDebtCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.debt_user = new_test_user(
            cls.env, login="t_debt_user", groups="cs_debt_handoff.group_debt_user"
        )
        cls.debt_manager = new_test_user(
            cls.env, login="t_debt_manager", groups="cs_debt_handoff.group_debt_manager"
        )
        cls.agency = cls.env["res.partner"].create(
            {
                "name": "ООО «Тест-Взыскание»",
                "is_company": True,
                "cs_is_collection_agency": True,
                "cs_agency_registry_number": "77/00/01-КЛ",
            }
        )
