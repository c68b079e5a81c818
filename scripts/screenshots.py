"""Take the README screenshots from a running demo (make run) with headless Chromium.

    <cache>/venv/bin/python scripts/screenshots.py [URL] [DB] [NAME ...]

URL defaults to http://127.0.0.1:8069, DB to cs_demo (what `make screenshots` passes).

Logs in over JSON-RPC, hands the session cookie to Chromium through the DevTools
protocol, opens each page and saves docs/screenshots/<name>.png.  The demo users
speak Russian (their lang is ru_RU); public pages get the ``frontend_lang`` cookie
the language switch sets.  Give shot names after the database to retake only those.

A shot whose record must be found first (a review with its drafted reply, a handoff
whose check failed) looks it up over JSON-RPC as the shot's user; when the demo has
none yet it runs the user's own action once (choose a branch, press Check) -- the
same click a user would make -- so the shot is retaken the same way on every run.
A shot that fails is reported and the others are still taken (exit status 1).
"""

import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
LANG = "ru_RU"
WIDTH = 1366
HEIGHT = 800
REVIEWS = "/odoo/action-cs_public_reviews.cs_public_review_action"


@dataclass
class Shot:
    """One screenshot.

    path: the URL path, or a function (rpc) -> path that finds the record to show.
    selector: CSS selector to wait for before the shot (and before ``click``).
    click: CSS selector of an element to click once ``selector`` is there (a button
        that opens a wizard, a tab); then ``wait`` is waited for.
    scroll: CSS selector of an element to scroll into view before the shot.
    height: viewport height for this shot (a long form).
    """

    name: str
    login: str | None
    path: object
    selector: str
    click: str | None = None
    wait: str | None = None
    scroll: str | None = None
    height: int = HEIGHT


class Rpc:
    """A JSON-RPC session of one demo login (password = login)."""

    def __init__(self, url, db, login):
        self.url = url
        self.session, self.context = session_cookie(url, db, login)

    def call(self, model, method, *args, **kwargs):
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": list(args),
                    # the user's language: texts an action records (check
                    # failures, the draft notice) are written in it
                    "kwargs": {"context": self.context, **kwargs},
                },
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            body,
            {
                "Content-Type": "application/json",
                "Cookie": f"session_id={self.session}",
            },
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise RuntimeError(f"{model}.{method}: {data.get('message') or answer}")
        return answer["result"]

    def search(self, model, domain, order="id", limit=1):
        return self.call(model, "search", domain, order=order, limit=limit)


def _review_with_draft(rpc):
    """A negative review to reply to whose branch filled the draft reply."""
    found = rpc.search(
        "cs.public.review",
        [("state", "=", "to_reply"), ("reply_draft_note", "!=", False)],
    )
    if not found:
        # one without a reply yet, so the branch's template fills the draft
        domain = [("state", "=", "to_reply"), ("branch", "=", False)]
        candidates = rpc.search(
            "cs.public.review",
            [*domain, ("reply_ids", "=", False)],
            order="published_at desc, id",
        ) or rpc.search("cs.public.review", domain, order="published_at desc, id")
        if not candidates:
            raise RuntimeError("no review to reply to in the demo")
        rpc.call("cs.public.review", "action_set_branch_unfounded", candidates)
        found = candidates
    return f"{REVIEWS}/{found[0]}"


def _campaign(rpc):
    """The demo's coordinated campaign (three reworded reviews on three platforms)."""
    found = rpc.search("cs.review.campaign", [("state", "!=", "merged")])
    if not found:
        raise RuntimeError("no review campaign in the demo")
    return f"/odoo/action-cs_public_reviews.cs_review_campaign_action/{found[0]}"


def _review_suspicious(rpc):
    """A review whose authenticity score has reasons (suspicious or fake first)."""
    found = rpc.search(
        "cs.public.review",
        [
            ("verdict", "in", ("suspicious", "fake")),
            ("authenticity_reasons", "!=", False),
        ],
        order="authenticity_score, id",
    ) or rpc.search("cs.public.review", [("authenticity_reasons", "!=", False)])
    if not found:
        raise RuntimeError("no review with authenticity reasons in the demo")
    return f"{REVIEWS}/{found[0]}"


