from odoo import api, models


class AccountPartialReconcile(models.Model):
    """A credit reconciled against a handed-over invoice makes a payment notice."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        self.env["cs.debt.payment.notice"].sudo()._register_partials(partials)
        return partials
