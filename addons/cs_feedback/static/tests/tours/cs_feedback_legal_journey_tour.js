/** @odoo-module **/
/*
 * The legal reviewer's journey (issue 10): after login they land on "Awaiting My
 * Sign-off" with its filter on, open the complaint and find the sign-off.
 * Started by cs_feedback/tests/test_ui.py (English UI, demo data).
 */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("cs_feedback_legal_journey_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "The home page is the sign-off list",
            trigger: ".o_breadcrumb .active:contains(Awaiting My Sign-off)",
        },
        {
            content: "Its default filter is on",
            trigger: ".o_searchview_facet:contains(Awaiting my sign-off)",
        },
        {
            content: "Open the complaint that cites the law",
            trigger: ".o_data_row:contains(Претензия) .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "The legal reviewer can sign it off from the form",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_cs_open_legal_sign_off']",
        },
    ],
});
