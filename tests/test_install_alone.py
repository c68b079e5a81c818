"""Each addon installs alone, keeps what an admin edited through a module update, and
uninstalls cleanly (issue 11).

For every addon: a new, empty database; ``-i <addon>`` with demo data pulls in its
real dependencies only; a record the README lets admins edit (a mail template, an
activity type, a scheduled action — all ``noupdate``) is edited, ``-u <addon>`` runs,
and the edit is still there; then the addon is uninstalled and leaves no model, table
or menu of its own behind. The database is dropped at the end.
"""

import json
import os
import subprocess
import uuid

import pytest

# addon -> (what must not come with it, [(record, field, edited value)])
ADDONS = {
    "cs_base": (
        ["helpdesk_mgmt", "cs_feedback", "account"],
        [("cs_base.ir_cron_load_ru_holidays", "interval_number", 3)],
    ),
    "cs_feedback": (
        ["account", "cs_debt_handoff", "cs_public_reviews"],
        [
            (
                "cs_feedback.mail_template_complaint_commitment",
                "subject",
                "Edited by the admin",
            ),
            ("cs_feedback.mail_activity_type_legal_review", "summary", "Edited"),
            ("cs_feedback.ir_cron_promise_watch", "interval_number", 7),
        ],
    ),
    "cs_debt_handoff": (
        ["helpdesk_mgmt", "cs_feedback", "cs_debt_handoff_helpdesk", "hr"],
        [
            (
                "cs_debt_handoff.mail_template_payment_notice",
                "subject",
                "Edited by the admin",
            ),
            ("cs_debt_handoff.ir_cron_notify_payments", "interval_number", 7),
        ],
    ),
    "cs_public_reviews": (
        ["account", "cs_debt_handoff"],
        [
            ("cs_public_reviews.mail_act_review_reply", "summary", "Edited"),
            ("cs_public_reviews.ir_cron_check_platforms", "interval_number", 7),
        ],
    ),
}


# records Odoo keeps on uninstall because posted accounting entries refer to them
ACCOUNTING_KEPT = {"res.partner", "account.payment", "account.move"}


def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the external suite from `make test`.")
    return value


class Odoo:
    """Odoo's command line on a throw-away database."""

    def __init__(self, db):
        self.db = db
        self.python = _env("CS_ODOO_PYTHON")
        self.bin = _env("CS_ODOO_BIN")
        self.config = _env("CS_ODOO_CONFIG")

    def run(self, *args, stdin=None):
        result = subprocess.run(
            [self.python, self.bin, *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=1200,
            check=False,
        )
        assert (
            result.returncode == 0
        ), f"odoo {' '.join(args)} failed:\n{result.stderr[-4000:]}"
        return result

    def server(self, *args):
        result = self.run(
            "-c",
            self.config,
            "-d",
            self.db,
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
            *args,
        )
        errors = [
            line
            for line in result.stderr.splitlines()
            if " ERROR " in line or " CRITICAL " in line
        ]
        assert not errors, "\n".join(errors)

    def shell(self, code):
        """Run ``code`` in ``odoo shell`` (committed); what it prints as the last
        line is returned as JSON."""
        result = self.run(
            "shell",
            "-c",
            self.config,
            "-d",
            self.db,
            "--no-http",
            "--log-level=warn",
            stdin=code + "\nenv.cr.commit()\n",
        )
        lines = [line for line in result.stdout.splitlines() if line.startswith("@@")]
        return json.loads(lines[-1][2:]) if lines else None

    def drop(self):
        subprocess.run(
            [self.python, self.bin, "db", "-c", self.config, "drop", self.db],
            capture_output=True,
            timeout=300,
            check=False,
        )


@pytest.fixture
def odoo(request):
    db = f"cs_alone_{request.node.callspec.id}_{uuid.uuid4().hex[:6]}"
    instance = Odoo(db)
    yield instance
    instance.drop()


@pytest.mark.parametrize("addon", list(ADDONS))
def test_installs_alone_keeps_edits_and_uninstalls(odoo, addon):
    absent, edits = ADDONS[addon]
    odoo.server("-i", addon)
    installed = odoo.shell(
        "import json\n"
        "mods = env['ir.module.module'].search([('state', '=', 'installed')])\n"
        "print('@@' + json.dumps(mods.mapped('name')))"
    )
    assert addon in installed
    assert not set(absent) & set(
        installed
    ), f"{addon} pulled in {sorted(set(absent) & set(installed))}"

    # an admin's edits survive a module update (noupdate data)
    odoo.shell(
        "\n".join(
            f"env.ref({xmlid!r}).write({{{field!r}: {value!r}}})"
            for xmlid, field, value in edits
        )
    )
    odoo.server("-u", addon)
    kept = odoo.shell(
        "import json\n"
        "print('@@' + json.dumps(["
        + ", ".join(f"env.ref({xmlid!r})[{field!r}]" for xmlid, field, _v in edits)
        + "]))"
    )
    assert kept == [value for _x, _f, value in edits]

    # uninstall: no model, table, menu or data of the addon is left
    left = odoo.shell(
        "import json\n"
        f"module = env['ir.module.module'].search([('name', '=', {addon!r})])\n"
        "ids = env['ir.model.data'].search("
        f"[('module', '=', {addon!r}), ('model', '=', 'ir.model')]).mapped('res_id')\n"
        "tables = [env[m.model]._table for m in env['ir.model'].browse(ids) "
        "if not env[m.model]._abstract and not env[m.model]._transient "
        f"and env[m.model]._original_module == {addon!r}]\n"
        "module.button_immediate_uninstall()\n"
        "cr = env.cr\n"
        "cr.execute('SELECT state FROM ir_module_module WHERE name = %s', "
        f"[{addon!r}])\n"
        "state = cr.fetchone()[0]\n"
        "cr.execute('SELECT table_name FROM information_schema.tables "
        "WHERE table_name = ANY(%s)', [tables])\n"
        "left_tables = [r[0] for r in cr.fetchall()]\n"
        "cr.execute('SELECT model FROM ir_model_data WHERE module = %s', "
        f"[{addon!r}])\n"
        "print('@@' + json.dumps({'state': state, 'own_tables': len(tables), "
        "'tables': left_tables, 'data': sorted({r[0] for r in cr.fetchall()})}))"
    )
    assert left["state"] == "uninstalled", left
    assert left["own_tables"], left
    assert left["tables"] == [], left
    # demo customers and payments that posted accounting entries point to stay:
    # Odoo never deletes posted accounting (cs_debt_handoff's demo debtors)
    assert set(left["data"]) <= ACCOUNTING_KEPT, left
