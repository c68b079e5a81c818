/** @odoo-module **/
/*
 * Reads the labels of the complaint kanban, list (with its filter menu) and form
 * of a Russian-speaking operator and fails listing every label left in English.
 * Started by cs_feedback/tests/test_helpdesk_ru_ui.py.
 */

import {registry} from "@web/core/registry";

// Latin words that are fine in a Russian UI: technical tokens and brand names.
const ALLOWED = new Set(["SLA", "ID", "E-mail", "Odoo", "CC", "URL", "Wi-Fi"]);
const LATIN_WORD = /[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]{2,}/g;

function englishWords(text) {
    return (text.match(LATIN_WORD) || []).filter((word) => !ALLOWED.has(word));
}

function state() {
    window.csRuUiCheck = window.csRuUiCheck || {seen: 0, leaks: new Map()};
    return window.csRuUiCheck;
}

/**
 * Record the labels found by `selector` (text, or the attribute `attr`).
 * @param {String} where view name, used in the failure message
 * @param {String} selector CSS selector of the label elements
 * @param {String} [attr] read this attribute instead of the text
 */
function collect(where, selector, attr) {
    const check = state();
    for (const el of document.querySelectorAll(selector)) {
        const text = (attr ? el.getAttribute(attr) : el.textContent) || "";
        const label = text.replace(/\s+/g, " ").trim();
        if (!label) {
            continue;
        }
        check.seen++;
        if (englishWords(label).length) {
            check.leaks.set(`${where}: "${label}"`, true);
        }
    }
}

registry.category("web_tour.tours").add("cs_feedback_helpdesk_ru_tour", {
    url: "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action",
    steps: () => [
        {
            content: "Kanban: stage columns and cards are shown",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title",
            run() {
                collect("kanban column", ".o_kanban_group .o_column_title");
                collect("kanban card", ".o_kanban_record .o_priority_star", "data-tooltip");
                collect("kanban card", ".o_kanban_record .o_field_state_selection [title]", "title");
                collect("kanban card", ".o_kanban_record .o_field_state_selection [data-tooltip]", "data-tooltip");
                collect("breadcrumb", ".o_breadcrumb .active");
            },
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "List: column headers",
            trigger: ".o_list_view .o_data_row",
            run() {
                collect("list header", ".o_list_table thead th[data-name]");
                collect("search", ".o_searchview_input", "placeholder");
            },
        },
        {
            content: "Open the filter menu",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter menu: filters and group-bys of the search view",
            trigger: ".o_filter_menu .o_menu_item",
            run() {
                collect("filter", ".o_filter_menu .o_menu_item");
                collect("group by", ".o_group_by_menu .o_menu_item");
            },
        },
        {
            content: "Close the filter menu",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Open a complaint",
            trigger: ".o_list_view .o_data_row:first .o_data_cell",
            run: "click",
        },
        {
            content: "Form: labels, statusbar, buttons, tabs",
            trigger: ".o_form_view .o_form_statusbar .o_statusbar_status",
            run() {
                collect("form statusbar", ".o_statusbar_status .o_arrow_button");
                collect("form button", ".o_form_statusbar .o_statusbar_buttons button");
                collect("form button", ".o_form_view .oe_button_box .o_stat_text");
                collect("form label", ".o_form_view .o_form_label");
                collect("form tab", ".o_form_view .o_notebook_headers .nav-link");
                collect("form group", ".o_form_view .o_horizontal_separator");
                collect("form placeholder", ".o_form_view .o_form_sheet input[placeholder]", "placeholder");
                collect("form placeholder", ".o_form_view .o_form_sheet textarea[placeholder]", "placeholder");
            },
        },
        {
            content: "No label may be left in English",
            trigger: ".o_form_view",
            run() {
                const check = state();
                if (check.seen < 20) {
                    throw new Error(`Only ${check.seen} labels were read: the views did not render as expected.`);
                }
                const leaks = [...check.leaks.keys()];
                if (leaks.length) {
                    throw new Error(
                        `${leaks.length} label(s) still in English for a ru_RU user:\n` + leaks.join("\n")
                    );
                }
                console.log(`cs_feedback_helpdesk_ru_tour: ${check.seen} labels read, all in Russian`);
            },
        },
    ],
});
