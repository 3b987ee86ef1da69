from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = "Help desk"

    def ready(self) -> None:
        # The parser model `linli train-parser` stored, with the community's corrections; without
        # one, lib.message trains its base model on the shipped sets at the first parse.
        from helpdesk.parser_learning import load_stored_model

        load_stored_model()
