from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CsDebtCommon

# Wednesday 2026-03-11, debtors in Moscow (UTC+3)
NOW = "2026-03-11 12:00:00"


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

    def test_own_ref(self):
        self._pay(self.debtor, 200.0)
        [row] = self.Handoff.cs_payment_status([self.handoff.name])
        self.assertEqual(
            row,
            {
                "ref": self.handoff.name,
                "state": "handed_over",
                "amount_handed": 1200.0,
                "amount_paid_since": 200.0,
                "amount_remaining": 1000.0,
                "last_payment_date": "2026-03-11",
                "currency": self.env.company.currency_id.name,
            },
        )

    def test_foreign_draft_and_unknown_refs_not_found(self):
        refs = [self.foreign.name, "DH/NOPE/1", self.draft.name, self.handoff.name]
        rows = self.Handoff.cs_payment_status(refs)
        self.assertEqual([row["ref"] for row in rows], refs)
        for row in rows[:3]:
            self.assertEqual(row, {"ref": row["ref"], "error": "not found"})
        self.assertEqual(rows[3]["state"], "handed_over")
        self.assertFalse(rows[3]["last_payment_date"])
        self.assertNotIn(None, rows[3].values())

    def test_more_than_1000_refs_refused(self):
        with self.assertRaisesRegex(UserError, "refs: 1001"):
            self.Handoff.cs_payment_status([f"R{i}" for i in range(1001)])

    def test_query_count_independent_of_ref_count(self):
        # the caller's agency (user, partner), the handoffs, their currency
        refs = [self.handoff.name] + [f"DH/NONE/{i}" for i in range(99)]
        self.Handoff.cs_payment_status([self.handoff.name])  # warm caches
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            self.Handoff.cs_payment_status([self.handoff.name])
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            self.Handoff.cs_payment_status(refs)

    def test_agency_reads_nothing_directly(self):
        """No access right on handoffs: the status API is the only way in."""
        handoff = self.Handoff.browse(self.handoff.id)
        with self.assertRaises(AccessError):
            handoff.read(["state"])
        with self.assertRaises(AccessError):
            self.Handoff.search([("name", "=", self.handoff.name)])
        with self.assertRaises(AccessError):
            handoff.write({"reminder_date": "2026-01-01"})
        with self.assertRaises(AccessError):
            handoff.action_recall("no")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.agency_user).browse(
                self.debtor.id
            ).read(["name"])
        self.assertFalse(
            self.env["account.move"]
            .with_user(self.agency_user)
            .search([("id", "in", self.handoff.invoice_ids.ids)])
        )

    def test_other_agency_sees_own_only(self):
        Other = self.env["cs.debt.handoff"].with_user(self.other_agency_user)
        rows = Other.cs_payment_status([self.foreign.name, self.handoff.name])
        self.assertEqual(rows[0]["state"], "handed_over")
        self.assertEqual(rows[1], {"ref": self.handoff.name, "error": "not found"})

    def test_refs_must_be_a_list_of_texts(self):
        for refs in ("DH/1", [1], [["DH/1"]], ["x" * 65], None, {"a": 1}):
            with self.assertRaisesRegex(ValidationError, "refs"):
                self.Handoff.cs_payment_status(refs)


