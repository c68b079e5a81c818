"""Review replies, core: the reply's fields, the checker before posting, what a
posted reply forbids, and posting. PR approval is in ``cs_review_reply_approval.py``;
the text checks themselves in ``lib/reply_check.py``."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.cs_base.tools import payload as P

from ..lib.reply_check import reply_problems

# audit and workflow fields: changed by the actions only (cs.guarded.mixin)
GUARDED_FIELDS = {
    "state",
    "approved_by_id",
    "approved_at",
    "posted_at",
    "posted_url",
    "submitted_by_id",
    "send_back_comment",
}
# a posted reply is the record of what the company said: nobody rewrites it
IMMUTABLE_WHEN_POSTED = GUARDED_FIELDS | {"body", "kind", "review_id"}
# changing these on an approved reply sends it back to PR
APPROVAL_RESET_FIELDS = {"body", "kind", "review_id"}

POSTED_URL = P.Payload(P.optional(P.url()), prefix="posted_url")


class CsReviewReply(models.Model):
    """A reply the company posts on the platform, under the review.

    It is checked before posting (apology first, no personal data) and, when the
    review is sensitive, approved by PR. Posting records when and where.
    """

    _name = "cs.review.reply"
    _description = "Review Reply"
    _inherit = ["mail.thread", "cs.guarded.mixin"]
    _order = "review_id, id"
    _check_company_auto = True

    review_id = fields.Many2one(
        comodel_name="cs.public.review",
        string="Review",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company", related="review_id.company_id", store=True
    )
    platform_id = fields.Many2one(
        comodel_name="cs.review.platform", related="review_id.platform_id", store=True
    )
    kind = fields.Selection(
        selection=[("first", "First Reply"), ("follow_up", "Follow-up")],
        required=True,
        default="first",
    )
    body = fields.Text(required=True, tracking=True)
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("posted", "Posted"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    needs_approval = fields.Boolean(related="review_id.is_sensitive")
    approved_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False, string="Approved By"
    )
    approved_at = fields.Datetime(string="Approved On", readonly=True, copy=False)
    submitted_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Sent for Approval By",
        readonly=True,
        copy=False,
    )
    send_back_comment = fields.Text(
        string="PR Comment",
        readonly=True,
        copy=False,
        help="Why PR sent the reply back to its author.",
    )
    posted_at = fields.Datetime(readonly=True, copy=False)
    posted_url = fields.Char(
        string="Posted URL",
        readonly=True,
        copy=False,
        help="Link to the reply on the platform; the review URL when left empty.",
    )
    check_result = fields.Text(
        string="Checker",
        compute="_compute_check_result",
        help="Why it cannot be posted.",
    )

    @api.depends("body", "state", "needs_approval")
    def _compute_check_result(self):
        for reply in self:
            problems = reply._get_check_problems()
            if reply.needs_approval and reply.state not in ("approved", "posted"):
                problems.append(
                    self.env._("The review is sensitive: a PR approval is required.")
                )
            reply.check_result = "\n".join(problems) or False

    def _get_check_problems(self):
        """What the checker finds in the text (empty list = fine)."""
        self.ensure_one()
        messages = {
            "no_apology": lambda value: self.env._(
                "The reply must open with an apology "
                "(«Извините», «Приносим извинения», «Просим прощения», sorry)."
            ),
            "email": lambda value: self.env._(
                "The reply carries an e-mail address: %(value)s", value=value
            ),
            "phone": lambda value: self.env._(
                "The reply carries a phone number: %(value)s", value=value
            ),
            "contract": lambda value: self.env._(
                "The reply carries a contract number: %(value)s", value=value
            ),
        }
        return [messages[code](value) for code, value in reply_problems(self.body)]

    # --------------------------------------------------------------------- CRUD

    @api.model
    def _cs_guarded_fields(self):
        return super()._cs_guarded_fields() | GUARDED_FIELDS

    @api.constrains("posted_url")
    def _check_posted_url(self):
        for reply in self:
            if reply.posted_url:
                POSTED_URL.validate(self.env, reply.posted_url)

    def write(self, vals):
        frozen = IMMUTABLE_WHEN_POSTED & vals.keys()
        if frozen and any(reply.state == "posted" for reply in self):
            raise UserError(
                self.env._(
                    "A posted reply cannot be changed (%(fields)s); write a new one.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in sorted(frozen)
                    ),
                )
            )
        if APPROVAL_RESET_FIELDS & vals.keys():
            # a changed text needs a new approval: the caller may edit the text,
            # the state follows (our own transition, hence sudo)
            approved = self.filtered(lambda r: r.state == "approved")
            if approved:
                approved.check_access("write")
                approved.sudo().write(
                    {
                        "state": "to_approve",
                        "approved_by_id": False,
                        "approved_at": False,
                    }
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(reply.state == "posted" for reply in self):
            raise UserError(self.env._("A posted reply cannot be deleted."))

    # ------------------------------------------------------------------ actions

    def _check_responder(self):
        """Actions are reached over RPC on any ids: the caller must be allowed to
        change these replies (ACL + record rules) before we write with sudo."""
        if not self.env.su and not self.env.user.has_group(
            "cs_public_reviews.group_review_responder"
        ):
            raise AccessError(self.env._("Only the review team handles replies."))
        self.check_access("write")

    def action_post(self, posted_url=False):
        """Post the reply on the platform: checker, approval, then date and URL.

        ``posted_url`` (optional): the http(s) link to the reply on the platform;
        the review's URL when not given.
        """
        self._check_responder()
        posted_url = POSTED_URL.validate(self.env, posted_url)
        posted_url = posted_url.strip() if posted_url else False
        for reply in self:
            if reply.state == "posted":
                raise UserError(self.env._("state: the reply is already posted."))
            problems = reply._get_check_problems()
            if reply.needs_approval and reply.state != "approved":
                problems.append(
                    self.env._(
                        "The review is sensitive (%(reason)s): "
                        "a PR approval is required.",
                        reason=reply.review_id.sensitive_reason or "",
                    )
                )
            if reply.kind == "follow_up" and not reply.review_id.first_reply_at:
                problems.append(
                    self.env._("Post the first reply before the follow-up.")
                )
            if problems:
                raise UserError(
                    self.env._(
                        "The reply cannot be posted:\n%(problems)s",
                        problems="\n".join(problems),
                    )
                )
        now = fields.Datetime.now()
        for reply in self:
            reply.sudo().write(
                {
                    "state": "posted",
                    "posted_at": now,
                    "posted_url": posted_url or reply._default_posted_url(),
                }
            )
            reply.review_id._on_reply_posted(reply)
        return True

    def _default_posted_url(self):
        """The review's URL when it is an http(s) link, else nothing."""
        self.ensure_one()
        url = self.review_id.url
        if url and not POSTED_URL.errors(self.env, url):
            return url
        return False

    def _creation_message(self):
        # mail's "%s created" takes the model's name, which neither agrees in gender
        # in Russian nor is translated yet while the demo installs: say it whole
        return self.env._("Reply created")
