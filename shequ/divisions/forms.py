from django import forms
from django.utils.translation import gettext_lazy as _


class DivisionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    MAX_BYTES = 5 * 1024 * 1024
