// The home page's search, as one types: the same rule as the server's (web/forms.py MissionSearchForm),
// every word searched for begins a word of the mission's acronym, names or host countries, accents and
// case aside. Without this script the form is sent and the server filters the list.
(function () {
  "use strict";
  var form = document.querySelector("[data-mission-search]");
  if (!form) { return; }
  var field = form.querySelector("input[type=search]");
  var summary = document.querySelector("[data-search-summary]");
  var empty = document.querySelector("[data-search-empty]");

  function words(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().match(/[a-z0-9]+/g) || [];
  }

  function filter() {
    var wanted = words(field.value);
    var checked = form.querySelector("input[name=status]:checked");
    var status = checked ? checked.value : "";
    var shown = 0;
    document.querySelectorAll("[data-mission-group]").forEach(function (group) {
      var inGroup = 0;
      group.querySelectorAll(".mission-row").forEach(function (row) {
        var own = row.getAttribute("data-search").split(" ");
        var current = row.getAttribute("data-current") === "1";
        var matches = (status === "" || (status === "current") === current) && wanted.every(function (word) {
          return own.some(function (ownWord) { return ownWord.indexOf(word) === 0; });
        });
        row.hidden = !matches;
        if (matches) { inGroup += 1; }
      });
      group.hidden = inGroup === 0;
      var count = group.querySelector(".count");
      if (count) { count.textContent = "(" + inGroup + ")"; }
      shown += inGroup;
    });
    if (empty) { empty.hidden = shown !== 0; }
    if (summary) { summary.hidden = true; }
  }

  field.addEventListener("input", filter);
  form.querySelectorAll("input[name=status]").forEach(function (radio) { radio.addEventListener("change", filter); });
})();
