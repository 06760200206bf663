"""Bring every stored image into the pipeline's layout.

    manage.py rebuild_images          # files stored before the pipeline (run once after deploying it)
    manage.py rebuild_images --all    # every image again, e.g. after the rendition widths changed

Each image is read back, checked and re-encoded as an upload would be, except that the minimum sizes
are waived (a picture already published stays published); the row is saved with its new name, and the
old files go once that save commits. A file that cannot be read is reported and left alone.
"""

import dataclasses

from django.core.management.base import BaseCommand
from django.db import transaction

from images import fields, layout, pipeline


class Command(BaseCommand):
    help = "Re-encode stored images into the pipeline's renditions (files from before it, or all with --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Also rebuild images already in the layout.")

    def handle(self, *args, **options):
        done = failed = 0
        for field in fields.PICTURE_FIELDS:
            model = field.model
            rows = model._base_manager.exclude(**{field.attname: ""}).exclude(
                **{f"{field.attname}__isnull": True}
            )
            for row in rows.only("pk", field.attname).iterator():
                file = getattr(row, field.attname)
                if layout.parse(file.name) and not options["all"]:
                    continue
                label = f"{model._meta.label} {row.pk} {field.name} ({file.name})"
                lenient = dataclasses.replace(
                    field.use, min_width=1, min_height=1, landscape=False, max_ratio=99
                )
                try:
                    with file.storage.open(file.name, "rb") as handle:
                        picture = pipeline.check(handle, lenient)
                except (OSError, pipeline.ImageRefused) as error:
                    failed += 1
                    message = getattr(error, "messages", [str(error)])[0]
                    self.stderr.write(f"{label}: left as it is: {message}")
                    continue
                with transaction.atomic():
                    setattr(row, field.attname, fields.store(picture, field.use, file.storage))
                    row.save(update_fields=[field.attname])
                done += 1
                self.stdout.write(f"{label}: rebuilt")
        self.stdout.write(self.style.SUCCESS(f"{done} image(s) rebuilt, {failed} left as they were."))
