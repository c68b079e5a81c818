from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """Collection agencies are partners flagged as such.

    Russian law (230-FZ) allows only agencies listed in the state register of
    collection agencies to collect overdue debts; the registry number and the date it
    was last checked are kept on the agency so a handoff can refuse unregistered ones.
    """

    _inherit = "res.partner"

    cs_is_collection_agency = fields.Boolean(
        string="Collection Agency",
        tracking=True,
        help="This partner is a professional collection agency debts may be handed to.",
    )
    cs_agency_registry_number = fields.Char(
        string="Registry Number",
        tracking=True,
        help="Number in the state register of collection agencies (230-FZ).",
    )
    cs_agency_registry_checked = fields.Date(
        string="Registry Checked On",
        tracking=True,
        help="When the registry entry was last checked.",
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
        default="none",
        tracking=True,
        help="230-FZ art. 7: collectors may not contact a debtor in these situations.",
    )
    cs_debt_disputed = fields.Boolean(
        string="Debt Disputed",
        tracking=True,
        help="The debtor disputes the debt: no handoff until the dispute is resolved.",
    )
    cs_debt_handoff_ids = fields.One2many(
        comodel_name="cs.debt.handoff",
        inverse_name="partner_id",
        string="Debt Handoffs",
        groups="cs_debt_handoff.group_debt_user",
    )
    cs_debt_handoff_count = fields.Integer(
        string="Handoffs", compute="_compute_cs_debt_handoff_status", compute_sudo=True
    )
    cs_debt_handoff_status = fields.Char(
        string="Debt Collection",
        compute="_compute_cs_debt_handoff_status",
        compute_sudo=True,
        help="Whether the customer's debt is with a collection agency (read-only).",
    )

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
                        "Registry Checked On (cs_agency_registry_checked) cannot be in "
                        "the future: %(date)s for %(partner)s.",
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
