from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = "Help desk"

    def ready(self) -> None:
        from helpdesk import capabilities  # noqa: F401  (adds the help desk's capabilities)
        from helpdesk.care import care_job
        from helpdesk.models import Category
        from outbox import jobs
        from volunteers import work

        jobs.register("care", care_job)
        from helpdesk.portal import SECTION
        from portal.sections import register

        register(SECTION)  # ask for help, on the household's page
        # Working groups take requests by the help desk's categories.
        work.register(lambda: [(code, str(label)) for code, label in Category.choices])
        # The parser model `linli train-parser` stored, with the community's corrections; without
        # one, lib.message trains its base model on the shipped sets at the first parse.
        from helpdesk.parser_learning import load_stored_model

        load_stored_model()
