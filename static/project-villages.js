// The project form's village list, narrowed to the commune chosen. Without JavaScript the list
// is grouped by commune (one <optgroup> each) and the server refuses a village of another
// commune; with it, only the chosen commune's villages are offered. An NCDD village code
// begins with its commune's code, which is all this needs to know.
(function () {
  "use strict";
  var commune = document.getElementById("id_commune_code");
  var village = document.getElementById("id_village_code");
  if (!commune || !village) {
    return;
  }
  function narrow() {
    var chosen = commune.value;
    Array.prototype.forEach.call(village.querySelectorAll("optgroup"), function (group) {
      var shown = false;
      Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
        var here = !chosen || option.value.indexOf(chosen) === 0;
        option.hidden = !here;
        option.disabled = !here;
        shown = shown || here;
      });
      group.hidden = !shown;
    });
    var selected = village.options[village.selectedIndex];
    if (selected && selected.disabled) {
      village.value = "";
    }
  }
  commune.addEventListener("change", narrow);
  narrow();
})();
