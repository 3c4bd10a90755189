from django_tasks import task

from . import sending


@task()
def send_bulletin(bulletin_id):
    """Send one bulletin (see sending.send): safe to run late, twice or beside another."""
    sending.send(bulletin_id)


@task()
def send_due_bulletins():
    """Every minute: scheduled bulletins whose time has come, and any a stopped
    worker left half-sent."""
    for bulletin_id in sending.due():
        sending.send(bulletin_id)
