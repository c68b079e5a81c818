from . import cs_guarded_mixin
