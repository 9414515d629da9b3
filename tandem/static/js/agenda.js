// The showcase agenda rearranged by drag: drop a row (tr[data-slot]) on another and the
// two exchange what they hold, through the page's own form (#slot-swap), so the server
// checks it as it checks the Up and Down buttons, which do the same without a script.
(() => {
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("slot-swap");
    if (!form) return;
    let dragged = null;
    document.querySelectorAll("tr[data-slot]").forEach((row) => {
      row.addEventListener("dragstart", (event) => {
        dragged = row.dataset.slot;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged);
        row.classList.add("dragging");
      });
      row.addEventListener("dragend", () => row.classList.remove("dragging"));
      row.addEventListener("dragover", (event) => {
        if (dragged && dragged !== row.dataset.slot) {
          event.preventDefault();
          row.classList.add("drop-here");
        }
      });
      row.addEventListener("dragleave", () => row.classList.remove("drop-here"));
      row.addEventListener("drop", (event) => {
        event.preventDefault();
        row.classList.remove("drop-here");
        if (!dragged || dragged === row.dataset.slot) return;
        form.elements.a.value = dragged;
        form.elements.b.value = row.dataset.slot;
        form.submit();
      });
    });
  });
})();
