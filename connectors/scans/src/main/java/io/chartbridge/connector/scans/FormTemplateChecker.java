package io.chartbridge.connector.scans;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Checks a form template file and lists every problem as {@code file:line: what is wrong}, before any scan is read:
 * unknown keys (a typo is named with the key it was probably meant to be), missing and mistyped values, zones outside
 * the page (pixels instead of fractions), unknown validators and their options, broken patterns, code tables that
 * cannot be read. The same rules as mappings/forms/form-template.schema.json, in an analyst's words; the policy test
 * keeps the two in agreement.
 */
final class FormTemplateChecker {

    static final List<String> TEMPLATE_KEYS = List.of("name", "description", "documentKind", "classification",
            "confidenceThreshold", "labelSimilarity", "fields", "tables");
    static final List<String> CLASSIFICATION_KEYS = List.of("minScore", "keywords");
    static final List<String> KEYWORD_KEYS = List.of("text", "weight");
    static final List<String> FIELD_KEYS = List.of("name", "description", "labels", "position", "required",
            "validator", "whitelist", "zone");
    static final List<String> ZONE_KEYS = List.of("x", "y", "width", "height");
    static final List<String> VALIDATOR_KEYS = List.of("type", "pattern", "format", "codes", "table");
    static final List<String> VALIDATOR_TYPES = List.of("text", "name", "date", "phone", "number", "regex", "codes");
    static final List<String> TABLE_KEYS = List.of("name", "columns");
    static final List<String> COLUMN_KEYS = List.of("name", "headers", "validator");
    static final List<String> POSITIONS = List.of("right", "below");

    /** Field and column names become record paths ({@code table.column}): no dots or spaces. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    /** The template (null when there are problems) and every problem found. */
    record Result(FormTemplate template, List<String> problems) {
    }

    private final Path file;
    /** Where the file is read from: {@code file} itself, or resolved against a caller's working directory. */
    private final Path read;
    private final TemplateYaml yaml;
    /** Code tables as written in the template, with the codes read from them. */
    private final Map<String, List<String>> tables = new HashMap<>();

    private FormTemplateChecker(Path file, Path baseDir) {
        this.file = file;
        this.read = baseDir.resolve(file);
        this.yaml = new TemplateYaml(file);
    }

    static Result check(Path file) {
        return check(file, Path.of(""));
    }

    /** @param baseDir where a relative {@code file} is read from; messages name the file as given */
    static Result check(Path file, Path baseDir) {
        return new FormTemplateChecker(file, baseDir).run();
    }

    private Result run() {
        if (!Files.isRegularFile(read)) {
            yaml.problem(0, "form template not found");
            return new Result(null, yaml.problems());
        }
        String text;
        try {
            text = Files.readString(read, StandardCharsets.UTF_8);
        } catch (IOException e) {
            yaml.problem(0, "cannot read the form template: " + e.getMessage());
            return new Result(null, yaml.problems());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // byte order mark written by some Windows editors
        }
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            yaml.problem(line, "not valid YAML: " + e.getProblem()
                    + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
            return new Result(null, yaml.problems());
        } catch (YAMLException e) {
            yaml.problem(0, "not valid YAML: " + e.getMessage());
            return new Result(null, yaml.problems());
        }
        if (root == null || TemplateYaml.isNull(root)) {
            yaml.problem(0, "the form template is empty");
            return new Result(null, yaml.problems());
        }
        template(root);
        if (!yaml.problems().isEmpty()) {
            return new Result(null, yaml.problems());
        }
        try {
            FormTemplate t = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(text, FormTemplate.class);
            return new Result(withTableCodes(t), List.of());
        } catch (IOException e) {
            // Not expected after the checks above; reported rather than lost.
            yaml.problem(0, "cannot be read: " + e.getMessage());
            return new Result(null, yaml.problems());
        }
    }

