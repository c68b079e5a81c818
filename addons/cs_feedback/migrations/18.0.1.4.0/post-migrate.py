"""From 18.0.1.4.0 every promise told to a customer is a record
(``cs.feedback.promise``): the existing complaints get theirs from their first
promise (the first logged change's old date, else the promised date, made at
the ticket's creation by its creator) and a record per logged change (made at
the log's time by its author, replacing the one before).  The outcomes are
computed as for new promises.
"""

from odoo import api

BATCH = 1000


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    Ticket = env["helpdesk.ticket"].with_context(active_test=False)
    Promise = env["cs.feedback.promise"]
    ids = Ticket.search(
        [("cs_kind", "=", "complaint"), ("cs_promised_date", "!=", False)],
        order="id",
    ).ids
    for start in range(0, len(ids), BATCH):
        tickets = Ticket.browse(ids[start : start + BATCH])
        Promise._cs_rebuild_from_history(tickets)
        env.flush_all()
        env.invalidate_all()
