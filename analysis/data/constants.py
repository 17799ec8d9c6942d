"""Conversion constants for energy, emissions and money, each with its source.

Two sets: `STRUBELL_2019`, the factors of Strubell, Ganesh & McCallum (2019), "Energy and Policy
Considerations for Deep Learning in NLP" (arXiv:1906.02243), Sec. 2, which the paper's cost table
builds on; and `CURRENT`, a recent grid intensity and a hyperscale data-centre PUE.
"""
from __future__ import annotations

from dataclasses import dataclass

KG_PER_LB = 0.45359237
"""Kilograms per avoirdupois pound (exact, by definition)."""

KG_PER_TONNE = 1000.0
"""Kilograms per metric tonne."""


@dataclass(frozen=True)
class EnergyFactors:
    """Data-centre overhead and grid emissions used to turn processor power into energy and CO2."""

    name: str
    pue: float
    lbs_co2_per_kwh: float
    source: str

    @property
    def kg_co2_per_kwh(self) -> float:
        """The grid intensity in kilograms of CO2(e) per kWh."""
        return self.lbs_co2_per_kwh * KG_PER_LB


STRUBELL_2019 = EnergyFactors(
    name="strubell2019",
    pue=1.58,
    lbs_co2_per_kwh=0.954,
    source=(
        "Strubell, Ganesh & McCallum (2019), arXiv:1906.02243, Sec. 2: power usage effectiveness 1.58 "
        "(2018 global data-centre average), 0.954 lbs CO2e per kWh (US EPA average)"
    ),
)

CURRENT = EnergyFactors(
    name="current",
    pue=1.10,
    lbs_co2_per_kwh=0.81,
    source=(
        "US Energy Information Administration FAQ 'How much carbon dioxide is produced per kilowatthour of U.S. "
        "electricity generation?' (2023 data): about 0.81 lbs CO2 per kWh; Google's published fleet PUE of 1.1 "
        "for Q2 2021, as reported by CNBC (2022-04-13), which also cites 1.57 as the Uptime Institute 2021 average"
    ),
)

ENERGY_FACTORS = {f.name: f for f in (STRUBELL_2019, CURRENT)}

STRUBELL_TRANSFORMER_BIG = {
    "processor": "p100_sxm2",
    "processor_count": 8,
    "hours": 84.0,
    "lbs_co2e": 192.0,
    "usd_low": 289.0,
    "usd_high": 981.0,
    "source": "Strubell et al. (2019), Table 3: Transformer (big), 8 P100 GPUs, 84 hours, 192 lbs CO2e, cloud cost US$289-981",
}
"""A published estimate to calibrate our conversions against (Strubell et al. 2019, Table 3)."""

REFERENCE_PROCESSORS = {"paper_era": "v100_sxm2", "current": "h100_sxm"}
"""The processor of each era on which extrapolated computation is turned into hours, energy, CO2 and dollars
alike: the paper's era (NVIDIA V100, the leading training GPU of 2017-2020) and a current accelerator (NVIDIA
H100). Dollars are that processor's own cloud price (data/cloud_prices.csv), so dollars and CO2 are priced
on the same hardware."""

PRICE_DATES = {"paper_era": "2020-07-01", "current": None}
"""The date at which each era's cloud price is read (`analysis.stats.costs.price_per_hour`): the paper's cut-off
(analysis.data.paper.PAPER_CUTOFF_DATE) for its era, the latest published price (None) for today."""

WORLD_GDP_USD = 105e12
"""World GDP of about US$105 trillion in 2023 (nominal, current US$): the International Monetary Fund's World
Economic Outlook (2023) projection, as reported by Visual Capitalist, "Visualizing the $105 Trillion World
Economy in One Chart" (August 2023). A reference point for the dollars of the extrapolations."""

WORLD_GDP_SOURCE = ("IMF World Economic Outlook 2023 projection of world GDP in 2023, about US$105 trillion (nominal), "
                    "as reported by Visual Capitalist, 'Visualizing the $105 Trillion World Economy in One Chart' (August 2023)")

WORLD_CO2_TONNES_PER_YEAR = 36.8e9
"""World fossil CO2 emissions (fossil fuels and cement) of 36.8 billion metric tonnes in 2023: Global Carbon
Budget 2023 (Global Carbon Project; Friedlingstein et al., Earth System Science Data), as reported by Carbon
Brief (reposted by Resilience, resilience.org, 2023-12-20). With land-use change the same study gives 40.9 billion tonnes."""

WORLD_CO2_SOURCE = ("Global Carbon Budget 2023 (Global Carbon Project; Friedlingstein et al., Earth System Science Data): "
                    "fossil CO2 emissions of 36.8 billion tonnes in 2023, as reported by Carbon Brief (reposted by Resilience, 2023-12-20)")

MIXED_PRECISION_FROM = "2017-06-21"
"""Where a source does not state a stage's precision, a GPU released on or after this date (NVIDIA's V100, the first
with tensor cores, built for the mixed-precision training of Micikevicius et al. 2017, arXiv:1710.03740) is taken to
have run at its catalogued 16-bit tensor peak; an older GPU, or one without a 16-bit peak, at FP32; a TPU at bf16,
its only matrix format. The stages so inferred form the assumption class `precision_inferred`."""
