"""Closing and reopening a review: the customer's confirmation, closing (with a
posted reply, or by a manager with a reason), reopening and resetting."""

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.cs_base.tools import payload as P

CLOSE_REASON = P.Payload(P.text(2000), prefix="reason")


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    def action_confirm_resolution(self):
        """The customer confirmed on the platform that the problem is solved."""
        self._check_responder()
        for review in self:
            if review.state != "awaiting_confirmation":
                raise UserError(
                    self.env._(
                        "state: review %(review)s is not awaiting a confirmation.",
                        review=review.display_name,
                    )
                )
        self.sudo().write({"state": "confirmed", "confirmed_at": fields.Datetime.now()})
        return True

    def action_close(self):
        """Close the reviews. A negative review needs a posted reply first (a
        manager may close it without one, with a reason: action_close_with_reason)."""
        self._check_responder()
        for review in self:
            if review.is_negative and not review.reply_ids.filtered(
                lambda r: r.state == "posted"
            ):
                raise UserError(
                    self.env._(
                        "Review %(review)s is negative: post a reply before closing "
                        "it, or ask a manager to close it with a reason.",
                        review=review.display_name,
                    )
                )
        self._do_close()
        return True

    def action_close_with_reason(self, reason=False):
        """A manager closes reviews without a posted reply; ``reason`` (text) is
        recorded on the review and in its chatter."""
        self._check_group("cs_public_reviews.group_review_manager")
        reason = CLOSE_REASON.validate(self.env, reason).strip()
        self._do_close(reason)
        for review in self:
            review.message_post(
                body=self.env._("Closed without a reply: %(reason)s", reason=reason)
            )
        return True

    def action_open_close_reason(self):
        """The manager's "Close Without Reply" dialog (asks for the reason)."""
        self.ensure_one()
        self._check_group("cs_public_reviews.group_review_manager")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close Without Reply"),
            "res_model": "cs.review.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_mode": "close", "default_review_id": self.id},
        }

    def _do_close(self, reason=False):
        """Our own transition (callers checked): state, reason, reply task done."""
        self.sudo().write({"state": "closed", "close_reason": reason or False})
        self.sudo().activity_feedback(
            ["cs_public_reviews.mail_act_review_reply"],
            feedback=self.env._("Review closed."),
        )

    def action_reopen(self):
        """Reopen closed reviews (responders, managers): a negative review without
        a posted first reply goes back to "to reply" with a new reply task, an
        answered one to "replied", an unanswered positive one to "new"."""
        self._check_responder()
        for review in self:
            if review.state != "closed":
                raise UserError(
                    self.env._(
                        "state: review %(review)s is not closed.",
                        review=review.display_name,
                    )
                )
        to_reply = self.filtered(lambda r: r.is_negative and not r.first_reply_at)
        to_reply.sudo().write({"state": "to_reply", "close_reason": False})
        answered = self - to_reply
        for review in answered:
            review.sudo().write(
                {
                    "state": "replied"
                    if review.ticket_id or review.first_reply_at
                    else "new",
                    "close_reason": False,
                }
            )
        to_reply._schedule_reply_tasks()
        for review in self:
            review.message_post(body=self.env._("Review reopened."))
        return True

    def action_reset(self):
        self._check_group("cs_public_reviews.group_review_manager")
        for review in self:
            review.sudo().write({"state": "to_reply" if review.is_negative else "new"})
        return True
