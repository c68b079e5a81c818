"""18.0.1.3.0: system parameters become company settings; reply templates use
inline_template placeholders.

1. Each ``cs_public_reviews.*`` parameter that became a company field is copied into
   every company's field, then deleted (with its data record). The GeoIP City
   database path stays a system parameter (a file of the server).
2. The stored reply templates (every translation of their body) have their legacy
   ``{author}``, ``{platform}``, ``{ticket}``, ``{resolution}`` placeholders turned
   into ``{{ object.<field path> }}``; rendering still accepts the legacy form.
"""

import json
import logging

from odoo.addons.cs_public_reviews.lib.placeholders import (
    convert_legacy_placeholders,
)

_logger = logging.getLogger(__name__)

# parameter -> (company column, type)
PARAMETERS = {
    "cs_public_reviews.negative_rating_max": ("cs_review_negative_rating_max", int),
    "cs_public_reviews.burst_window_hours": ("cs_review_burst_window_hours", float),
    "cs_public_reviews.burst_min_reviews": ("cs_review_burst_min_reviews", int),
    "cs_public_reviews.sensitive_reach": ("cs_review_sensitive_reach", int),
    "cs_public_reviews.confirmation_days": ("cs_review_confirmation_days", int),
}


def _move_parameters(cr):
    cr.execute(
        "SELECT key, value FROM ir_config_parameter WHERE key = ANY(%s)",
        (list(PARAMETERS),),
    )
    for key, value in cr.fetchall():
        column, cast = PARAMETERS[key]
        try:
            number = cast(float(value)) if cast is int else cast(value)
        except (TypeError, ValueError):
            _logger.warning(
                "cs_public_reviews: parameter %s = %r is not a number; the "
                "companies keep the default",
                key,
                value,
            )
            continue
        if number <= 0 and column != "cs_review_negative_rating_max":
            _logger.warning(
                "cs_public_reviews: parameter %s = %r is not positive; the "
                "companies keep the default",
                key,
                value,
            )
            continue
        # the column name comes from PARAMETERS above, never from the database
        cr.execute(f"UPDATE res_company SET {column} = %s", (number,))  # noqa: S608
        _logger.info("cs_public_reviews: %s = %s copied to every company", key, value)
    cr.execute(
        "DELETE FROM ir_config_parameter WHERE key = ANY(%s)", (list(PARAMETERS),)
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'cs_public_reviews' "
        "AND model = 'ir.config_parameter' AND name = ANY(%s)",
        (
            [
                "param_negative_rating_max",
                "param_burst_window_hours",
                "param_burst_min_reviews",
                "param_sensitive_reach",
                "param_confirmation_days",
            ],
        ),
    )


def _convert_templates(cr):
    cr.execute("SELECT id, body FROM cs_review_reply_template")
    for template_id, body in cr.fetchall():
        if isinstance(body, str):
            body = json.loads(body)
        if not body:
            continue
        converted = {
            lang: convert_legacy_placeholders(text) for lang, text in body.items()
        }
        if converted != body:
            cr.execute(
                "UPDATE cs_review_reply_template SET body = %s::jsonb WHERE id = %s",
                (json.dumps(converted), template_id),
            )


def migrate(cr, version):
    if not version:
        return
    _move_parameters(cr)
    _convert_templates(cr)
