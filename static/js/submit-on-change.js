// A <select data-submit-on-change> sends its form as soon as a choice is made (the admin's
// language switch). A file of its own: the content security policy allows no inline handler.
document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
