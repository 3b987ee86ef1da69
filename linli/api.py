from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from accounts.api import router as accounts_router
from helpdesk.api import router as helpdesk_router
from linli.errors import Conflict, message_of
from registry.api import router as registry_router

api = NinjaAPI(
    title="Linli API",
    version="1",
    description=(
        "邻里 Linli: the community registry and the help desk. Staff log in through /login/ "
        "first (session cookie; send the CSRF token in X-CSRFToken on writes). A household "
        "submits with the token of its own link."
    ),
    auth=django_auth,
    urls_namespace="api",
    # The documentation is for staff: behind login, and its scripts are Linli's own files.
    docs_decorator=login_required,
)
api.add_router("/", accounts_router)
api.add_router("/", registry_router)
api.add_router("/", helpdesk_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Log in first at /login/.")}, status=401)


@api.exception_handler(Conflict)
def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(DjangoValidationError)
def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": message_of(exc)}, status=422)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    messages = []
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in {"query", "body"})
        messages.append(f"{where}: {error.get('msg')}")
    return api.create_response(
        request, {"detail": "; ".join(messages), "errors": exc.errors}, status=422
    )
