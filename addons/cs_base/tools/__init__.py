from . import payload
from . import concurrency
