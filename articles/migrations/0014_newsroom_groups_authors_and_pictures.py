"""Writers and Editors may put bylines on stories and pictures in bodies; Editors also keep the
list of authors."""

from django.db import migrations

GROUPS = {
    "Writers": [
        ("articles", "byline", ["add", "change", "delete", "view"]),
        ("authors", "author", ["view"]),
        ("images", "bodyimage", ["add", "view"]),
    ],
    "Editors": [
        ("articles", "byline", ["add", "change", "delete", "view"]),
        ("authors", "author", ["add", "change", "view"]),
        ("images", "bodyimage", ["add", "change", "delete", "view"]),
    ],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        for group in Group.objects.filter(name=name):
            for app_label, model, actions in grants:
                codenames = [f"{action}_{model}" for action in actions]
                group.permissions.remove(
                    *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_remove_free_text_byline"),
        ("authors", "0001_authors"),
        ("images", "0001_body_images"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
