"""Idempotent answers under races.

Odoo runs every RPC request in a REPEATABLE READ transaction and retries the whole
request (up to 5 times, after a short random wait) when PostgreSQL reports a
serialization failure (``odoo.service.model.retrying``). When two identical calls
race on a unique key, the loser's snapshot cannot see the winner's row, so a
re-search in the same transaction finds nothing. The fix is Odoo's own: raise a
serialization failure; the retried request starts a fresh snapshot, finds the
winner's record and answers exactly as a retried call would (``duplicate: True``,
``unchanged``).
"""

from contextlib import contextmanager

import psycopg2
from psycopg2 import errorcodes

from odoo.tools import mute_logger


class ConcurrentDuplicate(psycopg2.errors.SerializationFailure):
    """A concurrent call created the same record first: retry the request."""

    pgcode = errorcodes.SERIALIZATION_FAILURE


@contextmanager
def retry_if_duplicate(cr):
    """Run the block in a savepoint; a unique violation becomes a retried request.

    Use it around the ``create`` guarded by a unique constraint after the lookup by
    that key found nothing::

        with retry_if_duplicate(self.env.cr):
            record = self.create(vals)
    """
    try:
        # the losing INSERT is expected: keep it out of the error log (Odoo logs
        # every failed query as an ERROR); any other error still propagates
        with mute_logger("odoo.sql_db"), cr.savepoint():
            yield
    except psycopg2.errors.UniqueViolation as error:
        raise ConcurrentDuplicate(str(error)) from error
