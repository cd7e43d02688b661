"""The web pages, one module per area: public facts, dashboards, editions, and the staff's pages."""
