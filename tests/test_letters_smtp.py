"""The letters customers and agencies receive, read from a real SMTP server.

An ``aiosmtpd`` server listens on loopback; the administrator points Odoo's outgoing
mail server at it (an ``ir.mail_server`` record, as an admin would in Settings).  Each
letter is caused over XML-RPC by the role that causes it in real life, the mail queue
is flushed as the mail cron does, and the test reads what arrived: sender, subject and
body, in the customer's language.  The subjects read are printed (``-s``) for the
closing note.
"""

import email
import email.policy
import html
import re
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from debt_records import new_handoff

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


class _Sink:
    """Collects every message the SMTP server accepts."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address):
        with self.lock:
            return [m for frm, rcpts, m in self.messages if address in rcpts]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _text(message):
    """The letter's text: the plain part, or the HTML part without tags."""
    part = message.get_body(preferencelist=("plain", "html"))
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = re.sub(r"<[^>]+>", " ", content)
    return re.sub(r"\s+", " ", html.unescape(content))


@pytest.fixture(scope="module")
def admin(connect):
    return connect("admin")


@pytest.fixture(scope="module")
def smtp(admin):
    """A real SMTP server on loopback, used by Odoo as its outgoing server."""
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    server_id = admin.call(
        "ir.mail_server",
        "create",
        {
            "name": "Loopback test SMTP (aiosmtpd)",
            "smtp_host": "127.0.0.1",
            "smtp_port": controller.port,
            "smtp_encryption": "none",
            "sequence": 0,
        },
    )
    yield sink
    admin.call("ir.mail_server", "unlink", [server_id])
    controller.stop()


@pytest.fixture(scope="module")
def company(admin):
    user = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]
    return admin.call(
        "res.company", "read", [user["company_id"][0]], ["name", "email"]
    )[0]


def _flush_queue(admin):
    """Run the mail queue's scheduled action now, as the cron worker would."""
    cron = admin.search_read(
        "ir.model.data",
        [("module", "=", "mail"), ("name", "=", "ir_cron_mail_scheduler_action")],
        ["res_id"],
    )[0]["res_id"]
    admin.call("ir.cron", "method_direct_trigger", [cron])


