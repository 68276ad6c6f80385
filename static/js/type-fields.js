// Forms whose fields depend on a type: <select data-type-select> picks which
// <fieldset data-trigger-type="..."> shows. The others are hidden and disabled, so they are
// not sent either (the server ignores them anyway; without this script all of them show).
// A module, so it runs once the page is parsed.

const TYPE_SELECT = "select[data-type-select]";

function showChosen(select) {
  for (const fieldset of select.form.querySelectorAll("fieldset[data-trigger-type]")) {
    const chosen = fieldset.dataset.triggerType === select.value;
    fieldset.hidden = !chosen;
    fieldset.disabled = !chosen;
  }
}

document.addEventListener("change", (event) => {
  if (event.target instanceof Element && event.target.matches(TYPE_SELECT)) {
    showChosen(event.target);
  }
});

for (const select of document.querySelectorAll(TYPE_SELECT)) showChosen(select);
