/** @odoo-module **/
/*
 * Issue 10, collections journeys in the browser.  Started by
 * cs_debt_handoff/tests/test_ui.py on the record it names (the URL).
 * Selectors use field and button names only: the tours pass in any UI language.
 */

import {registry} from "@web/core/registry";

const FORM = ".o_form_view:not(.o_form_saving)";

function currentState(state) {
    return `${FORM} .o_statusbar_status:has(button.o_arrow_button_current[data-value="${state}"])`;
}

/** Names of the primary (highlighted) buttons of the form's header. */
function primaryButtons() {
    return [...document.querySelectorAll(".o_form_view .o_form_statusbar button.btn-primary[name]")].map(
        (button) => button.getAttribute("name")
    );
}

/**
 * Fail unless the header's only primary button is `name`, and every name of
 * `others` is a visible, secondary button.
 */
function assertPrimary(name, others = []) {
    const primary = primaryButtons();
    if (primary.length !== 1 || primary[0] !== name) {
        throw new Error(`primary header buttons: ${JSON.stringify(primary)}, expected only ${name}`);
    }
    for (const other of others) {
        const buttons = document.querySelectorAll(`.o_form_view .o_form_statusbar button[name=${other}]`);
        if (!buttons.length) {
            throw new Error(`${other} is not offered`);
        }
    }
}

registry.category("web_tour.tours").add("cs_debt_handoff_check_tour", {
    steps: () => [
        {
            content: "A draft handoff: Check is the only primary step, Hand Over is secondary",
            trigger: currentState("draft"),
            run() {
                assertPrimary("action_check", ["action_hand_over"]);
                if (document.querySelector(".o_form_view div[name=check_failures]")) {
                    throw new Error("failures shown before any check");
                }
            },
        },
        {
            content: "Check",
            trigger: `${FORM} .o_form_statusbar button[name=action_check]`,
            run: "click",
        },
        {
            content: "The failures are listed with the button to fix them",
            trigger: `${FORM} div[name=check_failures] button[name=action_fix_guard]`,
            run() {
                const failures = document.querySelector(
                    ".o_form_view div[name=check_failures] .o_field_widget[name=check_failures]"
                );
                if (!failures || !failures.textContent.trim()) {
                    throw new Error("the failed check shows no failure");
                }
                const fixes = document.querySelectorAll(
                    ".o_form_view div[name=check_failures] button[name^=action_fix_]"
                );
                if (fixes.length !== 1) {
                    throw new Error(`${fixes.length} fix buttons for one kind of failure`);
                }
                assertPrimary("action_check", ["action_hand_over"]);
            },
        },
        {
            content: "Fix it where it is recorded",
            trigger: `${FORM} div[name=check_failures] button[name=action_fix_guard]`,
            run: "click",
        },
        {
            content: "The dialog: tick Alternative Offered",
            trigger: ".modal .o_field_widget[name=alternative_offered] input",
            run: "click",
        },
        {
            content: "Save the dialog",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Check again",
            trigger: `body:not(:has(.modal)) ${FORM} .o_form_statusbar button[name=action_check]`,
            run: "click",
        },
        {
            content: "Checked: no failure left, Hand Over is now the primary step",
            trigger: currentState("checked"),
            run() {
                if (document.querySelector(".o_form_view div[name=check_failures]")) {
                    throw new Error("the failures are still shown after a passed check");
                }
                assertPrimary("action_hand_over");
            },
        },
    ],
});

registry.category("web_tour.tours").add("cs_debt_handoff_scorecard_tour", {
    steps: () => [
        {
            content: "The scorecard opens (pivot by currency and agency)",
            trigger: ".o_pivot table",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Every amount is shown with its currency",
            trigger: ".o_list_view .o_data_row td[name=amount_placed]",
            run() {
                const cells = document.querySelectorAll(
                    ".o_list_view .o_data_row td[name=amount_placed], .o_list_view .o_data_row td[name=amount_recovered]"
                );
                const bare = [...cells]
                    .map((cell) => cell.textContent.trim())
                    .filter((text) => !/[^\d\s.,\u00a0\u202f-]/.test(text));
                if (!cells.length || bare.length) {
                    throw new Error(`amounts without a currency: ${JSON.stringify(bare)}`);
                }
            },
        },
    ],
});
