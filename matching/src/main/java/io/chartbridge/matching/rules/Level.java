package io.chartbridge.matching.rules;

/**
 * One comparison level: its condition and its m and u probabilities. Weight is the log2 Bayes factor m/u; the
 * missing level weighs 0 because an absent value says nothing either way.
 *
 * @param m probability of this level among true matches (NaN until given or estimated)
 * @param u probability of this level among non-matches (NaN until given or estimated)
 */
public record Level(String name, String description, String conditionText, Condition condition, double m, double u) {

    public boolean isMissing() {
        return condition == Condition.MISSING;
    }

    public boolean hasParameters() {
        return isMissing() || (!Double.isNaN(m) && !Double.isNaN(u));
    }

    public double weight() {
        return isMissing() ? 0.0 : log2(m / u);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
