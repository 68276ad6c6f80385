// Ask before destructive form posts: <form data-confirm="Delete this deck?">. Every page; a
// native module (deferred, like every StudyXP script but study-input.js).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
