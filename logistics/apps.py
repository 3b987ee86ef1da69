from django.apps import AppConfig


class LogisticsConfig(AppConfig):
    name = "logistics"
    verbose_name = "Gate and doors"

    def ready(self) -> None:
        from logistics import capabilities  # noqa: F401  (adds the gate's capabilities)
        from logistics.portal import CORNER, SECTION
        from portal.sections import register

        register(SECTION)  # deliveries, on the household's page
        register(CORNER)  # the donation corner, beside them