def _deliver(admin, sink, address, count=1, timeout=60):
    """Flush the mail queue until ``count`` letters reached ``address``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _flush_queue(admin)
        letters = sink.to(address)
        if len(letters) >= count:
            return letters
        time.sleep(0.5)
    failed = admin.search_read(
        "mail.mail",
        ["|", ("email_to", "ilike", address), ("recipient_ids.email", "=", address)],
        ["state", "failure_reason", "failure_type", "email_from"],
    )
    pytest.fail(
        f"{count} letter(s) to {address} expected, got {len(sink.to(address))}; "
        f"queue: {failed}"
    )


def _customer(name, lang="ru_RU"):
    return {
        "name": name,
        "email": f"letters.{uuid.uuid4().hex[:10]}@mail.example",
        "lang": lang,
    }


def _assert_company_sender(message, company):
    sender = str(message["From"])
    assert company["email"] and company["email"] in sender, sender


def test_complaint_commitment_reaches_the_customer(connect, admin, smtp, company):
    operator = connect("cs_operator")
    customer = _customer("Ольга Кузнецова")
    payload = {
        "kind": "complaint",
        "channel": "web",
        "description": "Роутер не работает третью неделю, мастер не пришёл.",
        "customer": customer,
        "external_ref": f"letters-{uuid.uuid4().hex}",
    }
    result = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert result["promised_date"] and result["responsible"]
    (letter,) = _deliver(admin, smtp, customer["email"])
    _assert_company_sender(letter, company)
    subject, text = str(letter["Subject"]), _text(letter)
    print(f"\n[letter] complaint commitment: {subject}")
    assert CYRILLIC.search(subject), subject
    promised = datetime.strptime(result["promised_date"], "%Y-%m-%d %H:%M:%S")
    # the date as the customer reads it (Moscow time, Russian format)
    local = promised + timedelta(hours=3)
    assert local.strftime("%d.%m.%Y") in text, text
    assert result["responsible"] in text, text
    assert "почт" in text.lower(), text  # the result channel: «Эл. почта»
    assert "эскал" in text.lower() or "руководител" in text.lower(), text
    # exactly once: the retried call sends nothing new
    again = operator.call("helpdesk.ticket", "cs_submit_feedback", payload)
    assert again["duplicate"] is True and again["id"] == result["id"]
    time.sleep(1)
    _flush_queue(admin)
    assert len(smtp.to(customer["email"])) == 1


def test_delay_explanation_reaches_the_customer(connect, admin, smtp, company):
    operator = connect("cs_operator")
    customer = _customer("Игорь Волков")
    result = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        {
            "kind": "complaint",
            "channel": "email",
            "description": "Счёт выставлен дважды за один месяц.",
            "customer": customer,
        },
    )
    _deliver(admin, smtp, customer["email"])  # the commitment
    new_date = datetime.strptime(
        result["promised_date"], "%Y-%m-%d %H:%M:%S"
    ) + timedelta(days=5)
    wizard = operator.call(
        "cs.promise.change.wizard",
        "create",
        {
            "ticket_id": result["id"],
            "new_date": new_date.strftime("%Y-%m-%d %H:%M:%S"),
            "reason": "Ждём ответа от банка по двойному списанию.",
        },
    )
    operator.call("cs.promise.change.wizard", "action_apply", [wizard])
    letters = _deliver(admin, smtp, customer["email"], count=2)
    delay = letters[-1]
    _assert_company_sender(delay, company)
    subject, text = str(delay["Subject"]), _text(delay)
    print(f"\n[letter] delay explanation: {subject}")
    assert CYRILLIC.search(subject), subject
    assert "Ждём ответа от банка" in text, text
    assert (new_date + timedelta(hours=3)).strftime("%d.%m.%Y") in text, text


def test_thanks_decision_from_a_supervisor_without_email(connect, admin, smtp, company):
    operator, supervisor = connect("cs_operator"), connect("cs_supervisor")
    # the supervisor pressing the button has no e-mail address: the letter still
    # goes, from the company
    admin.call("res.users", "write", [supervisor.uid], {"email": False})
    employee = admin.search_read(
        "hr.employee", [("name", "=", "Анна Смирнова")], ["id"]
    )
    customer = _customer("Пётр Сидоров")
    result = operator.call(
        "helpdesk.ticket",
        "cs_submit_feedback",
        {
            "kind": "thanks",
            "channel": "web",
            "description": "Спасибо Анне Смирновой за быструю помощь с роутером!",
            "customer": customer,
            "employee_ids": [employee[0]["id"]],
        },
    )
    praise = supervisor.search_read(
        "cs.feedback.praise", [("ticket_id", "=", result["id"])], ["id"]
    )
    supervisor.call("cs.feedback.praise", "action_reward", [praise[0]["id"]], points=10)
    (letter,) = _deliver(admin, smtp, customer["email"])
    _assert_company_sender(letter, company)
    subject, text = str(letter["Subject"]), _text(letter)
    print(f"\n[letter] thanks decision: {subject}")
    assert CYRILLIC.search(subject), subject
    assert "Анн" in text, text


def test_agency_direct_payment_notice(connect, admin, smtp, company):
    handoff, debtor, _contract = new_handoff(admin, handed=True, pay=True)
    agency = admin.call("cs.debt.handoff", "read", [handoff], ["agency_id", "name"])[0]
    agency_email = admin.call(
        "res.partner", "read", [agency["agency_id"][0]], ["email"]
    )[0]["email"]
    assert agency_email, "the demo agency needs an e-mail address"
    debt_user = connect("debt_user")
    # the collections user pressing the button has no e-mail address
    admin.call("res.users", "write", [debt_user.uid], {"email": False})
    notices = debt_user.search_read(
        "cs.debt.payment.notice",
        [("handoff_id", "=", handoff), ("state", "=", "to_notify")],
        ["id"],
    )
    assert notices, "the payment of a handed-over debtor must make a notice"
    before = len(smtp.to(agency_email))
    assert (
        debt_user.call(
            "cs.debt.payment.notice", "action_notify_now", [n["id"] for n in notices]
        )
        is True
    )
    letters = _deliver(admin, smtp, agency_email, count=before + 1)
    letter = letters[-1]
    _assert_company_sender(letter, company)
    subject, text = str(letter["Subject"]), _text(letter)
    print(f"\n[letter] agency direct-payment notice: {subject}")
    assert agency["name"] in subject + text, (subject, text)
    assert CYRILLIC.search(subject), subject
    _flush_queue(admin)
    assert len(smtp.to(agency_email)) == before + 1, "notified exactly once"
