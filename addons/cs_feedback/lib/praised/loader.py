# Copyright 2026 CS Addons
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The NER tagger and the morphological analyser: loaded once per process.

Lazily and thread-safely (``get_models()``); the models ship inside the
``natasha`` and ``pymorphy3-dicts-ru`` wheels, nothing is downloaded.
"""

import logging
import threading
import time

_logger = logging.getLogger(__name__)


class _Models:
    """The NER tagger and the morphological analyser, loaded once per process."""

    def __init__(self):
        started = time.perf_counter()
        # Imported here: importing this module must stay cheap (Odoo loads it in
        # every worker, most of which never suggest anything).
        import pymorphy3
        from natasha import NewsEmbedding, NewsNERTagger

        self.morph = pymorphy3.MorphAnalyzer()
        self.ner = NewsNERTagger(NewsEmbedding())
        self.ner_lock = threading.Lock()
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:  # optional: without it BLAS may use every core
            self.blas = None
        else:
            self.blas = ThreadpoolController()
        self.load_seconds = time.perf_counter() - started
        _logger.info("praised: NER and morphology loaded in %.1f s", self.load_seconds)

    def person_spans(self, text):
        """(start, stop) of the PER spans of natasha's NER."""
        # One tiny matrix product per word: OpenBLAS threads only add contention
        # (tens of ms per text on a busy 2-core machine, < 2 ms on one thread).
        with self.ner_lock:
            if self.blas is not None:
                with self.blas.limit(limits=1, user_api="blas"):
                    markup = self.ner(text)
            else:
                markup = self.ner(text)
        return [(span.start, span.stop) for span in markup.spans if span.type == "PER"]


_models = None
_models_lock = threading.Lock()


def get_models():
    """The per-process models, built on first use (thread-safe)."""
    global _models
    if _models is None:
        with _models_lock:
            if _models is None:
                _models = _Models()
    return _models
