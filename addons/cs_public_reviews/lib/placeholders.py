"""Reply template placeholders: the legacy ``{key}`` form and its inline_template
equivalent (``{{ object.<field path> }}``). No ORM.

Templates written before the texts were rendered by ``mail.render.mixin`` use
``{author}``, ``{platform}``, ``{ticket}`` and ``{resolution}``; they are still
accepted (converted when rendered, and once for stored rows by the 18.0.1.3.0
migration)."""

import re

# legacy key -> field path on the review (cs.public.review)
LEGACY_PLACEHOLDERS = {
    "author": "object.author_name",
    "platform": "object.platform_id.name",
    "ticket": "object.ticket_id.number",
    "resolution": "object.ticket_id.name",
}
# a lone {key}: not part of an inline_template expression {{ ... }}
LEGACY_RE = re.compile(r"(?<!\{)\{(" + "|".join(LEGACY_PLACEHOLDERS) + r")\}(?!\})")


def convert_legacy_placeholders(text):
    """``text`` with each legacy ``{key}`` turned into ``{{ object.<path> }}``;
    anything else (including ``{{ ... }}`` expressions) is left as it is."""
    if not text:
        return text
    return LEGACY_RE.sub(
        lambda match: "{{ " + LEGACY_PLACEHOLDERS[match.group(1)] + " }}", text
    )


def allowed_expressions():
    """The expressions the legacy placeholders become (rendered without eval)."""
    return tuple(LEGACY_PLACEHOLDERS.values())
