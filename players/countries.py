"""IOC country codes as the ATP data uses them, with the names readers see."""

from newsroom.text import search_words

IOC_COUNTRIES = {
    "ARG": "Argentina",
    "AUS": "Australia",
    "AUT": "Austria",
    "BEL": "Belgium",
    "BIH": "Bosnia and Herzegovina",
    "BLR": "Belarus",
    "BOL": "Bolivia",
    "BRA": "Brazil",
    "BUL": "Bulgaria",
    "CAN": "Canada",
    "CHI": "Chile",
    "CHN": "China",
    "COL": "Colombia",
    "CRO": "Croatia",
    "CYP": "Cyprus",
    "CZE": "Czechia",
    "DEN": "Denmark",
    "ECU": "Ecuador",
    "EGY": "Egypt",
    "ESP": "Spain",
    "EST": "Estonia",
    "FIN": "Finland",
    "FRA": "France",
    "GBR": "Great Britain",
    "GEO": "Georgia",
    "GER": "Germany",
    "GRE": "Greece",
    "HKG": "Hong Kong",
    "HUN": "Hungary",
    "IND": "India",
    "INA": "Indonesia",
    "IRL": "Ireland",
    "ISR": "Israel",
    "ITA": "Italy",
    "JPN": "Japan",
    "KAZ": "Kazakhstan",
    "KOR": "South Korea",
    "LAT": "Latvia",
    "LTU": "Lithuania",
    "LUX": "Luxembourg",
    "MAR": "Morocco",
    "MDA": "Moldova",
    "MEX": "Mexico",
    "MON": "Monaco",
    "NED": "Netherlands",
    "NOR": "Norway",
    "NZL": "New Zealand",
    "PAK": "Pakistan",
    "PAR": "Paraguay",
    "PER": "Peru",
    "PHI": "Philippines",
    "POL": "Poland",
    "POR": "Portugal",
    "ROU": "Romania",
    "RSA": "South Africa",
    "RUS": "Russia",
    "SLO": "Slovenia",
    "SRB": "Serbia",
    "SUI": "Switzerland",
    "SVK": "Slovakia",
    "SWE": "Sweden",
    "THA": "Thailand",
    "TPE": "Chinese Taipei",
    "TUN": "Tunisia",
    "TUR": "Türkiye",
    "UKR": "Ukraine",
    "URU": "Uruguay",
    "USA": "United States",
    "UZB": "Uzbekistan",
    "VEN": "Venezuela",
    "VIE": "Vietnam",
    "ZIM": "Zimbabwe",
    "BAR": "Barbados",
    "JAM": "Jamaica",
    "LBN": "Lebanon",
    "JOR": "Jordan",
    "KSA": "Saudi Arabia",
    "QAT": "Qatar",
    "UAE": "United Arab Emirates",
    "IRI": "Iran",
    "KUW": "Kuwait",
    "SGP": "Singapore",
    "MAS": "Malaysia",
    "DOM": "Dominican Republic",
    "CRC": "Costa Rica",
    "ESA": "El Salvador",
    "GUA": "Guatemala",
    "PUR": "Puerto Rico",
    "BEN": "Benin",
    "TOG": "Togo",
    "NGR": "Nigeria",
    "KEN": "Kenya",
    "ALG": "Algeria",
    "ARM": "Armenia",
    "AZE": "Azerbaijan",
    "ISL": "Iceland",
    "MLT": "Malta",
    "MNE": "Montenegro",
    "MKD": "North Macedonia",
    "ALB": "Albania",
    "KOS": "Kosovo",
    "AND": "Andorra",
    "SMR": "San Marino",
    "LIE": "Liechtenstein",
    "BAH": "Bahamas",
}


# Other names readers type for a country.
ALIASES = {
    "britain": "GBR",
    "united kingdom": "GBR",
    "uk": "GBR",
    "england": "GBR",
    "scotland": "GBR",
    "usa": "USA",
    "us": "USA",
    "united states of america": "USA",
    "america": "USA",
    "czech republic": "CZE",
    "turkey": "TUR",
    "korea": "KOR",
    "holland": "NED",
    "the netherlands": "NED",
}


def country_name(code: str) -> str:
    return IOC_COUNTRIES.get((code or "").upper(), code or "")


def _key(text: str) -> str:
    return " ".join(search_words(text))


_BY_NAME = {_key(name): code for code, name in IOC_COUNTRIES.items()} | ALIASES


def country_code(text: str) -> str:
    """The IOC code of the country ``text`` names or codes ('Spain', 'spain', 'ESP', 'esp',
    'Great Britain'), or '' if it is neither. Accents and case aside ('turkiye')."""
    key = _key(text or "")
    if key in _BY_NAME:
        return _BY_NAME[key]
    code = key.upper()
    return code if code in IOC_COUNTRIES else ""
