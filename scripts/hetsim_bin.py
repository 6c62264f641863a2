"""Where the project's Python scripts find the hetsim binary: $HETSIM, the
in-tree build (SRC/hetsim), or hetsim on the PATH; None when there is none
(each script says so in its own words)."""
import os
import shutil


def find(src):
    env = os.environ.get("HETSIM")
    if env:
        return env
    built = os.path.join(src, "hetsim")
    if os.path.isfile(built) and os.access(built, os.X_OK):
        return built
    return shutil.which("hetsim")
