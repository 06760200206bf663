"""Writers write and edit stories; Editors also publish. Both can look up the data they link to."""

from django.db import migrations

VIEW_DATA = [
    ("players", "player", ["view"]),
    ("matches", "match", ["view"]),
    ("matches", "edition", ["view"]),
    ("matches", "tournament", ["view"]),
]
GROUPS = {
    "Writers": [
        ("articles", "article", ["add", "change", "view"]),
        ("articles", "quote", ["add", "change", "delete", "view"]),
        *VIEW_DATA,
    ],
    "Editors": [
        ("articles", "article", ["add", "change", "delete", "view", "publish"]),
        ("articles", "quote", ["add", "change", "delete", "view"]),
        ("players", "player", ["add", "change", "view"]),
        ("matches", "match", ["add", "change", "view"]),
        ("matches", "matchstats", ["add", "change", "view"]),
        ("matches", "edition", ["add", "change", "view"]),
        ("matches", "tournament", ["add", "change", "view"]),
    ],
}


def create_groups(apps, schema_editor):
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
            codenames = [
                f"{action}_{model}" if action != "publish" else "publish_article" for action in actions
            ]
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("players", "0001_initial"),
        ("matches", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
