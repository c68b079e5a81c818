from odoo.tests import Form, TransactionCase


class TestSettings(TransactionCase):
    def test_working_calendar_is_set_from_settings(self):
        """The "Customer Service" section of Settings sets the company's working
        calendar and whether Russia's production calendar is loaded into it."""
        calendar = self.env["resource.calendar"].create({"name": "Контакт-центр"})
        with Form(self.env["res.config.settings"]) as settings:
            settings.cs_resource_calendar_id = calendar
            settings.cs_ru_production_calendar = True
        settings.save().execute()
        self.assertEqual(self.env.company.resource_calendar_id, calendar)
        self.assertTrue(calendar.cs_ru_production_calendar)

    def test_section_is_in_the_settings_view(self):
        arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        self.assertIn('name="cs_base"', arch)
        self.assertIn('name="cs_resource_calendar_id"', arch)
