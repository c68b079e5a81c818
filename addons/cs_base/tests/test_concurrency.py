import psycopg2

from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.cs_base.tools.concurrency import (
    ConcurrentDuplicate,
    retry_if_duplicate,
)


@tagged("post_install", "-at_install")
class TestConcurrency(TransactionCase):
    def test_unique_violation_becomes_a_retried_serialization_failure(self):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        Users.create({"name": "First", "login": "cs_base_race"})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(ConcurrentDuplicate) as caught,
            retry_if_duplicate(self.env.cr),
        ):
            Users.create({"name": "Second", "login": "cs_base_race"})
        error = caught.exception
        # odoo.service.model.retrying retries exactly these
        self.assertIsInstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY)
        self.assertEqual(error.pgcode, psycopg2.errorcodes.SERIALIZATION_FAILURE)
        # the savepoint was rolled back: the transaction goes on
        self.assertEqual(Users.search_count([("login", "=", "cs_base_race")]), 1)

    def test_other_errors_pass_through(self):
        with self.assertRaises(KeyError), retry_if_duplicate(self.env.cr):
            raise KeyError("not a unique violation")


@tagged("post_install", "-at_install")
class TestApiContext(TransactionCase):
    def test_client_context_keys_are_dropped(self):
        from ..tools.api import SAFE_CONTEXT_KEYS, api_records

        partners = self.env["res.partner"].with_context(
            lang="en_US",
            default_type="invoice",
            tracking_disable=True,
            cs_system_write=True,
        )
        cleaned = api_records(partners)
        self.assertLessEqual(set(cleaned.env.context), SAFE_CONTEXT_KEYS)
        self.assertEqual(cleaned.env.context["lang"], "en_US")
        self.assertEqual(cleaned.create({"name": "API"}).type, "contact")
