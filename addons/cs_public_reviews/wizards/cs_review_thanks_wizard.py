from odoo import Command, fields, models
from odoo.exceptions import UserError


class CsReviewThanksWizard(models.TransientModel):
    """Turn an authentic positive review into a thanks in cs_feedback."""

    _name = "cs.review.thanks.wizard"
    _description = "Review to Thanks"

    review_id = fields.Many2one(
        comodel_name="cs.public.review", required=True, ondelete="cascade"
    )
    employee_ids = fields.Many2many(
        comodel_name="hr.employee", string="Praised Employees"
    )

    def action_confirm(self):
        self.ensure_one()
        review = self.review_id
        review._check_responder()
        if review.is_negative or review.verdict != "authentic":
            raise UserError(
                self.env._(
                    "Only a positive review judged authentic becomes a thanks "
                    "(this one: rating %(rating)s, %(verdict)s).",
                    rating=review.rating,
                    verdict=dict(
                        review._fields["verdict"]._description_selection(self.env)
                    )[review.verdict],
                )
            )
        if review.ticket_id:
            raise UserError(
                self.env._(
                    "The review already has a ticket: %(ticket)s.",
                    ticket=review.ticket_id.display_name,
                )
            )
        # checked above: the thanks is ours to open (cs_feedback guards its fields)
        Ticket = self.env["helpdesk.ticket"].sudo()
        vals = {
            "name": self.env._(
                "Thanks on %(platform)s: %(author)s",
                platform=review.platform_id.name,
                author=review.author_name or self.env._("Anonymous"),
            ),
            "description": review.body or "",
            "partner_id": review.partner_id.id,
            "company_id": review.company_id.id,
            "cs_kind": "thanks",
            "cs_channel": "review",
        }
        if "cs_praise_ids" in Ticket._fields:
            vals["cs_praise_ids"] = [
                Command.create({"employee_id": employee.id})
                for employee in self.employee_ids
            ]
        review.sudo().write({"ticket_id": Ticket.create(vals).id, "state": "closed"})
        return {"type": "ir.actions.act_window_close"}
