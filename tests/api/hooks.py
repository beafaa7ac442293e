"""Schemathesis hooks: most generated requests name the dialogue and the
contributions the runner made, so that operations reach their real work
instead of stopping at 404; a few keep their random ids."""
import os
import random

import schemathesis

IDS = {
    "id": os.environ.get("CONVENE_DIALOGUE", ""),
    "cid": os.environ.get("CONVENE_ITEM", ""),
    "code": os.environ.get("CONVENE_CODE", ""),
}


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    if path_parameters:
        for name, real in IDS.items():
            if name in path_parameters and real and random.random() < 0.9:
                path_parameters[name] = real
    return path_parameters
