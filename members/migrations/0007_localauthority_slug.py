from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    """Each authority's page address from its short name (or name), with the GSS
    code added where two share it; as LocalAuthority.free_slug does."""
    LocalAuthority = apps.get_model("members", "LocalAuthority")
    taken = set()
    for authority in LocalAuthority.objects.order_by("-is_current", "name", "pk"):
        base = slugify(authority.short_name or authority.name)[:100] or authority.gss_code.lower()
        slug = base if base not in taken else f"{base}-{authority.gss_code.lower()}"
        taken.add(slug)
        authority.slug = slug
        authority.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("members", "0006_organisation_contacts")]

    operations = [
        migrations.AddField(
            model_name="localauthority",
            name="slug",
            field=models.SlugField(blank=True, default="", max_length=120, db_index=False),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="localauthority",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Its page's address, /councils/<slug>/: made from the short name when "
                "left blank, and kept when the name changes so that links stay good.",
                max_length=120,
                unique=True,
            ),
        ),
    ]
