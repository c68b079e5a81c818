# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Customer Service: Base",
    "summary": "Shared enforcement for the customer-service addons: typed API payload "
    "validation, fields changed through actions only, race-safe idempotency, "
    "Russia's production calendar",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "CS Addons",
    "website": "https://github.com/cs-addons/cs-addons",
    "depends": ["resource"],
    "external_dependencies": {
        "python": ["jsonschema", "holidays"],
    },
    "data": [
        "security/ir.model.access.csv",
        "security/cs_base_security.xml",
        "data/cs_base_data.xml",
        "views/resource_calendar_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/cs_base_demo.xml"],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
