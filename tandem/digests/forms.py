from django import forms

from tandem.digests.models import DigestPreference


class DigestPreferenceForm(forms.ModelForm):
    class Meta:
        model = DigestPreference
        fields = ["enabled", "weekday"]
        help_texts = {"weekday": "The digest covers the last full week (Monday to Sunday)."}
