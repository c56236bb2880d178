package io.chartbridge.matching.rules;

import org.apache.commons.codec.language.Nysiis;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a comparison level holds for one pair of values. Parsed from the {@code condition} text of a level; the
 * spellings are listed in docs/matching.md.
 */
public interface Condition {

    /** Holds for one pair of (non-null, normalised) values. */
    boolean holds(String left, String right);

    /** The level that applies when either record lacks the field; it always weighs 0. */
    Condition MISSING = (l, r) -> false;
    Condition ELSE = (l, r) -> true;

    Pattern JARO_WINKLER = Pattern.compile("jaro_winkler\\s*>=\\s*(0(\\.\\d+)?|1(\\.0+)?)");
    Pattern PREFIX = Pattern.compile("first\\s+(\\d+)\\s+characters");
    Pattern YEAR_OFF_BY = Pattern.compile("year_off_by\\s+(\\d+(\\s*(,|or)\\s*\\d+)*)");
    Pattern EDIT_DISTANCE = Pattern.compile("edit_distance\\s*<=\\s*(\\d+)");
    Pattern DAYS_APART = Pattern.compile("days_apart\\s*<=\\s*(\\d+)");

    /**
     * The level of a {@code name_order} comparison that holds when the pair was scored with one record's given and
     * family names exchanged ({@code PairScorer} decides which order scores better); never holds for values.
     */
    Condition SWAPPED = (l, r) -> false;

    /**
     * Jaro-Winkler similarity at least {@code threshold}. A comparison with several such levels computes the
     * similarity of a pair once ({@link Comparison}).
     */
    record JaroWinklerAtLeast(double threshold) implements Condition {
        static final JaroWinklerSimilarity SIMILARITY = new JaroWinklerSimilarity();

        @Override
        public boolean holds(String left, String right) {
            return SIMILARITY.apply(left, right) >= threshold;
        }
    }

    static Condition parse(String text, NicknameTable nicknames) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher jw = JARO_WINKLER.matcher(t);
        if (jw.matches()) {
            return new JaroWinklerAtLeast(Double.parseDouble(jw.group(1)));
        }
        Matcher prefix = PREFIX.matcher(t);
        if (prefix.matches()) {
            int n = Integer.parseInt(prefix.group(1));
            return (l, r) -> l.length() >= n && r.length() >= n && l.regionMatches(0, r, 0, n);
        }
        Matcher yearOff = YEAR_OFF_BY.matcher(t);
        if (yearOff.matches()) {
            java.util.Set<Integer> years = new java.util.HashSet<>();
            for (String n : yearOff.group(1).split("\\s*(,|or)\\s*")) {
                years.add(Integer.parseInt(n));
            }
            return (l, r) -> DateParts.yearOffBy(l, r, years);
        }
        Matcher edits = EDIT_DISTANCE.matcher(t);
        if (edits.matches()) {
            int n = Integer.parseInt(edits.group(1));
            return (l, r) -> EditDistance.atMost(l, r, n) <= n;
        }
        Matcher days = DAYS_APART.matcher(t);
        if (days.matches()) {
            int n = Integer.parseInt(days.group(1));
            return (l, r) -> DateParts.daysApart(l, r) <= n;
        }
        return switch (t) {
            case "missing" -> MISSING;
            case "swapped" -> SWAPPED;
            case "else" -> ELSE;
            case "exact" -> String::equals;
            case "double_metaphone" -> Phonetics::soundAlike;
            case "nysiis" -> {
                Nysiis nysiis = new Nysiis();
                yield (l, r) -> {
                    String nl = nysiis.encode(l);
                    return !nl.isEmpty() && nl.equals(nysiis.encode(r));
                };
            }
            case "initial" -> (l, r) -> (l.length() == 1 || r.length() == 1) && l.charAt(0) == r.charAt(0);
            case "nickname" -> nicknames::sameName;
            case "day_month_swapped" -> DateParts::dayMonthSwapped;
            case "adjacent_characters_swapped" -> EditDistance::adjacentSwap;
            case "one_date_component_off" -> DateParts::oneComponentOff;
            default -> throw new IllegalArgumentException("unknown condition '" + text + "'; known: missing, exact, "
                    + "jaro_winkler >= X, double_metaphone, nysiis, initial, nickname, first N characters, "
                    + "day_month_swapped, one_date_component_off, year_off_by N or M, edit_distance <= N, "
                    + "adjacent_characters_swapped, days_apart <= N, swapped (name_order only), else");
        };
    }
}
