from odoo import api, fields, models


class CsLegalSignOffWizard(models.TransientModel):
    """Sign off a complaint's legal review: the legal reviewer reads the
    customer's words and the drafted answer, then records an opinion."""

    _name = "cs.legal.sign.off.wizard"
    _description = "Legal Sign-off"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Complaint", required=True
    )
    customer_words = fields.Html(
        related="ticket_id.description", string="Customer's Words"
    )
    canned_answer_id = fields.Many2one(
        related="ticket_id.cs_canned_answer_id", string="Drafted Answer Template"
    )
    draft_answer = fields.Html(
        string="Answer to Be Sent",
        compute="_compute_draft_answer",
        sanitize=True,
    )
    has_draft = fields.Boolean(compute="_compute_draft_answer")
    opinion = fields.Text(
        string="Opinion and Conditions",
        help="Your legal opinion and any condition the answer must meet; kept on "
        "the complaint and written in its chatter.",
    )

    @api.depends("ticket_id")
    def _compute_draft_answer(self):
        for wizard in self:
            answer = wizard.ticket_id.cs_canned_answer_id
            wizard.draft_answer = answer.body if answer else False
            wizard.has_draft = bool(answer)

    def action_sign_off(self):
        self.ensure_one()
        self.ticket_id.action_cs_legal_sign_off(opinion=self.opinion or None)
        return {"type": "ir.actions.act_window_close"}
