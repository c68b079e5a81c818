"""18.0.1.4.0: the campaign signature of every stored review with a text, in
batches of 1,000 (lemmas + MinHash, ``lib.campaign.signature``). Campaigns are
then found among the reviews imported from now on and those around them; the
history is not searched for old campaigns."""

import logging

from psycopg2.extras import execute_values

from odoo.addons.cs_public_reviews.lib import campaign

_logger = logging.getLogger(__name__)
BATCH = 1000


def migrate(cr, version):
    if not version:
        return
    done = 0
    last_id = 0
    while True:
        cr.execute(
            "SELECT id, body FROM cs_public_review WHERE id > %s "
            "AND campaign_signature IS NULL AND body IS NOT NULL "
            "ORDER BY id LIMIT %s",
            (last_id, BATCH),
        )
        rows = cr.fetchall()
        if not rows:
            break
        last_id = rows[-1][0]
        values = [(rid, campaign.signature(body)) for rid, body in rows]
        execute_values(
            cr,
            "UPDATE cs_public_review r SET campaign_signature = v.sig "
            "FROM (VALUES %s) AS v(id, sig) WHERE r.id = v.id",
            values,
        )
        done += len(rows)
    _logger.info("cs_public_reviews: campaign signatures of %s reviews", done)
