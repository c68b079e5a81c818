import ipaddress

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsReviewNetwork(models.Model):
    """An IP range of the company (offices, VPN): reviews from it are insiders'."""

    _name = "cs.review.network"
    _description = "Company Network"
    _order = "name"

    name = fields.Char(required=True)
    cidr = fields.Char(string="Range (CIDR)", required=True, help="e.g. 203.0.113.0/24")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)

    def _is_valid_cidr(self):
        self.ensure_one()
        try:
            ipaddress.ip_network((self.cidr or "").strip(), strict=False)
        except ValueError:
            return False
        return True

    @api.constrains("cidr")
    def _check_cidr(self):
        for network in self:
            if not network._is_valid_cidr():
                raise ValidationError(
                    self.env._(
                        "cidr: %(value)s is not an IP range.", value=network.cidr
                    )
                )
