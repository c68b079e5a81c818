"""Campaign detection, the ORM side: each review's text signature, the stored
reviews around a batch, and the campaigns they form (``cs.review.campaign``).

The text rules (lemmas, shingles, MinHash, the pair decision, the groups and their
messages) are in ``lib/campaign``. Every creation and every change of a text, a
rating or a date runs the detection once for the whole recordset: an import batch
is one run, whose cost follows the reviews within the window of its dates, never
the history.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..lib import campaign as lib
from .cs_review_campaign import PENALISED_STATES

CAMPAIGN_FIELDS = {
    "campaign_signature",
    "campaign_id",
    "campaign_reason",
    "campaign_similarity",
}
# stored reviews a run of the detection compares with, at most (the nearest in time)
CAMPAIGN_WINDOW_ROWS = 2000
# a change of one of these may make or unmake a campaign
CAMPAIGN_INPUTS = {"body", "rating", "published_at", "platform_id"}


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    campaign_signature = fields.Char(
        compute="_compute_campaign_signature",
        store=True,
        prefetch=False,
        copy=False,
        groups="base.group_system",
        help="Lemmas and MinHash of the text (lib/campaign), kept so that a batch "
        "never analyses the stored reviews again.",
    )
    campaign_id = fields.Many2one(
        "cs.review.campaign",
        string="Campaign",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        readonly=True,
    )
    campaign_state = fields.Selection(
        related="campaign_id.state", string="Campaign State"
    )
    campaign_reason = fields.Char(string="Campaign Evidence", readonly=True, copy=False)
    campaign_similarity = fields.Float(readonly=True, copy=False)

    def init(self):
        res = super().init()
        # the reviews around a batch's dates (_campaign_rows)
        create_index(
            self.env.cr,
            "cs_public_review_campaign_index",
            self._table,
            ["company_id", "published_at"],
            where="campaign_signature IS NOT NULL",
        )
        return res

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | CAMPAIGN_FIELDS

    @api.depends("body")
    def _compute_campaign_signature(self):
        for review in self:
            review.campaign_signature = (
                lib.signature(review.body) if review.body else False
            )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._detect_campaigns()
        return reviews

    def write(self, vals):
        res = super().write(vals)
        if CAMPAIGN_INPUTS & vals.keys():
            self._detect_campaigns()
        return res

    # ----------------------------------------------------------------- detection

    def _detect_campaigns(self):
        """Find the campaigns these reviews make with each other and with the
        stored reviews within the window of their dates; create, extend or merge
        them. Internal: runs with sudo() after the caller's create or write."""
        reviews = self.sudo().filtered(
            lambda r: r.published_at and r.campaign_signature
        )
        for company, records in reviews.grouped("company_id").items():
            records._detect_campaigns_of(company)

    def _campaign_lock(self, company):
        """Serialise the detection per company: a concurrent import of the same
        company that committed first makes this update fail with a serialization
        error, and Odoo retries the request, which then sees its reviews (no
        campaign is created twice, none is missed)."""
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET cs_review_campaign_scan_at = now() "
                "WHERE id = %s",
                company.id,
            )
        )

    def _campaign_rows(self, window, company):
        """The reviews of ``company`` within ``window`` of our dates (ours
        included), as ``lib.campaign.find_campaigns`` takes them: one query on
        the (company_id, published_at) index. At most CAMPAIGN_WINDOW_ROWS stored
        reviews, the nearest in time to the middle of our dates: where more are
        published within the window, the comparison spans a shorter time, and the
        cost stays that of the cap."""
        self.flush_model(
            [
                "campaign_signature",
                "campaign_id",
                "published_at",
                "company_id",
                "rating",
                "body",
            ]
        )
        dates = sorted(self.mapped("published_at"))
        start, end = dates[0] - window, dates[-1] + window
        middle = dates[0] + (dates[-1] - dates[0]) / 2
        columns = SQL(
            "r.id, r.platform_id, r.published_at, r.rating, r.campaign_id, "
            "r.campaign_signature, r.body, r.external_id"
        )
        where = SQL(
            "r.company_id = %s AND r.campaign_signature IS NOT NULL "
            "AND r.id != ALL(%s)",
            company.id,
            self.ids,
        )
        self.env.cr.execute(
            SQL(
                "(SELECT %(c)s FROM cs_public_review r WHERE %(w)s "
                "AND r.published_at BETWEEN %(start)s AND %(middle)s "
                "ORDER BY r.published_at DESC LIMIT %(cap)s) "
                "UNION "
                "(SELECT %(c)s FROM cs_public_review r WHERE %(w)s "
                "AND r.published_at > %(middle)s AND r.published_at <= %(end)s "
                "ORDER BY r.published_at LIMIT %(cap)s) "
                "UNION "
                "(SELECT %(c)s FROM cs_public_review r WHERE r.id = ANY(%(ids)s) "
                "AND r.campaign_signature IS NOT NULL)",
                c=columns,
                w=where,
                start=start,
                middle=middle,
                end=end,
                cap=CAMPAIGN_WINDOW_ROWS,
                ids=self.ids,
            )
        )
        ours = set(self.ids)
        rows = self.env.cr.fetchall()
        stored = [row for row in rows if row[0] not in ours]
        if len(stored) > CAMPAIGN_WINDOW_ROWS:  # the nearest to our dates
            stored.sort(key=lambda row: abs(row[2] - middle))
            rows = [row for row in rows if row[0] in ours]
            rows += stored[:CAMPAIGN_WINDOW_ROWS]
        return [
            {
                "id": row[0],
                "platform": row[1],
                "published_at": row[2],
                "rating": row[3],
                "campaign_id": row[4],
                "signature": row[5],
                "text": row[6],
                "ref": row[7],
            }
            for row in rows
        ]

    def _detect_campaigns_of(self, company):
        hours = company.cs_review_campaign_window_hours
        candidates = [
            r
            for r in self
            if lib.eligible(r.campaign_signature.rsplit("|", 1)[-1].split())
        ]
        if not candidates:
            return
        self._campaign_lock(company)
        window = timedelta(hours=hours)
        for chunk in self._campaign_chunks(candidates, window):
            chunk._detect_campaigns_in(company, window)

    @api.model
    def _campaign_chunks(self, reviews, window):
        """The batch as runs of dates at most ``window`` long: each run reads at
        most CAMPAIGN_WINDOW_ROWS stored reviews within ``window`` of it, whatever
        the spread of the batch's dates. Later runs see what earlier ones found
        (flushed before they read)."""
        chunks, current = [], []
        for review in sorted(reviews, key=lambda r: (r.published_at, r.id)):
            if current and review.published_at - current[0].published_at > window:
                chunks.append(current)
                current = []
            current.append(review)
        chunks.append(current)
        return [self.browse([r.id for r in chunk]) for chunk in chunks]

    def _detect_campaigns_in(self, company, window):
        rows = self._campaign_rows(window, company)
        ours = set(self.ids)
        hours = window.total_seconds() / 3600
        groups = lib.find_campaigns(
            [row for row in rows if row["id"] in ours],
            [row for row in rows if row["id"] not in ours],
            window_hours=hours,
            min_members=company.cs_review_campaign_min_members,
            min_platforms=company.cs_review_campaign_min_platforms,
        )
        if not groups:
            return
        platforms = (
            self.env["cs.review.platform"]
            .sudo()
            .browse({m["platform"] for g in groups for m in g["members"]})
        )
        names = {p.id: p.name for p in platforms}
        lang = company.partner_id.lang or self.env.lang
        for group in groups:
            group["platforms"] = sorted({names[p] for p in group["platforms"]})
            for member in group["members"]:
                member["platform"] = names[member["platform"]]
            self._apply_campaign(company, group, lang)

    def _apply_campaign(self, company, group, lang):
        Campaign = self.env["cs.review.campaign"].sudo().with_context(lang=lang)
        env = Campaign.env
        values = {
            "score": group["score"],
            "shared_phrases": "\n".join(group["shared_phrases"]) or False,
            "evidence_summary": lib.evidence_summary(group, lang),
        }
        merged = Campaign.browse(group["merged_campaign_ids"])
        if group["campaign_id"]:
            campaign = Campaign.browse(group["campaign_id"])
            campaign.write(values)
            joined = [
                m["id"] for m in group["members"] if m["campaign_id"] != campaign.id
            ]
            message = env._("%(count)s reviews joined the campaign.", count=len(joined))
        else:
            # the detection message below says what happened; no "created" line
            campaign = Campaign.with_context(mail_create_nolog=True).create(
                dict(values, company_id=company.id)
            )
            message = env._(
                "Campaign detected: %(count)s reviews with nearly the same text.",
                count=len(group["member_ids"]),
            )
        for member in group["members"]:
            self.browse(member["id"]).write(
                {
                    "campaign_id": campaign.id,
                    "campaign_similarity": member["similarity"],
                    "campaign_reason": lib.member_reason(group, member["id"], lang),
                }
            )
        if merged:
            # members outside this window follow their campaign too
            merged.review_ids.write({"campaign_id": campaign.id})
            merged.write({"state": "merged", "merged_into_id": campaign.id})
            for old in merged:
                old.message_post(
                    body=env._("Merged into %(name)s.", name=campaign.display_name)
                )
            message += " " + env._(
                "Merged with %(names)s.", names=", ".join(merged.mapped("display_name"))
            )
        campaign.message_post(body=message)
        members = self.browse(group["member_ids"])
        members._mark_authenticity_to_compute()

    # ------------------------------------------------------------------- scoring

    def _score_campaign(self, penalty):
        """``(points, reason line)`` of the campaign this review belongs to, or
        None. ``penalty`` 0 is the shadow mode: the line is shown, the score kept."""
        self.ensure_one()
        if not self.campaign_id or self.campaign_id.state not in PENALISED_STATES:
            return None
        reason = self.campaign_reason or self.campaign_id.display_name
        return -penalty, f"{-penalty if penalty else 0} {reason}"
