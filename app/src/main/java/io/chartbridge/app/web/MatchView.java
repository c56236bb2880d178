package io.chartbridge.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A match item laid out for the page: one row per Patient field with the incoming value and each candidate's,
 * differences flagged, and each candidate's explanation (comparison, both values, level, weight) with the rules that
 * held the pair for review, from the stored explanation.
 */
record MatchView(List<String> candidateRefs, List<String> candidateHeadings, List<Row> rows,
                 List<List<Weight>> explanations, List<List<Rule>> rules) {

    /** A rule of the match rules that held the pair for a person (e.g. different_sex_needs_review), and why. */
    record Rule(String name, String description) {
    }

    record Cell(String value, boolean differs) {
    }

    record Row(String field, String incoming, List<Cell> candidates) {
    }

    record Weight(String comparison, String left, String right, String level, String weight, boolean positive) {
    }

    static MatchView of(JsonNode payload) {
        Map<String, String> incoming = PatientSummary.of(payload.path("incoming"));
        List<String> refs = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        List<Map<String, String>> candidates = new ArrayList<>();
        List<List<Weight>> explanations = new ArrayList<>();
        List<List<Rule>> rules = new ArrayList<>();
        for (JsonNode c : payload.path("candidates")) {
            refs.add(c.path("reference").asText());
            headings.add(String.format(Locale.ROOT, "%s — probability %.3f, score %.2f", c.path("reference").asText(),
                    c.path("probability").asDouble(), c.path("score").asDouble()));
            candidates.add(PatientSummary.of(c.path("resource")));
            List<Weight> weights = new ArrayList<>();
            for (JsonNode f : c.path("explanation").path("fields")) {
                double w = f.path("weight").asDouble();
                weights.add(new Weight(f.path("comparison").asText(), f.path("left").asText(""),
                        f.path("right").asText(""), f.path("level").asText(""),
                        String.format(Locale.ROOT, "%+.2f", w), w >= 0));
            }
            explanations.add(weights);
            List<Rule> held = new ArrayList<>();
            for (JsonNode v : c.path("explanation").path("vetoes")) {
                // Stored as the matcher's rule ({name, description, outcome}); a bare name is read too.
                held.add(v.isTextual() ? new Rule(v.asText(), "")
                        : new Rule(v.path("name").asText(""), v.path("description").asText("")));
            }
            rules.add(held);
        }
        List<Row> rows = new ArrayList<>();
        for (String field : PatientSummary.FIELDS) {
            String mine = incoming.get(field);
            List<Cell> cells = new ArrayList<>();
            for (Map<String, String> cand : candidates) {
                String theirs = cand.get(field);
                cells.add(new Cell(theirs, !Objects.equals(normal(mine), normal(theirs))));
            }
            rows.add(new Row(field, mine, cells));
        }
        return new MatchView(refs, headings, rows, explanations, rules);
    }

    private static String normal(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }
}
