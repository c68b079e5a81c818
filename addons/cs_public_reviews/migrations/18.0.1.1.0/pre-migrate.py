"""18.0.1.1.0: the review import role becomes a technical (portal) user.

Before, ``group_review_import`` implied ``base.group_user``; it now implies
``base.group_portal``. Odoo refuses a user of two user types, so before the new group
definition loads, the old implication is removed and the import users are moved from
internal to portal users.
"""

import logging

_logger = logging.getLogger(__name__)


def _group_id(cr, module, name):
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s "
        "AND model = 'res.groups'",
        (module, name),
    )
    row = cr.fetchone()
    return row and row[0]


def migrate(cr, version):
    if not version:
        return
    importer = _group_id(cr, "cs_public_reviews", "group_review_import")
    internal = _group_id(cr, "base", "group_user")
    portal = _group_id(cr, "base", "group_portal")
    if not (importer and internal and portal):
        return
    cr.execute(
        "DELETE FROM res_groups_implied_rel WHERE gid = %s AND hid = %s",
        (importer, internal),
    )
    cr.execute("SELECT uid FROM res_groups_users_rel WHERE gid = %s", (importer,))
    users = [row[0] for row in cr.fetchall()]
    if not users:
        return
    cr.execute(
        "DELETE FROM res_groups_users_rel WHERE gid = %s AND uid = ANY(%s)",
        (internal, users),
    )
    cr.execute(
        "INSERT INTO res_groups_users_rel (gid, uid) "
        "SELECT %s, uid FROM unnest(%s) AS uid ON CONFLICT DO NOTHING",
        (portal, users),
    )
    cr.execute("UPDATE res_users SET share = TRUE WHERE id = ANY(%s)", (users,))
    _logger.warning(
        "cs_public_reviews: review import users %s are now portal (technical) users; "
        "they reach reviews only through cs_import_reviews",
        users,
    )
