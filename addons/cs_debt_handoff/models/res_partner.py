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
