"""Create or upgrade the database to the newest migration (run before the server listens)."""
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[2]


def upgrade(database_url: str) -> None:
    """Blocking: runs Alembic's own event loop, so call it outside a running loop (or in a thread)."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")
