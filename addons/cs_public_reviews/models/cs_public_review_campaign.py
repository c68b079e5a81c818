"""Campaign detection, the ORM side: each review's text signature, the stored
reviews around a batch, and the campaigns they form (``cs.review.campaign``).

The text rules (lemmas, shingles, MinHash, the pair decision, the groups and their
messages) are in ``lib/campaign``. Every creation and every change of a text, a
rating or a date runs the detection once for the whole recordset: an import batch
is one run. Its stored candidates come from the band index (BAND_TABLE: the LSH
bands of every review, by company, band and date): a batch reads only the reviews
sharing MIN_SHARED_BANDS bands with one of its reviews within the window of that
review's date, at most CAMPAIGN_BAND_ROWS per band: what it reads follows the batch
and the reviews that resemble it, not the history.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..lib import campaign as lib
from .cs_review_campaign import PENALISED_STATES

CAMPAIGN_FIELDS = {
    "campaign_signature",
    "campaign_id",
    "campaign_reason",
    "campaign_similarity",
}
# stored reviews one band of one review proposes, at most (the earliest within the
# window): a band that more reviews share within days is a stock phrase, and its
# cost stays that of the cap
CAMPAIGN_BAND_ROWS = 20
# a change of one of these may make or unmake a campaign
CAMPAIGN_INPUTS = {"body", "rating", "published_at", "platform_id", "company_id"}

# The band index: one row per LSH band of each review that may take part (current
# signature version, at least MIN_LEMMAS distinct lemmas), so that a batch reads
# only the stored reviews sharing bands with it within the window of its dates;
# not an ORM model (64 rows a review: no id, no audit columns, no access rights;
# only the detection reads and writes it).
BAND_TABLE = "cs_public_review_band"
# the band keys of the reviews ``r`` selected by a condition, in SQL (the same
# integers as lib.campaign.band_keys): used by the detection, the migration and
# the bench's SQL-cloned data
BAND_ROWS_SQL = """
INSERT INTO cs_public_review_band (review_id, company_id, published_at, band)
SELECT r.id, r.company_id, r.published_at,
       ('x' || encode(substring(v.bytes FROM g * 8 + 1 FOR 8), 'hex'))::bit(64)::int8
  FROM cs_public_review r
  CROSS JOIN LATERAL (
      SELECT decode(split_part(r.campaign_signature, '|', 2), 'base64') AS bytes
  ) v
  CROSS JOIN generate_series(0, {bands} - 1) g
 WHERE ({where})
   AND r.published_at IS NOT NULL AND r.company_id IS NOT NULL
   AND split_part(r.campaign_signature, '|', 1) = '{version}'
   AND length(v.bytes) = {size}
   AND (SELECT count(DISTINCT w) FROM unnest(string_to_array(
          split_part(r.campaign_signature, '|', 3), ' ')) w WHERE w <> ''
       ) >= {min_lemmas}
"""


def band_rows_sql(where):
    """``BAND_ROWS_SQL`` for the reviews ``r`` matching the SQL condition ``where``."""
    return BAND_ROWS_SQL.format(
        where=where,
        bands=lib.LSH_BANDS,
        version=lib.SIGNATURE_VERSION,
        size=lib.NUM_PERM * 4,
        min_lemmas=lib.MIN_LEMMAS,
    )


# a review as lib.campaign.find_campaigns takes it, from _CAMPAIGN_COLUMNS' values
_ROW_KEYS = (
    "id",
    "platform",
    "published_at",
    "rating",
    "campaign_id",
    "signature",
    "text",
    "ref",
)


def _campaign_row(values):
    return dict(zip(_ROW_KEYS, values, strict=True))


def _delete_bands(ids):
    """The statement removing the band rows of the reviews ``ids``."""
    return SQL(
        "DELETE FROM %s WHERE review_id = ANY(%s)", SQL.identifier(BAND_TABLE), ids
    )


def _eligible(review):
    """Whether the review's stored signature may take part in a campaign."""
    signature = review.campaign_signature
    return bool(signature) and lib.eligible(signature.rsplit("|", 1)[-1].split())


