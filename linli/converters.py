"""URL converters: an id in a path is a number the database can hold."""

from lib.ids import MAX_DIGITS, MAX_ID


class IdConverter:
    # At most 19 digits: a longer number cannot be an id, so the URL does not match (404).
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError("not an id")  # Django answers 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)
