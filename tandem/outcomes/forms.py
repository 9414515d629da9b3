"""The outcome upload form: it only checks the upload; `importer.py` checks the file."""

from __future__ import annotations

from django import forms

MAX_UPLOAD_MB = 20


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with a header row: unit, month and one or more outcome columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB.")
        return upload
