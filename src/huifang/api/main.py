"""The JSON API under /api/v1/ (django-ninja; OpenAPI at /api/v1/docs). One router per
domain. Callers sign in with the browser's session (and its CSRF token) or, for
scripts and telephony systems, with HTTP Basic as a huifang user."""

from django.contrib.auth import authenticate
from ninja import NinjaAPI
from ninja.security import HttpBasicAuth, django_auth

from huifang.api import calls, tickets


class BasicAuth(HttpBasicAuth):
    def authenticate(self, request, username, password):
        user = authenticate(request, username=username, password=password)
        return user if user is not None and user.is_active else None


api = NinjaAPI(
    title="huifang",
    version="1",
    description="回访 huifang: callbacks, complaints and quality inspection.",
    urls_namespace="api",
    auth=[BasicAuth(), django_auth],
)
api.add_router("/calls/", calls.router)
api.add_router("/tickets/", tickets.router)
