"""rootctl: centralized root access management for AWS Organizations.

Check the prerequisites, turn centralized root access on (and off), and audit, remove or
restore the root-user credentials of member accounts, org-wide, safely. The work is done
by the Rust crate ``rootctl-core``; everything here is re-exported from the native module
``rootctl._rootctl``, whose stubs (``_rootctl.pyi``) document the API.

>>> import rootctl
>>> org = rootctl.SimulatedOrg.example()
>>> rc = rootctl.Rootctl.simulated(org)
>>> rc.features().root_credentials_management
False
"""

# The native module's ``__all__`` (its stub, ``_rootctl.pyi``, lists the same names and
# stubtest holds the two together) is the one list of public names.
from rootctl import _rootctl
from rootctl._rootctl import *  # noqa: F403
from rootctl._rootctl import __version__ as __version__

__all__ = [*_rootctl.__all__]
