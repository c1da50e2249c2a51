from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "shequ.residents"
    label = "residents"
    verbose_name = _("Residents")

    def ready(self) -> None:
        from shequ.core.crypto import register_encrypted
        from shequ.residents import (
            importing,  # noqa: F401  (registers the residents import)
            merging,  # noqa: F401  (registers the registry's handler)
        )

        register_encrypted("residents.Resident", "id_number_cipher", "phone_cipher")
