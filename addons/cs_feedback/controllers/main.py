from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class CsThanksController(http.Controller):
    """Public page and JSON feed of published, consented thanks only."""

    def _published_thanks(self, limit):
        # the feed applies its own publication domain (consent + published)
        return request.env["helpdesk.ticket"]._cs_published_thanks_feed(limit)

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
        website = getattr(request, "website", None)
        company = website.company_id if website else request.env.company
        return request.render(
            "cs_feedback.cs_thanks_page",
            {"items": items, "cs_company": company.sudo()},
        )

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
