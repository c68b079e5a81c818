from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class CsFeedbackCannedAnswer(models.Model):
    """One approved answer per recurring question, so that operators do not give
    different answers to the same question."""

    _name = "cs.feedback.canned.answer"
    _description = "Canned Answer"
    _inherit = ["mail.thread", "cs.guarded.mixin"]
    _order = "name"

    name = fields.Char(string="Question", required=True, tracking=True)
    body = fields.Html(string="Answer", required=True, sanitize_style=True)
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team", string="Team")
    category_id = fields.Many2one(comodel_name="helpdesk.ticket.category")
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("approved", "Approved"),
            ("retired", "Retired"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    approved_by = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    approved_on = fields.Datetime(readonly=True, copy=False)
    use_count = fields.Integer(string="Times Used", readonly=True, copy=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        required=True,
        index=True,
    )

    @api.constrains("state", "name", "team_id")
    def _check_one_approved(self):
        for answer in self.filtered(lambda a: a.state == "approved"):
            twin = self.search_count(
                [
                    ("id", "!=", answer.id),
                    ("state", "=", "approved"),
                    ("name", "=ilike", answer.name),
                    ("team_id", "=", answer.team_id.id),
                    ("company_id", "=", answer.company_id.id),
                ]
            )
            if twin:
                raise ValidationError(
                    self.env._(
                        "An approved answer to %(question)r already exists for this "
                        "team: retire it before approving another one.",
                        question=answer.name,
                    )
                )

    @api.model
    def _cs_guarded_fields(self):
        # approval is a supervisor's action; the use counter is the system's
        return super()._cs_guarded_fields() | {
            "state",
            "approved_by",
            "approved_on",
            "use_count",
        }

    def write(self, vals):
        # the approved wording changes only by a supervisor (or back to draft)
        if (
            not self.env.su
            and {"name", "body", "team_id", "category_id", "company_id"} & vals.keys()
            and any(answer.state == "approved" for answer in self)
            and not self.env.user.has_group("cs_feedback.group_cs_supervisor")
        ):
            raise AccessError(
                self.env._("An approved canned answer is changed by a supervisor only.")
            )
        return super().write(vals)

    def _cs_check_supervisor(self):
        if not self.env.user.has_group("cs_feedback.group_cs_supervisor"):
            raise AccessError(
                self.env._("Only a supervisor can approve canned answers.")
            )
        self.check_access("write")

    def action_approve(self):
        self._cs_check_supervisor()
        self.sudo().write(
            {
                "state": "approved",
                "approved_by": self.env.user.id,
                "approved_on": fields.Datetime.now(),
            }
        )
        return True

    def action_retire(self):
        self._cs_check_supervisor()
        self.sudo().write({"state": "retired"})
        return True

    def action_draft(self):
        self._cs_check_supervisor()
        self.sudo().write(
            {"state": "draft", "approved_by": False, "approved_on": False}
        )
        return True

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Canned answer created")
