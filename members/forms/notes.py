from django import forms

from network_site.forms import LongTextField


class NoteForm(forms.Form):
    """A member's optional note, kept with a step in a membership's history
    (leaving the network, removing an organisation's contact)."""

    label = help_text = ""
    reason = LongTextField(required=False, max_length=2000, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = self.label
        self.fields["reason"].help_text = self.help_text
