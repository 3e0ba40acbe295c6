from django.contrib import admin

from huifang.customers.models import Customer, Dealer, Note, Phone, SalesReport, Vehicle


class PhoneInline(admin.TabularInline):
    model = Phone
    extra = 0


class VehicleInline(admin.TabularInline):
    model = Vehicle
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "external_id", "dealer", "province", "do_not_call"]
    list_filter = ["do_not_call", "is_lead", "dealer"]
    search_fields = ["name", "external_id", "phones__e164"]
    inlines = [PhoneInline, VehicleInline]
    raw_id_fields = ["referred_by"]


@admin.register(Dealer)
class DealerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province", "city"]
    search_fields = ["code", "name"]


@admin.register(SalesReport)
class SalesReportAdmin(admin.ModelAdmin):
    list_display = ["dealer", "quarter", "sales_count"]
    list_filter = ["quarter"]


@admin.register(Phone)
class PhoneAdmin(admin.ModelAdmin):
    list_display = ["customer", "kind", "province", "city", "source", "added_at"]
    search_fields = ["e164", "customer__name"]
    raw_id_fields = ["customer"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["customer", "product", "plate", "vin", "insurance_due", "inspection_due"]
    search_fields = ["vin", "plate", "customer__name"]
    raw_id_fields = ["customer"]


admin.site.register(Note)
