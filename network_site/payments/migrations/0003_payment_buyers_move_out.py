"""A payment no longer names its buyer: members and events link their records to
their payments. Their migrations copy the links first (they declare
``run_before`` this one, which depends on no feature app)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_remove_payment_is_for_one_thing"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="payment",
            name="membership",
        ),
        migrations.RemoveField(
            model_name="payment",
            name="registration",
        ),
    ]
