from django import forms

from .models import BodyImage


class BodyImageForm(forms.ModelForm):
    """One picture for a story body, through the pipeline (the field checks it)."""

    class Meta:
        model = BodyImage
        fields = ["image"]
