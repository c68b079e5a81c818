import logging

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, create_index

from ..tools.contact import email_key, phone_key, phone_key_sql

_logger = logging.getLogger(__name__)

# stored key -> the phone field it is the key of
PHONE_KEY_FIELDS = {"cs_phone_key": "phone", "cs_mobile_key": "mobile"}
EMAIL_INDEX = "res_partner_cs_email_normalized_index"


class ResPartner(models.Model):
    """Normalized, indexed contact keys and the one customer-matching helper every
    customer-service addon uses (feedback intake, review import)."""

    _inherit = "res.partner"

    cs_phone_key = fields.Char(
        string="Phone Key",
        compute="_compute_cs_phone_keys",
        store=True,
        index="btree_not_null",
        help="The last ten digits of the phone: what customer matching looks up.",
    )
    cs_mobile_key = fields.Char(
        string="Mobile Key",
        compute="_compute_cs_phone_keys",
        store=True,
        index="btree_not_null",
        help="The last ten digits of the mobile: what customer matching looks up.",
    )

    @api.depends("phone", "mobile")
    def _compute_cs_phone_keys(self):
        for partner in self:
            partner.cs_phone_key = phone_key(partner.phone)
            partner.cs_mobile_key = phone_key(partner.mobile)

    # ------------------------------------------------------------------ schema

    def _auto_init(self):
        # the ORM computes a new stored column row by row through the ORM: fill it
        # with one UPDATE instead (1,000,000 partners take seconds, not hours)
        self._cs_add_phone_key_columns()
        return super()._auto_init()

    def init(self):
        res = super().init()
        # Odoo does not index res_partner.email_normalized: an exact lookup of one
        # address then reads the whole table
        if column_exists(self.env.cr, self._table, "email_normalized"):
            create_index(
                self.env.cr,
                EMAIL_INDEX,
                self._table,
                ["email_normalized"],
                where="email_normalized IS NOT NULL",
            )
        return res

    def _cs_add_phone_key_columns(self):
        """Create the missing phone key columns, filled in SQL; True if any was."""
        cr = self.env.cr
        missing = {
            fname: source
            for fname, source in PHONE_KEY_FIELDS.items()
            if not column_exists(cr, self._table, fname)
            and column_exists(cr, self._table, source)
        }
        if not missing:
            return False
        for fname in missing:
            create_column(cr, self._table, fname, "varchar")
        cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE %s",
                SQL.identifier(self._table),
                SQL(", ").join(
                    SQL("%s = %s", SQL.identifier(fname), phone_key_sql(SQL(source)))
                    for fname, source in missing.items()
                ),
                SQL(" OR ").join(
                    SQL("%s IS NOT NULL", SQL.identifier(source))
                    for source in missing.values()
                ),
            )
        )
        _logger.info("cs_base: filled %s phone keys of %s rows", missing, cr.rowcount)
        return True

    # ---------------------------------------------------------------- matching

    @api.model
    def _cs_match_contact(
        self, email=None, phone=None, company=None, exclude_employees=False
    ):
        """The customer with this e-mail, else with this phone; an empty recordset
        when none.

        E-mail: exact match of the normalized address (``email_normalized``).
        Phone: the same phone key (last ten digits) on the phone or the mobile, so
        ``+7 923 111-22-33`` finds ``8 (923) 1112233``. Only active partners of
        ``company`` (default: the current one) or shared by all companies; among
        several, the oldest (lowest id). ``exclude_employees``: skip the work
        contacts of employees. Indexed lookups, at most two queries.
        """
        by_email, by_phone = self._cs_match_contacts(
            emails=[email] if email else (),
            phones=[phone] if phone else (),
            company=company,
            exclude_employees=exclude_employees,
        )
        partner_id = by_email.get(email) or by_phone.get(phone)
        return self.browse(partner_id or [])

    @api.model
    def _cs_match_contacts(
        self, emails=(), phones=(), company=None, exclude_employees=False
    ):
        """Batch form of :meth:`_cs_match_contact`: ``(by_email, by_phone)``, each
        ``{value as given: partner id}`` for the values that matched. One query per
        kind, whatever the number of values."""
        company = company if company is not None else self.env.company
        email_keys = {value: email_key(value) for value in emails or ()}
        phone_keys = {value: phone_key(value) for value in phones or ()}
        found_emails = self._cs_partners_by_key(
            ["email_normalized"],
            {k for k in email_keys.values() if k},
            company,
            exclude_employees,
        )
        found_phones = self._cs_partners_by_key(
            [f for f in PHONE_KEY_FIELDS if f in self._fields],
            {k for k in phone_keys.values() if k},
            company,
            exclude_employees,
        )
        by_email = {
            value: found_emails[key]
            for value, key in email_keys.items()
            if key in found_emails
        }
        by_phone = {
            value: found_phones[key]
            for value, key in phone_keys.items()
            if key in found_phones
        }
        return by_email, by_phone

    @api.model
    def _cs_partners_by_key(self, fnames, keys, company, exclude_employees):
        """{key: lowest partner id} of the partners whose ``fnames`` hold a key."""
        fnames = [f for f in fnames if f in self._fields]
        if not keys or not fnames:
            return {}
        self.flush_model([*fnames, "active", "company_id"])
        conditions = [
            SQL("p.active"),
            SQL("(p.company_id IS NULL OR p.company_id = %s)", company.id or None),
        ]
        if exclude_employees and "hr.employee" in self.env:
            self.env["hr.employee"].flush_model(["work_contact_id"])
            conditions.append(
                SQL(
                    "NOT EXISTS (SELECT 1 FROM hr_employee e "
                    "WHERE e.work_contact_id = p.id)"
                )
            )
        # one indexed branch per column: PostgreSQL cannot serve an OR of two
        # columns from one index, but each branch of the UNION uses its own
        branches = SQL(" UNION ALL ").join(
            SQL(
                "SELECT p.%s AS key, p.id FROM res_partner p WHERE p.%s IN %s AND %s",
                SQL.identifier(fname),
                SQL.identifier(fname),
                tuple(keys),
                SQL(" AND ").join(conditions),
            )
            for fname in fnames
        )
        self.env.cr.execute(
            SQL("SELECT key, MIN(id) FROM (%s) AS found GROUP BY key", branches)
        )
        return dict(self.env.cr.fetchall())
