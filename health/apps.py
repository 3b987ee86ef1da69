from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = "Health rounds"

    def ready(self) -> None:
        from health import capabilities  # noqa: F401  (adds the health rounds' capabilities)
        from health.portal import SECTION
        from portal.sections import register

        register(
            SECTION
        )  # the day's antigen report and the resident codes, on the household's page
