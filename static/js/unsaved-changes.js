/* Warn before leaving an admin form whose fields were changed and not saved. Saving (any submit
   button) and pages that come back with a conflict or errors are handled: a form re-shown after a
   refused save counts as changed, since what the editor typed is not stored yet. */
(function () {
  "use strict";

  function watch(form) {
    var dirty = form.querySelector(".errornote, .conflict") !== null;
    var markDirty = function (event) {
      if (event.target && event.target.name && event.target.name !== "action") {
        dirty = true;
      }
    };
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () {
      dirty = false;
    });
    window.addEventListener("beforeunload", function (event) {
      if (!dirty) {
        return undefined;
      }
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  function start() {
    var form = document.querySelector("#content-main form[method=post][id$=_form]");
    if (form) {
      watch(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
