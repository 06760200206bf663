/* Quote references in one step: each quote form on the story gets an "Insert into body" button that
   puts its reference at the cursor in the body. A quote not saved yet is [[quote:new-K]] (K its place
   among the quote forms); saving the story rewrites it to the quote's own [[quote:N]]. Without
   JavaScript the reference is shown in each quote form, to copy. */
(function () {
  "use strict";

  var FORM_ID = /^quotes-(\d+)$/;

  function referenceFor(form) {
    var shown = form.querySelector(".field-reference .readonly");
    var text = shown ? shown.textContent.trim() : "";
    if (/^\[\[quote:[\w-]+\]\]$/.test(text)) {
      return text;
    }
    var match = FORM_ID.exec(form.id);
    return match ? "[[quote:new-" + (Number(match[1]) + 1) + "]]" : null;
  }

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var before = textarea.value.slice(0, start);
    var after = textarea.value.slice(end);
    // A quote block stands alone in its paragraph: add blank lines around it where needed.
    var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
    var tail = after === "" || /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n");
    textarea.value = before + lead + text + tail + after;
    var caret = (before + lead + text).length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function enhance(form) {
    if (!FORM_ID.test(form.id) || form.querySelector(".insert-reference")) {
      return;
    }
    var reference = referenceFor(form);
    var place = form.querySelector(".field-reference .readonly");
    if (!reference || !place) {
      return;
    }
    place.textContent = reference;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button insert-reference";
    button.textContent = "Insert into body";
    button.setAttribute("aria-label", "Insert " + reference + " into the body at the cursor");
    button.addEventListener("click", function () {
      var body = document.getElementById("id_body");
      if (body) {
        insertAtCursor(body, reference);
      }
    });
    place.insertAdjacentElement("afterend", button);
  }

  function start() {
    document.querySelectorAll(".inline-related[id^='quotes-']").forEach(enhance);
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "quotes") {
        enhance(event.target);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
