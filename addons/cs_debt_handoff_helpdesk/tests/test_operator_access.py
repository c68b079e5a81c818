"""Contact-centre operators (cs_feedback) reach no collections data.

Moved from cs_debt_handoff (the operator role lives in cs_feedback): the same
tests under the same names.
"""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from odoo.addons.cs_debt_handoff.tests.common import (
    CsContactReportCommon,
    CsDebtCommon,
)

# Wednesday 2026-03-11, debtors in Moscow (UTC+3)
NOW = "2026-03-11 12:00:00"


class TestGuardedHandoff(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env, login="t_debt_operator", groups="cs_feedback.group_cs_operator"
        )

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

    def test_notice_actions_check_the_group(self):
        operator = new_test_user(
            self.env, login="t_notice_op", groups="cs_feedback.group_cs_operator"
        )
        for user in (operator, self.agency_user):
            with self.assertRaises(AccessError):
                self.notice.with_user(user).action_mark_sent()
            with self.assertRaises(AccessError):
                self.notice.with_user(user).action_send_email()


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


class TestContactReportAccess(CsContactReportCommon):
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


@freeze_time(NOW)
class TestPaymentStatus(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff(amount=1200.0)
        cls.handoff.action_hand_over()
        cls.foreign = cls._make_handoff(
            partner=cls._make_debtor("Чужой Должник"), contract=cls.contract_sold
        )
        cls.foreign.action_hand_over()
        cls.draft = cls._make_handoff(partner=cls._make_debtor("Черновик"))
        cls.Handoff = cls.env["cs.debt.handoff"].with_user(cls.agency_user)

    def test_internal_users_other_than_managers_refused(self):
        operator = new_test_user(
            self.env, login="t_op_status", groups="cs_feedback.group_cs_operator"
        )
        for user in (self.debt_user, operator):
            with self.assertRaises(AccessError):
                self.env["cs.debt.handoff"].with_user(user).cs_payment_status(
                    [self.handoff.name]
                )
        [row] = (
            self.env["cs.debt.handoff"]
            .with_user(self.debt_manager)
            .cs_payment_status([self.handoff.name])
        )
        self.assertEqual(row["state"], "handed_over")
