/* The dashboards' charts, drawn from their Vega-Lite specs (JSON in the page) by the vega bundle that
   missionfacts serves itself. Once a chart is drawn its table folds away; without JavaScript the tables stay
   open. The contributors' chart gets a slider over its reporting dates, on top of the plain date list. */
(function () {
  "use strict";

  document.querySelectorAll("[data-spec]").forEach(function (element) {
    var source = document.getElementById(element.dataset.spec);
    if (!source || typeof vegaEmbed === "undefined") {
      return;
    }
    vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
      .then(function () {
        element.classList.add("drawn");
        var card = element.closest(".chart-card");
        var table = card && card.querySelector("details[data-close-when-drawn]");
        if (table) {
          table.open = false;
        }
      })
      .catch(function (error) {
        element.classList.add("failed");
        window.console.error(error);
      });
  });

  document.querySelectorAll("[data-date-slider]").forEach(function (form) {
    var select = form.querySelector("select");
    if (!select || select.options.length < 2) {
      return;
    }
    var slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = String(select.options.length - 1);
    slider.value = String(select.selectedIndex);
    slider.setAttribute("aria-label", form.querySelector("label").textContent);
    var shown = document.createElement("output");
    shown.textContent = select.options[select.selectedIndex].text;
    slider.addEventListener("input", function () {
      select.selectedIndex = Number(slider.value);
      shown.textContent = select.options[select.selectedIndex].text;
    });
    slider.addEventListener("change", function () {
      form.submit();
    });
    select.addEventListener("change", function () {
      form.submit();
    });
    form.classList.add("with-slider");
    form.insertBefore(slider, select);
    form.insertBefore(shown, select);
  });
})();
