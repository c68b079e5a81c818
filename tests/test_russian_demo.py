"""Russian first (issue 9): the demo database speaks Russian.

The demo company is a Russian company (RUB, RU, Europe/Moscow), every demo login
(scripts/demo_logins.tsv) has a Cyrillic name, lang ru_RU and tz Europe/Moscow, the demo
customers have Cyrillic names and +7 phones, helpdesk stages read in Russian are
Russian, and the public thanks page is served in Russian to a Russian visitor.
"""

import re
import urllib.request
from html.parser import HTMLParser

import pytest
from conftest import demo_logins
from markupsafe import escape

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN = re.compile(r"[A-Za-z]")
LANG = "ru_RU"
TZ = "Europe/Moscow"

# the demo customers of the three addons (res.partner xmlids)
DEMO_CUSTOMERS = [
    "cs_feedback.partner_ivan",
    "cs_feedback.partner_olga",
    "cs_feedback.partner_maria",
    "cs_feedback.partner_alexey",
    "cs_feedback.partner_natalia",
    "cs_feedback.partner_viktor",
    "cs_feedback.partner_sergey",
    "cs_feedback.partner_elena",
    "cs_debt_handoff.demo_debtor_hospital",
    "cs_debt_handoff.demo_debtor_checked",
    "cs_debt_handoff.demo_debtor_paid",
    "cs_debt_handoff.demo_debtor_settled",
    "cs_debt_handoff.demo_debtor_recalled",
    "cs_debt_handoff.demo_debtor_disputed",
    "cs_debt_handoff.partner_agency_vozvrat",
    "cs_debt_handoff.partner_agency_sever",
    "cs_public_reviews.partner_demo_ivanov",
]


@pytest.fixture(scope="module")
def admin(connect):
    return connect("admin")


def _res_id(client, xmlid):
    module, name = xmlid.split(".", 1)
    rows = client.search_read(
        "ir.model.data",
        [("module", "=", module), ("name", "=", name)],
        ["res_id"],
    )
    assert rows, f"{xmlid} is missing from the demo database"
    return rows[0]["res_id"]


def _cyrillic_name(name):
    return bool(CYRILLIC.search(name or "")) and not LATIN.search(name or "")


def test_russian_is_active(admin):
    assert admin.search_count("res.lang", [("code", "=", LANG), ("active", "=", True)])


def test_main_company_is_russian(admin):
    company_id = _res_id(admin, "base.main_company")
    [company] = admin.call(
        "res.company",
        "read",
        [company_id],
        ["name", "currency_id", "country_id", "city", "zip", "street", "phone", "email"]
        + ["partner_id", "resource_calendar_id"],
    )
    assert company["currency_id"][1] == "RUB", company["currency_id"]
    [country] = admin.call("res.country", "read", [company["country_id"][0]], ["code"])
    assert country["code"] == "RU"
    assert CYRILLIC.search(company["name"]), company["name"]
    assert company["city"] == "Москва"
    assert company["zip"] and company["street"]
    assert company["phone"].startswith("+7"), company["phone"]
    assert company["email"]
    [partner] = admin.call(
        "res.partner", "read", [company["partner_id"][0]], ["lang", "tz"]
    )
    assert partner["lang"] == LANG
    assert partner["tz"] == TZ
    [calendar] = admin.call(
        "resource.calendar", "read", [company["resource_calendar_id"][0]], ["tz"]
    )
    assert calendar["tz"] == TZ


@pytest.mark.parametrize("login", [login for login, _addon, _role in demo_logins()])
def test_demo_user_is_russian(admin, connect, login):
    rows = admin.call(
        "res.users",
        "search_read",
        [("login", "=", login)],
        fields=["name", "lang", "tz"],
        context={"active_test": False},
    )
    assert rows, f"demo login {login} is missing"
    user = rows[0]
    assert _cyrillic_name(user["name"]), f"{login}: {user['name']!r}"
    assert user["lang"] == LANG, f"{login}: {user['lang']}"
    assert user["tz"] == TZ, f"{login}: {user['tz']}"
    # the login is unchanged: the suite still logs in with it
    assert connect(login).uid


@pytest.mark.parametrize("xmlid", DEMO_CUSTOMERS)
def test_demo_customer_is_russian(admin, xmlid):
    [partner] = admin.call(
        "res.partner",
        "read",
        [_res_id(admin, xmlid)],
        ["name", "phone", "city", "lang", "country_id"],
    )
    assert CYRILLIC.search(partner["name"]), f"{xmlid}: {partner['name']!r}"
    assert (partner["phone"] or "").startswith("+7"), f"{xmlid}: {partner['phone']!r}"
    assert CYRILLIC.search(partner["city"] or ""), f"{xmlid}: {partner['city']!r}"
    assert partner["lang"] == LANG, f"{xmlid}: {partner['lang']}"


def test_helpdesk_stage_names_are_russian(admin):
    stages = admin.call(
        "helpdesk.ticket.stage",
        "search_read",
        [],
        fields=["name"],
        context={"lang": LANG},
    )
    assert stages
    english = [stage["name"] for stage in stages if not _cyrillic_name(stage["name"])]
    assert not english, f"stages not in Russian: {english}"


class _TitleAndHeadings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts = {"title": "", "h1": "", "h2": ""}
        self._open = []

    def handle_starttag(self, tag, attrs):
        if tag in self.texts:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        for tag in self._open:
            self.texts[tag] += data


def _get_page(url, cookie=None):
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


@pytest.mark.parametrize(
    "path, cookie",
    [
        # the visitor's language (the cookie the language switch sets); without the
        # website module there is no /ru/ URL prefix
        ("/cs/thanks", f"frontend_lang={LANG}"),
        ("/cs/faq", f"frontend_lang={LANG}"),  # the reviews' public answers
    ],
)
def test_public_page_in_russian(odoo_server, path, cookie):
    parser = _TitleAndHeadings()
    parser.feed(_get_page(odoo_server.url + path, cookie))
    title = parser.texts["title"].strip()
    heading = (parser.texts["h1"] or parser.texts["h2"]).strip()
    assert CYRILLIC.search(title), f"<title> not in Russian: {title!r}"
    assert not LATIN.search(title.split("|")[0]), f"<title> not in Russian: {title!r}"
    assert CYRILLIC.search(heading), f"heading not in Russian: {heading!r}"
    assert not LATIN.search(heading), f"heading not in Russian: {heading!r}"


@pytest.mark.parametrize(
    "path, other",
    [("/ru/cs/thanks", "/cs/faq"), ("/ru/cs/faq", "/cs/thanks")],
)
def test_public_pages_show_the_company_and_link_each_other(
    admin, odoo_server, path, other
):
    """Issue 10: the public pages carry the company's name and logo and link to
    each other."""
    company_id = _res_id(admin, "base.main_company")
    [company] = admin.call("res.company", "read", [company_id], ["name"])
    page = _get_page(odoo_server.url + path)
    assert str(escape(company["name"])) in page, f"company name missing on {path}"
    assert f"/web/binary/company_logo?company={company_id}" in page, path
    assert f'href="{other}"' in page or f'href="/ru{other}"' in page, path
