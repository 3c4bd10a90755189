"""The check that a payment names its membership or registration goes first: the
buyers' links move to members and events (their migrations depend on this one, so
that, reversed, the check comes back only once the old columns are filled again)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="payment",
            name="payment_is_for_one_thing",
        ),
    ]
