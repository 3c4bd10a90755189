"""The table of bench/lighthouse.sh: one row per page from its Lighthouse reports
(JSON, one per run): the median of each category's score over the runs, whether
the console had errors in any run, and the audits that cost points.

    python bench/lighthouse_scores.py robots.txt report.json [report.json ...]

Exits non-zero when a median score of a page is under 100 or its console had errors.
A page that robots.txt keeps crawlers away from is, rightly, "blocked from
indexing" (the is-crawlable audit): for such a page that audit alone does not
count against its SEO score's target.
"""

import json
import sys
from collections import defaultdict
from statistics import median
from urllib.parse import urlsplit

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BLOCKED_BY_ROBOTS_TXT = "is-crawlable"
# Score of an audit that is informative only, or did not apply to the page.
NOT_SCORED = {"notApplicable", "informative", "manual"}


def disallowed_prefixes(robots_txt):
    return [
        line.split(":", 1)[1].strip()
        for line in robots_txt.splitlines()
        if line.lower().startswith("disallow:") and line.split(":", 1)[1].strip()
    ]


def failing_audits(report, category):
    """The ids of the audits of the category that lost points (weight above 0)."""
    audits = report["audits"]
    return [
        ref["id"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and audits[ref["id"]]["scoreDisplayMode"] not in NOT_SCORED
        and (audits[ref["id"]]["score"] or 0) < 1
    ]


def page_of(report):
    url = urlsplit(report["finalDisplayedUrl"])
    return url.path + (f"?{url.query}" if url.query else "")


def score(report, category):
    # A category Lighthouse could not score (a failed run) has no score: 0 here.
    return round((report["categories"][category]["score"] or 0) * 100)


def row(reports, disallowed):
    """One page's row from its runs: each category's median score, the audits that
    cost points in the run with the median performance, console errors in any run."""
    path = page_of(reports[0])
    blocked = any(path.startswith(prefix) for prefix in disallowed)
    scores = {name: median(score(report, name) for report in reports) for name in CATEGORIES}
    typical = sorted(reports, key=lambda report: score(report, "performance"))[len(reports) // 2]
    lost = {name: failing_audits(typical, name) for name in CATEGORIES}
    console_errors = any(report["audits"]["errors-in-console"]["score"] != 1 for report in reports)
    meets = {name: scores[name] == 100 for name in CATEGORIES}
    if blocked and lost["seo"] == [BLOCKED_BY_ROBOTS_TXT]:
        meets["seo"] = True
    notes = [f"{name}: {', '.join(ids)}" for name, ids in lost.items() if ids]
    if blocked:
        notes.append("robots.txt: Disallow")
    notes += [
        f"Lighthouse: {report['runtimeError']['message']}"
        for report in reports
        if "runtimeError" in report
    ]
    runs = ", ".join(
        f"{score(report, 'performance')} "
        f"({round(report['audits']['total-blocking-time']['numericValue'])} ms)"
        for report in reports
    )
    return [
        path,
        *(f"{scores[name]:g}" for name in CATEGORIES),
        "errors" if console_errors else "none",
        "PASS" if all(meets.values()) and not console_errors else "FAIL",
        runs,
        "; ".join(notes) or "-",
    ]


def main(robots_txt_path, *report_paths):
    with open(robots_txt_path) as robots_txt:
        disallowed = disallowed_prefixes(robots_txt.read())
    runs = defaultdict(list)
    for report_path in report_paths:
        with open(report_path) as file:
            report = json.load(file)
        runs[page_of(report)].append(report)
    rows = [row(reports, disallowed) for reports in runs.values()]
    heading = ["page", *CATEGORIES, "console errors", "target"]
    print("\t".join([*heading, "performance of each run (total blocking time)", "lost points on"]))
    for cells in rows:
        print("\t".join(cells))
    return 0 if all(cells[len(heading) - 1] == "PASS" for cells in rows) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
