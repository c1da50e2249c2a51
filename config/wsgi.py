import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# An import whose process died with the previous server is marked failed (and retryable).
from shequ.imports.reaper import reap_at_start  # noqa: E402

reap_at_start()
