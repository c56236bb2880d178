package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecordReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How common names are in a reference register (a census surname list, given-name statistics): the share of people
 * who carry each listed name. Read from a CSV {@code field,sex,name,share}: {@code field} is {@code family_name} or
 * {@code given_name}; {@code sex} is empty for family names and {@code male} or {@code female} for given names (the
 * share among people of that sex). Names are normalised as the matcher normalises them.
 *
 * <p>Term frequencies use it beside the shares counted in the data ({@code TermFrequencies}), and only ever as the
 * larger of the two: the reference can make a name count as commoner than the data says (a name common in the
 * register), never as rarer. A register of another region than the data's may miss a locally common name; it then
 * simply says nothing about it.
 */
public final class ReferenceFrequencies {

    private final Map<String, Double> family = new HashMap<>();
    private final Map<String, Double> male = new HashMap<>();
    private final Map<String, Double> female = new HashMap<>();
    /** The lines as read, to write the table beside fitted rules. */
    private final List<String> lines = new ArrayList<>();

    public static ReferenceFrequencies empty() {
        return new ReferenceFrequencies();
    }

    public static ReferenceFrequencies read(Reader reader) throws IOException {
        ReferenceFrequencies table = new ReferenceFrequencies();
        BufferedReader in = new BufferedReader(reader);
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || (lineNo == 1 && trimmed.startsWith("field,"))) {
                continue;
            }
            String[] cols = trimmed.split(",", -1);
            if (cols.length != 4) {
                throw new IOException("reference frequency table line " + lineNo
                        + ": expected four columns field,sex,name,share");
            }
            String name = PatientRecordReader.normaliseName(cols[2]);
            if (name == null) {
                throw new IOException("reference frequency table line " + lineNo + ": empty name");
            }
            double share;
            try {
                share = Double.parseDouble(cols[3].trim());
            } catch (NumberFormatException e) {
                throw new IOException("reference frequency table line " + lineNo + ": share is not a number", e);
            }
            if (!(share > 0 && share <= 1)) {
                throw new IOException("reference frequency table line " + lineNo + ": share must be in (0, 1]");
            }
            Map<String, Double> into = switch (cols[0].trim() + "/" + cols[1].trim().toLowerCase(Locale.ROOT)) {
                case "family_name/" -> table.family;
                case "given_name/male" -> table.male;
                case "given_name/female" -> table.female;
                default -> throw new IOException("reference frequency table line " + lineNo
                        + ": field must be family_name (sex empty) or given_name (sex male or female)");
            };
            into.merge(name, share, Double::sum);
            table.lines.add(trimmed);
        }
        return table;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * The share of people who carry {@code value} in {@code field}, or NaN when the table does not list it. A given
     * name with {@code sex} ({@code male}/{@code female}) is its share among people of that sex; without a sex, its
     * share among everyone, taking the two sexes as equally many (a name listed for one sex only counts as absent
     * from the other: the smaller estimate, which is the safe side here).
     */
    public double share(PatientField field, String sex, String value) {
        if (value == null) {
            return Double.NaN;
        }
        if (field == PatientField.FAMILY_NAME) {
            return family.getOrDefault(value, Double.NaN);
        }
        if (field != PatientField.GIVEN_NAME) {
            return Double.NaN;
        }
        if ("male".equals(sex)) {
            return male.getOrDefault(value, Double.NaN);
        }
        if ("female".equals(sex)) {
            return female.getOrDefault(value, Double.NaN);
        }
        Double m = male.get(value);
        Double f = female.get(value);
        if (m == null && f == null) {
            return Double.NaN;
        }
        return ((m == null ? 0 : m) + (f == null ? 0 : f)) / 2;
    }

    public void write(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("field,sex,name,share");
        out.addAll(lines);
        Files.write(file, out, StandardCharsets.UTF_8);
    }
}