    private void template(Node root) {
        TemplateYaml.Obj t = yaml.object(root, "the template", TEMPLATE_KEYS,
                "name: lab-report, documentKind: lab-report, classification: ..., fields: [...]");
        if (t == null) {
            return;
        }
        String name = t.string("name", true);
        t.string("description", false);
        t.string("documentKind", true);
        t.number("confidenceThreshold", 0, true, 1);
        t.number("labelSimilarity", 0, true, 1);
        classification(t);
        Set<String> names = new HashSet<>();
        List<Node> fields = t.list("fields", 1, "[{name: mrn, labels: [MRN]}]");
        if (fields != null) {
            for (int i = 0; i < fields.size(); i++) {
                field(fields.get(i), i + 1, names);
            }
        }
        List<Node> tableNodes = t.list("tables", 1, "[{name: lab, columns: [...]}]");
        if (tableNodes != null) {
            for (int i = 0; i < tableNodes.size(); i++) {
                table(tableNodes.get(i), i + 1, names);
            }
        }
        if (!t.has("fields") && !t.has("tables")) {
            yaml.problem(root, "the template" + (name == null ? "" : " '" + name + "'")
                    + " has neither 'fields' nor 'tables': it would read nothing");
        }
    }

    private void classification(TemplateYaml.Obj t) {
        Node node = t.value("classification");
        if (node == null) {
            // Needed to classify pages, and to tell when a template forced onto a page does not fit it.
            yaml.problem(t.at("classification"), "the template: 'classification' with at least one keyword (the"
                    + " form's title) is required");
            return;
        }
        TemplateYaml.Obj c = yaml.object(node, "classification", CLASSIFICATION_KEYS,
                "{minScore: 3, keywords: [{text: \"LABORATORY REPORT\", weight: 5}]}");
        if (c == null) {
            return;
        }
        Double minScore = c.number("minScore", 0, false, Double.POSITIVE_INFINITY);
        List<Node> keywords = c.list("keywords", 1, "[{text: \"LABORATORY REPORT\", weight: 5}]");
        if (keywords == null) {
            if (!c.has("keywords")) {
                yaml.problem(c.at("keywords"), "classification: 'keywords' is required (at least the form's title)");
            }
            return;
        }
        double total = 0;
        for (int i = 0; i < keywords.size(); i++) {
            TemplateYaml.Obj k = yaml.object(keywords.get(i), "classification keyword " + (i + 1), KEYWORD_KEYS,
                    "{text: \"LABORATORY REPORT\", weight: 5}");
            if (k != null) {
                k.string("text", true);
                Double w = k.number("weight", 0, true, Double.POSITIVE_INFINITY);
                total += w == null ? (k.has("weight") ? 0 : 1) : w;
            }
        }
        if (minScore != null && total > 0 && minScore > total) {
            yaml.problem(c.at("minScore"), "classification: 'minScore' " + TemplateYaml.fmt(minScore)
                    + " is more than all keyword weights together (" + TemplateYaml.fmt(total)
                    + "): no page could ever be classified as this form");
        }
    }

    private void field(Node node, int index, Set<String> names) {
        String name = nameOf(node);
        String where = name == null ? "field " + index : "field '" + name + "'";
        TemplateYaml.Obj f = yaml.object(node, where, FIELD_KEYS, "{name: mrn, labels: [MRN]}");
        if (f == null) {
            return;
        }
        checkName(f, names);
        f.string("description", false);
        f.strings("labels", 1, "[MRN, Chart Number]");
        List<String> positions = f.strings("position", 1, "[right, below]");
        if (positions != null) {
            Set<String> seen = new HashSet<>();
            for (String p : positions) {
                if (!POSITIONS.contains(p)) {
                    yaml.problem(f.value("position"), where + ": position '" + p + "' is not one of right, below");
                } else if (!seen.add(p)) {
                    yaml.problem(f.value("position"), where + ": position '" + p + "' is given twice");
                }
            }
        }
        f.bool("required");
        f.string("whitelist", false);
        if (f.has("zone")) {
            zone(f.value("zone"), where);
        }
        if (!f.has("labels") && !f.has("zone")) {
            yaml.problem(f.node, where + ": needs 'labels' (how the form prints its label) or a 'zone'"
                    + " (where its value is)");
        }
        validator(f, where);
    }

