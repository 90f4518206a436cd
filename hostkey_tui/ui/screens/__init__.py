"""One screen per section, and the server detail."""
