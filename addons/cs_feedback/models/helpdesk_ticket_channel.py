from odoo import fields, models

from .helpdesk_ticket import FEEDBACK_CHANNELS


class HelpdeskTicketChannel(models.Model):
    """A helpdesk channel names which feedback channel it is.

    helpdesk_mgmt's ``channel_id`` is the one channel field of the ticket form;
    ``cs_code`` links each channel record to our ``cs_channel`` value (the API key
    ``channel`` of ``cs_submit_feedback``), so either side fills the other.
    """

    _inherit = "helpdesk.ticket.channel"

    cs_code = fields.Selection(
        selection=FEEDBACK_CHANNELS,
        string="Feedback Channel",
        index="btree_not_null",
        help="The feedback channel this helpdesk channel stands for: a ticket on "
        "this channel has this feedback channel, and feedback that arrives through "
        "it (API, mail gateway) gets this channel. The first active channel of the "
        "ticket's company (or shared) wins when several have the same code.",
    )
