from odoo import fields, models


class CsConsentAgainWizard(models.TransientModel):
    """The customer agreed to a new text: withdraw the consent and record it
    again with the new text, in one step."""

    _name = "cs.consent.again.wizard"
    _description = "Record Consent Again"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Thanks", required=True
    )
    text = fields.Text(string="Text to Publish", required=True)

    def action_apply(self):
        self.ensure_one()
        self.ticket_id.action_cs_record_consent_again(self.text)
        return {"type": "ir.actions.act_window_close"}
