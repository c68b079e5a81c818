from odoo.tests import TransactionCase, new_test_user


class CsFeedbackCommon(TransactionCase):
    """Users with the lowest group that should (or should not) pass, a team with
    escalation users, employees with managers."""

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
        cls.head = new_test_user(
            cls.env, login="t_cs_head", groups="cs_feedback.group_cs_supervisor"
        )
        cls.executive = new_test_user(
            cls.env, login="t_cs_exec", groups="cs_feedback.group_cs_supervisor"
        )
        cls.internal = new_test_user(
            cls.env, login="t_cs_internal", groups="base.group_user"
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Ivan Petrov",
                "email": "ivan@example.com",
                "phone": "+7 900 000-00-01",
                # the tests read his letters in English (the database's default
                # language is Russian, as in make run)
                "lang": "en_US",
            }
        )
        Employee = cls.env["hr.employee"]
        cls.manager_emp = Employee.create({"name": "Pavel Orlov (manager)"})
        cls.other_manager = Employee.create({"name": "Tatiana Morozova (head)"})
        cls.employee_user = new_test_user(
            cls.env, login="t_cs_anna", groups="base.group_user"
        )
        cls.emp_anna = Employee.create(
            {
                "name": "Anna",
                "parent_id": cls.manager_emp.id,
                "user_id": cls.employee_user.id,
            }
        )
        cls.emp_dmitry = Employee.create(
            {"name": "Dmitry", "parent_id": cls.manager_emp.id}
        )
        cls.emp_igor = Employee.create(
            {"name": "Igor", "parent_id": cls.other_manager.id}
        )
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        assert Stage.search([], limit=1) == cls.stage_new
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Test contact centre",
                "user_ids": [(6, 0, [cls.operator.id, cls.supervisor.id])],
                "cs_supervisor_id": cls.supervisor.id,
                "cs_head_id": cls.head.id,
                "cs_executive_id": cls.executive.id,
            }
        )
        cls.root_cause = cls.env.ref("cs_feedback.root_cause_network")

    @classmethod
    def _thanks(cls, employees, user=None, **vals):
        Ticket = cls.env["helpdesk.ticket"].with_user(user or cls.operator)
        return Ticket.create(
            {
                "name": "Спасибо",
                "description": "<p>Спасибо за помощь</p>",
                "partner_id": cls.customer.id,
                "team_id": cls.team.id,
                "cs_kind": "thanks",
                "cs_channel": "phone",
                "cs_praise_ids": [(0, 0, {"employee_id": e.id}) for e in employees],
                **vals,
            }
        )

    @classmethod
    def _complaint(cls, user=None, **vals):
        Ticket = cls.env["helpdesk.ticket"].with_user(user or cls.operator)
        return Ticket.create(
            {
                "name": "Нет интернета",
                "description": "<p>Третий день нет связи</p>",
                "partner_id": cls.customer.id,
                "team_id": cls.team.id,
                "cs_kind": "complaint",
                "cs_channel": "phone",
                **vals,
            }
        )

    def _customer_messages(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.message_type == "comment"
            and m.subtype_id == self.env.ref("mail.mt_comment")
        )
