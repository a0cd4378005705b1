"""The web server for the tablet: the child's page, the teachers' admin and the JSON API (FastAPI)."""

from assistant.web.app import create_app

__all__ = ["create_app"]
