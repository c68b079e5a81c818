"""No message a staff member reads names a technical field.

Every translatable message of our addons (``_()`` / ``env._()``) is read from the
source.  A message that contains one of our field names (``cs_promised_date``,
``invoice_ids``, ``registered_mail_number``) speaks to a developer, not to a contact-
centre user: UI messages use the field's label.  The one exception is API.md's rule
for integrators: an API method (and its own payload preparation) answers bad input
with ``key: value reason``, naming the key the caller sent.  Those methods are listed
below; a message there must start with the key it names.
"""

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ADDONS = REPO / "addons"

# API methods of API.md and the helpers that validate their payload: their errors
# name the caller's key, as API.md requires ("key: value reason")
API_FUNCTIONS = {
    "cs_submit_feedback",
    "_cs_prepare_feedback_vals",
    "_cs_match_customer",
    "action_reward",
    "action_decline",
    "cs_payment_status",
    "cs_report_contacts",
    "_cs_contact_row",
    "cs_import_reviews",
    "_prepare_import_vals",
    "cs_suggest_praised",
    # cs.debt.reported.contact: create/write over RPC name the caller's key
    "_cs_check_input",
}
API_KEY_PREFIX = re.compile(r"^(%\(\w+\)s|[\w.\[\]%()]+): ")
TOKEN = re.compile(r"(?<!%\()(?<![%\w])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")


def _source_files():
    for path in sorted(ADDONS.glob("cs_*/**/*.py")):
        parts = set(path.relative_to(ADDONS).parts)
        if parts & {"tests", "migrations"}:
            continue
        yield path


def _field_names():
    names = set()
    for path in _source_files():
        names.update(
            re.findall(r"^\s+(\w+)\s*=\s*fields\.", path.read_text(), flags=re.M)
        )
    return names


def _is_technical(token, field_names):
    return (
        token in field_names
        or token.startswith("cs_")
        or token.endswith(("_id", "_ids"))
    )


def _messages(path):
    """(line, enclosing function, text) of each translatable literal in ``path``."""
    tree = ast.parse(path.read_text())
    parents = {
        child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        is_translation = (isinstance(func, ast.Name) and func.id == "_") or (
            isinstance(func, ast.Attribute) and func.attr == "_"
        )
        first = node.args[0]
        if not is_translation or not (
            isinstance(first, ast.Constant) and isinstance(first.value, str)
        ):
            continue
        scope = node
        while scope in parents and not isinstance(
            scope, ast.FunctionDef | ast.AsyncFunctionDef
        ):
            scope = parents[scope]
        yield node.lineno, getattr(scope, "name", "<module>"), first.value


def _offences():
    field_names = _field_names()
    offences = []
    for path in _source_files():
        for line, function, text in _messages(path):
            tokens = [t for t in TOKEN.findall(text) if _is_technical(t, field_names)]
            if not tokens:
                continue
            if function in API_FUNCTIONS and API_KEY_PREFIX.match(text):
                continue
            offences.append(
                f"{path.relative_to(REPO)}:{line} {function}: {tokens} in {text[:80]!r}"
            )
    return offences


def test_the_scan_sees_our_messages():
    """Guard against a scan that silently reads nothing."""
    count = sum(1 for path in _source_files() for _ in _messages(path))
    assert count > 150, count


def test_no_ui_message_names_a_technical_field():
    offences = _offences()
    assert not offences, "UI messages naming technical fields:\n" + "\n".join(offences)


@pytest.mark.parametrize(
    "text,function,offends",
    [
        ("Fill the promised date (cs_promised_date).", "action_x", True),
        ("Pick an approved canned answer first.", "action_x", False),
        (
            "employee_ids: no employee with id %(ids)s",
            "_cs_prepare_feedback_vals",
            False,
        ),
        ("employee_ids: no employee with id %(ids)s", "action_x", True),
        ("Invoices (invoice_ids) are not posted.", "cs_report_contacts", True),
    ],
)
def test_the_rule_itself(text, function, offends):
    tokens = [t for t in TOKEN.findall(text) if _is_technical(t, {"invoice_ids"})]
    allowed = function in API_FUNCTIONS and API_KEY_PREFIX.match(text)
    assert bool(tokens and not allowed) == offends