def _handoff_failed_check(rpc):
    """A draft handoff whose check fails: Check is pressed again (as a user would,
    and so the failures are recorded in the user's language)."""
    model = "cs.debt.handoff"
    drafts = rpc.call(
        model,
        "search_read",
        [("state", "=", "draft")],
        ["guard_result"],
        order="id",
        limit=20,
    )
    # only one whose checks fail now (a passing Check would move it on)
    found = [draft["id"] for draft in drafts if draft["guard_result"]][:1]
    if found:
        rpc.call(model, "action_check", found)
    if not found:
        raise RuntimeError("no draft handoff fails its check in the demo")
    return f"/odoo/action-cs_debt_handoff.cs_debt_handoff_action/{found[0]}"


def _praise_to_decide(rpc):
    """A thanks waiting for the supervisor's reward decision."""
    found = rpc.search("cs.feedback.praise", [("state", "=", "to_review")])
    if not found:
        raise RuntimeError("no thanks awaits a reward decision in the demo")
    return f"/odoo/action-cs_feedback.cs_feedback_praise_action/{found[0]}"


SHOTS = [
    Shot("public_thanks", None, "/cs/thanks", "#cs_thanks"),
    Shot("public_faq", None, "/cs/faq", "#cs_faq"),
    Shot(
        "complaints_kanban",
        "cs_operator",
        "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action",
        ".o_kanban_record",
    ),
    # default filter "My open complaints", sorted and coloured by promised date
    Shot(
        "complaints_my_open",
        "cs_operator",
        "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action?view_type=list",
        ".o_data_row",
    ),
    Shot(
        "praise_to_review",
        "cs_supervisor",
        "/odoo/action-cs_feedback.cs_feedback_praise_action",
        ".o_data_row",
    ),
    Shot(
        "thanks_decision_wizard",
        "cs_supervisor",
        _praise_to_decide,
        ".o_form_view button[name=action_open_decision_wizard]",
        click=".o_form_view button[name=action_open_decision_wizard]",
        wait=".modal .o_form_view",
        height=900,
    ),
    Shot(
        "complaint_analysis",
        "cs_supervisor",
        "/odoo/action-cs_feedback.helpdesk_ticket_complaint_analysis_action",
        ".o_pivot table, .o_view_nocontent",
    ),
    Shot(
        "legal_sign_off",
        "cs_legal",
        "/odoo/action-cs_feedback.helpdesk_ticket_legal_sign_off_action",
        ".o_data_row, .o_view_nocontent",
    ),
    Shot(
        "handoffs",
        "debt_manager",
        "/odoo/action-cs_debt_handoff.cs_debt_handoff_action",
        ".o_kanban_record, .o_data_row",
    ),
    Shot(
        "handoff_failed_check",
        "debt_manager",
        _handoff_failed_check,
        ".o_form_view div[name=check_failures] button[name^=action_fix_]",
        height=900,
    ),
    Shot(
        "agency_scorecard",
        "debt_manager",
        "/odoo/action-cs_debt_handoff.cs_debt_agency_scorecard_action",
        ".o_pivot table, .o_data_row, .o_graph_renderer",
    ),
    Shot(
        "agency_scorecard_list",
        "debt_manager",
        "/odoo/action-cs_debt_handoff.cs_debt_agency_scorecard_action?view_type=list",
        ".o_data_row",
    ),
    Shot(
        "reviews_kanban",
        "review_responder",
        REVIEWS,
        ".o_kanban_record",
    ),
    Shot(
        "review_draft_reply",
        "review_responder",
        _review_with_draft,
        ".o_form_view .alert .o_field_widget[name=reply_draft_note]",
        click=".o_form_view .o_notebook_headers a.nav-link[name=replies]",
        wait=".o_form_view .o_field_widget[name=reply_ids] .o_data_row",
        height=1100,
    ),
    Shot(
        "review_authenticity",
        "review_responder",
        _review_suspicious,
        ".o_form_view div[name=score_explanation]",
        scroll=".o_form_view div[name=score_explanation]",
        height=1000,
    ),
    Shot(
        "review_campaign",
        "review_manager",
        _campaign,
        ".o_form_view .o_field_widget[name=review_ids] .o_data_row",
        click=".o_form_view .o_notebook_headers a.nav-link[name=evidence]",
        wait=".o_form_view .o_field_widget[name=evidence_summary]",
        height=1000,
    ),
    Shot(
        "review_platforms",
        "review_manager",
        "/odoo/action-cs_public_reviews.cs_review_platform_action",
        ".o_data_row",
    ),
]


