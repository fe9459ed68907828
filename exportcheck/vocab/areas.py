"""The `area` vocabulary of technologies and services, with the measures that govern each and the
description keywords that classify a technology or service that gives no area.

A description that matches the keywords of exactly one area is classified into it; one that
matches none or several stays unclassified, and rules that turn on the area give `review`
naming `<subject>.area`.
"""

from __future__ import annotations

from msgspec import Struct

from exportcheck.vocab.words import word_pattern
from exportcheck.vocabulary import Vocabulary


class Area(Vocabulary):
    RARE_EARTH_MINING = "rare_earth_mining"
    RARE_EARTH_BENEFICIATION = "rare_earth_beneficiation"
    RARE_EARTH_SMELTING = "rare_earth_smelting"
    RARE_EARTH_SEPARATION = "rare_earth_separation"
    RARE_EARTH_METAL_ALLOY_PRODUCTION = "rare_earth_metal_alloy_production"
    RARE_EARTH_MAGNET_MANUFACTURING = "rare_earth_magnet_manufacturing"
    RARE_EARTH_RECYCLING = "rare_earth_recycling"
    BATTERY_CATHODE_PREPARATION = "battery_cathode_preparation"
    LITHIUM_EXTRACTION_REFINING = "lithium_extraction_refining"
    GALLIUM_EXTRACTION = "gallium_extraction"
    LITHIUM_BATTERY_MANUFACTURING = "lithium_battery_manufacturing"
    GRAPHITE_ANODE_MANUFACTURING = "graphite_anode_manufacturing"
    SUPERHARD_MATERIAL_CVD = "superhard_material_cvd"
    OTHER = "other"


class AreaInfo(Struct, frozen=True, eq=False):
    meaning: str
    measures: str
    keywords: tuple[str, ...]


