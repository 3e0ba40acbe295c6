"""The questionnaire editor's form: the YAML as typed, checked by the loader before
anything is stored."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huifang.surveys import loading
from huifang.surveys.models import Questionnaire

# Paths under /surveys/ that a questionnaire's id would hide.
RESERVED_SLUGS = {"new", "lint"}


class SourceForm(forms.Form):
    """The YAML of a new questionnaire, or of a new version of `slug`. A text that
    does not load is refused (the editor lists the loader's problems beside it)."""

    source = forms.CharField(label=gettext_lazy("问卷 YAML"), strip=False, widget=forms.Textarea)

    def __init__(self, *args, slug: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.slug = slug

    def clean_source(self):
        source = self.cleaned_data["source"]
        try:
            form = loading.loads(source)
        except loading.SurveyError:
            raise forms.ValidationError(_("问卷无法读取，没有保存。请按右侧提示修改。")) from None
        if self.slug is not None and form.id != self.slug:
            raise forms.ValidationError(
                _("问卷编号 id 应为 {slug}，不能改为 {id}；要另建问卷请用“新建问卷”。").format(
                    slug=self.slug, id=form.id
                )
            )
        if self.slug is None:
            if form.id in RESERVED_SLUGS:
                raise forms.ValidationError(_("问卷编号不能是 {id}，请换一个。").format(id=form.id))
            if Questionnaire.objects.filter(slug=form.id).exists():
                raise forms.ValidationError(
                    _(
                        "已有编号为 {id} 的问卷；要修改它请到它的编辑页，要另建请换一个编号。"
                    ).format(id=form.id)
                )
        return source
