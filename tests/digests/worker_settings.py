"""Settings for the worker subprocesses of test_worker_kill: the app's own, with emails
written to files (one per message) in $DIGEST_MAIL_DIR so the test can count them."""

import os

from tandem.settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": os.environ["DIGEST_MAIL_DIR"]},
    }
}
