/** @odoo-module **/
/*
 * Issue 10, reviews and PR journeys in the browser.  Started by
 * cs_public_reviews/tests/test_ui.py, each on the record it names (the URL).
 * Selectors use field and button names only: the tours pass in any UI language.
 */

import {registry} from "@web/core/registry";

const FORM = ".o_form_view:not(.o_form_saving)";

/**
 * The statusbar showing `state` as the current step (the statusbar itself: the
 * current step's button is disabled, and a tour only triggers on enabled elements).
 * @param {String} state technical value of the selection
 */
function currentState(state) {
    return `${FORM} .o_statusbar_status:has(button.o_arrow_button_current[data-value="${state}"])`;
}

/**
 * Fail unless the element found by `selector` has some text.
 * @param {String} selector CSS selector
 * @param {String} what name of the thing, for the failure message
 */
function assertText(selector, what) {
    const el = document.querySelector(selector);
    const text = el ? el.textContent.trim() : "";
    if (!text) {
        throw new Error(`${what} is empty (${selector})`);
    }
    return text;
}

registry.category("web_tour.tours").add("cs_public_reviews_responder_tour", {
    steps: () => [
        {
            content: "A negative review waits for a reply: no draft notice yet",
            trigger: currentState("to_reply"),
            run() {
                if (document.querySelector(".o_form_view .o_field_widget[name=reply_draft_note]")) {
                    throw new Error("the draft notice is shown before a branch was chosen");
                }
            },
        },
        {
            content: "Pick the branch: unfounded, explain",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_set_branch_unfounded]`,
            run: "click",
        },
        {
            content: "The notice says the draft was filled from the template",
            trigger: `${FORM} .alert .o_field_widget[name=reply_draft_note]`,
            run() {
                assertText(".o_form_view .alert .o_field_widget[name=reply_draft_note]", "draft notice");
                assertText(".o_form_view .o_field_widget[name=branch]", "branch");
            },
        },
        {
            content: "Open the Replies tab",
            trigger: ".o_form_view .o_notebook_headers a.nav-link[name=replies]",
            run: "click",
        },
        {
            content: "The draft reply is there, filled",
            trigger: ".o_form_view .o_field_widget[name=reply_ids] .o_data_row td[name=body]",
            run() {
                assertText(".o_form_view .o_field_widget[name=reply_ids] .o_data_row td[name=body]", "draft reply");
            },
        },
        {
            content: "Close the review",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_close]`,
            run: "click",
        },
        {
            content: "Close asks for a confirmation first",
            trigger: ".modal .modal-content:not(.o_error_dialog) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Refused: the review has no posted reply",
            trigger: ".modal .o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The review still waits for a reply",
            trigger: `body:not(:has(.modal)) ${currentState("to_reply")}`,
        },
    ],
});

registry.category("web_tour.tours").add("cs_public_reviews_submit_tour", {
    steps: () => [
        {
            content: "A draft reply to a sensitive review",
            trigger: currentState("draft"),
        },
        {
            content: "Send it for approval: one button",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_submit]`,
            run: "click",
        },
        {
            content: "The reply waits for PR; who sent it is recorded",
            trigger: currentState("to_approve"),
            run() {
                assertText(".o_form_view .o_field_widget[name=submitted_by_id]", "sent for approval by");
                if (document.querySelector(".o_form_view button[name=action_submit]")) {
                    throw new Error("Send for Approval is still offered on a reply to approve");
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("cs_public_reviews_manager_tour", {
    steps: () => [
        {
            content: "A negative review without a reply",
            trigger: currentState("to_reply"),
        },
        {
            content: "Close it without a reply",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_open_close_reason]`,
            run: "click",
        },
        {
            content: "The dialog asks for the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Дубль отзыва: ответили на первый",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Closed, with the reason on the review",
            trigger: `body:not(:has(.modal)) ${currentState("closed")}`,
            run() {
                const reason = assertText(".o_form_view .o_field_widget[name=close_reason]", "closing reason");
                if (!reason.includes("Дубль отзыва")) {
                    throw new Error(`unexpected closing reason: ${reason}`);
                }
            },
        },
        {
            content: "Reopen it",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_reopen]`,
            run: "click",
        },
        {
            content: "Back to reply, the reason is cleared",
            trigger: currentState("to_reply"),
            run() {
                if (document.querySelector(".o_form_view .o_field_widget[name=close_reason]")) {
                    throw new Error("the closing reason is still shown on a reopened review");
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("cs_public_reviews_pr_tour", {
    steps: () => [
        {
            content: "A reply waiting for PR",
            trigger: currentState("to_approve"),
        },
        {
            content: "Approve it",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_approve]`,
            run: "click",
        },
        {
            content: "Approved, by whom is recorded",
            trigger: currentState("approved"),
            run() {
                assertText(".o_form_view .o_field_widget[name=approved_by_id]", "approved by");
            },
        },
        {
            content: "Changed mind: send it back",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_open_send_back]`,
            run: "click",
        },
        {
            content: "The dialog asks for a comment",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Уберите обещание компенсации",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "A draft again, the comment is shown to the author",
            trigger: `body:not(:has(.modal)) ${currentState("draft")}`,
            run() {
                const comment = assertText(
                    ".o_form_view .alert .o_field_widget[name=send_back_comment]",
                    "PR comment"
                );
                if (!comment.includes("Уберите обещание компенсации")) {
                    throw new Error(`unexpected PR comment: ${comment}`);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("cs_public_reviews_campaign_tour", {
    steps: () => [
        {
            content: "A campaign found by the import waits for a verdict",
            trigger: currentState("detected"),
        },
        {
            content: "Its reviews are listed, one per platform post",
            trigger: `${FORM} .o_field_widget[name=review_ids] .o_data_row:nth-child(3)`,
        },
        {
            content: "Open the evidence",
            trigger: `${FORM} .o_notebook a[name=evidence]`,
            run: "click",
        },
        {
            content: "The evidence summary sent to the platforms is there",
            trigger: `${FORM} .o_field_widget[name=evidence_summary]`,
            run() {
                const text = assertText(".o_form_view .o_field_widget[name=evidence_summary]", "evidence");
                if (!text.includes("3")) {
                    throw new Error(`unexpected evidence: ${text}`);
                }
            },
        },
        {
            content: "The texts are alike for honest reasons: dismiss",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_dismiss]`,
            run: "click",
        },
        {
            content: "Dismissed, by whom is recorded",
            trigger: currentState("dismissed"),
            run() {
                assertText(".o_form_view .o_field_widget[name=decided_by_id]", "decided by");
            },
        },
        {
            content: "On second thought: confirm it",
            trigger: `${FORM} .o_statusbar_buttons button[name=action_confirm]`,
            run: "click",
        },
        {
            content: "Confirmed",
            trigger: currentState("confirmed"),
        },
    ],
});
