# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Feedback: Thanks and Complaints",
    "summary": "Thanks that reward staff, complaints with honest deadlines, "
    "escalation and legal review on the OCA helpdesk",
    "version": "18.0.1.2.0",
    "category": "Services/Helpdesk",
    "license": "LGPL-3",
    "author": "CS Addons",
    "website": "https://github.com/cs-addons/cs-addons",
    "depends": [
        "cs_base",
        "portal",
        "helpdesk_mgmt",
        "helpdesk_mgmt_sla",
        "helpdesk_mgmt_rating",
        "hr",
        "gamification",
        "base_automation",
    ],
    "data": [
        "security/cs_feedback_security.xml",
        "security/ir.model.access.csv",
        "data/cs_feedback_data.xml",
        "data/cs_feedback_noupdate_data.xml",
        "data/mail_template_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/cs_feedback_praise_views.xml",
        "views/cs_feedback_reward_views.xml",
        "views/cs_best_practice_views.xml",
        "views/cs_feedback_config_views.xml",
        "views/cs_feedback_templates.xml",
        "wizards/cs_feedback_wizard_views.xml",
        "views/cs_feedback_menus.xml",
    ],
    "demo": [
        "demo/cs_feedback_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cs_feedback/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
