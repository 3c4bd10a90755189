"""The election forms of the admin, and the "I understand" checkbox every
pre-election warning asks for (the event request form, staff review, bulletins)."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Election
from .services import warning

CONFIRM_FIELD = "pre_election_confirmed"
MAX_UPLOAD = 1024 * 1024  # a CSV of every council in the UK is well under this


class ElectionForm(WagtailAdminModelForm):
    class Meta:
        model = Election
        fields = ["authority", "polling_day", "period_starts", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period_starts"].required = False


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: gss_code (or authority: its name or short name), polling_day, and "
            "optionally period_starts. Dates as 2027-05-06 or 06/05/2027."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("The file is too large: import up to 1 MB at a time.")
        return upload


def confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="I understand, and want to go on during the pre-election period",
        required=False,
    )


def add_confirmation(form, elections) -> None:
    """Give ``form`` the checkbox (when any of ``elections`` is on), and the list of
    them, for the template: ``form.pre_election`` and ``form.pre_election_warning``."""
    form.pre_election = list(elections)
    form.pre_election_warning = warning(form.pre_election)
    if form.pre_election and CONFIRM_FIELD not in form.fields:
        form.fields[CONFIRM_FIELD] = confirm_field()


def check_confirmation(form, elections) -> bool:
    """After cleaning: when any of ``elections`` is on and the box was not ticked,
    an error beside it (the form shows it again). True when it may go on."""
    add_confirmation(form, elections)
    if not form.pre_election:
        return True
    widget = form.fields[CONFIRM_FIELD].widget
    if not widget.value_from_datadict(form.data, form.files, form.add_prefix(CONFIRM_FIELD)):
        form.add_error(
            CONFIRM_FIELD,
            "Tick the box to confirm you have read the pre-election warning.",
        )
        return False
    return True
