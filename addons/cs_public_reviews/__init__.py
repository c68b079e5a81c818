from . import controllers
from . import models
from . import wizards
from .demo.demo_hook import post_init_hook
