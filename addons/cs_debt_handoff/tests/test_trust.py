"""Every rule holds whatever ORM route a caller takes (create, write, copy, context)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import CsDebtCommon


class TestGuardedHandoff(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env, login="t_debt_operator", groups="cs_feedback.group_cs_operator"
        )

    def test_create_directly_handed_over_refused(self):
        """No guard, no notices: a handoff is born a draft, whatever the caller."""
        for user in (self.debt_user, self.debt_manager):
            Handoff = self.env["cs.debt.handoff"].with_user(user)
            for vals in (
                {"state": "handed_over"},
                {"handoff_date": self.today},
                {"override_reason": "я так решил"},
                {"override_user_id": user.id},
                {"recall_reason": "x"},
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    Handoff.create(
                        dict(
                            vals,
                            partner_id=self.debtor.id,
                            contract_id=self.contract.id,
                        )
                    )

    def test_default_state_context_key_ignored(self):
        handoff = (
            self.env["cs.debt.handoff"]
            .with_user(self.debt_user)
            .with_context(
                default_state="handed_over", default_handoff_date="2026-01-01"
            )
            .create({"partner_id": self.debtor.id, "contract_id": self.contract.id})
        )
        self.assertEqual(handoff.state, "draft")
        self.assertFalse(handoff.handoff_date)
        self.assertFalse(handoff.notice_ids)

    def test_state_written_only_by_actions(self):
        handoff = self._make_handoff()
        for user in (self.debt_user, self.debt_manager):
            for vals in (
                {"state": "handed_over"},
                {"state": "checked"},
                {"handoff_date": self.today},
                {"override_date": fields.Datetime.now()},
            ):
                with self.assertRaises(AccessError):
                    handoff.with_user(user).write(vals)
        self.assertEqual(handoff.state, "draft")
        handoff.with_user(self.debt_user).action_hand_over()
        self.assertEqual(handoff.state, "handed_over")
        self.assertTrue(handoff.notice_ids)
        # the tracking author is the real user, not the superuser
        self.assertEqual(handoff.write_uid, self.debt_user)

    def test_handed_over_debt_is_fixed(self):
        """Changing the contract would move the debt to another agency unguarded."""
        handoff = self._make_handoff()
        handoff.with_user(self.debt_user).action_hand_over()
        other = self._make_invoice(self.debtor)
        for vals in (
            {"contract_id": self.contract_sold.id},
            {"amount_handed": 1.0},
            {"invoice_ids": [Command.link(other.id)]},
        ):
            with self.assertRaisesRegex(UserError, "handed over", msg=str(vals)):
                handoff.with_user(self.debt_user).write(vals)
        self.assertEqual(handoff.agency_id, self.agency)
        handoff.with_user(self.debt_user).write({"suspension_date": self.today})

    def test_actions_check_the_group(self):
        handoff = self._make_handoff()
        for user in (self.operator, self.agency_user):
            for action, args in (
                ("action_check", ()),
                ("action_hand_over", ()),
                ("action_recall", ("x",)),
                ("action_override", ("x",)),
                ("action_dispute", ()),
                ("action_settle", ()),
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {action}"):
                    getattr(handoff.with_user(user), action)(*args)
        with self.assertRaises(AccessError):
            handoff.with_user(self.debt_user).action_override("x")
        self.assertEqual(handoff.state, "draft")
        handoff.action_hand_over()
        with self.assertRaises(AccessError):  # settling is a manager's decision
            handoff.with_user(self.debt_user).action_settle()
        handoff.with_user(self.debt_manager).action_settle()
        self.assertEqual(handoff.state, "settled")

    def test_copy_does_not_copy_state_or_audit(self):
        handoff = self._make_handoff(alternative_offered=False)
        handoff.with_user(self.debt_manager).action_override("письменный отказ")
        handoff.with_user(self.debt_user).action_hand_over()
        copy = handoff.with_user(self.debt_user).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.handoff_date)
        self.assertFalse(copy.override_reason)
        self.assertFalse(copy.override_user_id)
        self.assertNotEqual(copy.name, handoff.name)

    def test_operator_has_no_access_to_handoffs(self):
        handoff = self._make_handoff()
        Handoff = self.env["cs.debt.handoff"].with_user(self.operator)
        with self.assertRaises(AccessError):
            Handoff.search([])
        with self.assertRaises(AccessError):
            Handoff.browse(handoff.id).read(["partner_id"])


class TestGuardedNotices(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff(amount=1000.0)
        cls.handoff.action_hand_over()
        cls.notice = cls.handoff.notice_ids

    def test_notice_state_only_through_actions(self):
        notice = self.notice.with_user(self.debt_user)
        for vals in (
            {"state": "sent"},
            {"due_date": self.today + timedelta(days=400)},
            {"emailed": True},
        ):
            with self.assertRaises(AccessError):
                notice.write(vals)
        with self.assertRaises(AccessError):  # nor through the handoff's one2many
            self.handoff.with_user(self.debt_user).write(
                {"notice_ids": [Command.update(notice.id, {"state": "sent"})]}
            )
        with self.assertRaises(AccessError):  # no create right for users
            self.env["cs.debt.notice"].with_user(self.debt_user).create(
                {"handoff_id": self.handoff.id, "kind": "assignment"}
            )
        notice.write({"registered_mail_number": "14400012345678"})
        notice.write({"dispatch_date": self.today})
        self.assertEqual(self.notice.state, "to_send")
        notice.action_mark_sent()
        self.assertEqual(self.notice.state, "sent")
        with self.assertRaises(AccessError):
            notice.write({"dispatch_date": self.today - timedelta(days=30)})

    def test_notice_actions_check_the_group(self):
        operator = new_test_user(
            self.env, login="t_notice_op", groups="cs_feedback.group_cs_operator"
        )
        for user in (operator, self.agency_user):
            with self.assertRaises(AccessError):
                self.notice.with_user(user).action_mark_sent()
            with self.assertRaises(AccessError):
                self.notice.with_user(user).action_send_email()

    def test_payment_notice_fields_only_through_actions(self):
        self._pay(self.debtor, 400.0)
        notice = self.handoff.payment_notice_ids.with_user(self.debt_user)
        for vals in (
            {"state": "settled"},
            {"notified_at": fields.Datetime.now()},
            {"amount": 1.0},
            {"amount_owed": 0.0},
            {"notify_deadline": fields.Datetime.now() + timedelta(days=100)},
        ):
            with self.assertRaises(AccessError, msg=str(vals)):
                notice.write(vals)
        notice.write({"settlement_ref": "п/п 123"})
        notice.action_notify_now()
        self.assertEqual(notice.state, "notified")
        self.assertTrue(notice.notified_at)
        notice.action_settle()
        self.assertEqual(notice.state, "settled")
        self.assertEqual(notice.settled_date, fields.Date.context_today(notice))

    def test_statement_informed_at_only_through_action(self):
        statement = (
            self.env["cs.debt.statement"]
            .with_user(self.debt_user)
            .create({"partner_id": self.debtor.id, "kind": "refusal"})
        )
        self.assertTrue(statement.agency_informed_at)
        self.assertEqual(statement.company_id, self.handoff.company_id)
        with self.assertRaises(AccessError):
            statement.write({"agency_informed_at": False})


class TestPartnerDebtFields(CsDebtCommon):
    FIELDS = (
        "cs_debt_protected",
        "cs_debt_disputed",
        "cs_debt_handoff_status",
        "cs_debt_handoff_count",
        "cs_is_collection_agency",
        "cs_agency_registry_number",
    )

    def test_operator_neither_reads_nor_writes(self):
        operator = new_test_user(
            self.env,
            login="t_partner_op",
            groups="cs_feedback.group_cs_operator,base.group_partner_manager",
        )
        self.debtor.cs_debt_protected = "hospital"
        Partner = self.env["res.partner"].with_user(operator)
        debtor = Partner.browse(self.debtor.id)
        self.assertTrue(debtor.read(["name"]))
        fields_get = Partner.fields_get()
        for fname in self.FIELDS:
            self.assertNotIn(fname, fields_get)
            with self.assertRaises(AccessError, msg=fname):
                debtor.read([fname])
            if Partner._fields[fname].store:
                with self.assertRaises(AccessError, msg=fname):
                    Partner.search([(fname, "=", False)])
        for vals in (
            {"cs_debt_protected": "none"},
            {"cs_debt_disputed": True},
            {"cs_agency_registry_number": "77/00/00-КЛ"},
        ):
            with self.assertRaises(AccessError):
                debtor.write(vals)
        for vals in (
            {"cs_debt_protected": "hospital"},
            {"cs_debt_disputed": True},
            {"cs_agency_registry_number": "77/00/00-КЛ"},
        ):
            with self.assertRaises(AccessError):
                Partner.create(dict(vals, name="Новый"))
        self.assertEqual(self.debtor.cs_debt_protected, "hospital")
        created = Partner.with_context(
            default_cs_debt_disputed=True, default_cs_is_collection_agency=True
        ).create({"name": "Без флагов"})
        self.assertFalse(created.sudo().cs_debt_disputed)
        self.assertFalse(created.sudo().cs_is_collection_agency)
        # copying a protected debtor does not need (nor copy) the protected field
        copy = debtor.copy()
        self.assertEqual(copy.sudo().cs_debt_protected, "none")

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


class TestContactReportAccess(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff()
        cls.handoff.action_hand_over()
        cls.at = fields.Datetime.to_string(fields.Datetime.now() - timedelta(days=3))

    def _rows(self, key):
        return [
            {
                "ref": self.handoff.name,
                "agency_contact_id": key,
                "channel": "call",
                "at": self.at,
            }
        ]

    def _count(self):
        return self.env["cs.debt.contact"].search_count([])

    def test_only_agency_users_and_managers_report(self):
        operator = new_test_user(
            self.env, login="t_contact_op", groups="cs_feedback.group_cs_operator"
        )
        before = self._count()
        for user in (operator, self.debt_user):
            with self.assertRaises(AccessError):
                self.env["cs.debt.handoff"].with_user(user).cs_report_contacts(
                    self._rows(f"x-{user.login}")
                )
        self.assertEqual(self._count(), before)
        # another agency: its rows are "not found", nothing written
        [row] = (
            self.env["cs.debt.handoff"]
            .with_user(self.other_agency_user)
            .cs_report_contacts(self._rows("other"))
        )
        self.assertEqual(row["status"], "error")
        self.assertIn("not found", row["error"])
        self.assertEqual(self._count(), before)
        [mine] = (
            self.env["cs.debt.handoff"]
            .with_user(self.agency_user)
            .cs_report_contacts(self._rows("mine"))
        )
        self.assertEqual(mine["status"], "created")
        contact = self.env["cs.debt.contact"].browse(mine["id"])
        self.assertEqual(contact.source, "agency")
        self.assertEqual(contact.create_uid, self.agency_user)
        [internal] = (
            self.env["cs.debt.handoff"]
            .with_user(self.debt_manager)
            .cs_report_contacts(self._rows("by-manager"))
        )
        self.assertEqual(
            self.env["cs.debt.contact"].browse(internal["id"]).source, "internal"
        )

    def test_bad_rows_keep_good_rows(self):
        good = self._rows("good")[0]
        rows = [
            dict(good, agency_contact_id="list", channel=["call"]),
            dict(good, agency_contact_id="year1", at="0001-01-01 00:00:00"),
            dict(good, agency_contact_id="unknown", color="red"),
            dict(good, agency_contact_id="x" * 129),
            dict(good, outcome="x" * 2001, agency_contact_id="long"),
            "not a row",
            good,
        ]
        results = (
            self.env["cs.debt.handoff"]
            .with_user(self.agency_user)
            .cs_report_contacts(rows)
        )
        self.assertEqual([r["status"] for r in results], ["error"] * 6 + ["created"])
        self.assertIn("rows[0].channel", results[0]["error"])
        self.assertIn("rows[1].at", results[1]["error"])
        self.assertIn("rows[2].color", results[2]["error"])
        self.assertIn("rows[3].agency_contact_id", results[3]["error"])
        self.assertIn("rows[4].outcome", results[4]["error"])
        self.assertIn("rows[5]", results[5]["error"])

    def test_batch_cap_named(self):
        with self.assertRaisesRegex(UserError, "rows: 1001 items, at most 1000"):
            self.env["cs.debt.handoff"].with_user(self.agency_user).cs_report_contacts(
                self._rows("cap") * 1001
            )


class TestMultiCompany(CsDebtCommon):
    """A second company's collections manager sees none of the first's records."""

    def test_second_company_sees_nothing(self):
        handoff = self._make_handoff(contract=self.contract_sold)
        handoff.action_hand_over()
        self._pay(self.debtor, 100.0)
        self.env["cs.debt.statement"].create(
            {"partner_id": self.debtor.id, "kind": "refusal"}
        )
        self.env["cs.debt.handoff"].cs_report_contacts(
            [
                {
                    "ref": handoff.name,
                    "agency_contact_id": "mc-1",
                    "channel": "call",
                    "at": fields.Datetime.to_string(
                        fields.Datetime.now() - timedelta(days=2)
                    ),
                }
            ]
        )
        self.env["cs.debt.agency.scorecard"]._cs_refresh()
        company_a = handoff.company_id
        company_b = self.env["res.company"].create({"name": "Вторая компания"})
        manager_b = new_test_user(
            self.env,
            login="t_manager_b",
            groups="cs_debt_handoff.group_debt_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        models = (
            "cs.debt.handoff",
            "cs.debt.contract",
            "cs.debt.notice",
            "cs.debt.statement",
            "cs.debt.contact",
            "cs.debt.payment.notice",
            "cs.debt.agency.scorecard",
        )
        for model in models:
            Model = self.env[model]
            self.assertTrue(
                Model.search_count([("company_id", "=", company_a.id)]),
                f"no {model} record in the first company",
            )
            self.assertFalse(
                Model.with_user(manager_b).search([]),
                f"{model}: the second company sees the first's records",
            )
        # nor through the agency API as a manager of the second company
        [row] = (
            self.env["cs.debt.handoff"]
            .with_user(manager_b)
            .cs_payment_status([handoff.name])
        )
        self.assertEqual(row, {"ref": handoff.name, "error": "not found"})

    def test_scorecard_one_row_per_company(self):
        handoff = self._make_handoff()
        handoff.action_hand_over()
        company_b = self.env["res.company"].create({"name": "Третья компания"})
        debtor_b = self._make_debtor("Должник второй компании")
        contract_b = (
            self.env["cs.debt.contract"]
            .with_company(company_b)
            .create(
                {
                    "name": "B-1",
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
                    "partner_id": debtor_b.id,
                    "contract_id": contract_b.id,
                    "company_id": company_b.id,
                    "amount_handed": 5000.0,
                }
            )
        )
        handoff_b.sudo().write({"state": "handed_over", "handoff_date": self.today})
        self.env["cs.debt.agency.scorecard"]._cs_refresh()
        rows = self.env["cs.debt.agency.scorecard"].search(
            [("agency_id", "=", self.agency.id)]
        )
        self.assertEqual(
            sorted(rows.mapped("company_id").ids),
            sorted((handoff.company_id | company_b).ids),
        )
        row_b = rows.filtered(lambda r: r.company_id == company_b)
        self.assertEqual(row_b.amount_placed, 5000.0)
        self.assertEqual(row_b.placed_count, 1)


class TestOperatorLinksComplaint(CsDebtCommon):
    """Operators link a complaint by the exact reference, without reading handoffs."""

    def test_link_by_reference(self):
        handoff = self._make_handoff()
        draft = self._make_handoff(partner=self._make_debtor("Черновиков"))
        handoff.action_hand_over()
        operator = new_test_user(
            self.env, login="t_link_op", groups="cs_feedback.group_cs_operator"
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Коллектор грубит",
                "description": "<p>Звонят ночью</p>",
                "partner_id": self.debtor.id,
                "cs_kind": "complaint",
                "user_id": operator.id,
                "team_id": self.env["helpdesk.ticket.team"].search([], limit=1).id,
            }
        )
        ticket = ticket.with_user(operator)
        with self.assertRaises(UserError):
            ticket.write({"cs_debt_handoff_ref": draft.name})
        with self.assertRaises(UserError):
            ticket.write({"cs_debt_handoff_ref": "DH/NOPE"})
        ticket.write({"cs_debt_handoff_ref": handoff.name})
        self.assertEqual(ticket.sudo().cs_debt_handoff_id, handoff)
        self.assertEqual(ticket.cs_debt_agency_id, self.agency)
        self.assertTrue(ticket.cs_debt_script)
        self.assertEqual(
            ticket.read(["cs_debt_handoff_id"])[0]["cs_debt_handoff_id"],
            (handoff.id, handoff.name),
        )
