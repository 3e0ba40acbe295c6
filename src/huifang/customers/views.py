from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huifang.accounts.audit import audit
from huifang.accounts.models import AuditEntry
from huifang.customers import web_import
from huifang.customers.access import visible_customers
from huifang.customers.error_workbook import write_error_workbook
from huifang.customers.importing import import_customers
from huifang.customers.models import Phone
from huifang.customers.reading import ImportFileError
from huifang.customers.search import matching


@login_required
@permission_required("customers.view_customer", raise_exception=True)
def customer_list(request):
    query = request.GET.get("q", "").strip()
    customers = visible_customers(request.user).select_related("dealer").prefetch_related("phones")
    if query:
        customers = matching(customers, query)
    page = Paginator(customers.order_by("-id"), 50).get_page(request.GET.get("page"))
    return render(request, "customers/customer_list.html", {"page": page, "q": query})


@login_required
def customer_detail(request, pk):
    customer = get_object_or_404(
        visible_customers(request.user)
        .select_related("dealer")
        .prefetch_related("phones", "vehicles"),
        pk=pk,
    )
    attempts = customer.attempts.select_related("task__campaign", "agent").order_by("-at")[:100]
    return render(
        request,
        "customers/customer_detail.html",
        {"customer": customer, "attempts": attempts, "notes": customer.notes.all()[:50]},
    )


@require_POST
@login_required
@permission_required("customers.reveal_number", raise_exception=True)
def reveal_number(request, pk):
    """Show one full number, once, and keep the audit record of who saw it."""
    phone = get_object_or_404(
        Phone.objects.filter(customer__in=visible_customers(request.user)), pk=pk
    )
    audit(request.user, AuditEntry.REVEAL_NUMBER, f"customer {phone.customer_id}", str(phone))
    return HttpResponse(f'<span class="phone">{phone.e164}</span>')


@login_required
@permission_required("customers.import_customers", raise_exception=True)
def import_upload(request):
    """Step 1 and 2: upload a file, see its first rows and every refused row."""
    if request.method == "POST" and request.FILES.get("file"):
        upload = request.FILES["file"]
        token = web_import.keep_upload(upload)
        try:
            checked = web_import.preview(web_import.upload_path(token), upload.name)
        except ImportFileError as exc:
            web_import.upload_path(token).unlink()
            messages.error(request, str(exc).replace(token, upload.name))
            return redirect("customer_import")
        return render(
            request,
            "customers/import_preview.html",
            {"preview": checked, "token": token, "name": upload.name},
        )
    return render(request, "customers/import_upload.html")


@require_POST
@login_required
@permission_required("customers.import_customers", raise_exception=True)
def import_confirm(request):
    """Step 3: import the previewed file; the refused rows go to a workbook."""
    token, name = request.POST.get("token", ""), request.POST.get("name", "upload")
    path = web_import.upload_path(token)
    if path is None:
        messages.error(request, _("上传的文件已不存在，请重新上传。"))
        return redirect("customer_import")
    try:
        result = import_customers(path)
    except ImportFileError as exc:
        messages.error(request, str(exc).replace(token, name))
        return redirect("customer_import")
    errors_token = ""
    if result.rejected_rows:
        errors_token = f"{path.stem}-errors.xlsx"
        write_error_workbook(
            web_import.uploads() / errors_token, result.rejected_rows, result.header
        )
    audit(request.user, AuditEntry.IMPORT, name, result.summary())
    path.unlink()
    return render(
        request,
        "customers/import_done.html",
        {"result": result, "name": name, "errors_token": errors_token},
    )


@login_required
@permission_required("customers.import_customers", raise_exception=True)
def import_errors(request, token):
    """The refused rows with a reason column, for the dealer to fix."""
    path = web_import.upload_path(token)
    if path is None or not token.endswith("-errors.xlsx"):
        raise Http404("no such error workbook")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=_("导入错误.xlsx"))
