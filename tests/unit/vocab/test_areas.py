from __future__ import annotations

import pytest

from exportcheck.vocab.areas import AREAS, Area, classify


@pytest.mark.parametrize(
    ("description", "area"),
    [
        ("LFP cathode powder synthesis process package", Area.BATTERY_CATHODE_PREPARATION),
        ("Commissioning of a sintered NdFeB magnet line", Area.RARE_EARTH_MAGNET_MANUFACTURING),
        ("Direct lithium extraction from salt-lake brine", Area.LITHIUM_EXTRACTION_REFINING),
        ("Gallium extraction from alumina mother liquor", Area.GALLIUM_EXTRACTION),
        ("Rare earth separation by solvent extraction", Area.RARE_EARTH_SEPARATION),
        ("Process package for plant no. 3", None),
        ("Cathode and anode lines for a gigafactory", None),  # several areas: not settled
        # the same areas in Chinese, as Chinese licensors write them
        ("稀土萃取分离工艺技术", Area.RARE_EARTH_SEPARATION),
        ("钕铁硼磁体制备技术", Area.RARE_EARTH_MAGNET_MANUFACTURING),
        ("磷酸铁锂正极材料制备技术", Area.BATTERY_CATHODE_PREPARATION),
        ("盐湖提锂技术", Area.LITHIUM_EXTRACTION_REFINING),
        ("从氧化铝母液中提镓技术", Area.GALLIUM_EXTRACTION),
        ("负极材料石墨化技术", Area.GRAPHITE_ANODE_MANUFACTURING),
        ("稀土冶炼技术", Area.RARE_EARTH_SMELTING),
        ("正极材料和负极材料生产线", None),  # several areas: not settled
    ],
)
def test_classify_settles_only_unambiguous_descriptions(
    description: str, area: Area | None
) -> None:
    assert classify(description) is area


def test_every_area_is_documented_with_its_measures() -> None:
    assert set(AREAS) == set(Area)
    assert all(info.meaning and info.measures for info in AREAS.values())
