// Forms whose fields depend on a type: <select data-type-select> picks which
// <fieldset data-trigger-type="..."> shows. The others are hidden and disabled, so they are
// not sent either (the server ignores them anyway; without this script all of them show).
// Still a classic deferred script (no globals) rather than a native module: the dashboard's
// tests (tests/dashboard/test_triggers.py) check its <script ... defer> tag as written, so it
// turns into <script type="module"> together with that check.
(function () {
  "use strict";

  function showChosen(select) {
    var fieldsets = select.form.querySelectorAll("fieldset[data-trigger-type]");
    Array.prototype.forEach.call(fieldsets, function (fieldset) {
      var chosen = fieldset.getAttribute("data-trigger-type") === select.value;
      fieldset.hidden = !chosen;
      fieldset.disabled = !chosen;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-type-select]")) {
      showChosen(event.target);
    }
  });

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-type-select]"), showChosen);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
