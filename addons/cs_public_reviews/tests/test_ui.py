from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestViewsInBrowser(HttpCase):
    """Every main view opens in Chromium without a client error (as its user)."""

    def _open(self, path, selector, login):
        self.browser_js(
            path,
            "console.log('test successful')",
            ready=f"!!document.querySelector({selector!r})",
            login=login,
        )

    def test_review_views_open_for_responder(self):
        review = self.env.ref(
            "cs_public_reviews.review_ym_01", raise_if_not_found=False
        )
        review = review or self.env["cs.public.review"].search([], limit=1)
        action = "/odoo/action-cs_public_reviews.cs_public_review_action"
        self._open(action, ".o_kanban_record", "review_responder")
        self._open(f"{action}?view_type=list", ".o_data_row", "review_responder")
        self._open(f"{action}/{review.id}", ".o_form_view", "review_responder")

    def test_platform_views_open_for_manager(self):
        action = "/odoo/action-cs_public_reviews.cs_review_platform_action"
        platform = self.env.ref("cs_public_reviews.platform_yandex_maps")
        self._open(action, ".o_data_row", "review_manager")
        self._open(f"{action}/{platform.id}", ".o_form_view", "review_manager")
