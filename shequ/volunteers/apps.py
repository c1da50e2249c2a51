from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "shequ.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from shequ.core.crypto import register_encrypted
        from shequ.volunteers import metrics  # noqa: F401  (registers the volunteer-hours metric)

        register_encrypted("volunteers.Volunteer", "id_number_cipher", "phone_cipher")
