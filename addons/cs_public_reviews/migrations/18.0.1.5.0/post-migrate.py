"""18.0.1.5.0: the campaign band index (``cs_public_review_band``, created by the
model's ``init``) filled from the stored signatures, in SQL batches of 10,000
reviews; the (company_id, published_at) index of 18.0.1.4.0's window query is
dropped by the same ``init``."""

import logging

from odoo.addons.cs_public_reviews.models.cs_public_review_campaign import (
    band_rows_sql,
)

_logger = logging.getLogger(__name__)
BATCH = 10000


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM cs_public_review")
    (last,) = cr.fetchone()
    rows = 0
    for start in range(0, last, BATCH):
        cr.execute(
            band_rows_sql(
                "r.id > %s AND r.id <= %s AND NOT EXISTS "
                "(SELECT 1 FROM cs_public_review_band b WHERE b.review_id = r.id)"
            ),
            (start, start + BATCH),
        )
        rows += cr.rowcount
    cr.execute("ANALYZE cs_public_review_band")
    _logger.info("cs_public_reviews: %s campaign band rows", rows)
