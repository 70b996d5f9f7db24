from django.conf import settings
from django.utils import translation


class ConsoleLanguageMiddleware:
    """The console is in Khmer unless the officer chose English with its language switch
    (Django's set_language cookie). Citizens' pages take their language from the URL instead,
    and the browser's own language is ignored here: officers' computers are often set to
    English while the officers read Khmer. Runs after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/manage/"):
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
