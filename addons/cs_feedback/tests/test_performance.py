from odoo.tests import tagged

from odoo.addons.cs_base.tests.scale import CsScaleMixin

from .common import CsFeedbackCommon

# query count of cs_submit_feedback (a complaint from a new customer with e-mail and
# phone) measured at 100 stored partners; the test checks it stays so at 10,000
SUBMIT_NEW_CUSTOMER_BUDGET = 79


@tagged("post_install", "-at_install")
class TestQueryBudgets(CsScaleMixin, CsFeedbackCommon):
    """Query-count budgets of the hot paths; they must not grow with the data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employees = cls.env["hr.employee"].create(
            [{"name": f"Emp {i}", "parent_id": cls.manager_emp.id} for i in range(6)]
        )

    def _payload(self, n_employees, ref):
        return {
            "kind": "thanks",
            "channel": "web",
            "description": "Спасибо!",
            "customer": {"name": "Ольга", "email": "olga.perf@example.com"},
            "employee_ids": self.employees[:n_employees].ids,
            "external_ref": ref,
        }

    def _count_submit(self, n_employees, ref):
        Ticket = self.env["helpdesk.ticket"].with_user(self.operator)
        Ticket.cs_submit_feedback(self._payload(n_employees, f"warm-{ref}"))
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        Ticket.cs_submit_feedback(self._payload(n_employees, ref))
        return self.cr.sql_log_count - start

    def _add_partners(self, count):
        """Clone the test customer ``count`` times in SQL (every NOT NULL column
        of whatever addons are installed is copied from a valid row)."""
        self._clone(
            "res_partner",
            self.customer,
            count,
            name="'Bulk ' || g",
            email="'bulk' || g || '@example.com'",
            complete_name="'Bulk ' || g",
        )

    def test_submit_thanks_with_three_employees(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.operator)
        Ticket.cs_submit_feedback(self._payload(3, "warmup"))
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=80):
            Ticket.cs_submit_feedback(self._payload(3, "budget"))

    def test_extra_employee_costs_a_small_constant(self):
        one = self._count_submit(1, "one")
        three = self._count_submit(3, "three")
        six = self._count_submit(6, "six")
        per_employee = (six - three) / 3
        self.assertLessEqual(per_employee, 8, (one, three, six))
        self.assertAlmostEqual(three - one, 2 * per_employee, delta=4)

    def test_submit_does_not_grow_with_partners(self):
        before = self._count_submit(3, "before")
        self._add_partners(10000)
        after = self._count_submit(3, "after")
        self.assertLessEqual(after, before + 2, (before, after))

    def test_reward_decision_budget(self):
        # a first decision warms the caches that other tests may have cleared
        # (ormcaches of templates, groups, xmlids): the budget is the steady cost
        warm = self._thanks(self.employees[1:2]).cs_praise_ids
        warm.with_user(self.supervisor).action_reward(points=5, credit_manager=True)
        ticket = self._thanks(self.employees[:1])
        praise = ticket.cs_praise_ids.with_user(self.supervisor)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=100):
            praise.action_reward(points=5, credit_manager=True)

    def test_public_feed_budget_does_not_grow(self):
        Ticket = self.env["helpdesk.ticket"]

        def publish(count):
            tickets = Ticket.create(
                [
                    {
                        "name": f"T{i}",
                        "description": "<p>…</p>",
                        "partner_id": self.customer.id,
                        "cs_kind": "thanks",
                        "cs_channel": "web",
                        "cs_publish_consent": True,
                        "cs_publish_text": f"Спасибо {i}",
                    }
                    for i in range(count)
                ]
            )
            tickets.action_cs_publish()

        existing = len(Ticket._cs_published_thanks_feed(200))
        publish(5)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=6):
            feed = Ticket._cs_published_thanks_feed(200)
        self.assertEqual(len(feed), existing + 5)
        publish(40)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=6):
            feed = Ticket._cs_published_thanks_feed(200)
        self.assertEqual(len(feed), existing + 45)

    def _complaint_payload(self, ref):
        return {
            "kind": "complaint",
            "channel": "web",
            "description": "Третий день нет связи",
            "customer": {
                "name": f"Новый клиент {ref}",
                "email": f"new.{ref}@example.com",
                "phone": f"+7 955 {len(ref):03d}-{abs(hash(ref)) % 10000:04d}",
            },
            "external_ref": ref,
        }

    def _submit_new_customer(self, ref):
        Ticket = self.env["helpdesk.ticket"].with_user(self.operator)
        count, ticket = self._count(
            Ticket.cs_submit_feedback, self._complaint_payload(ref)
        )
        return count

    def test_submit_new_customer_budget_is_flat(self):
        """A complaint from a new customer with e-mail and phone: the same queries
        with 100 or 10,000 partners stored, and the customer is looked up by its
        indexed keys (e-mail ``=ilike`` and phone ``=`` read every partner)."""
        partner = self.env["res.partner"].create(
            {"name": "Bulk", "email": "bulk@example.com", "phone": "+7 900 000-00-00"}
        )

        def add_partners(count, start):
            number = f"({start} + g)"
            self._clone(
                "res_partner",
                partner,
                count,
                name=f"'Bulk ' || {number}",
                complete_name=f"'Bulk ' || {number}",
                email=f"'bulk' || {number} || '@example.com'",
                email_normalized=f"'bulk' || {number} || '@example.com'",
                phone=f"'+7 9' || lpad({number}::text, 9, '0')",
                cs_phone_key=f"'9' || lpad({number}::text, 9, '0')",
            )

        self._submit_new_customer("warm-1")
        self._submit_new_customer("warm-2")
        add_partners(100, 0)
        small = self._submit_new_customer("small")
        add_partners(9900, 100)
        big = self._submit_new_customer("big")
        self.assertEqual(big, small, f"{small} queries at 100, {big} at 10,000")
        self.assertLessEqual(big, SUBMIT_NEW_CUSTOMER_BUDGET)
        Ticket = self.env["helpdesk.ticket"].with_user(self.operator)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=SUBMIT_NEW_CUSTOMER_BUDGET):
            Ticket.cs_submit_feedback(self._complaint_payload("budget"))
        with self._capture_selects("res_partner") as statements:
            Ticket.cs_submit_feedback(self._complaint_payload("plan"))
        self.assertEqual(self._seq_scans(statements, "res_partner"), [])
