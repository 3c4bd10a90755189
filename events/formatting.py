"""How events' dates read on the site: plain functions of values, below the models
(which use them for their display properties) and everything else."""

EN_DASH = "\u2013"


def _time(value):
    return value.strftime("%H:%M")


def _day(value):
    return f"{value:%A} {value.day} {value:%B %Y}"


def format_when(start, end):
    """e.g. "Tuesday 12 May 2026, 10:00-13:00 BST" (with an en dash); both in London time."""
    starts = f"{_day(start)}, {_time(start)}"
    if start.date() == end.date() and start.tzname() == end.tzname():
        return f"{starts}{EN_DASH}{_time(end)} {end.tzname()}"
    ends = _time(end) if start.date() == end.date() else f"{_day(end)}, {_time(end)}"
    return f"{starts} {start.tzname()} {EN_DASH} {ends} {end.tzname()}"
