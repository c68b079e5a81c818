from odoo import api, fields, models

from .cs_debt_handoff import OPEN_STATES


class CsDebtStatement(models.Model):
    """A debtor's statement under 230-FZ art. 8.

    The debtor may refuse interaction or accept it only through a named advocate.
    The statement is kept with its document and date, passed to the agencies holding
    the debtor's handoffs, and any later reported contact is flagged
    ``debtor_refused``.
    """

    _name = "cs.debt.statement"
    _description = "Debtor Statement (230-FZ art. 8)"
    _inherit = ["cs.guarded.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Debtor",
        required=True,
        index=True,
        tracking=True,
    )
    handoff_id = fields.Many2one(
        comodel_name="cs.debt.handoff",
        string="Handoff",
        domain="[('commercial_partner_id', '=', partner_id)]",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="The creditor the debtor addressed: the statement binds the agencies "
        "holding this company's handoffs.",
    )
    kind = fields.Selection(
        selection=[
            ("refusal", "Refusal of interaction"),
            ("advocate", "Interaction through an advocate only"),
        ],
        required=True,
        default="refusal",
        tracking=True,
    )
    advocate_name = fields.Char(string="Advocate")
    date = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment", string="Document", help="The signed statement."
    )
    agency_informed_at = fields.Datetime(readonly=True, copy=False)
    active = fields.Boolean(default=True)

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | {"agency_informed_at"}

    @api.depends("partner_id", "kind", "date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for statement in self:
            statement.display_name = (
                f"{statement.partner_id.name or ''}: {kinds.get(statement.kind, '')} "
                f"({statement.date or ''})"
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
            if vals.get("handoff_id") and not vals.get("company_id"):
                handoff = self.env["cs.debt.handoff"].browse(vals["handoff_id"])
                vals["company_id"] = handoff.company_id.id
        statements = super().create(vals_list)
        statements.action_inform_agencies()
        return statements

    def action_inform_agencies(self):
        """Post the statement on the open handoffs, to their agencies (mail queue)."""
        self.env["cs.debt.handoff"]._check_debt_group()
        handoffs = self.env["cs.debt.handoff"].search(
            [
                ("commercial_partner_id", "in", self.partner_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "in", OPEN_STATES),
            ]
        )
        for statement in self:
            kinds = dict(self._fields["kind"]._description_selection(self.env))
            advocate = (
                f" ({statement.advocate_name})" if statement.advocate_name else ""
            )
            body = self.env._(
                "Debtor statement (230-FZ art. 8) received on %(date)s: "
                "%(kind)s%(advocate)s. No direct contact with the debtor is "
                "allowed from this date.",
                date=statement.date,
                kind=kinds[statement.kind],
                advocate=advocate,
            )
            for handoff in handoffs.filtered(
                lambda h, s=statement: h.commercial_partner_id == s.partner_id
                and h.company_id == s.company_id
            ):
                handoff.message_post(
                    body=body,
                    partner_ids=handoff.agency_id.ids,
                    attachment_ids=statement.attachment_ids.ids,
                    subtype_xmlid="mail.mt_comment",
                )
        self.sudo().write({"agency_informed_at": fields.Datetime.now()})
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Debtor statement recorded")
