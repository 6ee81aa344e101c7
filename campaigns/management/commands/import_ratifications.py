from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.services import ImportFileError, ratifications_decode, ratifications_import


class Command(BaseCommand):
    help = (
        "Import ratifications from a CSV file with the columns country, convention, "
        "status, date and note. All or nothing: any error and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file, saved as UTF-8.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )

    def handle(self, *args, path, dry_run, **options):
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            text = ratifications_decode(data=data)
        except ImportFileError as error:
            raise CommandError(f"{path}: {error}") from error

        report = ratifications_import(text=text, dry_run=dry_run)
        if not report.ok:
            for line, message in report.errors:
                where = f"line {line}" if line is not None else "file"
                self.stderr.write(f"{where}: {message}")
            raise CommandError(f"Nothing was imported: {len(report.errors)} error(s) in {path}.")

        counts = f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        if dry_run:
            self.stdout.write(f"Dry run, nothing was written. Would have: {counts}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {len(report.rows)} rows: {counts}."))
