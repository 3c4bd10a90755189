from django_tasks import task

from . import lifecycle


@task()
def send_renewal_reminders():
    """Daily: renewal reminders 30 and 7 days before a year paid offline or
    waived ends, and lapsing when it has (see members.lifecycle)."""
    run = lifecycle.send_renewal_reminders()
    return {"reminded": run.reminded, "lapsed": run.lapsed}
