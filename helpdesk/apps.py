from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = "Help desk"

    def ready(self) -> None:
        from helpdesk import capabilities  # noqa: F401  (adds the help desk's capabilities)
        from helpdesk.models import Category
        from volunteers import work

        # Working groups take requests by the help desk's categories.
        work.register(lambda: [(code, str(label)) for code, label in Category.choices])
