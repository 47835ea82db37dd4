"""eventwire: news articles to a geocoded, queryable record of who did what to whom."""
__version__ = "0.1.0"
