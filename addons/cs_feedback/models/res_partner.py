from odoo import fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    """Customers who thank are potential advocates; complaint counts beside them."""

    _inherit = "res.partner"

    cs_thanks_count = fields.Integer(
        string="Thanks", compute="_compute_cs_feedback_stats"
    )
    cs_complaint_count = fields.Integer(
        string="Complaints", compute="_compute_cs_feedback_stats"
    )
    cs_last_feedback_date = fields.Datetime(
        string="Last Feedback", compute="_compute_cs_feedback_stats"
    )
    cs_advocate = fields.Selection(
        selection=[
            ("none", "No"),
            ("potential", "Potential"),
            ("confirmed", "Confirmed"),
        ],
        string="Advocate",
        default="none",
        tracking=True,
        copy=False,
        help="Potential: the customer sent an authentic thanks (a supervisor rewarded "
        "it). Confirmed: a person checked the customer recommends us.",
    )

    def _compute_cs_feedback_stats(self):
        stats = {
            (partner.id, kind): (count, last)
            for partner, kind, count, last in self.env["helpdesk.ticket"]._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("cs_kind", "in", ("thanks", "complaint")),
                ],
                groupby=["partner_id", "cs_kind"],
                aggregates=["__count", "create_date:max"],
            )
        }
        for partner in self:
            thanks = stats.get((partner.id, "thanks"), (0, False))
            complaints = stats.get((partner.id, "complaint"), (0, False))
            partner.cs_thanks_count = thanks[0]
            partner.cs_complaint_count = complaints[0]
            dates = [d for d in (thanks[1], complaints[1]) if d]
            partner.cs_last_feedback_date = max(dates) if dates else False

    def _cs_mark_potential_advocate(self):
        self.filtered(lambda p: p.cs_advocate == "none").sudo().write(
            {"cs_advocate": "potential"}
        )

    def action_cs_confirm_advocate(self):
        if not self.env.user.has_group("cs_feedback.group_cs_supervisor"):
            raise AccessError(self.env._("Only a supervisor confirms advocates."))
        # supervisors may not edit contacts in general: only this flag, in sudo
        self.sudo().write({"cs_advocate": "confirmed"})
        return True

    def action_cs_view_thanks(self):
        return self._cs_feedback_action("thanks")

    def action_cs_view_complaints(self):
        return self._cs_feedback_action("complaint")

    def _cs_feedback_action(self, kind):
        """The thanks or complaints of this contact (its stat buttons)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cs_feedback.helpdesk_ticket_thanks_action"
            if kind == "thanks"
            else "cs_feedback.helpdesk_ticket_complaint_action"
        )
        action["domain"] = [("partner_id", "=", self.id), ("cs_kind", "=", kind)]
        return action
