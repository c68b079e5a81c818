from . import test_foundation
from . import test_import
from . import test_authenticity
from . import test_reply_workflow
from . import test_platform_faq
from . import test_ui
from . import test_scale
from . import test_staff_workflows
