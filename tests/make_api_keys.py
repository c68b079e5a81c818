"""Create one API key per login in an Odoo database and print them as JSON.

Run with the Odoo virtualenv's python:  python make_api_keys.py ODOO_CONF DB login...
API keys are what integrators use; a key is created the way Odoo's own
"New API Key" wizard does (``res.users.apikeys._generate``), without expiry.
"""

import json
import sys

import odoo
from odoo.api import SUPERUSER_ID, Environment
from odoo.modules.registry import Registry


def main(conf, db, logins):
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    keys = {}
    with Registry(db).cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {})
        users = (
            env["res.users"]
            .with_context(active_test=False)
            .search([("login", "in", logins)])
        )
        found = {user.login: user for user in users}
        missing = sorted(set(logins) - set(found))
        if missing:
            raise SystemExit(
                f"demo logins missing from database {db}: {', '.join(missing)}"
            )
        for login in logins:
            user = found[login]
            keys[login] = (
                env["res.users.apikeys"]
                .with_user(user)
                .sudo()
                ._generate(None, "cs-tests", None)
            )
    print(json.dumps(keys))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
