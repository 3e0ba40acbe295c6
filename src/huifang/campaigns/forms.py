from django import forms
from django.utils.translation import gettext_lazy as _

from huifang.campaigns.models import Campaign
from huifang.campaigns.targeting import DUE_FIELDS, RULES

RULE_LABELS = {
    "dormant": _("休眠：最近到店早于 N 天"),
    "due_within": _("到期提醒：N 天内到期"),
    "after_service": _("服务后 N 天（保养/维修）"),
    "after_sale": _("购买后 N 天"),
    "birthday_month": _("本月生日"),
    "all": _("全部客户"),
}


class CampaignForm(forms.ModelForm):
    rule = forms.ChoiceField(
        label=_("目标规则"), choices=[(k, RULE_LABELS.get(k, k)) for k in RULES]
    )
    days = forms.IntegerField(label=_("天数 N"), min_value=0, required=False)
    within = forms.IntegerField(label=_("最多 N 天前（服务/购买后）"), min_value=0, required=False)
    due = forms.ChoiceField(
        label=_("到期项目"),
        required=False,
        choices=[("insurance", _("保险")), ("inspection", _("年检")), ("licence", _("驾照"))],
    )
    dealers = forms.CharField(label=_("经销商（代码或名称，逗号分隔）"), required=False)
    provinces = forms.CharField(label=_("省份（逗号分隔）"), required=False)

    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "purpose",
            "starts_on",
            "ends_on",
            "priority",
            "team",
            "policy",
            "max_attempts",
            "daily_attempts",
            "target_completes",
            "offer",
            "questionnaire",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.status != "draft":
            # Launched: it calls with the version it froze (E6), whatever is chosen here.
            self.fields["questionnaire"].disabled = True
            self.fields["questionnaire"].help_text = _("项目启动后问卷已冻结，不能更换")
        t = self.instance.targeting or {}
        for key in ("rule", "days", "within", "due"):
            if key in t:
                self.initial.setdefault(key, t[key])
        for key in ("dealers", "provinces"):
            if t.get(key):
                self.initial.setdefault(key, ", ".join(t[key]))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("结束日期早于开始日期"))
        if data.get("due") and data["due"] not in DUE_FIELDS:
            self.add_error("due", _("未知的到期项目"))
        return data

    def save(self, commit=True):
        data = self.cleaned_data
        targeting = {"rule": data["rule"]}
        for key in ("days", "within"):
            if data.get(key) is not None:
                targeting[key] = data[key]
        if data["rule"] == "due_within":
            targeting["due"] = data.get("due") or "insurance"
        for key in ("dealers", "provinces"):
            items = [x.strip() for x in (data.get(key) or "").replace("，", ",").split(",")]
            if any(items):
                targeting[key] = [x for x in items if x]
        self.instance.targeting = targeting
        return super().save(commit)
