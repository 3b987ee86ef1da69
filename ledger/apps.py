from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "ledger"
    verbose_name = "Money ledger"

    def ready(self) -> None:
        from ledger import capabilities  # noqa: F401  (adds the ledger's capabilities)
