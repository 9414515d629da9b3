/* Draws every {% chart %} on the page with vega-embed (loaded just before this file).
 *
 * The spec sits in a JSON <script type="application/json"> block next to its
 * container. `ast: true` makes Vega interpret expressions instead of compiling
 * them with Function(), so the page's CSP needs no 'unsafe-eval'. vega-embed and
 * its tooltip would each add an inline <style> element, which the CSP's style-src
 * (no 'unsafe-inline') blocks: `defaultStyle: false` and the tooltip's
 * `disableDefaultStyle` turn them off, and reports.css carries the rules instead.
 * Charts that arrive in htmx swaps are drawn after the swap settles.
 */
(function () {
  "use strict";

  function render(root) {
    if (typeof window.vegaEmbed !== "function" || !root.querySelectorAll) {
      return;
    }
    var views = root.querySelectorAll("[data-chart-spec]:not([data-chart-state])");
    Array.prototype.forEach.call(views, function (view) {
      var source = document.getElementById(view.getAttribute("data-chart-spec"));
      if (!source) {
        return;
      }
      view.setAttribute("data-chart-state", "loading");
      var spec;
      try {
        spec = JSON.parse(source.textContent);
      } catch (err) {
        fail(view, err);
        return;
      }
      window
        .vegaEmbed(view, spec, {
          ast: true,
          actions: false,
          renderer: "svg",
          defaultStyle: false,
          tooltip: { disableDefaultStyle: true },
        })
        .then(function () {
          view.setAttribute("data-chart-state", "rendered");
        })
        .catch(function (err) {
          fail(view, err);
        });
    });
  }

  function fail(view, err) {
    view.setAttribute("data-chart-state", "failed");
    view.textContent = "";
    var note = document.createElement("p");
    note.className = "report-chart-error";
    note.textContent = "This chart could not be drawn; “Show as table” has the same figures.";
    view.appendChild(note);
    if (window.console) {
      window.console.error(err);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      render(document);
    });
  } else {
    render(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    render(document);
  });
})();
