"""The market app's models, one module per feature."""

from market.models.briefs import *  # noqa: F401,F403
from market.models.digest import *  # noqa: F401,F403
from market.models.fairs import *  # noqa: F401,F403
from market.models.figures import *  # noqa: F401,F403
from market.models.questions import *  # noqa: F401,F403
from market.models.supply import *  # noqa: F401,F403
