"""Fee payments are linked from the membership (members.MembershipPayment), no
longer by a foreign key on the payment: payments know purposes, not buyers.

Every payment that named a membership gets a link to it, then
payments.0003_payment_buyers_move_out drops the old column (this runs before it).
Reversed, the links are written back to the column (re-added by reversing that
migration first)."""

import django.db.models.deletion
from django.db import migrations, models


def link_fee_payments(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    MembershipPayment = apps.get_model("members", "MembershipPayment")
    rows = Payment.objects.filter(membership__isnull=False).values_list("pk", "membership_id")
    MembershipPayment.objects.bulk_create(
        MembershipPayment(payment_id=payment_id, membership_id=membership_id)
        for payment_id, membership_id in rows.iterator()
    )


def unlink_fee_payments(apps, schema_editor):
    Payment = apps.get_model("payments", "Payment")
    MembershipPayment = apps.get_model("members", "MembershipPayment")
    for payment_id, membership_id in MembershipPayment.objects.values_list(
        "payment_id", "membership_id"
    ).iterator():
        Payment.objects.filter(pk=payment_id).update(membership_id=membership_id)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_membership_fees"),
        ("payments", "0002_remove_payment_is_for_one_thing"),
    ]
    run_before = [("payments", "0003_payment_buyers_move_out")]

    operations = [
        migrations.CreateModel(
            name="MembershipPayment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "membership",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="payment_links",
                        to="members.membership",
                    ),
                ),
                (
                    "payment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="membership_link",
                        to="payments.payment",
                    ),
                ),
            ],
            options={"verbose_name": "membership fee payment"},
        ),
        migrations.AddField(
            model_name="membership",
            name="payments",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                through="members.MembershipPayment",
                to="payments.payment",
            ),
        ),
        migrations.RunPython(link_fee_payments, unlink_fee_payments),
    ]
