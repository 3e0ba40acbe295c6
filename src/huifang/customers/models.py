"""The customer archive 客户档案: dealers, customers, their phones and vehicles."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Dealer(models.Model):
    """A dealer or store 经销商/门店 that submits archives and serves customers."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    province = models.CharField(_("省份"), max_length=16, blank=True)
    city = models.CharField(_("城市"), max_length=32, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "经销商")
        verbose_name_plural = pgettext_lazy("model plural", "经销商")

    def __str__(self):
        return self.name


class Customer(models.Model):
    external_id = models.CharField(_("客户编号"), max_length=64, null=True, blank=True, unique=True)
    name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(
        _("性别"), max_length=1, blank=True, choices=[("M", _("男")), ("F", _("女"))]
    )
    dealer = models.ForeignKey(
        Dealer, null=True, blank=True, on_delete=models.SET_NULL, related_name="customers"
    )
    birthday = models.DateField(_("生日"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    province = models.CharField(
        _("省份"), max_length=16, blank=True, help_text="overrides the region found from the phone"
    )
    tags = models.JSONField(_("标签"), default=list, blank=True)
    purchase_date = models.DateField(_("购买日期"), null=True, blank=True)
    last_visit_date = models.DateField(_("最近到店"), null=True, blank=True, db_index=True)
    licence_due = models.DateField(_("驾照到期"), null=True, blank=True)
    do_not_call = models.BooleanField(_("拒访"), default=False)
    do_not_call_reason = models.CharField(_("拒访原因"), max_length=200, blank=True)
    do_not_call_at = models.DateTimeField(_("拒访时间"), null=True, blank=True)
    is_lead = models.BooleanField(_("潜在客户"), default=False)
    referred_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "客户")
        verbose_name_plural = pgettext_lazy("model plural", "客户")
        permissions = [
            ("reveal_number", "查看完整号码"),
            ("export_customers", "导出客户资料"),
            ("import_customers", "导入客户资料"),
        ]

    def __str__(self):
        return f"{self.name}{self.title}"

    @property
    def title(self) -> str:
        """先生 or 女士, as the callback scripts address the customer."""
        return {"M": "先生", "F": "女士"}.get(self.gender, "")

    @property
    def primary_phone(self):
        phones = list(self.phones.all())
        return phones[0] if phones else None


class Phone(models.Model):
    """One of a customer's numbers, in E.164. A number learned on a call is added,
    never written over an old one (A2)."""

    MOBILE = "mobile"
    LANDLINE = "landline"
    OTHER = "other"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="phones")
    e164 = models.CharField(_("号码"), max_length=20, db_index=True)
    kind = models.CharField(
        _("类型"),
        max_length=10,
        choices=[(MOBILE, _("手机")), (LANDLINE, _("固话")), (OTHER, _("其他"))],
        default=MOBILE,
    )
    province = models.CharField(_("省份"), max_length=16, blank=True)
    city = models.CharField(_("城市"), max_length=32, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    source = models.CharField(_("来源"), max_length=16, default="import")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "电话")
        verbose_name_plural = pgettext_lazy("model plural", "电话")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "e164"], name="phone_once_per_customer")
        ]

    def __str__(self):
        from huifang.accounts.masking import mask

        return mask(self.e164)

    @classmethod
    def of(cls, customer, info, position: int = 0, source: str = "import") -> "Phone":
        """A (not yet saved) Phone from a `phones.PhoneInfo`."""
        return cls(
            customer=customer,
            e164=info.e164,
            kind=info.kind,
            province=info.province,
            city=info.city,
            position=position,
            source=source,
        )


class Vehicle(models.Model):
    """A vehicle or product 车型/产品 the customer owns, with its due dates."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="vehicles")
    product = models.CharField(_("车型/产品"), max_length=80, blank=True)
    vin = models.CharField(_("车架号"), max_length=17, blank=True)
    plate = models.CharField(_("车牌"), max_length=16, blank=True)
    purchase_date = models.DateField(_("购买日期"), null=True, blank=True)
    insurance_due = models.DateField(_("保险到期"), null=True, blank=True, db_index=True)
    inspection_due = models.DateField(_("年检到期"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "车辆/产品")
        verbose_name_plural = pgettext_lazy("model plural", "车辆/产品")
        constraints = [
            models.UniqueConstraint(
                fields=["vin"], condition=~Q(vin=""), name="vin_unique_when_present"
            )
        ]

    def __str__(self):
        return " ".join(x for x in (self.product, self.plate) if x) or self.vin


class SalesReport(models.Model):
    """Sales a dealer reported for a quarter: the denominator of 提报率 (A3)."""

    dealer = models.ForeignKey(Dealer, on_delete=models.CASCADE, related_name="sales")
    quarter = models.CharField(_("季度"), max_length=6)  # 2026Q3
    sales_count = models.PositiveIntegerField(_("销量"))

    class Meta:
        verbose_name = pgettext_lazy("model", "销量")
        verbose_name_plural = pgettext_lazy("model plural", "销量")
        constraints = [
            models.UniqueConstraint(fields=["dealer", "quarter"], name="one_sales_row_per_quarter")
        ]

    def __str__(self):
        return f"{self.dealer} {self.quarter}: {self.sales_count}"


class Note(models.Model):
    """A free note on a customer's contact history (A4)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("auth.User", null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        verbose_name = pgettext_lazy("model", "备注")
        verbose_name_plural = pgettext_lazy("model plural", "备注")
        ordering = ["-at"]

    def __str__(self):
        return self.text[:40]
