"""The import API ``cs_import_reviews``: the monitoring tools' rows validated by
one schema, idempotent on (platform, external id), one result per row; bad rows are
reported and skipped, good rows kept."""

import ipaddress
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.cs_base.tools import payload as P
from odoo.addons.cs_base.tools.concurrency import retry_if_duplicate

_logger = logging.getLogger(__name__)

IMPORT_MAX_ROWS = 1000
# one row of cs_import_reviews; unknown keys are refused
IMPORT_ROW = P.Payload(
    P.obj(
        {
            # monitoring tools send their ids as text or as whole numbers
            "external_id": {"anyOf": [P.text(128), P.integer(0, 10**18)]},
            "author_name": P.optional(P.text(255)),
            "author_city": P.optional(P.text(255)),
            "author_ip": P.optional(P.text(45)),
            "published_at": P.optional(P.utc_datetime()),
            "rating": P.integer(1, 5),
            "body": P.optional(P.text(20000)),
            "url": P.optional(P.url()),
            "author_email": P.optional(P.email()),
            "author_phone": P.optional(P.text(32)),
            "author_reach": P.optional(P.integer(0)),
        },
        required=["external_id", "rating"],
    )
)
IMPORT_TEXT_KEYS = (
    "author_name",
    "author_city",
    "author_ip",
    "body",
    "url",
    "author_email",
    "author_phone",
)
PLATFORM_CODE = P.Payload(P.text(64), prefix="platform_code")
# fields compared to decide between "updated" and "unchanged"
IMPORT_FIELDS = [
    "external_id",
    "author_name",
    "author_city",
    "author_ip",
    "published_at",
    "rating",
    "body",
    "url",
    "author_email",
    "author_phone",
    "author_reach",
]


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    @api.model
    def cs_import_reviews(self, platform_code, rows):
        """Import reviews of one platform; idempotent on (platform, external id).

        Reserved to the import integration (``group_review_import``) and managers:
        the import role has no access to the models themselves, so the method
        checks the caller, then works with sudo() on the platforms of the caller's
        company only. At most 1,000 rows per call.

        Returns ``{"created", "updated", "unchanged", "errors", "results"}`` with one
        ``{"index", "id", "status", "error"}`` per row. Bad rows are reported and
        skipped; good rows are kept.
        """
        if not self.env.su and not (
            self.env.user.has_group("cs_public_reviews.group_review_import")
            or self.env.user.has_group("cs_public_reviews.group_review_manager")
        ):
            raise AccessError(
                self.env._("Only the review import integration may import reviews.")
            )
        company = self.env.company  # checked against the caller's companies
        code = PLATFORM_CODE.validate(self.env, platform_code).strip()
        platform = (
            self.env["cs.review.platform"]
            .sudo()
            .search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        )
        if not platform:
            raise ValidationError(
                self.env._(
                    "platform_code: unknown platform %(code)r.", code=platform_code
                )
            )
        checked = IMPORT_ROW.row_errors(
            self.env, rows, key="rows", max_rows=IMPORT_MAX_ROWS
        )
        results = [None] * len(checked)
        valid = {}  # external_id -> (index, vals)
        now = fields.Datetime.now().replace(microsecond=0)
        for index, row, error in checked:
            vals = False
            if not error:
                try:
                    vals = self._prepare_import_vals(index, row, now)
                except ValidationError as exc:
                    error = exc.args[0]
            if not error and vals["external_id"] in valid:
                error = self.env._(
                    "rows[%(index)s].external_id: %(ext)r appears twice in this batch.",
                    index=index,
                    ext=vals["external_id"],
                )
            if error:
                results[index] = self._import_result(index, False, "error", error)
                continue
            valid[vals["external_id"]] = (index, vals)

        Review = self.sudo()
        existing = {
            rec["external_id"]: rec
            for rec in Review.search_read(
                [("platform_id", "=", platform.id), ("external_id", "in", list(valid))],
                IMPORT_FIELDS,
            )
        }
        to_create = []
        for ext, (index, vals) in valid.items():
            current = existing.get(ext)
            if current is None:
                vals.setdefault("published_at", now)
                vals["platform_id"] = platform.id
                to_create.append((index, vals))
                continue
            changes = {
                key: value
                for key, value in vals.items()
                if (current[key] or False) != (value or False)
            }
            if not changes:
                results[index] = self._import_result(index, current["id"], "unchanged")
                continue
            try:
                with self.env.cr.savepoint():
                    Review.browse(current["id"]).write(changes)
                results[index] = self._import_result(index, current["id"], "updated")
            except (ValidationError, UserError, psycopg2.IntegrityError) as exc:
                results[index] = self._import_result(
                    index, False, "error", self._import_error(index, exc)
                )
        if to_create:
            self._import_create(to_create, results)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "errors": 0}
        for result in results:
            key = "errors" if result["status"] == "error" else result["status"]
            counts[key] += 1
        return dict(counts, results=results)

    @api.model
    def _import_error(self, index, exc):
        """A row's failure as a message; never a raw database text."""
        if isinstance(exc, ValidationError | UserError):
            return exc.args[0]
        _logger.info("review import: row %s refused by the database: %s", index, exc)
        return self.env._(
            "rows[%(index)s]: the review could not be stored (invalid values).",
            index=index,
        )

    def _import_create(self, to_create, results):
        """Create the new rows in one batch; on a bad row, one row at a time.

        A unique violation means a concurrent identical import created the same
        review first: ``retry_if_duplicate`` makes Odoo retry the whole request,
        which then finds the review and answers ``unchanged``.
        """
        Review = self.sudo().with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )
        try:
            with retry_if_duplicate(self.env.cr):
                records = Review.create([vals for _index, vals in to_create])
        except (ValidationError, UserError, psycopg2.IntegrityError):
            _logger.info("review import: batch create failed, retrying row by row")
            for index, vals in to_create:
                try:
                    with retry_if_duplicate(self.env.cr):
                        record = Review.create([vals])
                    results[index] = self._import_result(index, record.id, "created")
                except (ValidationError, UserError, psycopg2.IntegrityError) as exc:
                    results[index] = self._import_result(
                        index, False, "error", self._import_error(index, exc)
                    )
            return
        for (index, _vals), record in zip(to_create, records, strict=True):
            results[index] = self._import_result(index, record.id, "created")

    @api.model
    def _import_result(self, index, record_id, status, error=False):
        return {"index": index, "id": record_id, "status": status, "error": error}

    @api.model
    def _prepare_import_vals(self, index, row, now):
        """Field values of one row the schema accepted; cross-field checks here
        (ValidationError naming the key and the value)."""
        vals = {"external_id": str(row["external_id"]).strip(), "rating": row["rating"]}
        for key in IMPORT_TEXT_KEYS:
            value = row.get(key)
            vals[key] = value.strip() or False if isinstance(value, str) else False
        vals["author_reach"] = row.get("author_reach") or 0
        if vals["author_ip"]:
            try:
                vals["author_ip"] = str(ipaddress.ip_address(vals["author_ip"]))
            except ValueError:
                raise ValidationError(
                    self.env._(
                        "rows[%(index)s].author_ip: %(value)r is not an IP address.",
                        index=index,
                        value=vals["author_ip"],
                    )
                ) from None
        if row.get("published_at"):
            published = P.parse_utc_datetime(row["published_at"])
            if published > now + timedelta(minutes=5):
                raise ValidationError(
                    self.env._(
                        "rows[%(index)s].published_at: %(value)r is in the future.",
                        index=index,
                        value=row["published_at"],
                    )
                )
            vals["published_at"] = published
        return vals
