from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# debtor and agency data of this addon on partners: collections staff only
DEBT_PARTNER_FIELDS = (
    "cs_is_collection_agency",
    "cs_agency_registry_number",
    "cs_agency_registry_checked",
    "cs_debt_protected",
    "cs_debt_disputed",
)


class ResPartner(models.Model):
    """Collection agencies are partners flagged as such.

    Russian law (230-FZ) allows only agencies listed in the state register of
    collection agencies to collect overdue debts; the registry number and the date it
    was last checked are kept on the agency so a handoff can refuse unregistered ones.
    """

    _inherit = "res.partner"

    cs_is_collection_agency = fields.Boolean(
        string="Collection Agency",
        copy=False,
        tracking=True,
        help="This partner is a professional collection agency debts may be handed to.",
        groups="cs_debt_handoff.group_debt_user",
    )
    cs_agency_registry_number = fields.Char(
        string="Registry Number",
        copy=False,
        tracking=True,
        help="Number in the state register of collection agencies (230-FZ).",
        groups="cs_debt_handoff.group_debt_user",
    )
    cs_agency_registry_checked = fields.Date(
        string="Registry Checked On",
        copy=False,
        tracking=True,
        help="When the registry entry was last checked.",
        groups="cs_debt_handoff.group_debt_user",
    )

    cs_debt_protected = fields.Selection(
        selection=[
            ("none", "None"),
            ("bankruptcy", "Bankruptcy proceedings"),
            ("hospital", "In hospital"),
            ("disability_1", "Disability group I"),
            ("minor", "Minor"),
        ],
        string="Protected Situation",
        copy=False,
        default="none",
        tracking=True,
        help="230-FZ art. 7: collectors may not contact a debtor in these situations.",
        groups="cs_debt_handoff.group_debt_user",
    )
    cs_debt_disputed = fields.Boolean(
        string="Debt Disputed",
        copy=False,
        tracking=True,
        help="The debtor disputes the debt: no handoff until the dispute is resolved.",
        groups="cs_debt_handoff.group_debt_user",
    )
    cs_debt_handoff_ids = fields.One2many(
        comodel_name="cs.debt.handoff",
        inverse_name="partner_id",
        string="Debt Handoffs",
        groups="cs_debt_handoff.group_debt_user",
    )
    cs_debt_handoff_count = fields.Integer(
        string="Handoffs",
        compute="_compute_cs_debt_handoff_status",
        compute_sudo=True,
        groups="cs_debt_handoff.group_debt_user",
    )
    cs_debt_handoff_status = fields.Char(
        string="Debt Collection",
        compute="_compute_cs_debt_handoff_status",
        compute_sudo=True,
        help="Whether the customer's debt is with a collection agency (read-only).",
        groups="cs_debt_handoff.group_debt_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # write() checks the fields' groups; create() does not: check it the same way
        if not self.env.su and not self.env.user.has_group(
            "cs_debt_handoff.group_debt_user"
        ):
            defaults = {f"default_{fname}" for fname in DEBT_PARTNER_FIELDS}
            if defaults & self.env.context.keys():
                self = self.with_env(
                    self.env(
                        context={
                            k: v
                            for k, v in self.env.context.items()
                            if k not in defaults
                        }
                    )
                )
            for vals in vals_list:
                for fname in DEBT_PARTNER_FIELDS:
                    if vals.get(fname) not in (None, False, "", "none"):
                        raise AccessError(
                            self.env._(
                                "Only collections staff may set %(field)s on a "
                                "partner.",
                                field=self._fields[fname]._description_string(self.env),
                            )
                        )
        return super().create(vals_list)

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        """On the handoff's Debtor field: customers with overdue invoices first.

        Ordering only: the same partners are found with or without the
        ``cs_debt_overdue_first`` context key the handoff form sends; the key
        moves the customers with overdue posted invoices to the top.
        """
        result = super().name_search(name, args, operator, limit)
        if not self.env.context.get(
            "cs_debt_overdue_first"
        ) or not self.env.user.has_group("cs_debt_handoff.group_debt_user"):
            return result
        overdue = self._cs_overdue_debtors()
        if not overdue:
            return result
        first = super().name_search(
            name,
            [*(args or []), ("commercial_partner_id", "in", overdue.ids)],
            operator,
            limit,
        )
        seen = {partner_id for partner_id, _name in first}
        result = first + [row for row in result if row[0] not in seen]
        return result[:limit] if limit else result

    @api.model
    def _cs_overdue_debtors(self):
        """The customers (commercial partners) with overdue posted invoices."""
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", fields.Date.context_today(self)),
                    ("company_id", "in", self.env.companies.ids),
                ],
                ["commercial_partner_id"],
            )
        )
        return self.browse([partner.id for (partner,) in groups])

    def _compute_cs_debt_handoff_status(self):
        groups = (
            self.env["cs.debt.handoff"]
            .sudo()
            ._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id", "state"],
                ["__count", "id:max"],
            )
        )
        counts, open_ids = {}, {}
        for partner, state, count, max_id in groups:
            counts[partner] = counts.get(partner, 0) + count
            if state in ("handed_over", "disputed"):
                open_ids[partner] = max(max_id, open_ids.get(partner, 0))
        handoffs = self.env["cs.debt.handoff"].sudo().browse(list(open_ids.values()))
        states = dict(
            self.env["cs.debt.handoff"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.cs_debt_handoff_count = counts.get(commercial, 0)
            handoff = handoffs.browse(open_ids.get(commercial))
            if handoff:
                partner.cs_debt_handoff_status = self.env._(
                    "%(state)s: %(ref)s, %(agency)s since %(date)s",
                    state=states[handoff.state],
                    ref=handoff.name,
                    agency=handoff.agency_id.name,
                    date=handoff.handoff_date,
                )
            else:
                partner.cs_debt_handoff_status = False

    @api.constrains("cs_agency_registry_checked")
    def _check_cs_agency_registry_checked(self):
        today = fields.Date.context_today(self)
        for partner in self:
            checked = partner.cs_agency_registry_checked
            if checked and checked > today:
                raise ValidationError(
                    self.env._(
                        "Registry Checked On cannot be in the future: %(date)s for "
                        "%(partner)s. Enter the date the state register was actually "
                        "checked.",
                        date=checked,
                        partner=partner.display_name,
                    )
                )

    def action_view_cs_debt_handoffs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_debt_handoff.cs_debt_handoff_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
