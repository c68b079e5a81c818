"""Trust: every rule holds whatever route a caller takes (ORM routes).

The RPC-specific routes (context keys sent by a client, subtype ids over XML-RPC,
races, property tests) are in ``tests/test_trust_feedback.py``.
"""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import CsFeedbackCommon

NOW = fields.Datetime.now

# (field, a forged value) of every guarded ticket field
TICKET_GUARDED = [
    ("cs_escalation_level", lambda self: 3),
    ("cs_legal_signed_by", lambda self: self.legal.id),
    ("cs_legal_signed_at", lambda self: NOW()),
    ("cs_is_published", lambda self: True),
    ("cs_published_date", lambda self: NOW()),
    ("cs_decision_notified_at", lambda self: NOW()),
    ("cs_commitment_sent_at", lambda self: NOW()),
    ("cs_promise_reminded_at", lambda self: NOW()),
    ("cs_promise_missed_at", lambda self: NOW()),
    ("cs_publish_consent_date", lambda self: NOW() - timedelta(days=30)),
    ("cs_publish_consent_partner_id", lambda self: self.other_partner.id),
    ("cs_publish_consent_channel", lambda self: "in_person"),
]

PRAISE_GUARDED = [
    ("state", lambda self: "rewarded"),
    ("reward_points", lambda self: 5000),
    ("badge_id", lambda self: self.env.ref("cs_feedback.badge_customer_praise").id),
    ("manager_credited", lambda self: True),
    ("decision_note", lambda self: "forged"),
    ("decided_by", lambda self: self.supervisor.id),
    ("decided_on", lambda self: NOW()),
    ("manager_id", lambda self: self.other_manager.id),
]

CANNED_GUARDED = [
    ("state", lambda self: "approved"),
    ("approved_by", lambda self: self.supervisor.id),
    ("approved_on", lambda self: NOW()),
    ("use_count", lambda self: 99),
]

# context keys a client may send: none of them switches a check off
CONTEXT_KEYS = [
    {},
    {"cs_system_write": True},
    {"cs_system_notice": True},
    {"cs_promise_change_reason": "forged", "cs_promise_change_notify": True},
]


