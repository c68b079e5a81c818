"""Contact reports: only agency users and managers, bad rows keep good rows."""

from odoo.exceptions import UserError

from .common import CsContactReportCommon


class TestContactReportAccess(CsContactReportCommon):
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
