"""From 18.0.1.3.0 the settings are company fields, not system parameters.

``cs_feedback.promise_reminder_hours`` and ``cs_feedback.max_reward_points``
become ``res.company.cs_promise_reminder_hours`` / ``cs_max_reward_points``
(Settings › Customer Service › Complaints and Thanks): an existing parameter's
value goes to every company, then the parameter is deleted.

The activity types, the scheduled action and the badge are ``noupdate`` from
this version: their data records are flagged so.  The escalation hint of the
letters links to the ticket's portal URL (with its access token): the hint is
``noupdate``, so it is updated here unless an admin edited it.
"""

from odoo import api
from odoo.tools import SQL

PARAMETERS = {
    "cs_feedback.promise_reminder_hours": "cs_promise_reminder_hours",
    "cs_feedback.max_reward_points": "cs_max_reward_points",
}
NOUPDATE_NOW = (
    "mail_activity_type_legal_review",
    "mail_activity_type_delay_explanation",
    "ir_cron_promise_watch",
    "badge_customer_praise",
)
OLD_LINK = "object.get_base_url() + '/my/ticket/%s' % object.id"
NEW_LINK = "object.get_base_url() + object.get_portal_url()"


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    params = env["ir.config_parameter"].sudo()
    companies = env["res.company"].with_context(active_test=False).search([])
    for key, fname in PARAMETERS.items():
        param = params.search([("key", "=", key)])
        if not param:
            continue
        try:
            value = int(param.value)
        except (TypeError, ValueError):
            value = None
        if value is not None and value >= 0:
            companies.write({fname: value})
        param.unlink()
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET noupdate = TRUE "
            "WHERE module = 'cs_feedback' AND name IN %s",
            NOUPDATE_NOW,
        )
    )
    hint = env.ref("cs_feedback.cs_escalation_hint", raise_if_not_found=False)
    if hint and OLD_LINK in (hint.arch_db or ""):
        hint.arch_db = hint.arch_db.replace(OLD_LINK, NEW_LINK)
