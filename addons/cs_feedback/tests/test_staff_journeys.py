"""Issue 10: the thanks employee picker, one channel field, the complaint
analysis (form tests, name_search, read_group)."""

import importlib.util
from datetime import datetime
from pathlib import Path

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.cs_feedback.models.helpdesk_ticket import FEEDBACK_CHANNELS

from .common import CsFeedbackCommon


def _form_arch(env, model, view_type="form", view_id=False):
    views = env[model].get_views([(view_id, view_type)])
    return etree.fromstring(views["views"][view_type]["arch"])


@tagged("post_install", "-at_install")
class TestThanksEmployeePicker(CsFeedbackCommon):
    """The employee picker of a thanks proposes the team's people first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        outsider = new_test_user(
            cls.env, login="t_cs_outsider", groups="base.group_user"
        )
        # alphabetically the team's people come last
        cls.picker_anna = Employee.create({"name": "Picker Anna"})
        cls.picker_boris = Employee.create(
            {"name": "Picker Boris", "user_id": outsider.id}
        )
        cls.picker_yuri = Employee.create(
            {"name": "Picker Yuri", "user_id": cls.operator.id}
        )
        cls.picker_zoya = Employee.create(
            {"name": "Picker Zoya", "user_id": cls.supervisor.id}
        )

    def _names(self, context=None, limit=100):
        Employee = self.env["hr.employee"].with_user(self.operator)
        if context:
            Employee = Employee.with_context(**context)
        return [name for _id, name in Employee.name_search("Picker", limit=limit)]

    def test_team_members_employees_first(self):
        self.assertEqual(
            self._names(),
            ["Picker Anna", "Picker Boris", "Picker Yuri", "Picker Zoya"],
        )
        team_first = {"cs_employee_team_first": self.team.id}
        self.assertEqual(
            self._names(team_first),
            ["Picker Yuri", "Picker Zoya", "Picker Anna", "Picker Boris"],
        )
        # the limit is honoured: the team's people fill it first
        self.assertEqual(self._names(team_first, limit=1), ["Picker Yuri"])
        self.assertEqual(
            self._names(team_first, limit=3),
            ["Picker Yuri", "Picker Zoya", "Picker Anna"],
        )

    def test_context_key_only_orders(self):
        """Presentation only: a junk value or an unknown team changes nothing,
        and no employee is hidden or added."""
        plain = self._names()
        for value in ("1", True, -3, 999999999, [self.team.id]):
            self.assertEqual(self._names({"cs_employee_team_first": value}), plain)
        self.assertCountEqual(
            self._names({"cs_employee_team_first": self.team.id}), plain
        )

    def test_praise_pickers_pass_the_team(self):
        form = _form_arch(
            self.env["helpdesk.ticket"].with_user(self.operator).env, "helpdesk.ticket"
        )
        fields = form.xpath(
            "//field[@name='cs_praise_ids']//field[@name='employee_id']"
        )
        self.assertTrue(fields)
        self.assertIn("cs_employee_team_first", fields[0].get("context"))
        self.assertIn("parent.team_id", fields[0].get("context"))
        praise_form = _form_arch(self.env(user=self.supervisor), "cs.feedback.praise")
        field = praise_form.xpath("//field[@name='employee_id']")[0]
        self.assertIn("cs_employee_team_first", field.get("context"))


@tagged("post_install", "-at_install")
class TestOneChannelField(CsFeedbackCommon):
    """helpdesk_mgmt's Channel is the one channel field; cs_channel follows it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Channel = cls.env["helpdesk.ticket.channel"]
        cls.phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        cls.messenger = cls.env.ref("cs_feedback.helpdesk_ticket_channel_messenger")
        cls.other = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_other")

    def test_every_feedback_channel_has_a_helpdesk_channel(self):
        for code, _label in FEEDBACK_CHANNELS:
            channels = self.Channel.search([("cs_code", "=", code)])
            self.assertEqual(len(channels), 1, code)
        self.assertEqual(self.phone.cs_code, "phone")
        self.assertFalse(self.other.cs_code)

    def test_russian_channel_names(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "=", "cs_feedback")]
        )._update_translations(["ru_RU"], overwrite=True)
        names = {
            channel.cs_code: channel.with_context(lang="ru_RU").name
            for channel in self.Channel.search([("cs_code", "!=", False)])
        }
        self.assertEqual(names["messenger"], "Мессенджер")
        self.assertEqual(names["phone"], "Телефон")
        self.assertEqual(names["review"], "Публичный отзыв")

    def test_api_channel_sets_the_helpdesk_channel(self):
        result = (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .cs_submit_feedback(
                {
                    "kind": "question",
                    "channel": "messenger",
                    "description": "Как сменить тариф?",
                    "customer": {"name": "Ivan", "email": "ivan@example.com"},
                }
            )
        )
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        self.assertEqual(ticket.cs_channel, "messenger")
        self.assertEqual(ticket.channel_id, self.messenger)

    def test_both_sides_follow_each_other(self):
        ticket = self._complaint(cs_channel="phone")
        self.assertEqual(ticket.channel_id, self.phone)
        ticket.with_user(self.operator).channel_id = self.messenger
        self.assertEqual(ticket.cs_channel, "messenger")
        ticket.with_user(self.operator).cs_channel = "phone"
        self.assertEqual(ticket.channel_id, self.phone)
        # a channel that stands for no feedback channel
        ticket.with_user(self.operator).channel_id = self.other
        self.assertFalse(ticket.cs_channel)
        # a ticket created with the helpdesk channel only (portal, form)
        ticket = self._complaint(cs_channel=False, channel_id=self.messenger.id)
        self.assertEqual(ticket.cs_channel, "messenger")
        # no channel of that code: the feedback channel is kept as given
        self.messenger.active = False
        ticket = self._complaint(cs_channel="messenger")
        self.assertFalse(ticket.channel_id)
        self.assertEqual(ticket.cs_channel, "messenger")
        # a copy keeps the channel
        self.assertEqual(ticket.copy().cs_channel, "messenger")

    def test_form_has_one_channel_field(self):
        arch = _form_arch(self.env(user=self.operator), "helpdesk.ticket")
        self.assertEqual(len(arch.xpath("//field[@name='channel_id']")), 1)
        self.assertFalse(arch.xpath("//field[@name='cs_channel']"))
        # next to the feedback kind, where the operator records the feedback
        self.assertEqual(
            arch.xpath("//field[@name='channel_id']/preceding-sibling::field[1]/@name"),
            ["cs_kind"],
        )

    def test_form_ticket_shows_no_false_or_none(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.operator)
        # the breadcrumb of a new ticket (helpdesk_mgmt said "/ - False")
        spec = {"display_name": {}, "name": {}, "number": {}}
        new = Ticket.onchange({}, [], spec)["value"]
        self.assertNotIn("False", new.get("display_name") or "")
        self.assertNotIn("/", new.get("display_name") or "")
        named = Ticket.onchange({"name": "Нет связи"}, ["name"], spec)["value"]
        self.assertEqual(named.get("display_name", "Нет связи"), "Нет связи")
        tracked = Ticket.with_context(tracking_disable=False)
        with Form(tracked.with_context(default_cs_kind="thanks")) as form:
            form.name = "Спасибо"
            form.description = "<p>Спасибо за помощь</p>"
            form.partner_id = self.customer
            form.team_id = self.team
            form.channel_id = self.phone
        ticket = form.record
        self.assertEqual(ticket.cs_channel, "phone")
        self.assertEqual(ticket.display_name, f"{ticket.number} - Спасибо")
        for text in ("False", "None"):
            self.assertNotIn(text, ticket.display_name)
        self.env.flush_all()
        self.env.cr.precommit.run()
        with Form(ticket.with_context(tracking_disable=False)) as form:
            form.channel_id = self.messenger
            form.cs_kind = "complaint"
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracking = ticket.message_ids.sudo().tracking_value_ids
        changed = tracking.field_id.mapped("name")
        # the channel is tracked once (channel_id), not twice
        self.assertIn("channel_id", changed)
        self.assertNotIn("cs_channel", changed)
        for value in tracking:
            for side in value._tracking_value_format():
                for key in ("oldValue", "newValue"):
                    shown = side[key]["value"]
                    if isinstance(shown, str):
                        self.assertNotIn("False", shown)
                        self.assertNotIn("None", shown)
        bodies = " ".join(str(m.body) for m in ticket.message_ids)
        self.assertNotIn("False", bodies)
        self.assertNotIn("None", bodies)

    def test_creation_message_in_russian_agrees(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search(
            [("name", "=", "cs_feedback")]
        )._update_translations(["ru_RU"], overwrite=True)
        ticket = self._complaint()
        self.assertEqual(
            ticket.with_context(lang="ru_RU")._creation_message(),
            "Обращение создано",
        )

    def test_consent_names_the_channel_field_of_the_form(self):
        thanks = self._thanks(self.emp_anna, cs_channel=False, channel_id=self.other.id)
        with self.assertRaises(ValidationError) as caught:
            thanks.with_user(self.operator).write({"cs_publish_consent": True})
        label = (
            self.env["helpdesk.ticket"]
            ._fields["channel_id"]
            ._description_string(self.env)
        )
        self.assertIn(label, str(caught.exception))
        self.assertNotIn("channel_id", str(caught.exception))

    def test_migration_gives_old_tickets_their_channel(self):
        path = Path(__file__).parents[1] / "migrations/18.0.1.2.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("cs_feedback_mig_1_2", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        ticket = self._complaint(cs_channel="messenger")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET channel_id = NULL WHERE id = %s", [ticket.id]
        )
        self.env.cr.execute(
            "UPDATE helpdesk_ticket_channel SET cs_code = NULL WHERE id = %s",
            [self.phone.id],
        )
        migration.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(ticket.channel_id, self.messenger)
        self.assertEqual(self.phone.cs_code, "phone")


