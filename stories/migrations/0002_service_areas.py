"""The service areas a fresh site starts with; staff add, rename and reorder them."""

from django.db import migrations

SERVICE_AREAS = [
    ("homelessness", "Homelessness"),
    ("employment-support", "Employment support"),
    ("childrens-services", "Children's services"),
    ("adult-social-care", "Adult social care"),
    ("health-and-wellbeing", "Health and wellbeing"),
    ("other", "Other"),
]


def add_service_areas(apps, schema_editor):
    ServiceArea = apps.get_model("stories", "ServiceArea")
    for n, (slug, name) in enumerate(SERVICE_AREAS, start=1):
        ServiceArea.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": n * 10})


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [migrations.RunPython(add_service_areas, migrations.RunPython.noop)]
