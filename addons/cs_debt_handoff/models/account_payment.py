from odoo import models


class AccountPayment(models.Model):
    """A posted payment of a handed-over debtor makes a payment notice."""

    _inherit = "account.payment"

    def action_post(self):
        res = super().action_post()
        self.env["cs.debt.payment.notice"].sudo()._register_payments(self)
        # core answers None, which XML-RPC cannot send (a fault after the commit)
        return True if res is None else res
