"""Count the Del Dicho al Hecho social-agenda promises by legislative stage, from the JSON file.

Stand-alone on purpose (standard library only, no pledgetrack). The file is a JSON:API
document: one list, ``data``, mixing records of several types; the promises are the records
with ``"type": "promise"`` and their stage is the sentence in ``attributes["ja-why"]``.
Run it to print the figures saved in tallies.json:

    python tests/data/trackers/deldichoalhecho-agenda-social-2019/tally.py
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "sebastian-pinera-ii_estallido-social-2019.json"

# The publisher's scale as described in the press (see SOURCE.md): a law in force is 100%,
# a bill still in Congress 40 to 90%, no bill 0%. Which stage gets which step is assumed.
ASSUMED_PERCENT = {
    "El proyecto de ley asociado se encuentra publicado y es Ley de la República.": 100,
    "El proyecto de ley asociado se encuentra en segundo trámite constitucional": 70,
    "El proyecto de ley asociado se encuentra en primer trámite constitucional": 40,
    "No se conocen proyectos de ley asociados a esta promesa.": 0,
}


def tally() -> dict[str, object]:
    records = json.loads(DATA.read_text(encoding="utf-8"))["data"]
    promises = [record for record in records if record["type"] == "promise"]
    areas = {
        record["id"]: record["attributes"]["name"] for record in records if record["type"] == "area"
    }
    stages = Counter(promise["attributes"]["ja-why"] for promise in promises)
    by_area = Counter(areas[promise["relationships"]["area"]["data"]["id"]] for promise in promises)
    percent_sum = sum(ASSUMED_PERCENT[stage] * count for stage, count in stages.items())
    return {
        "figures": "computed from the file, not published",
        "records": dict(sorted(Counter(record["type"] for record in records).items())),
        "promises": len(promises),
        "rounds": {"2019-estallido-social": dict(sorted(stages.items()))},
        "by_area": dict(sorted(by_area.items())),
        "assumed_scale": {
            "percent_by_stage": ASSUMED_PERCENT,
            "percent_sum": str(percent_sum),
            "mean_percent": f"{Decimal(percent_sum) / Decimal(len(promises)):.4f}",
            "mean_percent_note": "rounded to 4 places; exact value is percent_sum / promises",
        },
    }


if __name__ == "__main__":
    print(json.dumps(tally(), indent=2, ensure_ascii=False))
