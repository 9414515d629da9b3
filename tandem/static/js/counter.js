// A live "n / limit" under each text field marked data-counter (tandem.capture.forms
// .CountedMixin), so a person sees the limit coming instead of the browser's maxlength
// cutting a paste short without a word. The server checks the limit either way.
// htmx's onLoad runs for the page and again for each fragment it swaps in.
(() => {
  const format = (n) => n.toLocaleString("en");

  function addCounter(field) {
    if (field.dataset.counted) return;
    field.dataset.counted = "1";
    const limit = Number(field.getAttribute("maxlength"));
    const counter = document.createElement("span");
    counter.className = "counter";
    counter.id = `${field.id || field.name}-count`;
    const update = () => {
      const used = field.value.length;
      counter.textContent = `${format(used)} / ${format(limit)}`;
      counter.classList.toggle("full", used >= limit);
      // Text saved before the limit can be longer than it: say by how much.
      if (used > limit) counter.textContent += `: ${format(used - limit)} too many`;
      else if (used === limit) counter.textContent += " (the most it takes)";
    };
    field.after(counter);
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
    field.addEventListener("input", update);
    update();
  }

  function addCounters(root) {
    const scope = root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-counter][maxlength]")) addCounter(scope);
    scope.querySelectorAll("[data-counter][maxlength]").forEach(addCounter);
  }

  if (window.htmx) {
    htmx.onLoad(addCounters);
  } else {
    document.addEventListener("DOMContentLoaded", () => addCounters(document));
  }
})();
