# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Debt Handoff to Collection Agencies",
    "summary": "Assignment contracts with conduct terms, a pre-handoff guard, "
    "direct payments forwarded exactly once, a status API for agencies",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "CS Addons",
    "website": "https://github.com/cs-addons/cs-addons",
    "depends": [
        "cs_base",
        "account",
        "mail",
        "base_automation",
        "resource",
    ],
    "data": [
        "security/cs_debt_handoff_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/base_automation_data.xml",
        "wizards/cs_debt_handoff_recall_views.xml",
        "wizards/cs_debt_handoff_override_views.xml",
        "views/res_partner_views.xml",
        "views/cs_debt_contract_views.xml",
        "views/cs_debt_handoff_views.xml",
        "views/cs_debt_payment_notice_views.xml",
        "views/cs_debt_notice_views.xml",
        "views/cs_debt_contact_views.xml",
        "views/cs_debt_statement_views.xml",
        "views/cs_debt_reported_contact_views.xml",
        "views/res_config_settings_views.xml",
        "report/cs_debt_agency_scorecard_views.xml",
        "views/cs_debt_handoff_menus.xml",
    ],
    "demo": [
        "demo/cs_debt_handoff_demo.xml",
        "demo/cs_debt_reported_contact_demo.xml",
        "demo/cs_debt_agency_scorecard_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cs_debt_handoff/static/tests/tours/**/*",
        ],
    },
    "application": True,
    "installable": True,
}
