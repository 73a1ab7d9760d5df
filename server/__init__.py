"""Coboard: a real-time workshop board for Working Together for Change."""
