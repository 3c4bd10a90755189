// The request form works without this script: the venue's details are always shown
// (and ignored unless a venue is offered). With it, they show only when one is.
(function () {
    "use strict";
    var offered = document.querySelector('.request-form input[name="venue_offered"]');
    var details = document.querySelector("[data-venue-details]");
    if (!offered || !details) {
        return;
    }
    var note = details.querySelector("[data-venue-note]");
    if (note) {
        note.hidden = true;
    }
    offered.setAttribute("aria-controls", details.id);

    function update() {
        details.hidden = !offered.checked;
    }

    offered.addEventListener("change", update);
    update();
})();
