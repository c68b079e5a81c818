from odoo import fields, models


class CsFeedbackRootCause(models.Model):
    """Why a complaint happened, recorded when it is closed (the "outer loop")."""

    _name = "cs.feedback.root.cause"
    _description = "Complaint Root Cause"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A root cause with this name already exists."),
    ]
