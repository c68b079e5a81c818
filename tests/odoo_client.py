"""A small XML-RPC client, as an integrator would write it (plain ``xmlrpc.client``)."""

import xmlrpc.client

# Fault codes Odoo 18 answers on /xmlrpc/2/object
FAULT_USER_ERROR = 2  # UserError, ValidationError, unknown model, unique violation
FAULT_ACCESS_DENIED = 3  # bad login or API key
FAULT_ACCESS_ERROR = 4  # AccessError


class OdooClient:
    """One authenticated user talking to one database over XML-RPC."""

    def __init__(self, url, db, login, key):
        self.url = url.rstrip("/")
        self.db = db
        self.login = login
        self.key = key
        common = xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/common", allow_none=False
        )
        self.uid = common.authenticate(db, login, key, {})
        if not self.uid:
            raise PermissionError(
                f"login {login!r} was refused by {self.url} (db {db})"
            )
        self._object = xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/object", allow_none=False
        )

    def call(self, model, method, *args, **kwargs):
        """``execute_kw`` with positional args and keyword args."""
        return self._object.execute_kw(
            self.db, self.uid, self.key, model, method, list(args), kwargs
        )

    def search_read(self, model, domain=None, fields=None, **kwargs):
        return self.call(
            model, "search_read", domain or [], fields=fields or ["id"], **kwargs
        )

    def search_count(self, model, domain=None):
        return self.call(model, "search_count", domain or [])


def fault_code(excinfo):
    """The faultCode of a caught ``xmlrpc.client.Fault``."""
    return excinfo.value.faultCode
