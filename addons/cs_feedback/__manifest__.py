# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Feedback: Thanks and Complaints",
    "summary": "Thanks that reward staff, complaints with honest deadlines, "
    "escalation and legal review on the OCA helpdesk",
    "version": "18.0.1.4.0",
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
    "external_dependencies": {
        # who was thanked (lib/praised): offline Russian NER, morphology, fuzzy
        # matching; the models ship inside the wheels (nothing is downloaded)
        "python": ["natasha", "pymorphy3", "rapidfuzz"],
    },
    # read by lib/praised (diminutives of first names), not loaded into the database
    "oca_data_manual": ["data/cs_diminutives.csv"],
    "data": [
        "security/cs_feedback_security.xml",
        "security/ir.model.access.csv",
        "data/cs_feedback_data.xml",
        "data/cs_feedback_noupdate_data.xml",
        "data/mail_template_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/cs_feedback_promise_views.xml",
        "views/cs_feedback_praise_views.xml",
        "views/cs_feedback_reward_views.xml",
        "views/cs_best_practice_views.xml",
        "views/cs_feedback_root_cause_views.xml",
        "views/cs_feedback_canned_answer_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/cs_feedback_templates.xml",
        "report/helpdesk_ticket_complaint_analysis_views.xml",
        "report/cs_feedback_promise_report_views.xml",
        "wizards/cs_promise_change_wizard_views.xml",
        "wizards/cs_praise_decision_wizard_views.xml",
        "wizards/cs_legal_sign_off_wizard_views.xml",
        "wizards/cs_consent_again_wizard_views.xml",
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
