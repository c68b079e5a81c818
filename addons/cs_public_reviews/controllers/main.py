from odoo import http
from odoo.http import request


class CsReviewFaqController(http.Controller):
    @http.route(
        "/cs/faq",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def cs_faq(self, **kwargs):
        """The public FAQ: published entries of this website's company only."""
        website = getattr(request, "website", None)
        company = website.company_id if website else request.env.company
        faqs_sudo = (
            request.env["cs.review.faq"]
            .sudo()
            .search(
                [
                    ("is_published", "=", True),
                    ("company_id", "=", company.id),
                    # past its review date, an answer waits for its owner
                    ("is_stale", "=", False),
                ],
                order="sequence, id",
            )
        )
        return request.render(
            "cs_public_reviews.cs_review_faq_page",
            {"faqs_sudo": faqs_sudo, "cs_company": company.sudo()},
        )
