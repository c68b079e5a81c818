"""Sensitivity of a review: high reach, legal threat or press (read by
``lib/sensitivity.py``), or marked by hand. Replies to a sensitive review need a PR
approval; once sensitive, only PR or a manager clears it."""

from odoo import api, models
from odoo.tools import SQL

from ..lib.sensitivity import sensitivity_signals


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    @api.depends("body", "author_reach", "sensitive_manual")
    def _compute_is_sensitive(self):
        """Sensitive by text or reach, or by hand; and it stays sensitive.

        Once a review is sensitive, editing its text or reach does not make it
        ordinary again: only PR or a manager clears it (``action_clear_sensitive``).
        """
        stored = self._stored_sensitivity()
        for review in self:
            text_env = review._cs_stored_text_env()
            reasons = []
            for signal in sensitivity_signals(
                review.body,
                review.author_reach,
                review.company_id.cs_review_sensitive_reach,
            ):
                if signal == "reach":
                    reasons.append(
                        text_env._("high reach (%(reach)s)", reach=review.author_reach)
                    )
                elif signal == "legal":
                    reasons.append(text_env._("legal threat"))
                else:
                    reasons.append(text_env._("press"))
            if review.sensitive_manual == "cleared":
                review.is_sensitive = False
                review.sensitive_reason = False
                continue
            if review.sensitive_manual == "sensitive":
                reasons.append(text_env._("marked by hand"))
            was_sensitive, old_reason = stored.get(review._origin.id, (False, False))
            if not reasons and was_sensitive:
                reasons = [old_reason or text_env._("marked by hand")]
            review.is_sensitive = bool(reasons)
            review.sensitive_reason = ", ".join(reasons) or False

    def _stored_sensitivity(self):
        """{id: (is_sensitive, sensitive_reason)} as stored before this change."""
        ids = [rid for rid in self._origin.ids if rid]
        if not ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT id, is_sensitive, sensitive_reason FROM cs_public_review "
                "WHERE id IN %s",
                tuple(ids),
            )
        )
        return {
            rid: (sensitive, reason)
            for rid, sensitive, reason in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------------- actions

    def action_mark_sensitive(self):
        """A responder flags a review as sensitive: its replies need PR approval."""
        self._check_responder()
        self.sudo().write({"sensitive_manual": "sensitive"})
        return True

    def action_clear_sensitive(self):
        """PR or a manager decides the review is not sensitive after all."""
        self._check_group(
            "cs_public_reviews.group_review_pr",
            "cs_public_reviews.group_review_manager",
        )
        self.sudo().write({"sensitive_manual": "cleared"})
        return True
