"""Authenticity scoring, the ORM side: the lookups a score needs (employees,
company networks, paid invoices, bursts), the score and its reasons per review, the
verdict, and the manager's verdict that overrides it.

The plain rules (city names, IP addresses, score bounds, thresholds) are in
``lib/authenticity.py``; the burst windows in ``cs_public_review_burst.py``.
"""

import ipaddress
from datetime import timedelta

from odoo import api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.cs_base.tools import payload as P

from ..lib import authenticity as auth
from ..lib.burst import BurstIndex
from .cs_public_review import VERDICTS

# computed together by _compute_authenticity
AUTHENTICITY_FIELDS = [
    "authenticity_score",
    "authenticity_reasons",
    "verdict",
    "geo_city",
]
SET_VERDICT = P.Payload(
    P.obj(
        {
            "verdict": P.optional(P.choice(VERDICTS[1:])),
            "note": P.optional(P.text(255)),
        },
        required=["verdict"],
    )
)


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    @api.depends("author_email", "author_phone")
    def _compute_partner_id(self):
        """Match the author to a customer: e-mail first, then phone; two indexed
        queries per company (``res.partner._cs_match_contacts`` of cs_base)."""
        todo = self.filtered(
            lambda r: not r.partner_id and (r.author_email or r.author_phone)
        )
        Partner = self.env["res.partner"].sudo()
        for company, reviews in todo.grouped("company_id").items():
            by_email, by_phone = Partner._cs_match_contacts(
                emails={r.author_email for r in reviews if r.author_email},
                phones={r.author_phone for r in reviews if r.author_phone},
                company=company,
                exclude_employees=True,
            )
            for review in reviews:
                partner_id = by_email.get(review.author_email) or by_phone.get(
                    review.author_phone
                )
                if partner_id:
                    review.partner_id = partner_id

    @api.depends("rating", "verdict")
    def _compute_authentic_rating(self):
        for review in self:
            review.authentic_rating = (
                review.rating if review.verdict != "fake" else False
            )

    @api.depends(
        "author_ip",
        "author_city",
        "author_email",
        "author_phone",
        "partner_id",
        "published_at",
        "manual_verdict",
        "manual_verdict_note",
        "company_id",
        "campaign_id.state",
        "campaign_reason",
    )
    def _compute_authenticity(self):
        """Score the whole recordset with one lookup per criterion, never per row.

        Every lookup (employees, networks, invoices, bursts) is scoped to the
        review's company: another company's staff or network says nothing here.
        """
        for company, reviews in self.grouped("company_id").items():
            # the reasons are stored: write them in the company's language, not in
            # the language of whoever (or whichever import) caused the recompute
            lang = company.partner_id.lang or self.env.lang
            reviews.with_context(lang=lang)._compute_authenticity_of(company)

    def _cs_stored_text_env(self):
        """The environment whose language stored explanations are written in: the
        company's language (the staff who read them), whatever the caller's."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env

    def _compute_authenticity_of(self, company):
        lookups = self._prepare_authenticity_lookups(company)
        for review in self:
            score, reasons, signals, geo_city = review._score_authenticity(lookups)
            score = auth.clamp_score(score)
            review.authenticity_score = score
            review.geo_city = geo_city
            if review.manual_verdict:
                label = dict(VERDICTS)[review.manual_verdict]
                reasons.append(
                    self.env._(
                        "= Manual verdict: %(verdict)s%(note)s",
                        verdict=label,
                        note=(
                            f" ({review.manual_verdict_note})"
                            if review.manual_verdict_note
                            else ""
                        ),
                    )
                )
                review.verdict = review.manual_verdict
            else:
                review.verdict = auth.verdict_of(score, signals)
            review.authenticity_reasons = "\n".join(reasons) or False

    def _prepare_authenticity_lookups(self, company):
        """Everything the score needs for this recordset (all of ``company``), in a
        handful of queries."""
        # the City database is a file of the server: a system parameter, not a
        # company setting (see readme/CONFIGURE.md)
        ICP = self.env["ir.config_parameter"].sudo()
        window = self._burst_window(company)
        burst_min = company.cs_review_burst_min_reviews
        emails = {r.author_email.strip().lower() for r in self if r.author_email}
        phones = {auth.phone_digits(r.author_phone) for r in self} - {False}
        networks = [
            (net, ipaddress.ip_network(net.cidr, strict=False))
            for net in self.env["cs.review.network"]
            .sudo()
            .search([("company_id", "=", company.id)])
            if net._is_valid_cidr()
        ]
        return {
            "reader": auth.city_reader(
                ICP.get_param("cs_public_reviews.geoip_city_db") or None
            ),
            "employee_emails": self._employee_emails(emails, company),
            "employee_phones": self._employee_phones(phones, company),
            "networks": networks,
            "paid_partners": self._paid_partners(company),
            "burst": BurstIndex(self._burst_rows(window, company)),
            "burst_min": burst_min,
            "window_hours": window.total_seconds() / 3600,
            "campaign_penalty": company.cs_review_campaign_penalty,
        }

    def _employee_emails(self, emails, company):
        if not emails:
            return {}
        self.env["hr.employee"].flush_model(["work_email", "name", "company_id"])
        self.env.cr.execute(
            SQL(
                "SELECT lower(work_email), name FROM hr_employee "
                "WHERE active AND company_id = %s AND lower(work_email) IN %s",
                company.id,
                tuple(emails),
            )
        )
        return dict(self.env.cr.fetchall())

    def _employee_phones(self, phones, company):
        if not phones:
            return {}
        self.env["hr.employee"].flush_model(
            ["work_phone", "mobile_phone", "name", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT RIGHT(regexp_replace(work_phone, '\\D', '', 'g'), 10), "
                "RIGHT(regexp_replace(mobile_phone, '\\D', '', 'g'), 10), name "
                "FROM hr_employee WHERE active AND company_id = %(c)s AND "
                "(RIGHT(regexp_replace(work_phone, '\\D', '', 'g'), 10) IN %(p)s "
                "OR RIGHT(regexp_replace(mobile_phone, '\\D', '', 'g'), 10) IN %(p)s)",
                p=tuple(phones),
                c=company.id,
            )
        )
        result = {}
        for work, mobile, name in self.env.cr.fetchall():
            for value in (work, mobile):
                if value in phones:
                    result.setdefault(value, name)
        return result

    def _paid_partners(self, company):
        partners = self.partner_id
        if not partners or "account.move" not in self.env:
            return set()
        commercial = partners.sudo().commercial_partner_id
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("paid", "in_payment")),
                    ("commercial_partner_id", "in", commercial.ids),
                    ("company_id", "=", company.id),
                ],
                ["commercial_partner_id"],
            )
        )
        paid = {partner.id for [partner] in groups}
        return {p.id for p in partners.sudo() if p.commercial_partner_id.id in paid}

    def _score_authenticity(self, lookups):
        """(score, reason lines, has signals, IP city) of one review."""
        self.ensure_one()
        score, reasons, signals = auth.SCORE_BASE, [], False
        geo_city = False
        address = auth.parse_ip(self.author_ip)
        # 1. GeoIP vs stated city
        if address is not None:
            city, country = auth.lookup_city(lookups["reader"], str(address))
            # compared in English (same_city), shown in the staff's language
            geo_city = city and auth.local_city_name(
                lookups["reader"], str(address), self.env.lang
            )
            if not city:
                reasons.append(
                    self.env._("0 IP %(ip)s: no known location", ip=self.author_ip)
                )
            elif self.author_city and auth.same_city(self.author_city, city):
                score += 15
                signals = True
                reasons.append(
                    self.env._(
                        "+15 IP %(ip)s is in %(city)s, as stated",
                        ip=self.author_ip,
                        city=geo_city,
                    )
                )
            elif self.author_city:
                score -= 25
                signals = True
                reasons.append(
                    self.env._(
                        "-25 Stated city %(stated)s, but IP %(ip)s is in "
                        "%(city)s (%(country)s)",
                        stated=self.author_city,
                        ip=self.author_ip,
                        city=geo_city,
                        country=country or "?",
                    )
                )
        # 2. verified purchaser
        if self.partner_id:
            signals = True
            if self.partner_id.id in lookups["paid_partners"]:
                score += 30
                reasons.append(
                    self.env._(
                        "+30 Verified purchaser: the customer has a paid invoice"
                    )
                )
            else:
                score += 5
                reasons.append(self.env._("+5 Known customer, no paid invoice found"))
        # 3. insiders
        email = (self.author_email or "").strip().lower()
        if email and email in lookups["employee_emails"]:
            score -= 50
            signals = True
            reasons.append(
                self.env._(
                    "-50 Written from an employee's e-mail (%(email)s)", email=email
                )
            )
        digits = auth.phone_digits(self.author_phone)
        if digits and digits in lookups["employee_phones"]:
            score -= 50
            signals = True
            reasons.append(self.env._("-50 Written from an employee's phone"))
        if address is not None:
            for network, net in lookups["networks"]:
                if address.version == net.version and address in net:
                    score -= 50
                    signals = True
                    reasons.append(
                        self.env._(
                            "-50 IP %(ip)s is in the company network "
                            "%(name)s (%(cidr)s)",
                            ip=self.author_ip,
                            name=network.name,
                            cidr=network.cidr,
                        )
                    )
                    break
        # 4. bursts
        if self.author_subnet and self.published_at:
            window = timedelta(hours=lookups["window_hours"])
            near, same_ip = lookups["burst"].count(
                self.author_subnet, self.author_ip, self.published_at, window
            )
            if same_ip >= lookups["burst_min"]:
                score -= 40
                signals = True
                reasons.append(
                    self.env._(
                        "-40 Burst: %(count)s reviews from IP %(ip)s "
                        "within %(hours)s h",
                        count=same_ip,
                        ip=self.author_ip,
                        hours=round(lookups["window_hours"]),
                    )
                )
            elif near >= lookups["burst_min"]:
                score -= 40
                signals = True
                reasons.append(
                    self.env._(
                        "-40 Burst: %(count)s reviews from subnet %(subnet)s "
                        "within %(hours)s h",
                        count=near,
                        subnet=self.author_subnet,
                        hours=round(lookups["window_hours"]),
                    )
                )
        # 5. coordinated campaigns (cs_public_review_campaign.py)
        campaign = self._score_campaign(lookups["campaign_penalty"])
        if campaign:
            score += campaign[0]
            signals = True
            reasons.append(campaign[1])
        return score, reasons, signals, geo_city

    # --------------------------------------------------------------- constraints

    @api.constrains("author_ip")
    def _check_author_ip(self):
        for review in self:
            if review.author_ip and auth.parse_ip(review.author_ip) is None:
                raise ValidationError(
                    self.env._(
                        "Author IP: %(ip)s is not an IP address.", ip=review.author_ip
                    )
                )

    # ------------------------------------------------------------------- actions

    def action_set_verdict(self, verdict=False, note=False):
        """A manager's verdict overrides the computed one (``verdict`` False clears
        it). ``verdict``: authentic, suspicious or fake; ``note``: why."""
        self._check_group("cs_public_reviews.group_review_manager")
        data = SET_VERDICT.validate(self.env, {"verdict": verdict, "note": note})
        self.sudo().write(
            {
                "manual_verdict": data["verdict"] or False,
                "manual_verdict_note": (data["note"] or "").strip() or False,
            }
        )
        return True

    def action_recompute_authenticity(self):
        self._check_responder()
        self._mark_authenticity_to_compute()
        return True

    def _mark_authenticity_to_compute(self):
        """Recompute the authenticity of these reviews at the next flush, and of
        every stored field that depends on it (``authentic_rating``...):
        ``env.add_to_compute`` alone would leave those stale."""
        for fname in AUTHENTICITY_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        self.modified(AUTHENTICITY_FIELDS)
