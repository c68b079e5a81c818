from odoo import fields, models


class CsBestPractice(models.Model):
    """A thanks turned into a short write-up for all staff: what the employee did
    that the customer valued, linked to the source tickets."""

    _name = "cs.best.practice"
    _description = "Best Practice"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "published_date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    description = fields.Html(required=True)
    ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        string="Source Tickets",
        domain=[("cs_kind", "=", "thanks")],
    )
    employee_id = fields.Many2one(comodel_name="hr.employee", tracking=True)
    employee_name = fields.Char(related="employee_id.name", string="Employee Name")
    state = fields.Selection(
        selection=[("draft", "Draft"), ("published", "Published")],
        default="draft",
        required=True,
        tracking=True,
    )
    published_date = fields.Datetime(readonly=True, copy=False)
    author_id = fields.Many2one(
        comodel_name="res.users", default=lambda self: self.env.user, readonly=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company, required=True
    )

    def action_publish(self):
        """Publish to all internal users (readable by every employee, announced in
        the company-wide discussion channel)."""
        self.write({"state": "published", "published_date": fields.Datetime.now()})
        channel = self.env.ref("mail.channel_all_employees", raise_if_not_found=False)
        for practice in self:
            if channel:
                channel.sudo().message_post(
                    body=self.env._(
                        "New best practice: %(name)s (%(employee)s)",
                        name=practice.name,
                        employee=practice.employee_id.sudo().name or "",
                    ),
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        return True

    def action_unpublish(self):
        self.write({"state": "draft"})
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Best practice created")
