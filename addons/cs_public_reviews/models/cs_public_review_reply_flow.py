"""The reply flow of a review: its reply deadline, the branch the responder picks
(unfounded: explain; objective: a complaint ticket in cs_feedback), the drafts made
from the reply templates, the reply task, what posting a reply does to the review,
and turning a positive review into a thanks."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.placeholders import allowed_expressions


class CsPublicReview(models.Model):
    _inherit = "cs.public.review"

    @api.depends("published_at", "platform_id.reply_deadline_hours")
    def _compute_reply_deadline(self):
        for review in self:
            start = review.published_at or review.create_date or fields.Datetime.now()
            review.reply_deadline = start + timedelta(
                hours=review.platform_id.reply_deadline_hours or 24
            )

    @api.depends("reply_deadline", "state")
    def _compute_reply_overdue(self):
        now = fields.Datetime.now()
        for review in self:
            review.reply_overdue = bool(
                review.state == "to_reply"
                and review.reply_deadline
                and review.reply_deadline < now
            )

    def _search_reply_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue replies."))
        domain = [
            ("state", "=", "to_reply"),
            ("reply_deadline", "<", fields.Datetime.now()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.model
    def mail_allowed_qweb_expressions(self):
        """The reply templates' placeholders render without the template editor
        right (plain field paths, read with the responder's own access)."""
        return super().mail_allowed_qweb_expressions() + allowed_expressions()

    # ------------------------------------------------------------------- actions

    def action_set_branch_unfounded(self):
        self._check_responder()
        for review in self:
            review.sudo().write({"branch": "unfounded"})
            review._draft_reply("first")
            review._tell_draft_filled()
        return True

    def _tell_draft_filled(self):
        """Say on the form (and in the chatter) that the branch filled the draft."""
        self.ensure_one()
        branch = dict(self._fields["branch"]._description_selection(self.env)).get(
            self.branch, self.branch
        )
        note = self.env._(
            "Branch «%(branch)s»: the draft reply was filled from its template. "
            "Check it on the Replies tab before posting.",
            branch=branch,
        )
        self.sudo().write({"reply_draft_note": note})
        self.message_post(body=note)

    def action_set_branch_objective(self):
        """Objective claim: open a complaint in cs_feedback, draft the invitation."""
        self._check_responder()
        # the complaint is ours to open once the responder is checked: sudo, so
        # cs_feedback's guarded ticket fields (kind, channel) are set as a system
        Ticket = self.env["helpdesk.ticket"].sudo()
        for review in self:
            vals = {"branch": "objective"}
            if not review.ticket_id:
                vals["ticket_id"] = Ticket.create(review._prepare_complaint_vals()).id
            review.sudo().write(vals)
            review._draft_reply("first")
            review._tell_draft_filled()
        return True

    def _prepare_complaint_vals(self):
        self.ensure_one()
        return {
            "name": self.env._(
                "Public review on %(platform)s: %(author)s",
                platform=self.platform_id.name,
                author=self.author_name or self.env._("Anonymous"),
            ),
            "description": self.body or "",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "cs_kind": "complaint",
            "cs_channel": "review",
        }

    def _draft_reply(self, kind):
        """A draft reply from the template of the branch (none when one exists)."""
        self.ensure_one()
        existing = self.reply_ids.filtered(
            lambda r: r.kind == kind and r.state != "posted"
        )
        if existing:
            return existing[:1]
        return self._draft_replies(kind)

    def _draft_replies(self, kind):
        """One draft reply of ``kind`` per review, from the template of its branch:
        one template search per company and branch, one rendering per template
        (its reviews read together), one create for all."""
        Template = self.env["cs.review.reply.template"]
        templates = {}
        by_template = {}
        for review in self:
            key = (review.company_id.id, review.branch)
            if key not in templates:
                templates[key] = Template.search(
                    [
                        ("kind", "=", kind),
                        ("branch", "in", (review.branch, False)),
                        ("company_id", "=", review.company_id.id),
                    ],
                    order="branch, sequence",
                    limit=1,
                )
            by_template.setdefault(templates[key], []).append(review.id)
        bodies = {}
        for template, review_ids in by_template.items():
            if template:
                bodies.update(template._render_body(self.browse(review_ids)))
        return self.env["cs.review.reply"].create(
            [
                {
                    "review_id": review.id,
                    "kind": kind,
                    "body": bodies.get(review.id, ""),
                }
                for review in self
            ]
        )

    def action_open_thanks_wizard(self):
        self.ensure_one()
        self._check_responder()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Turn into a thanks"),
            "res_model": "cs.review.thanks.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_review_id": self.id},
        }

    # ----------------------------------------------------------------- business

    def _schedule_reply_tasks(self):
        """One "reply" task per negative review, for the platform's responsible."""
        if not self:
            return
        activity_type = self.env.ref(
            "cs_public_reviews.mail_act_review_reply", raise_if_not_found=False
        )
        if not activity_type:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        fallback = self.env.ref("base.user_admin", raise_if_not_found=False)
        vals_list = []
        for review in self:
            user = review.platform_id.user_id or fallback
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": review.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(
                        self, review.reply_deadline
                    ),
                    "summary": self.env._(
                        "Reply by %(deadline)s",
                        deadline=fields.Datetime.to_string(review.reply_deadline),
                    ),
                }
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)

    def _on_reply_posted(self, reply):
        """Move the review forward when one of its replies is posted."""
        self.ensure_one()
        now = reply.posted_at
        if reply.kind == "first":
            vals = {}
            if not self.first_reply_at:
                hours = (now - (self.published_at or self.create_date)).total_seconds()
                vals.update(
                    first_reply_at=now,
                    reply_hours=max(hours, 0) / 3600,
                    replied_in_time=100.0
                    if self.reply_deadline and now <= self.reply_deadline
                    else 0.0,
                )
            if self.state in ("new", "to_reply"):
                vals["state"] = "replied" if self.ticket_id else "closed"
            self.sudo().write(vals)
            self.sudo().activity_feedback(["cs_public_reviews.mail_act_review_reply"])
        else:
            self.sudo().write(
                {"state": "awaiting_confirmation", "follow_up_posted_at": now}
            )
