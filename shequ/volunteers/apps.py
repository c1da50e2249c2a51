from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "shequ.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from shequ.core.crypto import register_encrypted

        register_encrypted("volunteers.Volunteer", "id_number_cipher", "phone_cipher")
