"""One shared spaCy pipeline per process."""
from eventwire.nlp.pipeline import DEFAULT_MODEL, ParsedArticle, load_nlp, parse, parse_many, sentence_of, text_of

__all__ = ["DEFAULT_MODEL", "ParsedArticle", "load_nlp", "parse", "parse_many", "sentence_of", "text_of"]
