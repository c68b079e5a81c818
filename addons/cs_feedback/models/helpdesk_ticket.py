from odoo import fields, models

FEEDBACK_KINDS = [
    ("complaint", "Complaint"),
    ("thanks", "Thanks"),
    ("question", "Question"),
    ("suggestion", "Suggestion"),
]

FEEDBACK_CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("web", "Web form"),
    ("messenger", "Messenger"),
    ("social", "Social network"),
    ("in_person", "In person"),
    ("review", "Public review"),
]


class HelpdeskTicket(models.Model):
    """A helpdesk ticket knows what kind of feedback it carries and where it came from.

    Thanks and complaints follow different loops (reward vs. honest deadlines); the
    kind decides which one applies, the channel is kept for reporting.
    """

    _inherit = "helpdesk.ticket"

    cs_kind = fields.Selection(
        selection=FEEDBACK_KINDS,
        string="Feedback Kind",
        default="question",
        required=True,
        tracking=True,
        index=True,
    )
    cs_channel = fields.Selection(
        selection=FEEDBACK_CHANNELS,
        string="Feedback Channel",
        tracking=True,
    )
