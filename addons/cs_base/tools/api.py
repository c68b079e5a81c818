"""The environment an external API method works in.

A client can put anything in the context of an RPC call. Odoo itself reads many keys
(``default_<field>`` for every record created during the call, ``tracking_disable``,
``mail_notrack``, ``active_test``…), so an API method that creates records on the
caller's behalf starts from a context that keeps only what a client may legitimately
choose: its language, its time zone and its companies (Odoo checks the latter against
the user's rights).
"""

SAFE_CONTEXT_KEYS = frozenset({"lang", "tz", "allowed_company_ids"})


def api_records(records):
    """``records`` with every client-sent context key dropped but lang/tz/companies."""
    context = {
        key: value
        for key, value in records.env.context.items()
        if key in SAFE_CONTEXT_KEYS
    }
    if context == records.env.context:
        return records
    return records.with_env(records.env(context=context))
