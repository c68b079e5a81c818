from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

PUBLISHED_THANKS_DOMAIN = [
    ("cs_kind", "=", "thanks"),
    ("cs_is_published", "=", True),
    ("cs_publish_consent", "=", True),
]


def _initials(name):
    parts = [p for p in (name or "").replace(".", " ").split() if p]
    return " ".join(f"{p[0].upper()}." for p in parts) or "?"


def _author(ticket_sudo):
    partner = ticket_sudo.cs_publish_consent_partner_id or ticket_sudo.partner_id
    name = partner.name or ticket_sudo.partner_name or ""
    if ticket_sudo.cs_publish_scope == "full_name" and name:
        return name
    if ticket_sudo.cs_publish_scope == "initials" and name:
        return _initials(name)
    return request.env._("Anonymous customer")


class CsThanksController(http.Controller):
    """Public page and JSON feed of published, consented thanks only."""

    def _published_thanks(self, limit):
        # sudo with an explicit publication domain: nothing unconsented can match
        tickets_sudo = (
            request.env["helpdesk.ticket"]
            .sudo()
            .search(
                PUBLISHED_THANKS_DOMAIN,
                order="cs_published_date desc, id desc",
                limit=limit,
            )
        )
        return [
            {
                "text": ticket_sudo.cs_publish_text,
                "author": _author(ticket_sudo),
                "date": (ticket_sudo.cs_published_date or ticket_sudo.create_date)
                .date()
                .isoformat(),
            }
            for ticket_sudo in tickets_sudo
        ]

    @staticmethod
    def _limit(limit):
        try:
            return max(1, min(int(limit), 200))
        except (TypeError, ValueError):
            return 50

    @http.route(
        "/cs/thanks",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def thanks_page(self, limit=50, **kwargs):
        items = self._published_thanks(self._limit(limit))
        return request.render("cs_feedback.cs_thanks_page", {"items": items})

    @http.route(
        "/cs/thanks.json", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def thanks_json(self, limit=50, **kwargs):
        return request.make_json_response(self._published_thanks(self._limit(limit)))


class CsFeedbackPortal(CustomerPortal):
    @http.route(
        "/my/ticket/<int:ticket_id>/cs_escalate",
        type="http",
        auth="user",
        methods=["POST"],
    )
    def cs_escalate(self, ticket_id, access_token=None, **kwargs):
        """The customer escalates their own complaint (POST with CSRF token)."""
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if ticket_sudo.cs_kind != "complaint":
            return request.redirect(f"/my/ticket/{ticket_id}")
        try:
            ticket_sudo.action_cs_escalate()
        except UserError:
            return request.redirect(f"/my/ticket/{ticket_id}?cs_escalation=top")
        return request.redirect(f"/my/ticket/{ticket_id}?cs_escalation=done")
