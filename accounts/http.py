from django.http import HttpRequest

from accounts.models import User


def staff(request: HttpRequest) -> User:
    """The logged-in member of staff (views that call this are behind login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user
