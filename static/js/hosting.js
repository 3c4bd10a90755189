// The hosting page works without this script: the totals are rendered when the
// page loads and a link refreshes them. With it, the totals refresh every 30
// seconds while the page is visible. They sit in an aria-live="polite" region,
// and only figures that changed are rewritten, so a screen reader announces the
// changes and nothing else.
(function () {
    "use strict";
    var INTERVAL = 30000;
    var section = document.querySelector("[data-hosting-numbers]");
    if (!section || !window.fetch) {
        return;
    }
    var url = section.getAttribute("data-hosting-numbers");
    var updated = section.querySelector("[data-numbers-updated]");
    var timer = null;
    var stopped = false;

    function twoDigits(number) {
        return (number < 10 ? "0" : "") + number;
    }

    function show(numbers) {
        Object.keys(numbers).forEach(function (name) {
            var text = String(numbers[name]);
            document.querySelectorAll('[data-number="' + name + '"]').forEach(function (element) {
                if (element.textContent.trim() !== text) {
                    element.textContent = text;
                }
            });
        });
        if (updated) {
            var now = new Date();
            updated.textContent =
                "Correct at " + twoDigits(now.getHours()) + ":" + twoDigits(now.getMinutes()) + ".";
        }
    }

    function stop() {
        stopped = true;
        window.clearInterval(timer);
        timer = null;
    }

    function refresh() {
        fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
            .then(function (response) {
                // Signed out, or no longer a host of this event: stop asking.
                if (response.redirected || response.status === 404 || response.status === 403) {
                    stop();
                    return null;
                }
                return response.ok ? response.json() : null;
            })
            .then(function (numbers) {
                if (numbers) {
                    show(numbers);
                }
            })
            .catch(function () {
                // Offline for a moment: the next tick tries again.
            });
    }

    function start() {
        if (stopped || timer !== null) {
            return;
        }
        timer = window.setInterval(refresh, INTERVAL);
    }

    function pause() {
        window.clearInterval(timer);
        timer = null;
    }

    document.addEventListener("visibilitychange", function () {
        if (document.hidden) {
            pause();
        } else if (!stopped) {
            refresh();
            start();
        }
    });
    if (!document.hidden) {
        start();
    }
})();
