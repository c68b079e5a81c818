from odoo.tools import SQL


def lock_skip_locked(records):
    """The subset of ``records`` this transaction could lock, skipping rows another
    transaction holds: two runs of a scheduled action (two nodes, or a manual run
    during the scheduled one) never work on the same record."""
    if not records:
        return records
    records.env.flush_all()
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(records._table),
            tuple(records.ids),
        )
    )
    locked = {row[0] for row in records.env.cr.fetchall()}
    return records.filtered(lambda record: record.id in locked)
