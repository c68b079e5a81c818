from odoo.tests import TransactionCase, new_test_user


class CsFeedbackCommon(TransactionCase):
    """Users with the lowest group that should (or should not) pass."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.operator = new_test_user(
            cls.env, login="t_cs_operator", groups="cs_feedback.group_cs_operator"
        )
        cls.supervisor = new_test_user(
            cls.env, login="t_cs_supervisor", groups="cs_feedback.group_cs_supervisor"
        )
        cls.legal = new_test_user(
            cls.env, login="t_cs_legal", groups="cs_feedback.group_cs_legal"
        )
        cls.internal = new_test_user(
            cls.env, login="t_cs_internal", groups="base.group_user"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ivan Petrov", "email": "ivan@example.com"}
        )
