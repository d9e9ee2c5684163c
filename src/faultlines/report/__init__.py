"""Reports: plain data records for JSON, the brief, exports and the web app (one source of truth)."""
