/** @odoo-module **/

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("cs_feedback_menu_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Feedback app",
            trigger: '.o_app[data-menu-xmlid="cs_feedback.cs_feedback_root_menu"]',
            run: "click",
        },
        {
            content: "The Complaints list opens first",
            trigger: ".o_breadcrumb .active:contains(Complaints)",
        },
        {
            content: "Switch to Thanks",
            trigger: '.o_main_navbar [data-menu-xmlid="cs_feedback.helpdesk_ticket_thanks_menu"]',
            run: "click",
        },
        {
            content: "The Thanks view is shown",
            trigger: ".o_breadcrumb .active:contains(Thanks)",
        },
    ],
});
