# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Debt Handoff: Helpdesk Complaints",
    "summary": "Complaints about collectors in the helpdesk: ticket link and operator "
    "script, open-complaint check before a handoff, complaints on the scorecard",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "CS Addons",
    "website": "https://github.com/cs-addons/cs-addons",
    "depends": [
        "cs_debt_handoff",
        "cs_feedback",
    ],
    "data": [
        "security/ir.model.access.csv",
        "wizards/cs_debt_reported_contact_record_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/cs_debt_reported_contact_views.xml",
        "views/cs_debt_handoff_views.xml",
    ],
    "demo": [
        "demo/cs_debt_handoff_helpdesk_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
