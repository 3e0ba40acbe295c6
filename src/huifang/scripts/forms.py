"""The form a supervisor edits a script with (D6). The checking is the library's
(`store.problems`); the form only reads the fields and puts each problem next to
its field."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from huifang.campaigns.choices import Kind
from huifang.scripts import store
from huifang.scripts.library import KEY

_TAG_SPLIT = re.compile(r"[\s,，、;；]+")


class ScriptForm(forms.Form):
    key = forms.CharField(
        label=_("编号"),
        max_length=120,
        required=False,
        help_text=_("小写字母、数字和下划线，用点分段，如 situation.pet_in_car；保存后不能修改"),
    )
    title = forms.CharField(label=_("标题"), max_length=120)
    category = forms.ChoiceField(label=_("分类"))
    text = forms.CharField(
        label=_("话术内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("坐席要念的话；可用下方的占位符，如 {customer_name}{title}"),
    )
    kinds = forms.MultipleChoiceField(
        label=_("适用项目类型"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示通用"),
    )
    tags = forms.CharField(
        label=_("关键词"),
        max_length=400,
        required=False,
        help_text=_("搜索用的其他说法，用空格或逗号分隔"),
    )
    hidden = forms.BooleanField(
        label=_("隐藏：不再出现在话术库和工作台中"),
        required=False,
    )

    def __init__(self, *args, library, key: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library
        self.fixed_key = key  # editing: the key is given; new: the form asks for it
        self.fields["category"].choices = list(library.categories.items())
        if key is not None:
            del self.fields["key"]
        else:
            self.fields["key"].required = True

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if not KEY.match(key):
            raise forms.ValidationError(_("应为小写字母、数字和下划线，用点分段，如 hold.ask"))
        if store.key_in_use(key):
            raise forms.ValidationError(_("这个编号已经有了，请换一个，或去编辑那条话术"))
        return key

    def clean_tags(self):
        return [t for t in _TAG_SPLIT.split(self.cleaned_data["tags"]) if t]

    @property
    def script_key(self) -> str:
        return self.fixed_key if self.fixed_key is not None else self.cleaned_data.get("key", "")

    def clean(self):
        data = super().clean()
        found = store.problems(
            self.script_key or "new",
            title=data.get("title", ""),
            text=data.get("text", ""),
            category=data.get("category", ""),
            kinds=data.get("kinds", []),
            tags=data.get("tags", []),
            hidden=data.get("hidden", False),
            library=self.library,
        )
        for field, messages in found.items():
            if field in self.errors or (field == "key" and "key" not in self.fields):
                continue  # already said by the field itself
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data

    def values(self) -> dict:
        """The cleaned fields as `store.save_revision` takes them."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "text": data["text"],
            "category": data["category"],
            "kinds": data.get("kinds", []),
            "tags": data.get("tags", []),
            "hidden": data.get("hidden", False),
        }
