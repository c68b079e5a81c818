"""The checker of a reply before it is posted, on plain text. No ORM.

A reply opens with an apology and carries no personal data (e-mail address, phone
number, contract or account number). ``reply_problems`` says what it found; the ORM
side (``cs_review_reply.py``) words it in the user's language."""

import re

APOLOGY_RE = re.compile(
    r"^\W*(извините|приносим (свои )?извинения|просим прощения|"
    r"(we are |we're |i am |i'm )?(so |very |truly )?sorry|"
    r"(we |i )?(sincerely )?apolog)",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<!\w)(\+?\d[\d\s().-]{8,}\d)(?!\w)")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
CONTRACT_RE = re.compile(
    r"(договор[а-я]*|контракт[а-я]*|contract|agreement|лицев[а-я]* сч[её]т[а-я]*|"
    r"account)\s*(№|n[or]?\.?|#|number)?\s*[:№#]?\s*[\w/-]*\d",
    re.IGNORECASE,
)
# a phone number has at least this many digits (shorter runs are dates, amounts)
PHONE_MIN_DIGITS = 10


def reply_problems(body):
    """``[(problem, value)]`` found in ``body``, in the order they are reported:
    ``("no_apology", None)``, ``("email", address)``, ``("phone", number)``,
    ``("contract", text)``. Empty when the reply may be posted."""
    body = (body or "").strip()
    problems = []
    if not APOLOGY_RE.search(body):
        problems.append(("no_apology", None))
    email = EMAIL_RE.search(body)
    if email:
        problems.append(("email", email.group(0)))
    without_emails = EMAIL_RE.sub(" ", body)
    phone = PHONE_RE.search(without_emails)
    if phone and len(re.sub(r"\D", "", phone.group(1))) >= PHONE_MIN_DIGITS:
        problems.append(("phone", phone.group(1).strip()))
    contract = CONTRACT_RE.search(without_emails)
    if contract:
        problems.append(("contract", contract.group(0)))
    return problems