    /** Zones are fractions of the page; a value above 1 is nearly always pixels, which would put it off the page. */
    private void zone(Node node, String field) {
        String where = field + ", zone";
        TemplateYaml.Obj z = yaml.object(node, where, ZONE_KEYS, "{x: 0.58, y: 0.14, width: 0.36, height: 0.035}");
        if (z == null) {
            return;
        }
        Map<String, Double> v = new HashMap<>();
        boolean pixels = false;
        for (String key : ZONE_KEYS) {
            Node n = z.value(key);
            if (n == null) {
                yaml.problem(z.at(key), where + ": '" + key + "' is required (x, y, width and height, each a"
                        + " fraction of the page from 0 to 1)");
                continue;
            }
            Double d = yaml.number(n, where + ": '" + key + "'");
            if (d == null) {
                continue;
            }
            if (d > 1) {
                pixels = true;
                yaml.problem(n, where + ": '" + key + "' is " + TemplateYaml.fmt(d) + ", but zone values are"
                        + " fractions of the page from 0 to 1, not pixels: " + example(key));
            } else if (d < 0) {
                yaml.problem(n, where + ": '" + key + "' must be between 0 and 1, not " + TemplateYaml.fmt(d));
            } else if (d == 0 && (key.equals("width") || key.equals("height"))) {
                yaml.problem(n, where + ": '" + key + "' must be above 0");
            } else {
                v.put(key, d);
            }
        }
        if (pixels) {
            yaml.problem(node, where + ": divide pixel values by the page's size in pixels (a US Letter page at"
                    + " 300 dpi is 2550 x 3300)");
        }
        if (v.size() == 4) {
            if (v.get("x") + v.get("width") > 1.0001) {
                yaml.problem(node, where + ": x + width is " + round(v.get("x") + v.get("width"))
                        + ", past the right edge of the page (1)");
            }
            if (v.get("y") + v.get("height") > 1.0001) {
                yaml.problem(node, where + ": y + height is " + round(v.get("y") + v.get("height"))
                        + ", past the bottom of the page (1)");
            }
        }
    }

    private static String example(String key) {
        return switch (key) {
            case "x" -> "x: 0.58 starts the zone at 58 % of the page width";
            case "y" -> "y: 0.14 starts the zone at 14 % of the page height";
            case "width" -> "width: 0.36 is 36 % of the page width";
            default -> "height: 0.035 is 3.5 % of the page height";
        };
    }

    private static String round(double d) {
        return TemplateYaml.fmt(Math.round(d * 1000) / 1000.0);
    }

