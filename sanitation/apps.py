from django.apps import AppConfig


class SanitationConfig(AppConfig):
    name = "sanitation"
    verbose_name = "Disinfection and garbage"

    def ready(self) -> None:
        from portal.sections import register
        from sanitation import capabilities  # noqa: F401  (adds sanitation's capabilities)
        from sanitation.portal import SECTION

        register(SECTION)  # overflowing garbage or a dirty area, reported from the household
