"""Take the README screenshots from a running demo (make run) with headless Chromium.

    <cache>/venv/bin/python scripts/screenshots.py [http://127.0.0.1:8069] [cs_demo]

Logs in over JSON-RPC, hands the session cookie to Chromium through the DevTools
protocol, opens each page and saves docs/screenshots/<name>.png.
"""

import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"

# (file name, login or None for public, path, CSS selector to wait for)
SHOTS = [
    ("public_thanks", None, "/cs/thanks", "#cs_thanks"),
    (
        "complaints_kanban",
        "cs_operator",
        "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action",
        ".o_kanban_record",
    ),
    (
        "praise_to_review",
        "cs_supervisor",
        "/odoo/action-cs_feedback.cs_feedback_praise_action",
        ".o_data_row",
    ),
    (
        "handoffs",
        "debt_manager",
        "/odoo/action-cs_debt_handoff.cs_debt_handoff_action",
        ".o_kanban_record, .o_data_row",
    ),
    (
        "agency_scorecard",
        "debt_manager",
        "/odoo/action-cs_debt_handoff.cs_debt_agency_scorecard_action",
        ".o_pivot, .o_data_row, .o_graph_renderer",
    ),
    (
        "reviews_kanban",
        "review_responder",
        "/odoo/action-cs_public_reviews.cs_public_review_action",
        ".o_kanban_record",
    ),
    (
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
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("session_id="):
                return header.split(";", 1)[0].split("=", 1)[1]
    raise RuntimeError(f"login {login} failed")


class Chrome:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="cs-shots-")
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--remote-debugging-port=9333", "--window-size=1366,800",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
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

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.send(
                "Runtime.evaluate",
                expression=f"!!document.querySelector({json.dumps(selector)})",
                returnByValue=True,
            )
            if found.get("result", {}).get("value"):
                time.sleep(1.0)  # let fonts and charts settle
                return True
            time.sleep(0.3)
        return False

    def close(self):
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main(url="http://127.0.0.1:8069", db="cs_demo"):
    OUT.mkdir(parents=True, exist_ok=True)
    chrome = Chrome()
    try:
        chrome.send("Network.enable")
        for name, login, path, selector in SHOTS:
            chrome.send("Network.clearBrowserCookies")
            if login:
                chrome.send(
                    "Network.setCookie",
                    name="session_id",
                    value=session_cookie(url, db, login),
                    url=url,
                )
            chrome.send("Page.navigate", url=f"{url}{path}")
            if not chrome.wait_for(selector):
                print(f"{name}: {selector} never appeared", file=sys.stderr)
            # transient toasts ("page is out of date" after an update) hide the view
            chrome.send(
                "Runtime.evaluate",
                expression="document.querySelectorAll('.o_notification')"
                ".forEach(e => e.remove())",
            )
            shot = chrome.send("Page.captureScreenshot", format="png")
            (OUT / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            print(OUT / f"{name}.png")
    finally:
        chrome.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
