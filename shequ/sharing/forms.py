from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.projects.models import ServiceArea
from shequ.sharing.models import AwardLevel


class CaseStudyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 18}))
    area = forms.ModelChoiceField(
        label=_("Service area"), queryset=ServiceArea.objects.all(), required=False
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AwardForm(forms.Form):
    title = forms.CharField(label=_("Award"), max_length=120, initial="优秀社会工作案例")
    awarding_body = forms.CharField(label=_("Awarded by"), max_length=120)
    year = forms.IntegerField(label=_("Year"))
    level = forms.ChoiceField(label=_("Level"), choices=AwardLevel.choices)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year
