"""One shared spaCy pipeline per process."""
from eventwire.nlp.pipeline import (CHUNK_CHARS, DEFAULT_MODEL, ParsedArticle, load_nlp, paragraph_chunks, parse,
                                    parse_many, sentence_of, text_of)

__all__ = ["CHUNK_CHARS", "DEFAULT_MODEL", "ParsedArticle", "load_nlp", "paragraph_chunks", "parse", "parse_many",
           "sentence_of", "text_of"]
