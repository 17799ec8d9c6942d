"""Small synthetic data sets for unit tests of the report modules: processors, prices, training runs, ImageNet rows."""
from __future__ import annotations

import pandas as pd


def processors() -> pd.DataFrame:
    rows = [("gtx580", "GTX 580", "gpu", "2010-11-09", 1.5e12, None, 250.0), ("p100_sxm2", "P100", "gpu", "2016-04-05", 1e13, 2e13, 300.0),
            ("v100_sxm2", "V100", "gpu", "2017-06-21", 1.5e13, 1.2e14, 300.0), ("h100_sxm", "H100", "gpu", "2022-09-20", 6e13, 1e15, 700.0),
            ("tpu_v3", "TPU v3", "tpu", "2018-05-08", None, 1.2e14, 200.0)]
    return pd.DataFrame({"processor": [r[0] for r in rows], "name": [r[1] for r in rows], "vendor": "V",
                         "processor_type": [r[2] for r in rows], "released": pd.to_datetime([r[3] for r in rows]),
                         "peak_flops_fp32": [r[4] for r in rows], "peak_flops_fp16": [r[5] for r in rows],
                         "tdp_watts": [r[6] for r in rows], "source": "s", "notes": ""}).astype({"peak_flops_fp32": "float64", "peak_flops_fp16": "float64"})


def prices(processor: str = "tpu_v3", usd: float = 2.0, price_date: str = "2019-06-27") -> pd.DataFrame:
    """One published price (US$ per processor-hour) of one processor on one date."""
    return pd.DataFrame({"processor": [processor], "provider": ["cloud"], "usd_per_hour": [usd],
                         "price_date": pd.to_datetime([price_date]), "source": ["s"], "notes": [""]})


def price_table(rows) -> pd.DataFrame:
    """rows: (processor, US$ per processor-hour, price date); several dated prices in the layout of data/cloud_prices.csv."""
    return pd.concat([prices(*row) for row in rows], ignore_index=True)


def runs(rows) -> pd.DataFrame:
    """rows: (training_run, stage, processor, count, hours or None)."""
    return pd.DataFrame({"training_run": [r[0] for r in rows], "stage": [r[1] for r in rows], "processor": [r[2] for r in rows],
                         "processor_count": [r[3] for r in rows], "hours": pd.array([r[4] for r in rows], dtype="Float64").astype("float64"),
                         "precision": pd.NA, "assumption": pd.array([None] * len(rows), dtype="string"),
                         "alternative_processor": pd.NA, "source": "s", "notes": ""})


def imagenet(rows) -> pd.DataFrame:
    """rows: (model, paper_key, published, top1_pct, training_run or None, flops_per_pass or None)."""
    return pd.DataFrame({"model": [r[0] for r in rows], "paper_key": [r[1] for r in rows], "paper_url": [f"https://x/{r[1]}" for r in rows],
                         "published": pd.to_datetime([r[2] for r in rows]), "top1_pct": [float(r[3]) for r in rows],
                         "top5_pct": float("nan"), "flops_per_pass": [float("nan") if r[5] is None else float(r[5]) for r in rows],
                         "flops_kind": ["flops" if r[5] else None for r in rows], "training_run": [r[4] for r in rows],
                         "extra_data": None, "ensemble": False, "score_source": "t", "notes": ""})
