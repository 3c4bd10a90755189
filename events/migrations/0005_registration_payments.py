"""Ticket payments are linked from the registration (events.RegistrationPayment),
no longer by a foreign key on the payment: payments know purposes, not buyers.

Every payment that named a registration gets a link to it, then
payments.0003_payment_buyers_move_out drops the old column (this runs before it).
Reversed, the links are written back to the column (re-added by reversing that
migration first)."""

import django.db.models.deletion
from django.db import migrations, models


def link_ticket_payments(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    RegistrationPayment = apps.get_model("events", "RegistrationPayment")
    rows = Payment.objects.filter(registration__isnull=False).values_list("pk", "registration_id")
    RegistrationPayment.objects.bulk_create(
        RegistrationPayment(payment_id=payment_id, registration_id=registration_id)
        for payment_id, registration_id in rows.iterator()
    )


def unlink_ticket_payments(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    RegistrationPayment = apps.get_model("events", "RegistrationPayment")
    for payment_id, registration_id in RegistrationPayment.objects.values_list(
        "payment_id", "registration_id"
    ).iterator():
        Payment.objects.filter(pk=payment_id).update(registration_id=registration_id)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_move_event_requests_state"),
        ("payments", "0002_remove_payment_is_for_one_thing"),
    ]
    run_before = [("payments", "0003_payment_buyers_move_out")]

    operations = [
        migrations.CreateModel(
            name="RegistrationPayment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "payment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="registration_link",
                        to="payments.payment",
                    ),
                ),
                (
                    "registration",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="payment_links",
                        to="events.registration",
                    ),
                ),
            ],
            options={"verbose_name": "ticket payment"},
        ),
        migrations.AddField(
            model_name="registration",
            name="payments",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                through="events.RegistrationPayment",
                to="payments.payment",
            ),
        ),
        migrations.RunPython(link_ticket_payments, unlink_ticket_payments),
    ]
