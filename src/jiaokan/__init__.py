"""jiaokan (校勘): find and correct errors in Chinese documents.

Import :mod:`jiaokan.api` for the library entry points; nothing is loaded at import time.
"""

__version__ = "0.1.0"
