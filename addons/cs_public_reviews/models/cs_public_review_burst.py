"""Burst re-scoring: the subnet of each review, the stored reviews around a batch
(per subnet, within the burst window of the review's company) and the re-scoring of
older reviews that new ones turn into a burst."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..lib import authenticity as auth
from ..lib.burst import merge_windows


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    def init(self):
        res = super().init()
        # burst windows: per subnet, a range of dates (_burst_rows)
        create_index(
            self.env.cr,
            "cs_public_review_burst_index",
            self._table,
            ["company_id", "author_subnet", "published_at"],
            where="author_subnet IS NOT NULL",
        )
        return res

    @api.depends("author_ip")
    def _compute_author_subnet(self):
        for review in self:
            review.author_subnet = auth.subnet_of(review.author_ip)

    def write(self, vals):
        res = super().write(vals)
        if "author_ip" in vals or "published_at" in vals:
            self._rescore_burst_neighbours()
        return res

    @api.model
    def _burst_window(self, company=None):
        """Reviews within ± this time of each other may make a burst (setting of
        ``company``, else of the current company)."""
        company = company or self.env.company
        return timedelta(hours=company.cs_review_burst_window_hours)

    def _burst_rows(self, window, company):
        """``(id, author_ip, author_subnet, published_at)`` of the reviews of
        ``company`` in the same subnet as one of ours and within ``window`` of its
        date: one query for the whole recordset.

        Each review asks for its own ±window; overlapping windows of a subnet are
        merged first (``lib.burst.merge_windows``), so a batch of reviews reads only
        what surrounds them. Served by the (company_id, author_subnet, published_at)
        index.
        """
        dates = defaultdict(list)
        for review in self:
            if review.author_subnet and review.published_at:
                dates[review.author_subnet].append(review.published_at)
        spans = merge_windows(dates, window)
        if not spans:
            return []
        self.flush_model(["author_subnet", "author_ip", "published_at", "company_id"])
        subnets, starts, ends = zip(*spans, strict=True)
        self.env.cr.execute(
            SQL(
                "SELECT r.id, r.author_ip, r.author_subnet, r.published_at "
                "FROM unnest(%s::varchar[], %s::timestamp[], %s::timestamp[]) "
                "AS w(subnet, start_at, end_at) "
                "JOIN cs_public_review r ON r.company_id = %s "
                "AND r.author_subnet = w.subnet "
                "AND r.published_at BETWEEN w.start_at AND w.end_at",
                list(subnets),
                list(starts),
                list(ends),
                company.id,
            )
        )
        return self.env.cr.fetchall()

    def _rescore_burst_neighbours(self):
        """New reviews may turn older ones from the same subnet into a burst: the
        stored reviews within the window of one of ours are scored again (one
        query per company), with everything that follows their verdict."""
        reviews = self.filtered(lambda r: r.author_subnet and r.published_at)
        if not reviews:
            return
        ids = set()
        for company, records in reviews.grouped("company_id").items():
            window = self._burst_window(company)
            ids |= {row[0] for row in records._burst_rows(window, company)}
        ids -= set(self.ids)
        if ids:
            self.browse(sorted(ids))._mark_authenticity_to_compute()