    private void table(Node node, int index, Set<String> names) {
        String name = nameOf(node);
        String where = name == null ? "table " + index : "table '" + name + "'";
        TemplateYaml.Obj t = yaml.object(node, where, TABLE_KEYS, "{name: lab, columns: [{name: test, headers:"
                + " [Test]}, {name: result, headers: [Result]}]}");
        if (t == null) {
            return;
        }
        checkName(t, names);
        List<Node> columns = t.list("columns", 2, "[{name: test, headers: [Test]}, {name: result, headers:"
                + " [Result]}]");
        if (columns == null) {
            if (!t.has("columns")) {
                yaml.problem(t.at("columns"), where + ": 'columns' is required (at least two)");
            }
            return;
        }
        Set<String> columnNames = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String columnName = nameOf(columns.get(i));
            String cw = where + (columnName == null ? ", column " + (i + 1) : ", column '" + columnName + "'");
            TemplateYaml.Obj c = yaml.object(columns.get(i), cw, COLUMN_KEYS, "{name: test, headers: [Test]}");
            if (c != null) {
                checkName(c, columnNames);
                if (c.strings("headers", 1, "[Test, Test Name]") == null && !c.has("headers")) {
                    yaml.problem(c.node, cw + ": 'headers' is required (the column's title as printed)");
                }
                validator(c, cw);
            }
        }
    }

    private void checkName(TemplateYaml.Obj o, Set<String> names) {
        String name = o.string("name", true);
        if (name == null) {
            return;
        }
        if (!NAME.matcher(name).matches()) {
            yaml.problem(o.value("name"), o.where + ": 'name' must start with a letter and hold only letters,"
                    + " digits, '_' and '-' (it becomes a column name in mappings)");
        } else if (!names.add(name)) {
            yaml.problem(o.value("name"), o.where + ": the name '" + name + "' is used twice");
        }
    }

    private void validator(TemplateYaml.Obj owner, String where) {
        Node node = owner.value("validator");
        if (node == null) {
            return;
        }
        String vw = where + ", validator";
        TemplateYaml.Obj v = yaml.object(node, vw, VALIDATOR_KEYS, "{type: date}");
        if (v == null) {
            return;
        }
        String type = v.string("type", true);
        if (type == null) {
            return;
        }
        if (!VALIDATOR_TYPES.contains(type)) {
            yaml.problem(v.value("type"), vw + ": type '" + type + "' is not one of "
                    + String.join(", ", VALIDATOR_TYPES));
            return;
        }
        for (String key : List.of("pattern", "format")) {
            if (v.has(key) && !type.equals("regex")) {
                yaml.problem(v.at(key), vw + ": '" + key + "' applies to type regex only, not " + type);
            }
        }
        for (String key : List.of("codes", "table")) {
            if (v.has(key) && !type.equals("codes")) {
                yaml.problem(v.at(key), vw + ": '" + key + "' applies to type codes only, not " + type);
            }
        }
        if (type.equals("regex")) {
            String pattern = v.string("pattern", true);
            String format = v.string("format", false);
            if (pattern != null) {
                try {
                    FieldValidators.regex(pattern, format);
                    int groups = Pattern.compile(pattern).matcher("").groupCount();
                    java.util.regex.Matcher ref = Pattern.compile("\\$(\\d)").matcher(format == null ? "" : format);
                    while (ref.find()) {
                        if (Integer.parseInt(ref.group(1)) > groups) {
                            yaml.problem(v.value("format"), vw + ": 'format' uses " + ref.group() + " but the pattern"
                                    + " has " + groups + " group" + (groups == 1 ? "" : "s") + " in ( )");
                        }
                    }
                } catch (IllegalArgumentException e) {
                    yaml.problem(v.value("pattern"), vw + ": " + e.getMessage());
                }
            }
        } else if (type.equals("codes")) {
            codes(v, vw);
        }
    }

    private void codes(TemplateYaml.Obj v, String where) {
        boolean list = v.has("codes");
        boolean table = v.has("table");
        if (list == table) {
            yaml.problem(v.node, where + ": type codes needs either 'codes' (a list) or 'table' (a code table"
                    + " CSV, e.g. ../code-tables/us-states.csv), " + (list ? "not both" : "none given"));
        }
        if (list) {
            v.strings("codes", 1, "[Female, Male, Other, Unknown]");
        }
        String path = table ? v.string("table", true) : null;
        if (path == null) {
            return;
        }
        Path csv = read.toAbsolutePath().getParent().resolve(path).normalize();
        if (!path.endsWith(".csv")) {
            yaml.problem(v.value("table"), where + ": 'table' must be a code table CSV (source_code,target_system,"
                    + "target_code,target_display), not " + path);
        } else if (!Files.isRegularFile(csv)) {
            yaml.problem(v.value("table"), where + ": code table '" + path + "' not found (looked for " + csv
                    + "; the path is relative to the template file)");
        } else if (!tables.containsKey(path)) {
            try {
                tables.put(path, CodeTableCodes.read(csv));
            } catch (CodeTableCodes.BadTable e) {
                yaml.located(e.getMessage());
            }
        }
    }

    /** The name a list item gives itself, for messages about it; null when it has none (yet). */
    private static String nameOf(Node item) {
        if (item instanceof MappingNode m) {
            for (var t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name")
                        && t.getValueNode() instanceof ScalarNode v && !v.getValue().isBlank()) {
                    return v.getValue();
                }
            }
        }
        return null;
    }

    /** The template with each code table's values in its validators. */
    private FormTemplate withTableCodes(FormTemplate t) {
        if (tables.isEmpty()) {
            return t;
        }
        List<FormTemplate.FieldSpec> fields = new ArrayList<>();
        for (FormTemplate.FieldSpec f : t.fields()) {
            fields.add(new FormTemplate.FieldSpec(f.name(), f.description(), f.labels(), f.position(), f.required(),
                    resolved(f.validator()), f.whitelist(), f.zone()));
        }
        List<FormTemplate.TableSpec> tableSpecs = new ArrayList<>();
        for (FormTemplate.TableSpec table : t.tables()) {
            List<FormTemplate.ColumnSpec> columns = new ArrayList<>();
            for (FormTemplate.ColumnSpec c : table.columns()) {
                columns.add(new FormTemplate.ColumnSpec(c.name(), c.headers(), resolved(c.validator())));
            }
            tableSpecs.add(new FormTemplate.TableSpec(table.name(), columns));
        }
        return new FormTemplate(t.name(), t.description(), t.documentKind(), t.classification(),
                t.confidenceThreshold(), t.labelSimilarity(), fields, tableSpecs);
    }

    private FormTemplate.ValidatorSpec resolved(FormTemplate.ValidatorSpec v) {
        return v == null || v.table() == null ? v : v.withCodes(tables.get(v.table()));
    }
}
