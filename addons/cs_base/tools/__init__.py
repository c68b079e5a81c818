from . import payload
from . import concurrency
from . import api
from . import contact
