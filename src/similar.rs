//! Which items look alike, by simple word overlap, so a facilitator can
//! spot duplicates to merge.

use std::collections::BTreeSet;

use unicode_normalization::UnicodeNormalization;

/// The commonest words of each language the interface speaks, written
/// without accents (words are compared without them).
const STOP: &[&str] = &[
    // English
    "the", "and", "for", "that", "this", "with", "are", "was", "has", "have", "not", "but", "from", "our", "their", "they", "will", "can",
    "more", "its", "about", "into", "should", "would", // French
    "les", "des", "une", "pour", "dans", "avec", "que", "qui", "est", "sont", "pas", "mais", "sur", "par", "aux", "ces", "nous", "vous",
    "leur", "leurs", "plus", "etre", "faire", "doit", "devrait", "notre", "nos", "cette", "tous", "tout", "entre", "comme",
];

/// Words of three letters or more, lower-cased, without accents, plurals
/// ("écoles" is "ecole") or the commonest words: "school" and "schools",
/// "école" and "écoles" are the same word.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| w.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect::<String>().to_lowercase())
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| match w.strip_suffix(['s', 'x']) {
            Some(stem) if stem.chars().count() >= 4 => stem.to_string(),
            _ => w,
        })
        .collect()
}

/// Share of words two sets have in common (Jaccard); 0 when fewer than two are shared.
fn score(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let shared = a.intersection(b).count();
    if shared < 2 {
        0.0
    } else {
        shared as f64 / a.union(b).count() as f64
    }
}

pub fn overlap(a: &str, b: &str) -> f64 {
    score(&words(a), &words(b))
}

/// Pairs of items (by position) whose overlap is at least `threshold`, most alike first.
pub fn look_alike(texts: &[&str], threshold: f64) -> Vec<(usize, usize, f64)> {
    let sets: Vec<BTreeSet<String>> = texts.iter().map(|t| words(t)).collect();
    let mut pairs = Vec::new();
    for i in 0..sets.len() {
        for j in i + 1..sets.len() {
            let s = score(&sets[i], &sets[j]);
            if s >= threshold && s > 0.0 {
                pairs.push((i, j, s));
            }
        }
    }
    pairs.sort_by(|a, b| b.2.total_cmp(&a.2));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_table() {
        let cases = [
            ("Teach genocide prevention in schools", "Teach genocide prevention in every school", true),
            ("Spread the word to my team", "Use Twitter to spread the word", false),
            ("Media must cover atrocities", "Media must cover atrocities early", true),
            ("a b c", "a b c", false),
            ("Enseigner la prévention du génocide dans les écoles", "Enseigner la prevention du genocide a l'école", true),
            ("Les médias doivent couvrir les atrocités", "Les médias doivent couvrir les atrocités plus tôt", true),
            ("Sensibiliser mon équipe", "Écrire à mon député", false),
        ];
        for (a, b, alike) in cases {
            assert_eq!(overlap(a, b) >= 0.5, alike, "{a} / {b}: {}", overlap(a, b));
        }
        let pairs = look_alike(&["Teach prevention in schools", "Fund the media", "Teach prevention in all schools"], 0.5);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].0, pairs[0].1), (0, 2));
    }
}
