/** @odoo-module **/
/*
 * The operator's journey (issue 10): Complaints opens on "My open complaints"
 * with the promised dates on the cards; a complaint opens; on a thanks, ticking
 * the consent fills who, when and through which channel.  Started by
 * cs_feedback/tests/test_ui.py (English UI, demo data).
 */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

function cardsText() {
    return [...document.querySelectorAll(".o_kanban_record")].map((card) => card.textContent);
}

function fieldText(name) {
    const field = document.querySelector(`.o_form_view .o_field_widget[name='${name}']`);
    const input = field && field.querySelector("input, textarea");
    return field ? (input ? input.value : field.textContent).trim() : "";
}

registry.category("web_tour.tours").add("cs_feedback_operator_journey_tour", {
    url: "/odoo/action-cs_feedback.helpdesk_ticket_complaint_action",
    steps: () => [
        {
            content: "The default filter is my open complaints",
            trigger: ".o_searchview_facet:contains(My open complaints)",
        },
        {
            content: "My complaint shows its promised date; nobody else's complaint is listed",
            trigger: ".o_kanban_record:contains(Двойное списание) .o_field_widget[name='cs_promised_date']",
            run() {
                const cards = cardsText();
                if (cards.some((text) => text.includes("Грубость сотрудника"))) {
                    throw new Error("A complaint assigned to somebody else is listed.");
                }
                const date = this.anchor.textContent.trim();
                if (!/\d/.test(date)) {
                    throw new Error(`No promised date on the card: "${date}"`);
                }
            },
        },
        {
            content: "Open the complaint",
            trigger: ".o_kanban_record:contains(Двойное списание)",
            run: "click",
        },
        {
            content: "Open the Complaint tab",
            trigger: ".o_form_view .o_notebook .nav-link[name='cs_complaint']",
            run: "click",
        },
        {
            content: "The complaint form shows the promise",
            trigger: ".o_form_view .o_field_widget[name='cs_promised_date']",
        },
        {
            content: "Go to the thanks",
            trigger: ".o_main_navbar [data-menu-xmlid='cs_feedback.helpdesk_ticket_thanks_menu']",
            run: "click",
        },
        {
            content: "Open a thanks without consent",
            trigger: ".o_kanban_record:contains(Спасибо за быстрый ответ в чате)",
            run: "click",
        },
        {
            content: "Open the Thanks tab",
            trigger: ".o_form_view .o_notebook .nav-link[name='cs_thanks']",
            run: "click",
        },
        {
            content: "Tick the consent",
            trigger: ".o_form_view .o_field_widget[name='cs_publish_consent'] input",
            run: "click",
        },
        {
            content: "Who gave it: the ticket's contact",
            trigger: ".o_form_view .o_field_widget[name='cs_publish_consent_partner_id']:contains(Мария Иванова)",
        },
        {
            content: "Through which channel: the ticket's channel",
            trigger: ".o_form_view .o_field_widget[name='cs_publish_consent_channel']:contains(Messenger)",
        },
        {
            content: "When: now",
            trigger: ".o_form_view .o_field_widget[name='cs_publish_consent_date']",
            run() {
                if (!/\d/.test(fieldText("cs_publish_consent_date"))) {
                    throw new Error("The consent date is not filled in.");
                }
                if (!fieldText("cs_publish_text")) {
                    throw new Error("The text to publish is not filled in.");
                }
            },
        },
        ...stepUtils.saveForm(),
    ],
});
