"""Event requests' own app takes over the tables the events app made for them
(events 0002) without touching them: the models are created in the migration
state only, with ``db_table`` naming the existing tables (the many-to-many tables
follow from it: events_eventrequest_contacts, events_eventrequest_co_host_organisations),
after events 0004 took them out of the events app's state.

The content types (and so the permissions granted to groups, and anything else
pointing at them, such as admin log entries) are renamed to the new app label,
not created anew.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import events.requests.models
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ("eventrequest", "eventrequestupdate", "eventrequestoutcome")


def _rename_content_types(apps, schema_editor, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED_MODELS:
        old = ContentType.objects.using(db).filter(app_label=old_label, model=model)
        if not old.exists():
            continue  # a new database: post_migrate makes the content types
        # One made by post_migrate after a rollback holds nothing but its default
        # permissions: the old one, which the groups and log entries point at, wins.
        ContentType.objects.using(db).filter(app_label=new_label, model=model).delete()
        old.update(app_label=new_label)
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "events", "event_requests")


def backwards(apps, schema_editor):
    _rename_content_types(apps, schema_editor, "event_requests", "events")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('events', '0004_move_event_requests_state'),
        ('members', '0002_membership'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EventRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reference', models.CharField(default=events.requests.models.new_request_reference, max_length=12, unique=True)),
                        ('title', models.CharField(max_length=150, verbose_name='working title')),
                        ('theme', models.CharField(max_length=200)),
                        ('aims', models.TextField(max_length=3000)),
                        ('audience', models.JSONField(blank=True, default=list)),
                        ('date_1_from', models.DateField(verbose_name='first choice of date')),
                        ('date_1_to', models.DateField(blank=True, null=True, verbose_name='first choice: until')),
                        ('date_2_from', models.DateField(blank=True, null=True, verbose_name='second choice of date')),
                        ('date_2_to', models.DateField(blank=True, null=True, verbose_name='second choice: until')),
                        ('date_3_from', models.DateField(blank=True, null=True, verbose_name='third choice of date')),
                        ('date_3_to', models.DateField(blank=True, null=True, verbose_name='third choice: until')),
                        ('format', models.CharField(choices=[('in-person', 'In person'), ('online', 'Online'), ('hybrid', 'Hybrid (in person and online)')], default='in-person', max_length=10)),
                        ('expected_attendees', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(2000)], verbose_name='expected numbers')),
                        ('venue_offered', models.BooleanField(default=False, verbose_name='the authority offers a venue')),
                        ('venue_name', models.CharField(blank=True, max_length=200)),
                        ('venue_address', models.TextField(blank=True, max_length=500)),
                        ('venue_postcode', models.CharField(blank=True, max_length=8, validators=[django.core.validators.RegexValidator('^(GIR ?0AA|[A-Z]{1,2}[0-9][0-9A-Z]? ?[0-9][A-Z]{2})$', 'Enter a UK postcode, for example LS1 1UR.')])),
                        ('venue_capacity', models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(5000)])),
                        ('venue_accessibility', models.TextField(blank=True, max_length=2000)),
                        ('other_co_hosts', models.TextField(blank=True, max_length=1000, verbose_name='other co-hosting organisations')),
                        ('contact_phone', models.CharField(max_length=20, validators=[django.core.validators.RegexValidator('^(\\+44\\s?|0)[\\d\\s()-]{9,14}$', 'Enter a UK phone number, for example 0113 222 4444 or +44 7700 900123.')])),
                        ('status', models.CharField(choices=[('submitted', 'Submitted'), ('in-review', 'In review'), ('needs-information', 'Needs information'), ('accepted', 'Accepted'), ('scheduled', 'Scheduled'), ('held', 'Held'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='submitted', max_length=20)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('status_changed_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('co_host_organisations', models.ManyToManyField(blank=True, related_name='event_requests', to='members.organisation', verbose_name='co-hosting organisations in the network')),
                        ('contacts', models.ManyToManyField(blank=True, help_text='Other members at the same authority who follow the request and co-host.', related_name='event_requests_as_contact', to=settings.AUTH_USER_MODEL, verbose_name='named contacts')),
                        ('event', models.OneToOneField(blank=True, help_text='The event page made from this request.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='event_request', to='events.eventpage')),
                        ('local_authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='event_requests', to='members.localauthority')),
                        ('requester', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='event_requests', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'events_eventrequest',
                        'ordering': ['-created_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='EventRequestOutcome',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('what_happened', models.TextField(max_length=3000)),
                        ('what_changed', models.TextField(max_length=3000)),
                        ('quote', models.TextField(blank=True, help_text='A sentence or two the network may publish.', max_length=600)),
                        ('quote_attribution', models.CharField(blank=True, help_text='e.g. Cllr Asha Patel, Leeds City Council', max_length=150)),
                        ('may_publish_quote', models.BooleanField(default=False, verbose_name='the network may publish the quote')),
                        ('submitted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='outcome', to='event_requests.eventrequest')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'events_eventrequestoutcome',
                    },
                ),
                migrations.CreateModel(
                    name='EventRequestUpdate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('source', models.CharField(choices=[('staff', 'Network staff'), ('authority', 'The authority'), ('system', 'Automatic')], max_length=10)),
                        ('from_status', models.CharField(blank=True, choices=[('submitted', 'Submitted'), ('in-review', 'In review'), ('needs-information', 'Needs information'), ('accepted', 'Accepted'), ('scheduled', 'Scheduled'), ('held', 'Held'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], max_length=20)),
                        ('to_status', models.CharField(blank=True, choices=[('submitted', 'Submitted'), ('in-review', 'In review'), ('needs-information', 'Needs information'), ('accepted', 'Accepted'), ('scheduled', 'Scheduled'), ('held', 'Held'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], max_length=20)),
                        ('message', models.TextField(blank=True, help_text='Seen by the authority (and emailed to them).', max_length=5000)),
                        ('internal_note', models.TextField(blank=True, help_text='Seen by staff only.', max_length=5000)),
                        ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='updates', to='event_requests.eventrequest')),
                    ],
                    options={
                        'db_table': 'events_eventrequestupdate',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='eventrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('date_1_to__isnull', True), ('date_1_to__gte', models.F('date_1_from')), _connector='OR'), name='event_request_date_1_in_order'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
