// The join form works without this script: every category's fieldset is shown.
// With it, only the chosen category's fieldset is shown.
(function () {
    "use strict";
    var form = document.querySelector(".join-form");
    if (!form) {
        return;
    }
    var radios = form.querySelectorAll('input[name="category"]');
    var fieldsets = form.querySelectorAll("[data-join-category]");
    var note = form.querySelector("[data-join-note]");

    function update() {
        var chosen = form.querySelector('input[name="category"]:checked');
        var value = chosen ? chosen.value : null;
        fieldsets.forEach(function (fieldset) {
            fieldset.hidden = fieldset.getAttribute("data-join-category") !== value;
        });
    }

    if (note) {
        note.hidden = true;
    }
    radios.forEach(function (radio) {
        radio.addEventListener("change", update);
    });
    update();
})();
