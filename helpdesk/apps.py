from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = "Help desk"

    def ready(self) -> None:
        from helpdesk import capabilities  # noqa: F401  (adds the help desk's capabilities)