def create_band_table(cr):
    """The band index's table and its two indexes (lookup by band within dates;
    the rows of a review, for its changes and its deletion). No foreign key: its
    check would cost a lookup per band row (a third of a batch's insert at
    1,000,000 reviews); ``unlink`` deletes the rows, and a row left by a deletion
    in SQL is harmless (the lookup reads only existing reviews)."""
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS cs_public_review_band (
            review_id integer NOT NULL,
            company_id integer NOT NULL,
            published_at timestamp NOT NULL,
            band bigint NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cs_public_review_band_lookup_index
            ON cs_public_review_band (company_id, band, published_at)
            INCLUDE (review_id);
        CREATE INDEX IF NOT EXISTS cs_public_review_band_review_index
            ON cs_public_review_band (review_id);
        """
    )


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
        create_band_table(self.env.cr)
        # the (company_id, published_at) index of 18.0.1.4.0's window query
        self.env.cr.execute("DROP INDEX IF EXISTS cs_public_review_campaign_index")
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
        # the batch is compared with itself in memory: its band rows are written
        # after the lookup, which then never meets them
        reviews._detect_campaigns()
        reviews._campaign_index_bands(new=True)
        return reviews

    def write(self, vals):
        res = super().write(vals)
        if CAMPAIGN_INPUTS & vals.keys():
            self._detect_campaigns()
            self._campaign_index_bands()
        return res

    def unlink(self):
        ids = self.ids
        res = super().unlink()  # its access checks first: a refusal keeps the rows
        self.env.cr.execute(_delete_bands(ids))
        return res

    def _campaign_index_bands(self, new=False):
        """Write the band rows of these reviews (after a creation, or a change of
        text, date or company): one statement, from their stored signatures;
        none when no text may take part and nothing was indexed before."""
        indexed = self.sudo().filtered(
            lambda r: r.published_at and r.company_id and _eligible(r)
        )
        if not indexed and new:
            return
        self.flush_model(["campaign_signature", "published_at", "company_id"])
        query = SQL(band_rows_sql("%s"), SQL("r.id = ANY(%s)", indexed.ids))
        if not indexed:
            query = _delete_bands(self.ids)
        elif not new:
            query = SQL("WITH gone AS (%s) %s", _delete_bands(self.ids), query)
        self.env.cr.execute(query)

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

    _CAMPAIGN_COLUMNS = (
        "r.id, r.platform_id, r.published_at, r.rating, r.campaign_id, "
        "r.campaign_signature, r.body, r.external_id"
    )

    def _campaign_neighbours(self, company, window, frontier, known):
        """The stored reviews of ``company`` sharing at least MIN_SHARED_BANDS
        bands with a review of ``frontier`` (``[(review, band keys)]``, as
        lib.campaign.find_campaigns asks) within ``window`` of its date: one query
        on the band index, at most CAMPAIGN_BAND_ROWS reviews per band of each
        review, whatever the history and the density of the window (``known``:
        ids already read)."""
        bands, slots, dates = [], [], []
        for slot, (review, keys) in enumerate(frontier, start=1):
            bands += keys
            slots += [slot] * len(keys)
            dates.append(review["published_at"])
        self.env.cr.execute(
            SQL(
                "SELECT %(columns)s FROM cs_public_review r WHERE r.id IN ("
                "SELECT c.review_id FROM unnest(%(bands)s::int8[], %(slots)s::int4[]) "
                "AS q(band, slot) CROSS JOIN LATERAL ("
                "SELECT b.review_id FROM %(table)s b WHERE b.company_id = %(company)s "
                "AND b.band = q.band AND b.published_at BETWEEN "
                "(%(dates)s::timestamp[])[q.slot] - %(window)s "
                "AND (%(dates)s::timestamp[])[q.slot] + %(window)s "
                "ORDER BY b.published_at LIMIT %(cap)s) c "
                "GROUP BY q.slot, c.review_id HAVING count(*) >= %(shared)s"
                ") AND r.id != ALL(%(known)s)",
                columns=SQL(self._CAMPAIGN_COLUMNS),
                bands=bands,
                slots=slots,
                table=SQL.identifier(BAND_TABLE),
                company=company.id,
                dates=dates,
                window=window,
                cap=CAMPAIGN_BAND_ROWS,
                shared=lib.MIN_SHARED_BANDS,
                known=list(known),
            )
        )
        rows = [_campaign_row(row) for row in self.env.cr.fetchall()]
        known.update(row["id"] for row in rows)
        return rows

    def _detect_campaigns_of(self, company):
        hours = company.cs_review_campaign_window_hours
        candidates = self.filtered(_eligible)
        if not candidates:
            return
        self._campaign_lock(company)
        ours = [
            _campaign_row(
                (
                    r.id,
                    r.platform_id.id,
                    r.published_at,
                    r.rating,
                    r.campaign_id.id,
                    r.campaign_signature,
                    r.body,
                    r.external_id,
                )
            )
            for r in candidates
        ]
        window = timedelta(hours=hours)
        known = set(candidates.ids)
        groups = lib.find_campaigns(
            ours,
            window_hours=hours,
            min_members=company.cs_review_campaign_min_members,
            min_platforms=company.cs_review_campaign_min_platforms,
            neighbours=lambda frontier: self._campaign_neighbours(
                company, window, frontier, known
            ),
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
