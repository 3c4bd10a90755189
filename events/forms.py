"""The registration form on an event page (members answer three questions; guests
also give their name and email)."""

from django import forms

from network_site.forms import LongTextField

from .models import Registration

SHARE_LABEL = "Share my name, email and organisation with the event's hosts"
SHARE_HELP = (
    "The council or organisation co-hosting the event sees who is coming only if you agree. "
    "Network staff always see your registration."
)


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=Registration._meta.get_field("guest_name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=Registration._meta.get_field("guest_email").max_length,
        help_text="We email you a link to confirm your place.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    access_needs = LongTextField(
        label="Access needs",
        required=False,
        max_length=Registration._meta.get_field("access_needs").max_length,
        help_text="For example step-free access, a hearing loop, British Sign Language "
        "interpretation, a quiet room or large-print materials.",
        rows=3,
    )
    dietary_needs = LongTextField(
        label="Dietary needs",
        required=False,
        max_length=Registration._meta.get_field("dietary_needs").max_length,
        help_text="Allergies, intolerances or preferences for any food or drink served.",
        rows=2,
    )
    share_with_hosts = forms.BooleanField(label=SHARE_LABEL, required=False, help_text=SHARE_HELP)

    def __init__(self, *args, guest=False, prefix="registration", **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.guest = guest
        if not guest:
            del self.fields["name"]
            del self.fields["email"]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                errors = " ".join(
                    f"id_{self.prefix}-{name}-error-{n}"
                    for n in range(1, len(self.errors[name]) + 1)
                )
                if self.fields[name].help_text:
                    errors = f"id_{self.prefix}-{name}_helptext {errors}"
                widget.attrs["aria-describedby"] = errors

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "access_needs": data["access_needs"],
            "dietary_needs": data["dietary_needs"],
            "share_with_hosts": data["share_with_hosts"],
        }
