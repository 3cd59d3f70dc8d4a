"""What the Python examples share: the simulator by default, AWS with ``--aws``."""

from __future__ import annotations

import argparse

import rootctl


def client(
    description: str,
) -> tuple[rootctl.Rootctl, rootctl.SimulatedOrg | None, argparse.Namespace]:
    """Parses ``--aws --region R [--profile P]`` and returns a ready client.

    On the simulator (the default) the client works on ``SimulatedOrg.example()`` with
    centralized root access enabled first; on AWS it is expected to be enabled already.
    """
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--aws", action="store_true", help="use real AWS instead of the simulator")
    parser.add_argument("--region", help="AWS region (required with --aws)")
    parser.add_argument("--profile", help="AWS profile")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args()
    if args.aws:
        if not args.region:
            parser.error("--aws needs --region (sts:AssumeRoot is regional)")
        return rootctl.Rootctl.from_env(region=args.region, profile=args.profile), None, args
    org = rootctl.SimulatedOrg.example()
    rc = rootctl.Rootctl.simulated(org)
    rc.enable()
    return rc, org, args
