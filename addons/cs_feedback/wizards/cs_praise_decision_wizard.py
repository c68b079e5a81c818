from odoo import api, fields, models


class CsPraiseDecisionWizard(models.TransientModel):
    """The supervisor's decision on one or more praises, from the UI: the
    customer's words, the ticket, the employee's manager and what the manager
    credit means are shown beside the decision."""

    _name = "cs.praise.decision.wizard"
    _description = "Decide on Praises"

    praise_ids = fields.Many2many(comodel_name="cs.feedback.praise", required=True)
    decision = fields.Selection(
        selection=[("reward", "Reward"), ("decline", "No reward")],
        default="reward",
        required=True,
    )
    points = fields.Integer(default=10)
    badge_id = fields.Many2one(comodel_name="gamification.badge")
    credit_manager = fields.Boolean()
    note = fields.Text()
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Thanks", compute="_compute_context"
    )
    customer_words = fields.Html(
        string="Customer's Words", compute="_compute_context", sanitize=True
    )
    manager_names = fields.Char(string="Manager", compute="_compute_context")
    credit_manager_help = fields.Char(
        string="Manager Credit", compute="_compute_credit_help"
    )
    self_credit = fields.Boolean(compute="_compute_credit_help")
    confirm_self_credit = fields.Boolean(string="I confirm crediting myself")
    badge_warning = fields.Char(compute="_compute_credit_help")

    @api.depends("praise_ids")
    def _compute_context(self):
        for wizard in self:
            praises = wizard.praise_ids.sudo()
            ticket = praises.ticket_id[:1]
            wizard.ticket_id = ticket
            wizard.customer_words = ticket.description
            wizard.manager_names = (
                ", ".join(
                    f"{p.manager_id.name} ({p.employee_id.name})"
                    for p in praises
                    if p.manager_id
                )
                or False
            )

    @api.depends("praise_ids", "points", "credit_manager", "badge_id", "decision")
    def _compute_credit_help(self):
        for wizard in self:
            praises = wizard.praise_ids.sudo()
            wizard.credit_manager_help = self.env._(
                "The manager also gets %(points)s points in the reward ledger "
                "for each praised employee (the same points as the employee).",
                points=wizard.points,
            )
            wizard.self_credit = (
                wizard.decision == "reward"
                and praises._cs_credits_user(self.env.user, wizard.credit_manager)
            )
            no_user = praises.filtered(lambda p: not p.employee_id.user_id)
            wizard.badge_warning = (
                self.env._(
                    "%(names)s: no user to receive the badge; the points and the "
                    "note are recorded and the badge is noted in the chatter.",
                    names=", ".join(no_user.mapped("employee_id.name")),
                )
                if wizard.badge_id and wizard.decision == "reward" and no_user
                else False
            )

    def action_apply(self):
        self.ensure_one()
        if self.decision == "reward":
            self.praise_ids.action_reward(
                points=self.points,
                badge_id=self.badge_id.id,
                credit_manager=self.credit_manager,
                note=self.note or "",
                confirm_self_credit=self.confirm_self_credit,
            )
        else:
            self.praise_ids.action_decline(note=self.note or "")
        return {"type": "ir.actions.act_window_close"}
