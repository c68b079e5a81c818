from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.cs_base.tools.contact import email_key, phone_key


@tagged("post_install", "-at_install")
class TestContactMatch(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.company2 = cls.env["res.company"].create({"name": "Other Co"})
        cls.petr = cls.Partner.create(
            {
                "name": "Пётр",
                "email": "Petr <Petr@Example.COM>",
                "phone": "+7 (923) 111-22-33",
            }
        )
        cls.olga = cls.Partner.create({"name": "Ольга", "mobile": "8 913 777 01 02"})

    def test_phone_key(self):
        for phone in ("+7 (923) 111-22-33", "8 923 111 22 33", "9231112233"):
            self.assertEqual(phone_key(phone), "9231112233", phone)
        self.assertEqual(phone_key("555-12-34"), "5551234")
        for junk in (False, None, "", "12-34", "ext 99", 79231112233):
            self.assertFalse(phone_key(junk), junk)

    def test_email_key(self):
        self.assertEqual(email_key(" Petr@Example.COM "), "petr@example.com")
        self.assertEqual(email_key("Petr <petr@example.com>"), "petr@example.com")
        for junk in (False, None, "", "not an e-mail", "a@x.com, b@x.com", 5):
            self.assertFalse(email_key(junk), junk)

    def test_stored_keys_follow_phone_and_mobile(self):
        self.assertEqual(self.petr.cs_phone_key, "9231112233")
        self.assertFalse(self.petr.cs_mobile_key)
        self.assertEqual(self.olga.cs_mobile_key, "9137770102")
        self.petr.phone = "8-923-000-00-01"
        self.assertEqual(self.petr.cs_phone_key, "9230000001")

    def test_match_one(self):
        match = self.Partner._cs_match_contact
        self.assertEqual(match(email="PETR@example.com"), self.petr)
        self.assertEqual(match(phone="89231112233"), self.petr)
        self.assertEqual(match(phone="+7 913 777-01-02"), self.olga)
        # e-mail first, then phone
        self.assertEqual(
            match(email="petr@example.com", phone="+79137770102"), self.petr
        )
        self.assertEqual(
            match(email="nobody@example.com", phone="+79137770102"), self.olga
        )
        self.assertFalse(match(email="nobody@example.com", phone="1234"))
        self.assertFalse(match())

    def test_exact_matches_of_cs_feedback_still_match(self):
        """Whatever the former exact lookups found (same normalized e-mail, same
        phone text), the keys find too."""
        for phone in ("+7 (923) 111-22-33", "+79231112233", "79231112233"):
            self.assertEqual(self.Partner._cs_match_contact(phone=phone), self.petr)

    def test_batch_company_active_and_oldest(self):
        twin = self.Partner.create({"name": "Пётр 2", "email": "petr@example.com"})
        other = self.Partner.create(
            {
                "name": "Чужой",
                "email": "stranger@example.com",
                "phone": "+7 999 000 00 00",
                "company_id": self.company2.id,
            }
        )
        archived = self.Partner.create(
            {"name": "Архив", "phone": "+7 999 000 00 01", "active": False}
        )
        by_email, by_phone = self.Partner._cs_match_contacts(
            emails=["Petr@example.com", "stranger@example.com", "bad"],
            phones=["8 999 000 00 00", "8 999 000 00 01", "8 913 777 01 02"],
        )
        # the oldest of two with the same address
        self.assertEqual(by_email, {"Petr@example.com": self.petr.id})
        self.assertLess(self.petr.id, twin.id)
        # another company's contact and archived ones are not matched
        self.assertEqual(by_phone, {"8 913 777 01 02": self.olga.id})
        by_email, by_phone = self.Partner._cs_match_contacts(
            emails=["stranger@example.com"],
            phones=["8 999 000 00 00"],
            company=self.company2,
        )
        self.assertEqual(by_email, {"stranger@example.com": other.id})
        self.assertEqual(by_phone, {"8 999 000 00 00": other.id})
        self.assertTrue(archived.cs_phone_key)

    def test_exclude_employees(self):
        if "hr.employee" not in self.env:
            self.skipTest("hr not installed")
        employee = self.env["hr.employee"].create(
            {"name": "Сотрудник", "work_email": "staff@example.com"}
        )
        contact = employee.work_contact_id
        contact.phone = "+7 900 123 45 67"
        match = self.Partner._cs_match_contact
        self.assertEqual(match(phone="89001234567"), contact)
        self.assertFalse(match(phone="89001234567", exclude_employees=True))

    def test_query_count_and_indexes(self):
        """Two queries for any batch; with many partners, both kinds of lookups go
        through an index."""
        self.env.flush_all()
        # required columns of other modules (account) get their default
        extra = [
            (fname, field.default(self.Partner))
            for fname, field in self.Partner._fields.items()
            if field.store
            and field.required
            and callable(field.default)
            and fname not in ("name", "active", "type", "is_company")
        ]
        self.env.cr.execute(
            SQL(
                "INSERT INTO res_partner (name, active, type, is_company, email, "
                "email_normalized, phone, cs_phone_key%s) "
                "SELECT 'Clone ' || g, true, 'contact', false, "
                "'c' || g || '@example.com', 'c' || g || '@example.com', "
                "'+7 900 ' || (1000000 + g), '900' || (1000000 + g)%s "
                "FROM generate_series(1, 20000) g",
                SQL("").join(SQL(", %s", SQL.identifier(f)) for f, _v in extra),
                SQL("").join(SQL(", %s", v) for _f, v in extra),
            )
        )
        self.env.cr.execute("ANALYZE res_partner")
        emails = [f"c{i}@example.com" for i in range(1, 500, 7)]
        phones = [f"8 900 {1000000 + i}" for i in range(2, 500, 7)]
        with self.assertQueryCount(2):
            by_email, by_phone = self.Partner._cs_match_contacts(
                emails=emails, phones=phones
            )
        self.assertEqual(len(by_email), len(emails))
        self.assertEqual(len(by_phone), len(phones))
        for column, value in (
            ("email_normalized", "c7@example.com"),
            ("cs_phone_key", "9001000007"),
            ("cs_mobile_key", "9001000007"),
        ):
            self.env.cr.execute(
                SQL(
                    "EXPLAIN SELECT id FROM res_partner WHERE %s IN %s",
                    SQL.identifier(column),
                    (value, "x"),
                )
            )
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            self.assertIn("Index", plan, f"{column}: {plan}")
