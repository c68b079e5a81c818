# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The OCA helpdesk screens speak Russian.

The OCA ``helpdesk_mgmt``, ``helpdesk_mgmt_sla`` and ``helpdesk_mgmt_rating`` ship
a ``ru.po`` with (almost) nothing translated; cs_feedback ships the Russian terms of
their records in ``cs_feedback/i18n_extra/ru.po``.  Odoo loads ``i18n/`` and
``i18n_extra/`` of a module, and every entry applies to the record named by its
occurrence (``model:...:helpdesk_mgmt.<xmlid>``), whichever module's file it is in.
"""

import re

from lxml import etree

from odoo.tests import HttpCase, TransactionCase, tagged

LANG = "ru_RU"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]{2,}")
# Latin words a Russian label may keep: technical tokens and brand names.
ALLOWED_LATIN = {"SLA", "ID", "E-mail", "Odoo", "CC", "URL", "Wi-Fi"}

OCA_STAGES = {
    "helpdesk_mgmt.helpdesk_ticket_stage_new": "Новое",
    "helpdesk_mgmt.helpdesk_ticket_stage_in_progress": "В работе",
    "helpdesk_mgmt.helpdesk_ticket_stage_awaiting": "Ожидание",
    "helpdesk_mgmt.helpdesk_ticket_stage_done": "Решено",
    "helpdesk_mgmt.helpdesk_ticket_stage_cancelled": "Отменено",
    "helpdesk_mgmt.helpdesk_ticket_stage_rejected": "Отклонено",
}
PRIORITIES = {"0": "Низкий", "1": "Средний", "2": "Высокий", "3": "Очень высокий"}


def english_words(label):
    return [w for w in LATIN_WORD.findall(label or "") if w not in ALLOWED_LATIN]


def load_russian(env):
    """Activate ru_RU and (re)load the translations of our installed addons: the
    helpdesk screens carry fields of every one of them (cs_feedback ships the OCA
    helpdesk terms, the others their own fields on the ticket)."""
    env["res.lang"]._activate_lang(LANG)
    modules = env["ir.module.module"].search(
        [("name", "=like", "cs\\_%"), ("state", "=", "installed")]
    )
    modules._update_translations([LANG], overwrite=True)


@tagged("post_install", "-at_install")
class TestHelpdeskRussianTerms(TransactionCase):
    """fields_get, stages and selections of the OCA helpdesk models in Russian."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_russian(cls.env)
        cls.env = cls.env(context=dict(cls.env.context, lang=LANG))
        cls.Ticket = cls.env["helpdesk.ticket"]

    def _form_fields(self):
        """(name, label) of each field of the ticket form, as the web client gets it."""
        arch = self.Ticket.get_views([(False, "form")])["views"]["form"]["arch"]
        fields_info = self.Ticket.fields_get(attributes=["string"])
        form = etree.fromstring(arch)
        result = []
        for node in form.iter("field"):
            # fields of an embedded one2many list/form belong to another model
            if any(parent.tag == "field" for parent in node.iterancestors()):
                continue
            name = node.get("name")
            result.append((name, node.get("string") or fields_info[name]["string"]))
        return result

    def test_form_field_labels_are_russian(self):
        oca_arch = etree.fromstring(
            self.env.ref("helpdesk_mgmt.ticket_view_form").arch_db
        )
        oca_names = {node.get("name") for node in oca_arch.iter("field")}
        shown = self._form_fields()
        # the OCA form's fields are there (bar those of groups like multi-company)
        self.assertGreater(len(oca_names & {name for name, _label in shown}), 10)
        self.assertTrue(
            {"name", "stage_id", "user_id", "team_id", "priority"}
            <= {name for name, _l in shown}
        )
        english = sorted(
            {
                f"{name}: {label!r}"
                for name, label in shown
                if english_words(label) or not CYRILLIC.search(label)
            }
        )
        self.assertFalse(
            english,
            "ticket form fields without a Russian label:\n" + "\n".join(english),
        )

    def test_oca_field_strings_are_russian(self):
        fields_info = self.Ticket.fields_get(
            [
                "name",
                "number",
                "user_id",
                "stage_id",
                "team_id",
                "priority",
                "partner_id",
                "category_id",
                "tag_ids",
                "channel_id",
                "closed_date",
                "last_stage_update",
                "sla_deadline",
                "positive_rate_percentage",
            ],
            attributes=["string"],
        )
        expected = {
            "name": "Заголовок",
            "user_id": "Ответственный",
            "stage_id": "Этап",
            "team_id": "Команда",
            "priority": "Приоритет",
            "category_id": "Категория",
            "tag_ids": "Метки",
            "channel_id": "Канал",
            "closed_date": "Дата закрытия",
            "sla_deadline": "Крайний срок по SLA",
        }
        self.assertEqual(
            {name: fields_info[name]["string"] for name in expected}, expected
        )
        for name, info in fields_info.items():
            self.assertRegex(info["string"], CYRILLIC, f"{name}: {info['string']!r}")

    def test_oca_stage_names_are_russian(self):
        names = {xmlid: self.env.ref(xmlid).name for xmlid in OCA_STAGES}
        self.assertEqual(names, OCA_STAGES)

    def test_selections_are_russian(self):
        fields_info = self.Ticket.fields_get(
            ["priority", "kanban_state"], attributes=["selection"]
        )
        self.assertEqual(dict(fields_info["priority"]["selection"]), PRIORITIES)
        for _value, label in fields_info["kanban_state"]["selection"]:
            self.assertRegex(label, CYRILLIC)
        sla_state = self.env["helpdesk.ticket.sla"].fields_get(
            ["state"], attributes=["selection"]
        )["state"]
        for _value, label in sla_state["selection"]:
            self.assertRegex(label, CYRILLIC)

    def test_menus_and_actions_are_russian(self):
        self.assertEqual(
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_action").name, "Обращения"
        )
        records = self.env["ir.model.data"].search(
            [
                (
                    "module",
                    "in",
                    ["helpdesk_mgmt", "helpdesk_mgmt_sla", "helpdesk_mgmt_rating"],
                ),
                ("model", "in", ["ir.ui.menu", "ir.actions.act_window"]),
            ]
        )
        english = []
        for imd in records:
            name = self.env[imd.model].browse(imd.res_id).name
            if english_words(name):
                english.append(f"{imd.module}.{imd.name}: {name!r}")
        self.assertFalse(
            english, "menus/actions still in English:\n" + "\n".join(english)
        )


@tagged("post_install", "-at_install")
class TestHelpdeskRussianUi(HttpCase):
    """A Russian-speaking operator sees the complaint kanban, list and form in Russian.

    One browser session: the tour reads the labels of the three views.
    """

    def test_operator_sees_russian_helpdesk(self):
        load_russian(self.env)
        operator = self.env.ref("cs_feedback.user_cs_operator")
        operator.lang = LANG
        self.start_tour(
            "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action",
            "cs_feedback_helpdesk_ru_tour",
            login=operator.login,
            timeout=240,
        )