@tagged("post_install", "-at_install")
class TestComplaintAnalysis(CsFeedbackCommon):
    """Which causes generate most complaints: closed complaints by root cause by
    month, with the average satisfaction beside the count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Cause = cls.env["cs.feedback.root.cause"]
        cls.cause_a = Cause.create({"name": "Analysis cause A"})
        cls.cause_b = Cause.create({"name": "Analysis cause B"})

    def _closed(self, cause, closed_on, rating=None, **vals):
        ticket = self._complaint(cs_root_cause_id=cause.id, **vals)
        ticket.with_user(self.operator).stage_id = self.stage_done
        ticket.sudo().closed_date = closed_on
        if rating:
            # as the customer answers a rating request (rating.rating)
            token = ticket.sudo()._rating_get_access_token()
            ticket.sudo().rating_apply(rating, token=token)
        return ticket

    def test_action_opens_on_closed_complaints_by_cause_and_month(self):
        action = self.env.ref("cs_feedback.helpdesk_ticket_complaint_analysis_action")
        self.assertEqual(safe_eval(action.domain), [("cs_kind", "=", "complaint")])
        ctx = safe_eval(action.context)
        self.assertEqual(ctx["search_default_cs_closed"], 1)
        self.assertEqual(ctx["pivot_row_groupby"], ["cs_root_cause_id"])
        self.assertEqual(ctx["pivot_column_groupby"], ["closed_date:month"])
        self.assertEqual(ctx["pivot_measures"], ["__count", "cs_satisfaction"])
        self.assertEqual(action.view_ids[:1].view_mode, "pivot")
        search = _form_arch(self.env(user=self.supervisor), "helpdesk.ticket", "search")
        closed = search.xpath("//filter[@name='cs_closed']")[0]
        self.assertEqual(safe_eval(closed.get("domain")), [("closed", "=", True)])
        pivot = etree.fromstring(
            self.env.ref("cs_feedback.helpdesk_ticket_view_pivot_complaints").arch
        )
        self.assertEqual(pivot.get("display_quantity"), "1")
        row = pivot.xpath("//field[@type='row']")[0]
        col = pivot.xpath("//field[@type='col']")[0]
        self.assertEqual(row.get("name"), "cs_root_cause_id")
        self.assertEqual(
            (col.get("name"), col.get("interval")), ("closed_date", "month")
        )
        self.assertEqual(
            pivot.xpath("//field[@type='measure']")[0].get("name"), "cs_satisfaction"
        )

    def test_read_group_by_cause_and_month_with_satisfaction(self):
        self._closed(self.cause_a, datetime(2026, 9, 10), rating=2)
        self._closed(self.cause_a, datetime(2026, 9, 20), rating=4)
        self._closed(self.cause_a, datetime(2026, 9, 25))  # not rated: not averaged
        self._closed(self.cause_a, datetime(2026, 10, 5), rating=1)
        self._closed(self.cause_b, datetime(2026, 10, 7), rating=5)
        self._complaint(cs_root_cause_id=self.cause_a.id)  # open: not counted
        # another kind with the same cause (another team's ticket): not counted
        question = self.env["helpdesk.ticket"].create(
            {
                "name": "Вопрос",
                "description": "<p>?</p>",
                "cs_kind": "question",
                "cs_root_cause_id": self.cause_a.id,
                "stage_id": self.stage_done.id,
                "closed_date": datetime(2026, 9, 12),
            }
        )
        self.assertTrue(question.closed)
        action = self.env.ref("cs_feedback.helpdesk_ticket_complaint_analysis_action")
        domain = safe_eval(action.domain) + [
            ("closed", "=", True),
            ("cs_root_cause_id", "in", (self.cause_a | self.cause_b).ids),
        ]
        groups = (
            self.env["helpdesk.ticket"]
            .with_user(self.supervisor)
            .with_context(tz="UTC")
            ._read_group(
                domain,
                ["cs_root_cause_id", "closed_date:month"],
                ["__count", "cs_satisfaction:avg"],
            )
        )
        result = {
            (cause.name, month.strftime("%Y-%m")): (count, avg)
            for cause, month, count, avg in groups
        }
        self.assertEqual(
            result,
            {
                ("Analysis cause A", "2026-09"): (3, 3.0),
                ("Analysis cause A", "2026-10"): (1, 1.0),
                ("Analysis cause B", "2026-10"): (1, 5.0),
            },
        )

    def test_demo_complaints_show_causes_and_ratings(self):
        closed = self.env["helpdesk.ticket"].search(
            [
                ("cs_kind", "=", "complaint"),
                ("closed", "=", True),
                ("id", "in", self._demo_ticket_ids()),
            ]
        )
        self.assertGreaterEqual(len(closed.cs_root_cause_id), 5)
        months = {t.closed_date.strftime("%Y-%m") for t in closed}
        self.assertGreaterEqual(len(months), 3)
        ratings = self.env["rating.rating"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "in", closed.ids),
                ("consumed", "=", True),
            ]
        )
        self.assertGreaterEqual(len(ratings), 5)
        self.assertGreaterEqual(len(set(ratings.mapped("rating"))), 4)
        # the analysis averages what the tickets store
        rated = closed.filtered(lambda t: t.id in ratings.mapped("res_id"))
        self.assertTrue(all(rated.mapped("cs_satisfaction")), rated.mapped("name"))

    def _demo_ticket_ids(self):
        return (
            self.env["ir.model.data"]
            .search([("module", "=", "cs_feedback"), ("model", "=", "helpdesk.ticket")])
            .mapped("res_id")
        )
