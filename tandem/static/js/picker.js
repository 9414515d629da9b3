// Enter in a picker's search box looks up now and moves to the list, instead of
// submitting the form around it (which, on a form like the meeting's, would save it).
// htmx fires afterSwap on the list it filled, so the focus moves from there.
document.addEventListener("keydown", (event) => {
  const find = event.target.closest && event.target.closest(".picker-find");
  if (!find || event.key !== "Enter") return;
  event.preventDefault();
  const list = document.getElementById(find.getAttribute("aria-controls"));
  if (list) list.addEventListener("htmx:afterSwap", () => list.focus(), { once: true });
  htmx.trigger(find, "search");
});