class TestTrustAccessTable(CsFeedbackCommon):
    """Generic access table: each guarded field, each role, each route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_partner = cls.env["res.partner"].create({"name": "Someone else"})
        cls.roles = {
            "cs_operator": cls.operator,
            "cs_supervisor": cls.supervisor,
            "cs_legal": cls.legal,
        }

    def _assert_write_refused(self, record, fname, value, user, context):
        before = record[fname]
        with self.assertRaises(AccessError, msg=f"{fname} write {user.login}"):
            record.with_user(user).with_context(**context).write({fname: value})
        record.invalidate_recordset()
        self.assertEqual(record[fname], before, fname)

    def test_ticket_guarded_fields_write_and_create(self):
        thanks = self._thanks(self.emp_anna)
        for fname, forge in TICKET_GUARDED:
            for login, user in self.roles.items():
                for context in CONTEXT_KEYS:
                    with self.subTest(field=fname, role=login, context=context):
                        self._assert_write_refused(
                            thanks, fname, forge(self), user, context
                        )
                with (
                    self.subTest(field=fname, role=login, route="create"),
                    self.assertRaises(AccessError),
                ):
                    self._thanks(
                        self.emp_anna,
                        user=user,
                        **{fname: forge(self)},
                    )

    def test_ticket_guarded_default_context_dropped(self):
        for fname, forge in TICKET_GUARDED:
            with self.subTest(field=fname):
                ticket = (
                    self.env["helpdesk.ticket"]
                    .with_user(self.operator)
                    .with_context(**{f"default_{fname}": forge(self)})
                    .create(
                        {
                            "name": "ctx",
                            "description": "<p>x</p>",
                            "partner_id": self.customer.id,
                            "cs_kind": "question",
                        }
                    )
                )
                self.assertFalse(ticket[fname], fname)

    def test_praise_decision_fields(self):
        praise = self._thanks(self.emp_anna).cs_praise_ids
        for fname, forge in PRAISE_GUARDED:
            for login, user in self.roles.items():
                for context in CONTEXT_KEYS:
                    with self.subTest(field=fname, role=login, context=context):
                        self._assert_write_refused(
                            praise, fname, forge(self), user, context
                        )
                ticket = self._thanks(self.emp_dmitry)
                with (
                    self.subTest(field=fname, role=login, route="create"),
                    self.assertRaises(AccessError),
                ):
                    self.env["cs.feedback.praise"].with_user(user).create(
                        {
                            "ticket_id": ticket.id,
                            "employee_id": self.emp_igor.id,
                            fname: forge(self),
                        }
                    )
        self.assertEqual(praise.state, "to_review")

    def test_praise_actions_per_role(self):
        for login, user in self.roles.items():
            for action, kwargs in (
                ("action_reward", {"points": 3}),
                ("action_decline", {}),
            ):
                praise = self._thanks(self.emp_anna).cs_praise_ids
                with self.subTest(role=login, action=action):
                    call = getattr(praise.with_user(user), action)
                    if login == "cs_supervisor":
                        self.assertIs(call(**kwargs), True)
                        self.assertNotEqual(praise.state, "to_review")
                        self.assertEqual(praise.decided_by, user)
                    else:
                        with self.assertRaises(AccessError):
                            call(**kwargs)
                        self.assertEqual(praise.state, "to_review")

    def test_canned_answer_approval(self):
        Answer = self.env["cs.feedback.canned.answer"]
        answer = Answer.with_user(self.operator).create(
            {"name": "Q?", "body": "<p>A</p>", "team_id": self.team.id}
        )
        for fname, forge in CANNED_GUARDED:
            for login, user in self.roles.items():
                for context in CONTEXT_KEYS:
                    with self.subTest(field=fname, role=login, context=context):
                        self._assert_write_refused(
                            answer, fname, forge(self), user, context
                        )
                with (
                    self.subTest(field=fname, role=login, route="create"),
                    self.assertRaises(AccessError),
                ):
                    Answer.with_user(user).create(
                        {"name": f"Q {fname}", "body": "<p>A</p>", fname: forge(self)}
                    )
        for login, user in self.roles.items():
            with self.subTest(role=login, route="action"):
                if login == "cs_supervisor":
                    answer.with_user(user).action_approve()
                    self.assertEqual(answer.state, "approved")
                    self.assertEqual(answer.approved_by, user)
                else:
                    for action in ("action_approve", "action_retire", "action_draft"):
                        with self.assertRaises(AccessError):
                            getattr(answer.with_user(user), action)()
        # the approved wording changes by a supervisor only
        with self.assertRaises(AccessError):
            answer.with_user(self.operator).write({"body": "<p>Other</p>"})

    def test_ticket_actions_per_role(self):
        allowed = {
            "action_cs_legal_sign_off": {"cs_legal"},
            "action_cs_legal_not_needed": {"cs_legal"},
            "action_cs_publish": {"cs_supervisor"},
            "action_cs_unpublish": {"cs_supervisor"},
        }
        for action, roles in allowed.items():
            for login, user in self.roles.items():
                if action.startswith("action_cs_legal"):
                    ticket = self._complaint(description="<p>претензия</p>")
                else:
                    ticket = self._thanks(
                        self.emp_anna, cs_publish_consent=True, cs_publish_text="T"
                    )
                    if action == "action_cs_unpublish":
                        ticket.with_user(self.supervisor).action_cs_publish()
                with self.subTest(action=action, role=login):
                    call = getattr(ticket.with_user(user), action)
                    if login in roles:
                        self.assertIs(call(), True)
                    else:
                        with self.assertRaises(AccessError):
                            call()


class TestTrustFindings(CsFeedbackCommon):
    def _commit(self, ticket):
        """The promise is set at creation; pin the responsible and the channel."""
        self.assertTrue(ticket.cs_promised_date)
        ticket.write({"user_id": self.operator.id, "cs_result_channel": "email"})

    def _bare_complaint(self, **vals):
        """A complaint nobody can be made responsible for: created by the system
        (mail gateway, scheduled action) on a team without leader or members."""
        return self._complaint(user=self.env.ref("base.user_root"), **vals)

    # -- 1. cs_system_write and the promise log -----------------------------

    def test_operator_cannot_forge_with_system_write_key(self):
        ticket = self._complaint()
        op = ticket.with_user(self.operator).with_context(cs_system_write=True)
        for vals in (
            {"cs_escalation_level": 3},
            {"cs_legal_signed_by": self.legal.id, "cs_legal_signed_at": NOW()},
        ):
            with self.assertRaises(AccessError):
                op.write(vals)
        thanks = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="T"
        )
        with self.assertRaises(AccessError):
            thanks.with_user(self.operator).with_context(cs_system_write=True).write(
                {"cs_is_published": True}
            )
        self.assertFalse(thanks.cs_is_published)
        self.assertEqual(ticket.cs_escalation_level, 0)

    def test_promise_log_cannot_be_forged_by_context(self):
        ticket = self._complaint()
        self._commit(ticket)
        ticket.stage_id = self.stage_progress
        new = ticket.cs_promised_date + timedelta(days=1)
        with self.assertRaisesRegex(UserError, "Change Promise"):
            ticket.with_user(self.operator).with_context(
                cs_promise_change_reason="forged",
                cs_promise_change_notify=True,
            ).write({"cs_promised_date": new})
        self.assertFalse(ticket.cs_promise_log_ids)
        with self.assertRaises(AccessError):
            self.env["cs.feedback.promise.log"].with_user(self.operator).create(
                {
                    "ticket_id": ticket.id,
                    "old_date": NOW(),
                    "reason": "forged",
                    "customer_notified": True,
                }
            )

    def test_promise_change_logs_the_truth(self):
        # no customer: nothing can be sent, the log must say so
        ticket = self._complaint(partner_id=False)
        self._commit(ticket)
        old = ticket.cs_promised_date
        ticket.with_user(self.operator)._cs_change_promise(
            old + timedelta(days=2), "Replacement part", notify=True
        )
        self.assertEqual(ticket.cs_promised_date, old + timedelta(days=2))
        self.assertEqual(ticket.cs_promise_log_ids.customer_notified, False)
        self.assertEqual(ticket.cs_promise_log_ids.user_id, self.operator)
        with self.assertRaises(ValidationError):
            ticket.with_user(self.operator)._cs_change_promise(
                NOW() - timedelta(days=1), "past", notify=False
            )
        with self.assertRaises(ValidationError):
            ticket.with_user(self.operator)._cs_change_promise(
                old + timedelta(days=5), " ", notify=False
            )

    def test_default_promise_on_promised_complaint_is_logged(self):
        ticket = self._complaint()
        ticket.action_cs_default_promise()
        self.assertTrue(ticket.cs_promised_date)
        self.assertFalse(ticket.cs_promise_log_ids)

    # -- 2. consented text ---------------------------------------------------

    def test_consented_text_cannot_change_with_consent_in_same_write(self):
        ticket = self._thanks(
            self.emp_anna, cs_publish_consent=True, cs_publish_text="Спасибо Анне!"
        )
        with self.assertRaisesRegex(UserError, "exact text"):
            ticket.with_user(self.operator).write(
                {"cs_publish_text": "Forged text", "cs_publish_consent": True}
            )
        self.assertEqual(ticket.cs_publish_text, "Спасибо Анне!")
        # withdraw, then a new consent with a new text is stamped anew
        ticket.with_user(self.operator).action_cs_withdraw_consent()
        ticket.with_user(self.operator).write(
            {"cs_publish_text": "New text", "cs_publish_consent": True}
        )
        self.assertEqual(ticket.cs_publish_text, "New text")
        self.assertEqual(ticket.cs_publish_consent_partner_id, self.customer)
        self.assertTrue(ticket.cs_publish_consent_date)
        # a copy carries no consent the customer never gave for it
        copy = ticket.with_user(self.operator).copy()
        self.assertFalse(copy.cs_publish_consent)
        self.assertFalse(copy.cs_publish_consent_date)

    # -- 3. legal review -----------------------------------------------------

    def test_operator_cannot_clear_legal_review(self):
        ticket = self._complaint(description="<p>Требую по ЗоЗПП</p>")
        self.assertTrue(ticket.cs_legal_review)
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).write({"cs_legal_review": False})
        self.assertTrue(ticket.cs_legal_review)
        created = self._complaint(
            description="<p>По закону о защите прав потребителей</p>",
            cs_legal_review=False,
        )
        self.assertTrue(created.cs_legal_review)
        created = (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .with_context(default_cs_legal_review=False)
            .create(
                {
                    "name": "Претензия",
                    "description": "<p>x</p>",
                    "partner_id": self.customer.id,
                    "cs_kind": "complaint",
                }
            )
        )
        self.assertTrue(created.cs_legal_review)
        # nor by editing the text or the kind away from the law
        ticket.with_user(self.operator).write({"description": "<p>Нет связи</p>"})
        self.assertTrue(ticket.cs_legal_review)
        ticket.with_user(self.operator).write({"cs_kind": "question"})
        self.assertTrue(ticket.cs_legal_review)
        with self.assertRaisesRegex(UserError, "legal reviewer"):
            ticket.with_user(self.operator).message_post(
                body="Ответ", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        ticket.with_user(self.legal).action_cs_legal_not_needed()
        self.assertFalse(ticket.cs_legal_review)

    def test_legal_gate_whatever_the_subtype_route(self):
        ticket = self._complaint(description="<p>Требую возврат по ЗоЗПП</p>")
        comment = self.env.ref("mail.mt_comment")
        op = ticket.with_user(self.operator)
        routes = [
            {"message_type": "comment", "subtype_id": comment.id},
            {"message_type": "notification", "subtype_id": comment.id},
            {"message_type": "comment", "partner_ids": self.customer.ids},
            {"message_type": "comment", "subtype_xmlid": "mt_comment"},
            {"message_type": "comment"},
        ]
        for kwargs in routes:
            for context in ({}, {"cs_system_notice": True}):
                with (
                    self.subTest(kwargs=kwargs, context=context),
                    self.assertRaisesRegex(UserError, "legal reviewer"),
                ):
                    op.with_context(**context).message_post(body="Вернём", **kwargs)
        with self.assertRaisesRegex(UserError, "legal reviewer"):
            op.message_notify(body="Вернём", partner_ids=self.customer.ids)
        # only the commitment letter (not an answer on the merits) went out
        self.assertEqual(len(self._customer_messages(ticket)), 1)
        self.assertEqual(
            self._customer_messages(ticket).subject,
            f"Your complaint {ticket.number}: what happens next",
        )
        # an internal note stays possible
        op.message_post(
            body="Проверить", message_type="comment", subtype_xmlid="mail.mt_note"
        )

    # -- 4. create runs the checks of write ----------------------------------

    def test_operator_cannot_create_decided_praise(self):
        ticket = self._thanks(self.emp_anna)
        with self.assertRaises(AccessError):
            self.env["cs.feedback.praise"].with_user(self.operator).create(
                {
                    "ticket_id": ticket.id,
                    "employee_id": self.emp_dmitry.id,
                    "state": "rewarded",
                    "reward_points": 5000,
                    "decided_by": self.supervisor.id,
                }
            )
        self.assertEqual(len(ticket.cs_praise_ids), 1)

    def test_operator_cannot_create_approved_canned_answer(self):
        with self.assertRaises(AccessError):
            self.env["cs.feedback.canned.answer"].with_user(self.operator).create(
                {
                    "name": "Q",
                    "body": "<p>A</p>",
                    "state": "approved",
                    "approved_by": self.supervisor.id,
                }
            )

    def test_create_in_later_stage_runs_stage_checks(self):
        with self.assertRaisesRegex(ValidationError, "Assigned user"):
            self._bare_complaint(team_id=False, stage_id=self.stage_progress.id)
        with self.assertRaisesRegex(ValidationError, "Root Cause"):
            self._complaint(
                stage_id=self.stage_done.id,
                cs_promised_date=NOW() + timedelta(days=1),
                user_id=self.operator.id,
                cs_result_channel="email",
            )
        with self.assertRaises(AccessError):
            self._thanks(self.emp_anna, cs_decision_notified_at=NOW())
        ok = self._complaint(
            stage_id=self.stage_progress.id,
            cs_promised_date=NOW() + timedelta(days=1),
            user_id=self.operator.id,
            cs_result_channel="email",
        )
        self.assertTrue(ok.cs_commitment_sent_at)

    def test_partner_buttons_choose_their_list_without_context(self):
        partner = self.customer.with_user(self.operator)
        complaints = partner.action_cs_view_complaints()
        thanks = partner.with_context(cs_kind="thanks").action_cs_view_complaints()
        self.assertEqual(complaints["domain"], thanks["domain"])
        self.assertIn(("cs_kind", "=", "complaint"), complaints["domain"])
        self.assertIn(
            ("cs_kind", "=", "thanks"), partner.action_cs_view_thanks()["domain"]
        )

    def test_complaint_without_team_is_checked_not_crashed(self):
        # _cs_first_stages tested all(recordset of teams), always true: a complaint
        # without a team raised KeyError instead of the commitment check
        with self.assertRaisesRegex(ValidationError, "Assigned user"):
            self._bare_complaint(team_id=False, stage_id=self.stage_progress.id)
        ticket = self._bare_complaint(team_id=False)
        self.assertFalse(ticket.user_id)
        with self.assertRaisesRegex(ValidationError, "Assigned user"):
            ticket.stage_id = self.stage_progress

    # -- 5./6. payload validation ------------------------------------------

    def _submit(self, payload):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .cs_submit_feedback(payload)
        )

    def _payload(self, **kw):
        payload = {
            "kind": "thanks",
            "channel": "web",
            "description": "Спасибо!",
            "customer": {"name": "Ольга", "email": "olga.trust@example.com"},
        }
        payload.update(kw)
        return payload

    def test_customer_email_is_matched_exactly(self):
        with self.assertRaisesRegex(ValidationError, "customer.email"):
            self._submit(self._payload(customer={"name": "X", "email": "%"}))
        with self.assertRaisesRegex(ValidationError, "customer.email"):
            self._submit(self._payload(customer={"name": "X", "email": "not-an-email"}))
        with self.assertRaisesRegex(ValidationError, "customer.phone"):
            self._submit(self._payload(customer={"name": "X", "phone": "%"}))
        result = self._submit(
            self._payload(customer={"name": "X", "email": "Ivan@Example.com"})
        )
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        self.assertEqual(ticket.partner_id, self.customer)
        result = self._submit(
            self._payload(customer={"name": "Y", "email": "_van@example.com"})
        )
        self.assertNotEqual(
            self.env["helpdesk.ticket"].browse(result["id"]).partner_id, self.customer
        )

    @mute_logger("odoo.sql_db")
    def test_bad_payload_values_are_refused(self):
        big = "x" * 1_000_001
        cases = {
            "kind": {"kind": ["thanks"]},
            "channel": {"channel": {"a": 1}},
            "publish_scope": {"publish_scope": ["initials"]},
            "customer.name": {"customer": {"name": big, "email": "a@b.example"}},
            "customer.email": {"customer": {"name": "A", "email": ["a@b.example"]}},
            "customer.phone": {"customer": {"name": "A", "phone": big}},
            "description": {"description": "a\x00b"},
            "publish_consent": {"publish_consent": "false"},
            "subject": {"subject": {"a": 1}},
            "external_ref": {"external_ref": "r" * 129},
            "employee_ids": {"employee_ids": [0]},
            "surprise": {"surprise": 1},
            "customer.lang": {
                "customer": {"name": "A", "email": "a@b.example", "lang": "xx_XX"}
            },
        }
        tickets = self.env["helpdesk.ticket"].search_count([])
        partners = self.env["res.partner"].search_count([])
        for key, change in cases.items():
            with self.subTest(key=key), self.assertRaises(ValidationError) as caught:
                self._submit(self._payload(**change))
            self.assertIn(key, str(caught.exception))
        with self.assertRaisesRegex(ValidationError, "employee_ids"):
            self._submit(self._payload(employee_ids=list(range(1, 52))))
        with self.assertRaisesRegex(ValidationError, "subject"):
            self._submit(self._payload(subject="s" * 201))
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_customer_lang_stored_on_new_partner(self):
        result = self._submit(
            self._payload(
                customer={
                    "name": "Lang",
                    "email": "lang.new@example.com",
                    "lang": "en_US",
                }
            )
        )
        partner = self.env["helpdesk.ticket"].browse(result["id"]).partner_id
        self.assertEqual(partner.lang, "en_US")

    def test_reward_arguments_are_validated(self):
        praise = self._thanks(self.emp_anna).cs_praise_ids.with_user(self.supervisor)
        self.env["ir.config_parameter"].set_param("cs_feedback.max_reward_points", 100)
        cases = [
            ({"badge_id": "abc"}, "badge_id"),
            ({"badge_id": [1, 2]}, "badge_id"),
            ({"badge_id": 1.5}, "badge_id"),
            ({"points": 2**31}, "points"),
            ({"points": 101}, "points"),
            ({"points": 5, "credit_manager": "no"}, "credit_manager"),
            ({"points": 5, "note": ["x"]}, "note"),
            ({"points": True}, "points"),
        ]
        for kwargs, key in cases:
            with (
                self.subTest(kwargs=kwargs),
                self.assertRaisesRegex(ValidationError, key),
            ):
                praise.action_reward(**kwargs)
        with self.assertRaisesRegex(ValidationError, "note"):
            praise.action_decline(note={"a": 1})
        self.assertEqual(praise.state, "to_review")
        self.assertFalse(
            self.env["cs.feedback.reward"].search([("praise_id", "=", praise.id)])
        )
        praise.action_reward(points=100)
        self.assertEqual(praise.reward_points, 100)

    # -- 9. ledger -----------------------------------------------------------

    def test_ledger_rows_of_others_are_not_readable(self):
        ticket = self._thanks(self.emp_anna + self.emp_dmitry)
        ticket.cs_praise_ids.with_user(self.supervisor).action_reward(points=3)
        Ledger = self.env["cs.feedback.reward"]
        self.assertFalse(Ledger.with_user(self.operator).search([]))
        self.assertFalse(Ledger.with_user(self.internal).search([]))
        self.assertEqual(
            Ledger.with_user(self.employee_user).search([]).employee_id, self.emp_anna
        )
        groups = Ledger.with_user(self.operator).read_group(
            [], ["points:sum"], ["employee_id"]
        )
        self.assertFalse(groups)


class TestTrustMultiCompany(CsFeedbackCommon):
    def test_second_company_sees_nothing_of_the_first(self):
        ticket = self._thanks(self.emp_anna)
        ticket.cs_praise_ids.with_user(self.supervisor).action_reward(points=3)
        complaint = self._complaint(
            cs_promised_date=NOW() + timedelta(days=2),
            user_id=self.operator.id,
            cs_result_channel="email",
        )
        complaint._cs_change_promise(NOW() + timedelta(days=4), "why", notify=False)
        self.env["cs.feedback.canned.answer"].create(
            {"name": "Q mc", "body": "<p>A</p>"}
        )
        self.env["cs.best.practice"].create(
            {"name": "BP", "description": "<p>x</p>", "state": "published"}
        )
        company2 = self.env["res.company"].create({"name": "Second CS company"})
        op2 = new_test_user(
            self.env,
            login="t_cs_operator2",
            groups="cs_feedback.group_cs_supervisor",
            company_id=company2.id,
            company_ids=[(6, 0, company2.ids)],
        )
        for model in (
            "helpdesk.ticket",
            "cs.feedback.praise",
            "cs.feedback.canned.answer",
            "cs.feedback.promise.log",
            "cs.feedback.reward",
            "cs.best.practice",
        ):
            with self.subTest(model=model):
                self.assertTrue(self.env[model].search_count([]), model)
                self.assertFalse(
                    self.env[model].with_user(op2).search([]), f"{model} leaks"
                )
