"""A small XML-RPC client, as an integrator would write it (plain ``xmlrpc.client``)."""

import itertools
import json
import threading
import urllib.request
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

    def json_call(self, model, method, *args, **kwargs):
        """The same ``execute_kw`` over JSON-RPC (``/jsonrpc``).

        Returns the result, or raises :class:`JsonRpcError` carrying the server's
        error (``name`` is the exception class, e.g.
        ``odoo.exceptions.ValidationError``, ``odoo.exceptions.AccessError``).
        """
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(_JSON_IDS),
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.db,
                    self.uid,
                    self.key,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        }
        request = urllib.request.Request(
            f"{self.url}/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise JsonRpcError(answer["error"])
        return answer["result"]


_JSON_IDS = itertools.count(1)


class JsonRpcError(Exception):
    """An error answered over JSON-RPC; ``name`` is the server exception's class."""

    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        self.debug = data.get("debug", "")
        super().__init__(f"{self.name}: {self.message}")

    @property
    def is_traceback(self):
        """True for an unexpected server error (what XML-RPC answers as fault 1)."""
        return not self.name.startswith("odoo.exceptions.")


def fault_code(excinfo):
    """The faultCode of a caught ``xmlrpc.client.Fault``."""
    return excinfo.value.faultCode


def call_together(clients, calls, timeout=300):
    """Make ``calls`` at the same moment, call ``i`` through ``clients[i]`` (each
    its own connection): a race as integrators would cause it.

    ``calls[i]`` is ``(model, method, *args)``. Returns the answers in the order of
    the calls; fails the test with every exception a call raised.
    """
    barrier = threading.Barrier(len(calls))
    answers, errors = [None] * len(calls), []

    def run(index):
        client, (model, method, *args) = clients[index], calls[index]
        try:
            barrier.wait(timeout)
            answers[index] = client.call(model, method, *args)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc)[:500])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not errors, errors
    return answers
