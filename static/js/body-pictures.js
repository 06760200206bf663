/* Pictures dropped into a story body (django-markdownx's drag and drop).
   On a refusal, markdownx would write "Invalid response" into the text: take that out again and say
   what the server said instead. On success, select the alt-text placeholder so the editor types over
   it. The messages go in a live region beside the editor. */
(function () {
  "use strict";
  var FAILED = "Invalid response";
  var PLACEHOLDER = "Describe the picture for readers who cannot see it";

  function statusFor(editor) {
    var box = editor.parentNode.querySelector(".markdownx-upload-status");
    if (!box) {
      box = document.createElement("p");
      box.className = "markdownx-upload-status";
      box.setAttribute("role", "status");
      editor.parentNode.insertBefore(box, editor.nextSibling);
    }
    return box;
  }

  function watch(parent) {
    var editor = parent.querySelector("textarea");
    if (!editor) return;
    parent.addEventListener("markdownx.fileUploadError", function (event) {
      var response = event.detail && event.detail[0];
      var message = (response && response.error) || "The picture could not be uploaded.";
      // markdownx inserts its own text at the caret just after this event.
      window.setTimeout(function () {
        var end = editor.selectionStart;
        if (editor.value.slice(end - FAILED.length, end) === FAILED) {
          editor.value = editor.value.slice(0, end - FAILED.length) + editor.value.slice(end);
          editor.selectionStart = editor.selectionEnd = end - FAILED.length;
        }
        var box = statusFor(editor);
        box.classList.add("is-error");
        box.textContent = "Picture not added. " + message;
      }, 0);
    });
    parent.addEventListener("markdownx.fileUploadEnd", function () {
      var start = editor.value.lastIndexOf("![" + PLACEHOLDER, editor.selectionStart);
      if (start >= 0) {
        editor.focus();
        editor.setSelectionRange(start + 2, start + 2 + PLACEHOLDER.length);
      }
      var box = statusFor(editor);
      box.classList.remove("is-error");
      box.textContent = "Picture added. Type its alt text over the selected words (between ![ and ]).";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".markdownx"), watch);
  });
})();
