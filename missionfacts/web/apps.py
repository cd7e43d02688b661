from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "missionfacts.web"
    label = "web"
    verbose_name = _("Web pages")

    def ready(self) -> None:
        from missionfacts.access.models import MissionRole
        from missionfacts.web import roles

        post_save.connect(roles.role_changed, sender=MissionRole, dispatch_uid="web-role-saved")
        post_delete.connect(roles.role_changed, sender=MissionRole, dispatch_uid="web-role-deleted")
        user_logged_in.connect(roles.signed_in, dispatch_uid="web-signed-in")
