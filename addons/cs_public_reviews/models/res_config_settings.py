"""The "Public Reviews" block of the Customer Service settings (cs_base): the
company's review settings, edited in place."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cs_review_negative_rating_max = fields.Integer(
        related="company_id.cs_review_negative_rating_max", readonly=False
    )
    cs_review_burst_window_hours = fields.Float(
        related="company_id.cs_review_burst_window_hours", readonly=False
    )
    cs_review_burst_min_reviews = fields.Integer(
        related="company_id.cs_review_burst_min_reviews", readonly=False
    )
    cs_review_sensitive_reach = fields.Integer(
        related="company_id.cs_review_sensitive_reach", readonly=False
    )
    cs_review_confirmation_days = fields.Integer(
        related="company_id.cs_review_confirmation_days", readonly=False
    )
    cs_review_campaign_window_hours = fields.Float(
        related="company_id.cs_review_campaign_window_hours", readonly=False
    )
    cs_review_campaign_min_members = fields.Integer(
        related="company_id.cs_review_campaign_min_members", readonly=False
    )
    cs_review_campaign_min_platforms = fields.Integer(
        related="company_id.cs_review_campaign_min_platforms", readonly=False
    )
    cs_review_campaign_penalty = fields.Integer(
        related="company_id.cs_review_campaign_penalty", readonly=False
    )
