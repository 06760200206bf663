/* Quote references in one step: each quote form on the story gets an "Insert into body" button that
   puts its reference at the cursor in the body. A quote not saved yet is [[quote:new-K]] (K its place
   among the quote forms); saving the story rewrites it to the quote's own [[quote:N]]. Without
   JavaScript the reference is shown in each quote form, to copy. When a quote form added on the page
   is removed again, Django renumbers the ones after it: the body's [[quote:new-K]] follow them, and
   a reference to the removed one becomes [[quote:new-removed]], which the form reports as unknown. */
(function () {
  "use strict";

  var FORM_ID = /^quotes-(\d+)$/;
  var NEW_REFERENCE = /\[\[(\s*quote\s*:\s*)new-(\d+)/g;
  var enhanced = []; // {form, key}: the new quotes' keys as the body knows them

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
    var isNew = /new-(\d+)/.exec(reference);
    if (isNew) {
      enhanced.push({ form: form, key: isNew[1] });
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button insert-reference";
    button.textContent = "Insert into body";
    button.setAttribute("aria-label", "Insert " + reference + " into the body at the cursor");
    button.addEventListener("click", function () {
      var body = document.getElementById("id_body");
      if (body) {
        insertAtCursor(body, referenceFor(form));
      }
    });
    place.insertAdjacentElement("afterend", button);
  }

  function renumber() {
    var moved = {};
    enhanced = enhanced.filter(function (entry) {
      var match = FORM_ID.exec(entry.form.id);
      if (!document.body.contains(entry.form) || !match) {
        moved[entry.key] = "removed";
        return false;
      }
      var key = String(Number(match[1]) + 1);
      if (key !== entry.key) {
        moved[entry.key] = key;
        entry.key = key;
        var shown = entry.form.querySelector(".field-reference .readonly");
        if (shown) {
          shown.textContent = "[[quote:new-" + key + "]]";
        }
      }
      return true;
    });
    var body = document.getElementById("id_body");
    if (body && Object.keys(moved).length) {
      // One pass, so a renumbered key never collides with another.
      body.value = body.value.replace(NEW_REFERENCE, function (whole, prefix, key) {
        return Object.prototype.hasOwnProperty.call(moved, key) ? "[[" + prefix + "new-" + moved[key] : whole;
      });
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  function start() {
    document.querySelectorAll(".inline-related[id^='quotes-']").forEach(enhance);
    document.addEventListener("formset:added", function (event) {
      if (event.detail && event.detail.formsetName === "quotes") {
        enhance(event.target);
      }
    });
    document.addEventListener("formset:removed", function (event) {
      if (event.detail && event.detail.formsetName === "quotes") {
        window.setTimeout(renumber, 0); // Django renumbers the forms just after telling us
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