@freeze_time(NOW)
class TestReportContacts(CsDebtCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handoff = cls._make_handoff()
        cls.handoff.action_hand_over()
        cls.foreign = cls._make_handoff(
            partner=cls._make_debtor("Чужой Должник"), contract=cls.contract_sold
        )
        cls.foreign.action_hand_over()
        cls.Handoff = cls.env["cs.debt.handoff"].with_user(cls.agency_user)

    def _row(self, contact_id, at, channel="call", ref=None):
        return {
            "ref": ref or self.handoff.name,
            "agency_contact_id": contact_id,
            "channel": channel,
            "at": at,
            "outcome": "обещал оплатить",
        }

    def test_clean_call_created_then_unchanged(self):
        rows = [self._row("c1", "2026-03-10 09:00:00")]  # 12:00 Moscow, Tuesday
        [result] = self.Handoff.cs_report_contacts(rows)
        self.assertEqual(result["status"], "created")
        self.assertEqual(result["violations"], [])
        self.assertFalse(result["error"])
        [again] = self.Handoff.cs_report_contacts(rows)
        self.assertEqual(again["status"], "unchanged")
        self.assertEqual(again["id"], result["id"])
        self.assertEqual(self.handoff.contact_count, 1)

    def test_night_call_in_debtor_time_zone(self):
        # 19:30 UTC is 22:30 in Moscow: quiet hours, although daytime in UTC-5
        [result] = self.Handoff.cs_report_contacts(
            [self._row("n1", "2026-03-10 19:30:00")]
        )
        self.assertEqual(result["violations"], ["quiet_hours"])
        self.debtor.tz = "America/New_York"
        [result] = self.Handoff.cs_report_contacts(
            [self._row("n2", "2026-03-09 19:30:00")]
        )
        self.assertEqual(result["violations"], [])

    def test_weekend_hours(self):
        # Saturday 2026-03-07 08:30 Moscow: allowed on a weekday, not on a weekend
        [result] = self.Handoff.cs_report_contacts(
            [self._row("w1", "2026-03-07 05:30:00")]
        )
        self.assertEqual(result["violations"], ["quiet_hours"])

    def test_frequency_limits(self):
        rows = [
            self._row("l1", "2026-03-02 07:00:00"),  # Monday
            self._row("l2", "2026-03-02 08:00:00"),  # same day: limit_day
            self._row("l3", "2026-03-03 08:00:00"),  # third in the week
        ]
        results = self.Handoff.cs_report_contacts(rows)
        self.assertEqual(results[0]["violations"], [])
        self.assertEqual(results[1]["violations"], ["limit_day"])
        self.assertEqual(results[2]["violations"], ["limit_week"])
        # messages have their own limits (2 a day)
        results = self.Handoff.cs_report_contacts(
            [
                self._row("m1", "2026-03-04 08:00:00", "message"),
                self._row("m2", "2026-03-04 09:00:00", "message"),
            ]
        )
        self.assertEqual([r["violations"] for r in results], [[], []])

    def test_debtor_statement(self):
        self.env["cs.debt.statement"].create(
            {"partner_id": self.debtor.id, "kind": "refusal", "date": "2026-03-05"}
        )
        [result] = self.Handoff.cs_report_contacts(
            [self._row("s1", "2026-03-06 09:00:00")]
        )
        self.assertIn("debtor_refused", result["violations"])

    def test_bad_rows_reported_nothing_written(self):
        rows = [
            self._row("e1", "2026-03-10 09:00:00", ref=self.foreign.name),
            self._row("e2", "2026-03-10 09:00:00", ref="DH/NOPE"),
            self._row("e3", "2026-03-10 09:00:00", channel="pigeon"),
            self._row("e4", "10/03/2026 09:00"),
            self._row("e5", "2026-03-12 09:00:00"),
            self._row(False, "2026-03-10 09:00:00"),
            self._row("ok", "2026-03-10 09:00:00"),
        ]
        results = self.Handoff.cs_report_contacts(rows)
        self.assertEqual([r["index"] for r in results], list(range(7)))
        self.assertEqual([r["status"] for r in results[:6]], ["error"] * 6)
        self.assertIn("not found", results[0]["error"])
        self.assertIn("not found", results[1]["error"])
        self.assertIn("pigeon", results[2]["error"])
        self.assertIn("10/03/2026", results[3]["error"])
        self.assertIn("future", results[4]["error"])
        self.assertIn("agency_contact_id", results[5]["error"])
        self.assertEqual(results[6]["status"], "created")
        contacts = self.env["cs.debt.contact"].search(
            [("handoff_id", "in", (self.handoff | self.foreign).ids)]
        )
        self.assertEqual(contacts.mapped("agency_contact_id"), ["ok"])
        self.assertNotIn(None, [v for r in results for v in r.values()])

    def test_batch_query_count_does_not_grow(self):
        def batch(prefix, start):
            return [
                self._row(f"{prefix}{i}", str(start + timedelta(hours=i)))
                for i in range(20)
            ]

        base = datetime(2026, 2, 1, 9, 0)
        self.Handoff.cs_report_contacts(batch("warm", base))
        first = self._count_queries(batch("b", base + timedelta(days=4)))
        self.Handoff.cs_report_contacts(batch("c", base + timedelta(days=6)))
        self.Handoff.cs_report_contacts(batch("d", base + timedelta(days=8)))
        later = self._count_queries(batch("e", base + timedelta(days=10)))
        self.assertEqual(first, later)

    def _count_queries(self, rows):
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        self.Handoff.cs_report_contacts(rows)
        return self.cr.sql_log_count - before
