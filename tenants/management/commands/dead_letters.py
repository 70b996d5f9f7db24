from django.core.management.base import BaseCommand, CommandError

from tenants import actions
from tenants.models import DeadLetter


class Command(BaseCommand):
    help = (
        "List the background tasks that failed after their last retry, oldest problem first. "
        "Once the cause is fixed, --retry ID sends one again (through the outbox); --resolve ID "
        "marks one dealt with without running it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--retry", type=int, metavar="ID", help="send this task again")
        parser.add_argument("--resolve", type=int, metavar="ID", help="mark this one dealt with")
        parser.add_argument("--all", action="store_true", help="include resolved ones")

    def handle(self, *args, retry=None, resolve=None, all=False, **options):
        if retry or resolve:
            letter = DeadLetter.objects.filter(pk=retry or resolve).first()
            if letter is None:
                raise CommandError(f"no dead letter {retry or resolve}")
            if retry:
                actions.retry_dead_letter(letter)
                self.stdout.write(f"{letter.task} sent again for {letter.schema_name}")
            else:
                actions.resolve_dead_letter(letter)
                self.stdout.write(f"{letter.pk} marked resolved")
            return
        letters = DeadLetter.objects.all() if all else DeadLetter.objects.filter(resolved_at=None)
        for letter in letters.order_by("failed_at"):
            state = f" resolved {letter.resolved_at:%Y-%m-%d %H:%M}" if letter.resolved_at else ""
            self.stdout.write(
                f"{letter.pk}\t{letter.failed_at:%Y-%m-%d %H:%M}\t{letter.schema_name}\t"
                f"{letter.task}{tuple(letter.args)}\tafter {letter.retries} retries: "
                f"{letter.error}{state}"
            )
        if not letters:
            self.stdout.write("no dead letters")
