"""Reporting a suspected fake review to its platform: the evidence summary built
from the authenticity reasons, kept on the review and logged."""

from odoo import fields, models
from odoo.exceptions import UserError

from .cs_public_review import VERDICTS
from .cs_review_campaign import PENALISED_STATES


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    def action_report_fake(self):
        """Build the evidence summary from the reasons, keep it and log it."""
        self._check_responder()
        for review in self:
            if review.verdict not in ("suspicious", "fake"):
                raise UserError(
                    self.env._(
                        "verdict: review %(review)s is not suspected fake "
                        "(%(verdict)s).",
                        review=review.display_name,
                        verdict=review.verdict,
                    )
                )
            summary = review._get_evidence_summary()
            review.sudo().write(
                {
                    "fake_report": summary,
                    "fake_reported_at": fields.Datetime.now(),
                    "state": "reported_fake",
                }
            )
            review.message_post(
                body=self.env._(
                    "Reported to the platform:\n%(summary)s", summary=summary
                )
            )
        return True

    def _get_evidence_summary(self):
        self.ensure_one()
        lines = [
            self.env._(
                "Review %(ext)s on %(platform)s by %(author)s, %(date)s, "
                "rating %(rating)s.",
                ext=self.external_id,
                platform=self.platform_id.name,
                author=self.author_name or self.env._("Anonymous"),
                date=fields.Datetime.to_string(self.published_at),
                rating=self.rating,
            ),
            self.env._(
                "Authenticity score %(score)s/100 (%(verdict)s). Evidence:",
                score=self.authenticity_score,
                verdict=dict(VERDICTS)[self.verdict or "unknown"],
            ),
        ]
        lines += [
            f"- {line}"
            for line in (self.authenticity_reasons or "").splitlines()
            if line.startswith("-") or line.startswith("=")
        ]
        if self.campaign_id.state in PENALISED_STATES:
            # the whole campaign: members, dates, ratings, similarities, phrases
            lines += ["", self.campaign_id.evidence_summary or ""]
        return "\n".join(lines)
