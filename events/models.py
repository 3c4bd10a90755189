"""Network events: event pages, venues and registrations arrive with the events work."""
