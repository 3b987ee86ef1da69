from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "Registry"

    def ready(self) -> None:
        from portal.sections import register
        from registry.portal import SECTION

        register(SECTION)  # what the community has on record, on the household's page
        from outbox import jobs
        from registry.import_jobs import drain_imports
        from registry.importer import purge_reports

        jobs.register("import reports", purge_reports)
        jobs.register_queue("roster imports", drain_imports)
