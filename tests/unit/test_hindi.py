"""Hindi at textbook quality: glossary-true terms, readable heading anchors, the theme's Hindi strings.

Glossary-true: wherever an English text uses a glossary term, its Hindi twin uses the glossary's Hindi term, so
the hover definition (sitegen/markup.py) appears in both languages and the terms do not drift. Checked per aligned
unit (heading, paragraph, list item, figure; one field of a YAML entry) and per page with exactly the matching rule
of sitegen/markup.py (the hover appears only on the exact form; a unit may inflect it: लेयरों for लेयर).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sitegen import text
from sitegen.data import load_glossary

from conftest import ROOT

GLOSSARY = {k: v.model_dump(by_alias=True) for k, v in load_glossary().items()}
LETTER = text.LETTER  # a term is not part of a longer word (the glossary's hover uses the same class)
INFLECTION = "(?:ों|ें)?"  # oblique / direct plural endings a unit may add to a Hindi term


# ---------------------------------------------------------------- extracting aligned units
def _strip(md: str) -> str:
    """The prose of a page (sitegen.text.prose), link and figure targets dropped."""
    return text.prose(md)


def md_units(md: str) -> list[tuple[int, str]]:
    """(line, text) of each heading, paragraph, list item and figure of a page, in order."""
    units, start, buf = [], 0, []
    for n, line in enumerate(_strip(md).split("\n"), 1):
        item = re.match(r"\s*(?:[-*]|\d+\.) |#+ ", line)
        if not line.strip() or item:
            if buf:
                units.append((start, " ".join(buf)))
            buf, start = ([line], n) if line.strip() else ([], 0)
        else:
            buf, start = buf + [line], start or n
    if buf:
        units.append((start, " ".join(buf)))
    return units


def running_text(md: str) -> str:
    """The text sitegen/markup.py annotates: no headings, link texts, figures (alt text, caption)."""
    text = re.sub(r"^#+ .*$", " ", _strip(md), flags=re.M)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    return re.sub(r"\[[^\]]*\]\([^)]*\)", " ", text)


def yaml_units(path: Path) -> list[tuple[str, str, str]]:
    """(where, en, hi) for every {en, hi} pair of strings in a data file, with its line."""
    out = []

    class Loader(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        m = loader.construct_mapping(node, deep=True)
        if isinstance(m.get("en"), str) and isinstance(m.get("hi"), str):
            out.append((f"{path.relative_to(ROOT)}:{node.start_mark.line + 1}", m["en"], m["hi"]))
        elif isinstance(m.get("en"), dict) and isinstance(m.get("hi"), dict):  # glossary: {term, def}
            for key in m["en"].keys() & m["hi"].keys():
                if isinstance(m["en"][key], str) and isinstance(m["hi"][key], str):
                    out.append(
                        (f"{path.relative_to(ROOT)}:{node.start_mark.line + 1} ({key})", m["en"][key], m["hi"][key])
                    )
        return m

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    return out


# ---------------------------------------------------------------- the check
def has(term: str, text: str, inflect: bool = False) -> bool:
    tail = INFLECTION if inflect else ""
    return re.search(rf"(?<!{LETTER}){re.escape(term)}{tail}(?!{LETTER})", text, re.I) is not None


def drifts(units: list[tuple[str, str, str]], glossary=GLOSSARY) -> list[str]:
    """Where an English unit uses a glossary term and its Hindi twin does not use the Hindi term."""
    found = []
    for where, en, hi in units:
        for tid, entry in glossary.items():
            if (
                has(entry["en"]["term"], en)
                and not has(entry["hi"]["term"], hi, inflect=True)
                and not has(entry["en"]["term"], hi)
            ):  # kept in Latin inside a name: "Denoising Diffusion …"
                found.append(
                    f"{where}: English has {entry['en']['term']!r}, Hindi lacks {entry['hi']['term']!r} "
                    f"(glossary {tid}): {hi[:90]}"
                )
    return found


def page_drifts(hi_path: Path) -> list[str]:
    en_path = hi_path.with_name(hi_path.name.replace(".hi.", ".en."))
    hi_md, en_md = hi_path.read_text(encoding="utf-8"), en_path.read_text(encoding="utf-8")
    hi_units, en_units = md_units(hi_md), md_units(en_md)
    name = hi_path.relative_to(ROOT) if hi_path.is_relative_to(ROOT) else hi_path
    if len(hi_units) != len(en_units):
        return [f"{name}: {len(hi_units)} units, its English twin {len(en_units)}: the pages are not aligned"]
    found = drifts([(f"{name}:{h[0]}", e[1], h[1]) for h, e in zip(hi_units, en_units)])
    hi_text, en_text = running_text(hi_md), running_text(en_md)
    for tid, entry in GLOSSARY.items():  # the hover: the exact form somewhere in the running text
        if has(entry["en"]["term"], en_text) and not has(entry["hi"]["term"], hi_text):
            found.append(
                f"{name}: no hover for {entry['hi']['term']!r} (glossary {tid}): its exact form never "
                f"appears in running text, while the English page has {entry['en']['term']!r}"
            )
    return found


PAGES = sorted(str(p.relative_to(ROOT)).removesuffix(".hi.md") for p in (ROOT / "docs").rglob("*.hi.md"))
DATA = ["data/glossary.yml", "data/claims.yml", "data/systems.yml", "data/ui.yml"]


@pytest.mark.parametrize("page", PAGES)
def test_page_uses_glossary_terms(page):
    found = page_drifts(ROOT / f"{page}.hi.md")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("data", DATA)
def test_data_uses_glossary_terms(data):
    found = drifts(yaml_units(ROOT / data))
    assert not found, "\n".join(found)


# ---------------------------------------------------------------- one meaning per term
# Forms that make the reader stop and disambiguate (HINDI-STYLE.md, "One meaning per term"): the form, how it is
# misread, what to write instead. Checked in every Hindi text a reader sees: pages, labs, data files, figure labels.
AMBIGUOUS = [
    (r"क्वेरी-की", "“the query's”", "क्वेरी और की-वेक्टर"),
    (r"के पार", "“beyond, on the far side of”", "फ़्रेमों के बीच"),
    (r"अलग-अलग नॉइज़", "“various noises”", "स्वतंत्र नॉइज़"),
    (r"पहचान \(रिकग्निशन\)", "identity (पहचान is identity only)", "रिकग्निशन"),
    (
        r"दोनों वर्गों|वर्ग (?:बता|न बता|नहीं बता|चाहे जो)|(?:एक|फ़्रेम) वर्ग (?:का|के बारे)",
        "square (वर्ग is a square only)",
        "क्लास",
    ),
    (rf"के बार(?!{LETTER})", "“times” (a chart's bar)", "स्तंभ"),
    (r"की और वैल्यू", "“of and values” (की की: keys)", "की-वेक्टर और वैल्यू"),
    (r"स्टेशनरी", "“stationery”, pens and paper", "जिसके सांख्यिकीय गुण हर फ़्रेम पर एक जैसे रहें"),
    (r"कंडीशन (?:कर|हो)", "a calque (the verb; the noun कंडीशनिंग is fine)", "के सहारे / के हिसाब से बनाना"),
    # a second form of one term: one spelling everywhere
    (r"स्पेसटाइम", "a second form of स्पेस-टाइम", "स्पेस-टाइम"),
    (r"लाप्लासियन", "a second form of लाप्लास (and the Laplace operator)", "लाप्लास"),
    (r"बाइडायरेक्शनल", "a second form of “bidirectional”", "दोनों दिशाओं में देखने वाला"),
    (r"फ़ॉरवर्ड (?:चेन|प्रक्रिया)", "a second form of the forward process", "नॉइज़ डालने वाली चेन / प्रक्रिया"),
    (r"एक-सी चाल|स्थिर चाल", "a second form of “steady motion” (स्थिर is still)", "एक-सी मोशन"),
    (r"सिर्फ़ स्पेस वाल", "a second form of “space-only”", "सिर्फ़-स्पेस"),
    (r"डिटरमिनिस्टिक", "a second form of “deterministic”", "जिसमें कुछ भी रैंडम नहीं"),
    (r"वितरण|बंटन", "a second form of “distribution”", "डिस्ट्रीब्यूशन"),
    (r"प्रायिकता", "a second form of “probability”", "संभावना"),
    (r"पोस्टीरियर-मीन|मानक नॉर्मल", "a half-English form of a statistics term", "पोस्टीरियर-औसत, मानक गाउसियन"),
    (r"की-फ़्रेम", "a second form of “keyframe” (and the key-vector's की-)", "कीफ़्रेम"),
    (r"(?:दो|एक|ऑडियो|वीडियो) धारा", "a second form of “stream” (dual-stream blocks)", "डुअल-स्ट्रीम, ऑडियो स्ट्रीम"),
    (r"लॉग पैमान", "a scale of size or verdicts (पैमाना), not an axis", "लॉग स्केल"),
    (r"धीरे-धीरे बदलत", "“slowly”, where the English says smoothly", "बिना झटके के बदलती है"),
    (r"बनावट वाल|चौकोर", "“design” (बनावट is a design), or a second form of वर्ग", "टेक्सचर वाला, वर्ग"),
    (r"स्वातंत्र्य कोटि|अल्फ़ा-बार|मिक्सचर ऑफ़", "a second form of a term", "डिग्री ऑफ़ फ़्रीडम, ᾱ, मिक्सचर-ऑफ़-एक्सपर्ट"),
    (r"mean-pooling", "an English gloss of औसत", "औसत"),
    (r"स्थिर (?:वेग|लॉजिट|आउटपुट)", "“a still velocity, logit, output” (स्थिर is still)", "एक-सा वेग, एक ही लॉजिट"),
    (r"(?:डिवाइडेड|स्पेस-टाइम) ढाँच", "“structure” (ढाँचा); a scheme of attention is a तरीक़ा", "डिवाइडेड तरीक़ा"),
    (r"नियत सैंपलिंग|फ़ॉरवर्ड स्टेप", "a second form of a term", "जिसमें कुछ भी रैंडम नहीं, नॉइज़ डालने का स्टेप"),
    (r"जानबूझकर|पोस्टीरियर औसत", "a second spelling", "जान-बूझकर, पोस्टीरियर-औसत"),
    # a loan noun after a plural determiner takes the oblique -ों (HINDI-STYLE.md, "Plurals")
    (
        rf"(?<!{LETTER})(?:सभी|सारे|दोनों|कई|जिन|उन|इन|ज़्यादातर) (?:वीडियो )?(?:सिस्टम|पेपर|प्रोडक्ट|स्निपेट|पैच|टोकन|सीड"
        rf"|शेड्यूल|सैंपल|पैरामीटर|मॉडल|फ़्रेम|लेयर|क्लिप|इमेज|यूनिट|सेंसर) (?:का|के|की|में|से|पर|को)(?!{LETTER})",
        "an English-style oblique plural",
        "-ों: सभी सीडों पर, उन सिस्टमों के",
    ),
    # the same after a determiner that is plural here by meaning: today's / the listed / most / the best / mainstream
    # systems, small steps (a singular small step is एक छोटे स्टेप से)
    (
        rf"(?<!{LETTER})(?:आज के|गिनाए|ज़्यादातर|(?<!सबसे )बेहतरीन|मुख्यधारा के) (?:वीडियो )?(?:सिस्टम|जनरेटर"
        rf"|ट्रांसफ़ॉर्मर|मॉडल) (?:का|के|की|में|से|पर|को)(?!{LETTER})|(?<!एक )(?<!हर )(?<!किसी )(?<!{LETTER})छोटे स्टेप"
        rf" (?:का|के|की|में|से|पर|को|वाला|वाली|वाले)(?!{LETTER})",
        "an English-style oblique plural",
        "-ों: आज के सिस्टमों की, गिनाए जनरेटरों के, छोटे स्टेपों से",
    ),
]


def ambiguous(text: str) -> list[str]:
    return [
        f"{m.group(0)!r} reads as {misread}: write {fix}"
        for pattern, misread, fix in AMBIGUOUS
        for m in re.finditer(pattern, text)
    ]


def hindi_texts():
    """(name, text) of every Hindi text a reader sees (scripts/hindi_words.py: sources)."""
    yield from _hindi_words().sources()


def test_no_term_with_two_meanings():
    found = {name: ambiguous(text) for name, text in hindi_texts()}
    assert not any(found.values()), "\n".join(f"{n}: {f}" for n, fs in found.items() for f in fs)


def test_ambiguous_forms_are_caught():
    assert len(ambiguous("क्वेरी-की तुलनाएँ, शॉट के पार, अलग-अलग नॉइज़ से, पहचान (रिकग्निशन) में")) == 4
    assert len(ambiguous("कोई एक फ़्रेम वर्ग न बताए; दोनों वर्गों में; बचे बदलाव के बार: ऊपर; एक वर्ग का फ़्रेम")) == 4
    assert ambiguous("क्वेरी और की-वेक्टर की तुलनाएँ, फ़्रेमों के बीच, स्वतंत्र नॉइज़, उसी वर्ग पर, तीन बार, बारह") == []
    assert len(ambiguous("टोकन की की और वैल्यू; एक स्टेशनरी सीक्वेंस; डेप्थ पर कंडीशन करता है, पर कंडीशन होने")) == 4
    assert len(ambiguous("स्पेसटाइम पैच, लाप्लासियन नॉइज़, बाइडायरेक्शनल ट्रांसफ़ॉर्मर, DDPM की फ़ॉरवर्ड चेन")) == 4
    assert ambiguous("के की-वेक्टर और वैल्यू, स्पेस-टाइम पैच, लाप्लास नॉइज़, कंडीशनिंग इनपुट, नॉइज़ डालने वाली चेन") == []
    assert len(ambiguous("एक-सी चाल, स्थिर चाल, सिर्फ़ स्पेस वाला अटेंशन, डिटरमिनिस्टिक DDIM, कॉलम का वितरण")) == 5
    assert len(ambiguous("प्रायिकता पथ, पोस्टीरियर-मीन, की-फ़्रेम, दो धाराएँ, लॉग पैमाने पर, जगह धीरे-धीरे बदलती है")) == 6
    assert len(ambiguous("बनावट वाला दृश्य, 10 स्वातंत्र्य कोटि, औसत (mean-pooling), सभी सीड पर, उन सिस्टम के पेपर")) == 5
    assert ambiguous("एक-सी मोशन, सिर्फ़-स्पेस, डिस्ट्रीब्यूशन, संभावना, कीफ़्रेम, मुख्यधारा, लॉग स्केल, बड़े पैमाने पर") == []
    assert ambiguous("सभी सीडों पर, उन सिस्टमों के पेपरों से, 8 फ़्रेम का वीडियो, चेहरा धीरे-धीरे बदल जाए, दिन में") == []
    assert len(ambiguous("स्थिर वेग, नियत सैंपलिंग, फ़ॉरवर्ड स्टेप t, जानबूझकर, पोस्टीरियर औसत, कई सेंसर की")) == 6
    assert len(ambiguous("एक स्थिर लॉजिट, डिवाइडेड ढाँचे का, जॉइंट स्पेस-टाइम ढाँचा")) == 3
    assert ambiguous("एक-सा वेग, स्थिर इमेज, नॉइज़ डालने का स्टेप, जान-बूझकर, पोस्टीरियर-औसत, ज़्यादातर सीडों पर") == []
    assert len(ambiguous("आज के सिस्टम की, गिनाए जनरेटर के, ज़्यादातर वीडियो ट्रांसफ़ॉर्मर में, बेहतरीन मॉडल पर")) == 4
    assert len(ambiguous("मुख्यधारा के जनरेटर में, छोटे स्टेप से बनी, छोटे स्टेप वाला डिफ़्यूज़न")) == 3
    assert ambiguous("आज के सिस्टमों की, गिनाए जनरेटरों के, ज़्यादातर वीडियो ट्रांसफ़ॉर्मरों में, छोटे स्टेपों से") == []
    assert ambiguous("सबसे बेहतरीन मॉडल का, एक छोटे स्टेप से, हर छोटे स्टेप पर, आज के जनरेटर एक साथ बनाते हैं") == []


@pytest.fixture
def drifted_pair(tmp_path):
    """A page pair whose Hindi says 'सिमेंटिक सुसंगति' where the glossary's term is used in English."""
    term = GLOSSARY["semantic-coherence"]
    (tmp_path / "p.en.md").write_text(f"# Title\n\nSmoothness is not {term['en']['term']}.\n", encoding="utf-8")
    (tmp_path / "p.hi.md").write_text("# शीर्षक\n\nस्मूदनेस सिमेंटिक सुसंगति नहीं है।\n", encoding="utf-8")
    assert term["hi"]["term"] != "सिमेंटिक सुसंगति", "pick another drifted form for this fixture"
    return tmp_path / "p.hi.md"


