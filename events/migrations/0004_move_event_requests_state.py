"""Event requests moved to their own app, events.requests (label event_requests).

State only: the tables stay where they are, under their names, and
event_requests' first migration takes them over (it sets ``db_table``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_paid_tickets"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="EventRequestOutcome"),
                migrations.DeleteModel(name="EventRequestUpdate"),
                migrations.DeleteModel(name="EventRequest"),
            ],
            database_operations=[],
        ),
    ]
