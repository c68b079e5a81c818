"""PR approval of review replies: sending a reply for approval (with an
"Approve Reply" task for a PR approver), approving it, or sending it back to its
author with a comment (and a "Rework Reply" task)."""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cs_base.tools import payload as P

SEND_BACK_COMMENT = P.Payload(P.text(2000), prefix="comment")


class CsReviewReply(models.Model):
    _inherit = "cs.review.reply"

    def action_submit(self):
        """Send the reply to PR for approval (sensitive reviews): the reply waits
        in "To Approve" and a PR approver gets an "Approve Reply" activity."""
        self._check_responder()
        for reply in self:
            if reply.state != "draft":
                raise UserError(
                    self.env._("state: only a draft reply can be sent for approval.")
                )
        self.sudo().write(
            {
                "state": "to_approve",
                "submitted_by_id": self.env.user.id,
                "send_back_comment": False,
            }
        )
        for reply in self:
            review = reply.review_id.sudo()
            review.activity_unlink(["cs_public_reviews.mail_act_reply_rework"])
            user = self._approval_assignee(review)
            if user:
                review.activity_schedule(
                    "cs_public_reviews.mail_act_reply_approval",
                    user_id=user.id,
                    summary=self.env._("Approve the reply"),
                    note=reply.body,
                )
        return True

    def _approval_assignee(self, review):
        """Who gets the "Approve Reply" task for ``review``: the default user of
        the activity type when one is set (and works for the review's company),
        else the first PR approver of the review's company; nobody when none."""
        activity_type = self.env.ref("cs_public_reviews.mail_act_reply_approval")
        default = activity_type.sudo().default_user_id
        if (
            default
            and default.active
            and not default.share
            and review.company_id in default.company_ids
        ):
            return default
        return (
            self.env.ref("cs_public_reviews.group_review_pr")
            .sudo()
            .users.filtered(
                lambda u: not u.share
                and u.active
                and review.company_id in u.company_ids
            )[:1]
        )

    def _check_pr(self):
        if not self.env.su and not self.env.user.has_group(
            "cs_public_reviews.group_review_pr"
        ):
            raise AccessError(self.env._("Only the PR team approves replies."))
        self.check_access("write")

    def _tell_author(self, body):
        """A message on the reply that notifies whoever sent it for approval."""
        for reply in self:
            author = reply.submitted_by_id or reply.create_uid
            reply.message_post(
                body=body,
                partner_ids=author.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def action_approve(self):
        self._check_pr()
        for reply in self:
            if reply.state not in ("draft", "to_approve"):
                raise UserError(
                    self.env._(
                        "state: reply in state %(state)s cannot be approved.",
                        state=reply.state,
                    )
                )
            problems = reply._get_check_problems()
            if problems:
                raise UserError("\n".join(problems))
        self.sudo().write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_at": fields.Datetime.now(),
                "send_back_comment": False,
            }
        )
        self.review_id.sudo().activity_feedback(
            ["cs_public_reviews.mail_act_reply_approval"],
            feedback=self.env._("Reply approved."),
        )
        self._tell_author(self.env._("PR approved the reply: it can be posted."))
        return True

    def action_send_back(self, comment=False):
        """PR sends a reply back to its author with a ``comment`` (text): the
        reply is a draft again and the author gets a "Rework Reply" activity."""
        self._check_pr()
        comment = SEND_BACK_COMMENT.validate(self.env, comment).strip()
        for reply in self:
            if reply.state not in ("to_approve", "approved"):
                raise UserError(
                    self.env._(
                        "state: reply in state %(state)s cannot be sent back.",
                        state=reply.state,
                    )
                )
        self.sudo().write(
            {
                "state": "draft",
                "approved_by_id": False,
                "approved_at": False,
                "send_back_comment": comment,
            }
        )
        for reply in self:
            review = reply.review_id.sudo()
            review.activity_feedback(
                ["cs_public_reviews.mail_act_reply_approval"],
                feedback=self.env._("Sent back: %(comment)s", comment=comment),
            )
            author = reply.submitted_by_id or reply.create_uid
            if author and not author.share:
                review.activity_schedule(
                    "cs_public_reviews.mail_act_reply_rework",
                    user_id=author.id,
                    summary=self.env._("Rework the reply"),
                    note=comment,
                )
        self._tell_author(
            self.env._("PR sent the reply back: %(comment)s", comment=comment)
        )
        return True

    def action_open_send_back(self):
        """PR's "Send Back" dialog (asks for the comment)."""
        self.ensure_one()
        self._check_pr()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Back"),
            "res_model": "cs.review.reason.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_mode": "send_back", "default_reply_id": self.id},
        }
