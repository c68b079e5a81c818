"""Reading a search domain without the ORM."""


def allowed_values(domain, field):
    """The values of ``field`` a plain AND ``domain`` allows (``=`` / ``in`` leaves
    on it, intersected), or None when it does not restrict the field (no such leaf,
    or a domain with ``|`` / ``!`` whose meaning a leaf alone does not give)."""
    allowed = None
    if any(leaf in ("|", "!") for leaf in domain):
        return None
    for leaf in domain:
        if isinstance(leaf, list | tuple) and len(leaf) == 3:
            name, operator, value = leaf
            if name != field or operator not in ("=", "in"):
                continue
            values = {value} if operator == "=" else set(value)
            allowed = values if allowed is None else allowed & values
    return allowed
