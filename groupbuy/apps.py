from django.apps import AppConfig


class GroupbuyConfig(AppConfig):
    name = "groupbuy"
    verbose_name = "Group buying"

    def ready(self) -> None:
        from groupbuy import capabilities  # noqa: F401  (adds the group buy's capabilities)
        from groupbuy.portal import SECTION
        from portal.sections import register

        register(SECTION)  # the open offers, on the household's page