def test_a_drifted_term_fails(drifted_pair):
    found = page_drifts(drifted_pair)
    assert any(":3: English has 'semantic coherence'" in f for f in found), found  # the unit, with its line
    assert any("no hover for" in f for f in found), found  # and the missing hover
    fixed = drifted_pair.read_text(encoding="utf-8").replace(
        "सिमेंटिक सुसंगति", GLOSSARY["semantic-coherence"]["hi"]["term"]
    )
    drifted_pair.write_text(fixed, encoding="utf-8")
    assert page_drifts(drifted_pair) == []


def test_inflected_term_counts_in_a_unit_but_not_for_the_hover():
    assert has("टेम्पोरल लेयर", "टेम्पोरल लेयरों से", inflect=True)
    assert not has("टेम्पोरल लेयर", "टेम्पोरल लेयरों से")
    assert not has("टेम्पोरल लेयर", "टेम्पोरल लेयर्स से", inflect=True)  # the English plural is not Hindi


def test_drift_in_data_is_named_with_its_line():
    units = [("data/x.yml:7", "A diffusion model adds noise.", "एक डिफ्यूज़न मॉडल नॉइज़ जोड़ता है।")]
    assert drifts(units) and drifts(units)[0].startswith("data/x.yml:7: English has 'diffusion model'")


def _hindi_words():
    import importlib.util

    spec = importlib.util.spec_from_file_location("hindi_words", ROOT / "scripts/hindi_words.py")
    words = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(words)
    return words


def test_hindi_words_counts_latin_glosses_and_loanwords():
    words = _hindi_words()
    c = words.count(words.prose("फ्रेमों का std, स्फ़ेरिकल इंटरपोलेशन (slerp), TimeSformer और `reshape` $x_t$ {{a.b}}।"))
    assert c["stranded"] == ["std"] and c["glosses"] == 1 and c["latin"] == 3  # std, slerp, TimeSformer
    assert c["deva"] == 5 and c["loans"] == 3  # फ्रेमों (nukta-blind, plural), स्फ़ेरिकल, इंटरपोलेशन; not का, और
    assert words.main(["docs/index.hi.md"]) == 0 and words.main(["nowhere"]) == 2


# ---------------------------------------------------------------- readable anchors
def test_slugify_keeps_vowel_signs_and_virama():
    assert text.slugify("बिना ट्रेनिंग का एक असली डिनॉइज़र", "-") == "बिना-ट्रेनिंग-का-एक-असली-डिनॉइज़र"
    assert text.slugify("frame-by-frame (2D)", "-") == "frame-by-frame-2d"
