from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from accounts.models import User
from lib.identity import normalise_phone

READ_USER = f"SELECT * FROM {User._meta.db_table} WHERE {User._meta.pk.column} = %s"


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

    def get_user(self, user_id: Any) -> User | None:
        """The logged-in person, read on every request without building the query each time."""
        try:
            pk = User._meta.pk.to_python(user_id)  # the session holds it as text
        except ValidationError:
            return None
        user = next(iter(User.objects.raw(READ_USER, [pk])), None)
        return user if user is not None and self.user_can_authenticate(user) else None
