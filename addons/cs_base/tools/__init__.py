from . import payload
from . import concurrency
from . import api
