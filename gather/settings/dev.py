from .base import *  # noqa: F403
from .base import BASE_DIR, SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)

if not SECRET_KEY:
    # A per-checkout key kept out of git, so no shared default key ever exists.
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()
