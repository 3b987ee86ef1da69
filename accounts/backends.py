from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from accounts.models import User
from lib.identity import normalise_phone


class PhoneBackend(ModelBackend):
    """Staff log in with their phone number, written any way (138 1234 5678, +86…)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        phone = normalise_phone(username or kwargs.get("phone")) or username
        user = super().authenticate(request, username=phone, password=password, **kwargs)
        return user if isinstance(user, User) else None
