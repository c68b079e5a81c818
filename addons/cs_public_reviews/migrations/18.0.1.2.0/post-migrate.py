"""18.0.1.2.0: the follow-up job keeps a queue (``follow_up_drafted_at``).

Reviews whose follow-up was drafted before the upgrade leave the queue here, so that
the first run after the upgrade does not read them all again.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE cs_public_review r
           SET follow_up_drafted_at = f.drafted_at
          FROM (SELECT review_id, MIN(create_date) AS drafted_at
                  FROM cs_review_reply
                 WHERE kind = 'follow_up'
                 GROUP BY review_id) f
         WHERE f.review_id = r.id AND r.follow_up_drafted_at IS NULL
        """
    )