AREAS: dict[Area, AreaInfo] = {
    Area.RARE_EARTH_MINING: AreaInfo(
        "mining of rare-earth ores",
        "Catalogue (No. 57 of 2023, restricted); No. 62 of 2025 (1E902)",
        (
            "rare earth mining",
            "rare-earth mining",
            "rare earth mine",
            "ionic clay mining",
            "稀土开采",
            "稀土采矿",
            "离子型稀土矿开采",
            "稀土開採",
            "Seltenerdabbau",
            "Abbau Seltener Erden",
            "extraction minière des terres rares",
            "希土類採掘",
            "レアアース採掘",
        ),
    ),
    Area.RARE_EARTH_BENEFICIATION: AreaInfo(
        "beneficiation (mineral processing) of rare-earth ores",
        "Catalogue (No. 57 of 2023, restricted)",
        (
            "rare earth beneficiation",
            "rare-earth beneficiation",
            "rare earth flotation",
            "rare earth mineral processing",
            "rare earth concentrate",
            "稀土选矿",
            "Aufbereitung Seltener Erden",
            "enrichissement des terres rares",
            "希土類選鉱",
        ),
    ),
    Area.RARE_EARTH_SMELTING: AreaInfo(
        "smelting of rare-earth concentrates",
        "Catalogue (No. 57 of 2023, restricted); No. 62 of 2025 (1E902)",
        (
            "rare earth smelting",
            "rare-earth smelting",
            "rare earth roasting",
            "rare earth acid roasting",
            "rare earth decomposition",
            "稀土冶炼",
            "稀土焙烧",
            "稀土冶煉",
            "Verhüttung Seltener Erden",
            "希土類製錬",
        ),
    ),
    Area.RARE_EARTH_SEPARATION: AreaInfo(
        "extraction and separation of rare earths (including ionic-ore leaching)",
        "Catalogue (No. 57 of 2023, prohibited); No. 62 of 2025 (1E902)",
        (
            "rare earth separation",
            "rare-earth separation",
            "rare earth extraction",
            "rare earth solvent extraction",
            "rare earth refining",
            "separation of rare earths",
            "稀土分离",
            "稀土萃取",
            "萃取分离",
            "Seltenerdtrennung",
            "in-situ leaching",
            "heap leaching",
            "ionic ore leaching",
            "ionic-ore leaching",
            "原地浸矿",
            "原地浸礦",
            "离子型稀土矿浸取",
            "稀土分離",
            "稀土萃取分離",
            "Seltenerd-Trennverfahren",
            "Seltenerd-Trennung",
            "Trennung Seltener Erden",
            "Trennung von Seltenen Erden",
            "Seltene-Erden-Trennung",
            "séparation des terres rares",
            "séparation de terres rares",
            "希土類分離",
            "レアアース分離",
            "REE separation",
            "REE SX",
            "lanthanide separation",
        ),
    ),
    Area.RARE_EARTH_METAL_ALLOY_PRODUCTION: AreaInfo(
        "production of rare-earth metals and alloy materials",
        "Catalogue (No. 57 of 2023, prohibited); No. 62 of 2025 (1E902)",
        (
            "rare earth metal production",
            "rare earth metals",
            "rare-earth metal",
            "rare earth alloy",
            "rare earth electrolysis",
            "molten salt electrolysis",
            "稀土金属生产",
            "稀土合金",
            "熔盐电解",
            "稀土金屬",
            "稀土金属及合金",
            "Seltenerdmetallherstellung",
            "production de métaux de terres rares",
            "希土類金属製造",
        ),
    ),
    Area.RARE_EARTH_MAGNET_MANUFACTURING: AreaInfo(
        "preparation of SmCo, NdFeB and cerium magnets",
        "Catalogue (No. 57 of 2023, prohibited); No. 62 of 2025 (1E902)",
        (
            "magnet manufacturing",
            "magnet production",
            "magnet line",
            "magnet plant",
            "NdFeB",
            "Nd-Fe-B",
            "SmCo",
            "samarium cobalt",
            "samarium-cobalt",
            "sintered magnet",
            "bonded magnet",
            "cerium magnet",
            "grain boundary diffusion",
            "钕铁硼",
            "钐钴",
            "磁体制备",
            "烧结磁体",
            "粘结磁体",
            "晶界扩散",
            "釹鐵硼",
            "燒結磁體",
            "釤鈷",
            "Neodym-Eisen-Bor",
            "Magnetherstellung",
            "Sintermagnet",
            "Sintermagnete",
            "fabrication d'aimants",
            "焼結磁石",
            "ネオジム磁石",
            "希土類磁石",
            "粒界拡散",
        ),
    ),
    Area.RARE_EARTH_RECYCLING: AreaInfo(
        "recycling of rare-earth secondary resources",
        "No. 62 of 2025 (1E902)",
        (
            "rare earth recycling",
            "rare-earth recycling",
            "magnet recycling",
            "secondary rare earth",
            "rare earth secondary resources",
            "稀土回收",
            "稀土二次资源",
            "magnet scrap",
            "NdFeB scrap",
            "NdFeB recycling",
            "recycling of NdFeB",
            "magnet waste",
            "废旧钕铁硼",
            "钕铁硼废料",
            "钕铁硼回收",
            "磁材回收",
            "Recycling Seltener Erden",
            "recyclage des terres rares",
            "希土類リサイクル",
            "レアアースリサイクル",
        ),
    ),
    Area.BATTERY_CATHODE_PREPARATION: AreaInfo(
        "preparation of battery cathode materials (LFP, LMFP, phosphate precursors)",
        "Catalogue (No. 28 of 2025, restricted above thresholds)",
        (
            "cathode",
            "LFP",
            "LMFP",
            "lithium iron phosphate",
            "lithium manganese iron phosphate",
            "iron phosphate precursor",
            "phosphate precursor",
            "正极材料",
            "磷酸铁锂",
            "磷酸锰铁锂",
            "磷酸鐵鋰",
            "正極材料",
            "正極材",
            "リン酸鉄リチウム",
            "Kathodenmaterial",
            "Lithiumeisenphosphat",
            "matériau de cathode",
            "phosphate de fer lithié",
        ),
    ),
    Area.LITHIUM_EXTRACTION_REFINING: AreaInfo(
        "lithium extraction and refining (spodumene to carbonate or hydroxide, lithium from "
        "brine, lithium metal and materials, purified lithium liquor)",
        "Catalogue (No. 28 of 2025, restricted)",
        (
            "lithium extraction",
            "lithium refining",
            "lithium carbonate",
            "lithium hydroxide",
            "spodumene",
            "brine",
            "direct lithium extraction",
            "DLE",
            "提锂",
            "锂提取",
            "盐湖提锂",
            "碳酸锂",
            "氢氧化锂",
            "鹽湖提鋰",
            "碳酸鋰",
            "氫氧化鋰",
            "Lithiumgewinnung",
            "Lithiumextraktion",
            "Salzsole",
            "Spodumen",
            "Lithiumcarbonat",
            "Lithiumhydroxid",
            "extraction du lithium",
            "carbonate de lithium",
            "hydroxyde de lithium",
            "リチウム抽出",
            "炭酸リチウム",
            "水酸化リチウム",
        ),
    ),
    Area.GALLIUM_EXTRACTION: AreaInfo(
        "gallium extraction (from alumina mother liquor by ion exchange or resin)",
        "Catalogue (No. 28 of 2025, restricted)",
        (
            "gallium extraction",
            "gallium recovery",
            "alumina mother liquor",
            "提镓",
            "镓提取",
            "镓回收",
        ),
    ),
    Area.LITHIUM_BATTERY_MANUFACTURING: AreaInfo(
        "manufacturing of lithium-ion cells and packs",
        "No. 58 of 2025 (3E901.a)",
        (
            "cell manufacturing",
            "battery manufacturing",
            "cell production",
            "battery plant",
            "gigafactory",
            "lithium-ion cell",
            "lithium-ion battery",
            "li-ion cell",
            "电芯制造",
            "电池制造",
            "锂电池生产",
            "電芯製造",
            "電池製造",
            "Zellfertigung",
            "Batteriezellfertigung",
            "Batteriefertigung",
            "fabrication de cellules",
            "セル製造",
            "電池セル製造",
        ),
    ),
    Area.GRAPHITE_ANODE_MANUFACTURING: AreaInfo(
        "graphite anode material manufacturing (granulation, graphitisation, coating)",
        "No. 58 of 2025 (3E901, anode technologies)",
        (
            "anode",
            "graphitization",
            "graphitisation",
            "granulation",
            "liquid phase coating",
            "liquid-phase coating",
            "负极材料",
            "石墨化",
            "造粒",
            "液相包覆",
            "黒鉛負極",
            "負極材",
            "连续石墨化",
            "連続黒鉛化",
            "Anodenmaterial",
            "Graphitanode",
            "Graphitierung",
            "Granulierung",
            "matériau d'anode",
            "anode en graphite",
        ),
    ),
    Area.SUPERHARD_MATERIAL_CVD: AreaInfo(
        "CVD growth of superhard materials (DCPCVD, MPCVD diamond)",
        "No. 55 of 2025 (2E902)",
        ("DCPCVD", "MPCVD", "CVD diamond", "diamond growth", "arc plasma jet"),
    ),
    Area.OTHER: AreaInfo("anything else", "none by area; keyword rules may still apply", ()),
}

_PATTERNS = {area: word_pattern(info.keywords) for area, info in AREAS.items() if info.keywords}


def classify(description: str) -> Area | None:
    """The one area whose keywords the description names, else None (none, or several)."""
    found = [area for area, pattern in _PATTERNS.items() if pattern.find(description)]
    return found[0] if len(found) == 1 else None