def session_cookie(url, db, login):
    body = json.dumps(
        {"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": login}}
    ).encode()
    request = urllib.request.Request(
        f"{url}/web/session/authenticate", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
        cookies = response.headers.get_all("Set-Cookie") or []
    context = (answer.get("result") or {}).get("user_context") or {}
    for header in cookies:
        if header.startswith("session_id=") and context:
            return header.split(";", 1)[0].split("=", 1)[1], context
    raise RuntimeError(f"login {login} failed")


class Chrome:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="cs-shots-")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--remote-debugging-port=9333",
             f"--window-size={WIDTH},{HEIGHT}", f"--lang={LANG.replace('_', '-')}",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        target = None
        for _ in range(50):
            try:
                with urllib.request.urlopen(
                    "http://127.0.0.1:9333/json", timeout=2
                ) as r:
                    target = next(
                        t for t in json.loads(r.read()) if t["type"] == "page"
                    )
                    break
            except (OSError, StopIteration):
                time.sleep(0.2)
        if target is None:
            self.close()
            raise RuntimeError("Chromium did not start (DevTools port 9333)")
        self.ws = websocket.create_connection(
            target["webSocketDebuggerUrl"], timeout=60
        )
        self.seq = 0

    def send(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.seq:
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                time.sleep(1.0)  # let fonts and charts settle
                return True
            time.sleep(0.3)
        return False

    def click(self, selector):
        return self.evaluate(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (el) { el.click(); } return !!el; })()"
        )

    def resize(self, height):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def take(chrome, url, db, shot):
    """Take one shot; returns a list of problems (empty when all went well)."""
    problems = []
    chrome.send("Network.clearBrowserCookies")
    chrome.send("Network.setCookie", name="frontend_lang", value=LANG, url=url)
    path = shot.path
    if shot.login:
        rpc = Rpc(url, db, shot.login)
        chrome.send("Network.setCookie", name="session_id", value=rpc.session, url=url)
        if callable(path):
            path = path(rpc)
    chrome.resize(shot.height)
    chrome.send("Page.navigate", url=f"{url}{path}")
    if not chrome.wait_for(shot.selector):
        problems.append(f"{shot.selector} never appeared on {path}")
    if shot.click and not problems:
        if not chrome.click(shot.click):
            problems.append(f"nothing to click at {shot.click}")
        elif shot.wait and not chrome.wait_for(shot.wait):
            problems.append(f"{shot.wait} never appeared after the click")
    if shot.scroll:
        chrome.evaluate(
            f"document.querySelector({json.dumps(shot.scroll)})"
            "?.scrollIntoView({block: 'center'})"
        )
        time.sleep(0.5)
    # transient toasts ("page is out of date" after an update) hide the view
    chrome.evaluate(
        "document.querySelectorAll('.o_notification').forEach(e => e.remove())"
    )
    if chrome.evaluate("document.documentElement.lang || ''").split("-")[0] not in (
        "ru",
        "",
    ):
        problems.append("the page is not in Russian (html lang)")
    data = chrome.send("Page.captureScreenshot", format="png")["data"]
    (OUT / f"{shot.name}.png").write_bytes(base64.b64decode(data))
    return problems


def main(url="http://127.0.0.1:8069", db="cs_demo", *names):
    OUT.mkdir(parents=True, exist_ok=True)
    unknown = set(names) - {shot.name for shot in SHOTS}
    if unknown:
        sys.exit(f"unknown shot(s): {', '.join(sorted(unknown))}")
    failed = []
    chrome = Chrome()
    try:
        chrome.send("Network.enable")
        for shot in SHOTS:
            if names and shot.name not in names:
                continue
            try:
                problems = take(chrome, url, db, shot)
            except Exception as error:  # noqa: BLE001 - report it, take the others
                problems = [f"{type(error).__name__}: {error}"]
            if problems:
                failed.append(shot.name)
                print(f"{shot.name}: {'; '.join(problems)}", file=sys.stderr)
            else:
                print(OUT / f"{shot.name}.png")
    finally:
        chrome.close()
    if failed:
        sys.exit(f"{len(failed)} shot(s) to look at: {', '.join(failed)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
