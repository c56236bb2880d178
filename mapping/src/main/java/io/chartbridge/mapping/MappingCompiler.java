package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.identity.DeterministicIds;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.codetable.CodeTableReader;
import io.chartbridge.mapping.output.FieldPath;
import io.chartbridge.mapping.output.OutputTemplate;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.chartbridge.mapping.spec.CodeTableRef;
import io.chartbridge.mapping.spec.ConditionSpec;
import io.chartbridge.mapping.spec.ForEachSpec;
import io.chartbridge.mapping.spec.MappingSpecReader;
import io.chartbridge.mapping.spec.RefSpec;
import io.chartbridge.mapping.transform.JsonTransform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.PatternSyntaxException;
import io.chartbridge.mapping.spec.FieldSpec;
import io.chartbridge.mapping.spec.IdentifierSpec;
import io.chartbridge.mapping.spec.GroupRowsSpec;
import io.chartbridge.mapping.spec.MappingSpec;
import io.chartbridge.mapping.spec.PartialSpec;
import io.chartbridge.mapping.spec.ResourceSpec;
import io.chartbridge.mapping.spec.SpecLines;
import io.chartbridge.mapping.spec.TransformSpec;
import io.chartbridge.mapping.transform.Transform;
import io.chartbridge.mapping.transform.TransformRegistry;
import io.chartbridge.mapping.transform.TransformSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed mapping file and compiles it: paths parsed into an output tree, transforms built, code tables
 * loaded. Reports every problem it finds, each with its line, instead of stopping at the first.
 */
final class MappingCompiler {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]+");
    private static final Pattern SEGMENT = Pattern.compile("[A-Z][A-Z0-9]{2}");
    /** Rows held at most while groups form, unless the mapping says otherwise (docs/mapping-reference.md). */
    static final int DEFAULT_GROUP_WINDOW = 1000;
    static final int MAX_GROUP_WINDOW = 1_000_000;

    private final Path file;
    // Swapped while the fields of an included partial are compiled, so its problems name the partial's file:line.
    private SpecLines lines;
    private Problems problems;
    private final Deque<Path> includeStack = new ArrayDeque<>();
    /** The {@code when} of the includes being compiled, ANDed into each included field's own; null when none. */
    private RecordCondition includeWhen;
    /** Arguments of the partial being compiled, for {@code ${name}}; null outside partials. */
    private Map<String, String> parameters;
    private final SourcePathUses reads = new SourcePathUses();
    private final Set<String> groupNames = new LinkedHashSet<>();
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");
    private final DeterministicIds ids;

    private MappingCompiler(Path file, SpecLines lines, Problems problems, DeterministicIds ids) {
        this.ids = ids;
        this.file = file;
        this.lines = lines;
        this.problems = problems;
    }

    /** @return the compiled mapping, or null when problems were added */
    static DeclarativeMapping compile(Path file, MappingSpec spec, SpecLines lines, Problems problems,
                                      DeterministicIds ids) {
        return new MappingCompiler(file, lines, problems, ids).compile(spec);
    }

    private DeclarativeMapping compile(MappingSpec spec) {
        int top = lines.of(spec);
        if (spec.mapping() == null || !NAME.matcher(spec.mapping()).matches()) {
            problems.add(top, "'mapping' must be a name of letters, digits, '.', '_' or '-', e.g. legacy-emr-patient");
        }
        if (spec.version() == null || spec.version() < 1) {
            problems.add(top, "'version' must be a whole number of at least 1");
        }
        if (spec.sourceSystem() == null || spec.sourceSystem().isBlank()) {
            problems.add(top, "'sourceSystem' is required (e.g. urn:chartbridge:source:legacy-emr): with the record key it gives resource ids");
        }
        ZoneId zone = null;
        if (spec.timezone() != null) {
            try {
                zone = ZoneId.of(spec.timezone());
            } catch (DateTimeException e) {
                problems.add(top, "'timezone' must be a zone id such as America/New_York or UTC");
            }
        }
        java.util.Locale locale = null;
        if (spec.locale() != null) {
            locale = io.chartbridge.mapping.transform.Args.parseLocale(spec.locale());
            if (locale == null) {
                problems.add(top, "'locale' must be a language and country tag such as de-DE, fr-FR or en-US");
            }
        }
        ControlCharacters.Policy controls = ControlCharacters.Policy.QUARANTINE;
        if (spec.controlCharacters() != null) {
            switch (spec.controlCharacters()) {
                case "quarantine" -> controls = ControlCharacters.Policy.QUARANTINE;
                case "review" -> controls = ControlCharacters.Policy.REVIEW;
                default -> problems.add(top, "'controlCharacters' must be quarantine (the default) or review");
            }
        }
        TransformSetup setup = loadCodeTables(spec.codeTables(), zone, locale);
        List<RowGroups.Definition> groups = spec.groupRows() == null ? List.of() : groupRows(spec.groupRows(), top);
        int window = spec.groupRows() == null || spec.groupRows().window() == null ? DEFAULT_GROUP_WINDOW
                : spec.groupRows().window();
        List<CompiledResource> resources = new ArrayList<>();
        if (spec.resources() == null || spec.resources().isEmpty()) {
            problems.add(top, "'resources' must list at least one resource");
        } else {
            compileResources(spec.resources(), top, spec.sourceSystem(), setup, resources);
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new DeclarativeMapping(spec.mapping(), spec.version(), spec.description(), spec.sourceSystem(),
                referencedFirst(resources), spec.sourceOptions() == null ? Map.of() : spec.sourceOptions(), controls,
                reads, groups, window);
    }

    /**
     * {@code groupRows:} the kinds of groups, in order (a row joins the first whose {@code when} holds). Their names
     * are known before the resources are compiled, so {@code when: {group: name}} is checked.
     */
    private List<RowGroups.Definition> groupRows(GroupRowsSpec spec, int top) {
        int line = lines.of(spec) > 0 ? lines.of(spec) : top;
        if (spec.window() != null && (spec.window() < 1 || spec.window() > MAX_GROUP_WINDOW)) {
            problems.add(line, "'groupRows: window' must be between 1 and " + MAX_GROUP_WINDOW + " rows");
        }
        if (spec.groups() == null || spec.groups().isEmpty()) {
            problems.add(line, "'groupRows' needs 'groups', e.g. [{name: blood-pressure, by: \"{PATIENT}|{DATE}\","
                    + " when: {matches: {field: CODE, regex: \"8480-6|8462-4\"}}}]");
            return List.of();
        }
        List<RowGroups.Definition> out = new ArrayList<>();
        for (GroupRowsSpec.Group g : spec.groups()) {
            int gLine = g == null || lines.of(g) == 0 ? line : lines.of(g);
            if (g == null || g.name() == null || !NAME.matcher(g.name()).matches()) {
                problems.add(gLine, "a group needs a 'name' of letters, digits, '.', '_' or '-'");
                continue;
            }
            if (!groupNames.add(g.name())) {
                problems.add(gLine, "group '" + g.name() + "' is declared twice");
            }
            SourceTemplate by = template(g.by(), gLine, "group '" + g.name() + "' needs 'by': the template of what its"
                    + " rows share, e.g. \"{PATIENT}|{DATE}\"", false, false);
            RecordCondition when = g.when() == null ? null : condition(g.when(), gLine, false);
            if (by != null) {
                out.add(new RowGroups.Definition(g.name(), by, when));
            }
        }
        return out;
    }

    /**
     * Orders resources so that one referred to by another of the same record comes first (a loader then never
     * meets a reference to something not yet written); otherwise keeps the file's order. A cycle keeps file order.
     */
    private static List<CompiledResource> referencedFirst(List<CompiledResource> resources) {
        List<CompiledResource> pending = new ArrayList<>(resources);
        List<CompiledResource> ordered = new ArrayList<>(resources.size());
        while (!pending.isEmpty()) {
            CompiledResource next = null;
            for (CompiledResource candidate : pending) {
                boolean waits = false;
                for (CompiledResource other : pending) {
                    if (other != candidate && candidate.referencedTypes().contains(other.type())
                            && !other.referencedTypes().contains(candidate.type())) {
                        waits = true;
                        break;
                    }
                }
                if (!waits) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                next = pending.get(0);
            }
            pending.remove(next);
            ordered.add(next);
        }
        return ordered;
    }

    private TransformSetup loadCodeTables(Map<String, CodeTableRef> refs, ZoneId zone, java.util.Locale locale) {
        Map<String, CodeTable> tables = new HashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        if (refs != null) {
            Path dir = file.toAbsolutePath().getParent();
            for (Map.Entry<String, CodeTableRef> entry : refs.entrySet()) {
                String name = entry.getKey();
                declared.add(name);
                CodeTableRef ref = entry.getValue();
                int line = lines.of(ref);
                if (ref == null || ref.file() == null || ref.file().isBlank()) {
                    problems.add(line, "code table '" + name + "' needs a file path");
                    continue;
                }
                Path tableFile = dir.resolve(ref.file()).normalize();
                if (!Files.isRegularFile(tableFile)) {
                    problems.add(line, "code table '" + name + "' not found: " + tableFile);
                    continue;
                }
                try {
                    tables.put(name, CodeTableReader.read(name, tableFile));
                } catch (CodeTableReader.CodeTableException e) {
                    problems.addLocated(e.getMessage());
                }
            }
        }
        return new TransformSetup(Map.copyOf(tables), Set.copyOf(declared), zone, locale);
    }

    private CompiledResource compileResource(ResourceSpec spec, String sourceSystem, TransformSetup setup) {
        int line = lines.of(spec);
        int before = problemCount();
        if (spec.resource() == null || !RESOURCE_TYPE.matcher(spec.resource()).matches()) {
            problems.add(line, "'resource' must be a FHIR resource type such as Patient");
        }
        boolean repeats = spec.forEach() != null;
        // Compiled in file order (problems are listed that way), which is also the order coverage lists paths in.
        RecordCondition when = spec.when() == null ? null : condition(spec.when(), line, false);
        Repetition forEach = spec.forEach() == null ? null : repetition(spec.forEach(), line, false);
        SourceTemplate key = template(spec.key(), line, "'key' is required: a template over source fields, e.g. \"{MRN}\"",
                repeats, false);
        String identifierSystem = null;
        SourceTemplate identifierValue = null;
        IdentifierSpec identifier = spec.identifier();
        if (identifier != null) {
            int idLine = lines.of(identifier) > 0 ? lines.of(identifier) : line;
            if (identifier.system() == null || identifier.system().isBlank()) {
                problems.add(idLine, "'identifier' needs a 'system' (a URI such as urn:oid:...)");
            }
            // A partial's parameter (${mrnSystem}) is the included value here too: the target searches by it.
            identifierSystem = substitute(identifier.system(), idLine);
            identifierValue = template(identifier.value(), idLine, "'identifier' needs a 'value' template, e.g. \"{MRN}\"",
                    repeats, false);
        }
        boolean keyUpdates = false;
        if (spec.duplicateKey() != null) {
            switch (spec.duplicateKey()) {
                case "quarantine" -> keyUpdates = false;
                case "update" -> keyUpdates = true;
                default -> problems.add(line, "'duplicateKey' must be quarantine (the default: a later record with the"
                        + " same key is quarantined) or update (it replaces the resource)");
            }
        }
        OutputTemplate.Builder output = new OutputTemplate.Builder();
        List<CompiledField> fields = new ArrayList<>();
        if (spec.fields() == null || spec.fields().isEmpty()) {
            problems.add(line, "'fields' must list at least one field");
        } else {
            compileFields(spec.fields(), line, sourceSystem, setup, output, fields, repeats);
        }
        if (problemCount() > before) {
            return null;
        }
        return new CompiledResource(spec.resource(), sourceSystem, key, identifierSystem, identifierValue, fields,
                output.build(), when, forEach, keyUpdates, ids);
    }

    /** @param repeats whether {@code {#}} has a meaning here (inside a forEach) */
    private void compileFields(List<FieldSpec> specs, int line, String sourceSystem, TransformSetup setup,
                               OutputTemplate.Builder output, List<CompiledField> into, boolean repeats) {
        for (FieldSpec field : specs) {
            if (field == null) {
                problems.add(line, "'fields' has an empty item");
                continue;
            }
            if (field.include() != null) {
                include(field, sourceSystem, setup, output, into, repeats);
                continue;
            }
            CompiledField compiled = compileField(field, sourceSystem, setup, output, repeats);
            if (compiled != null) {
                into.add(compiled);
            }
        }
    }

    /**
     * {@code - include: _patient-demographics.yaml}: the partial's fields, compiled as if written here, with
     * {@code ${name}} in its values standing for the include's {@code with:} arguments (or the parameter's default).
     * The partial is found next to the file that includes it; a missing or circular partial, or a parameter not
     * passed, is reported at the include's line.
     */
    private void include(FieldSpec spec, String sourceSystem, TransformSetup setup, OutputTemplate.Builder output,
                         List<CompiledField> into, boolean repeats) {
        int line = lines.of(spec);
        if (spec.path() != null || spec.from() != null || spec.constant() != null || spec.template() != null
                || spec.ref() != null || spec.transform() != null || spec.ifCondition() != null
                || spec.otherwise() != null || spec.forEach() != null || spec.fields() != null
                || spec.required() != null || spec.optional() != null || spec.type() != null || spec.join() != null) {
            problems.add(line, "an 'include' item takes no other keys than 'with' (the partial's parameters) and 'when'");
            return;
        }
        RecordCondition when = spec.when() == null ? null : condition(spec.when(), line, false);
        RecordCondition outerWhen = includeWhen;
        includeWhen = when == null ? outerWhen
                : outerWhen == null ? when : RecordCondition.allOf(List.of(outerWhen, when));
        try {
            inPartial(spec.include(), spec.with(), line, partial -> {
                if (partial.fields() == null || partial.fields().isEmpty()) {
                    problems.add(1, "a partial included among fields must list 'fields'");
                    return;
                }
                compileFields(partial.fields(), 1, sourceSystem, setup, output, into, repeats);
            });
        } finally {
            includeWhen = outerWhen;
        }
    }

    /**
     * {@code - include: _hl7v2-oru-resources.yaml} among {@code resources}: the partial's resources, compiled as if
     * written here (so a mapping for a whole feed is the sum of the mappings for its message types).
     */
    private void includeResources(ResourceSpec spec, String sourceSystem, TransformSetup setup,
                                  List<CompiledResource> into) {
        int line = lines.of(spec);
        if (spec.resource() != null || spec.key() != null || spec.identifier() != null || spec.when() != null
                || spec.forEach() != null || spec.duplicateKey() != null || spec.fields() != null) {
            problems.add(line, "an 'include' item takes no other keys than 'with' (the partial's parameters)");
            return;
        }
        inPartial(spec.include(), spec.with(), line, partial -> {
            if (partial.resources() == null || partial.resources().isEmpty()) {
                problems.add(1, "a partial included among resources must list 'resources'");
                return;
            }
            compileResources(partial.resources(), 1, sourceSystem, setup, into);
        });
    }

    private void compileResources(List<ResourceSpec> specs, int line, String sourceSystem, TransformSetup setup,
                                  List<CompiledResource> into) {
        for (ResourceSpec resource : specs) {
            if (resource == null) {
                problems.add(line, "'resources' has an empty item");
                continue;
            }
            if (resource.include() != null) {
                includeResources(resource, sourceSystem, setup, into);
                continue;
            }
            CompiledResource compiled = compileResource(resource, sourceSystem, setup);
            if (compiled != null) {
                into.add(compiled);
            }
        }
    }

    /**
     * Reads the partial named by an include and runs {@code body} on it with the partial's lines, problems and
     * arguments in place; a partial that is not a file next to this one, missing, circular or unreadable is reported
     * at the include's line instead.
     */
    private void inPartial(String includeName, Map<String, String> with, int line,
                           java.util.function.Consumer<PartialSpec> body) {
        String name = includeName.strip();
        if (!name.startsWith("_") || !name.endsWith(".yaml") || name.contains("/") || name.contains("\\")) {
            problems.add(line, "include '" + name + "': a partial is a file next to this one whose name starts with"
                    + " '_' and ends with .yaml, e.g. _patient-demographics.yaml");
            return;
        }
        Path current = includeStack.isEmpty() ? file.toAbsolutePath().normalize() : includeStack.peek();
        Path partial = current.getParent().resolve(name).normalize();
        if (partial.equals(file.toAbsolutePath().normalize()) || includeStack.contains(partial)) {
            List<String> chain = new ArrayList<>();
            chain.add(file.getFileName().toString());
            includeStack.descendingIterator().forEachRemaining(p -> chain.add(p.getFileName().toString()));
            chain.add(name);
            problems.add(line, "circular include: " + String.join(" -> ", chain));
            return;
        }
        if (!Files.isRegularFile(partial)) {
            problems.add(line, "included partial not found: " + partial);
            return;
        }
        MappingSpecReader.ParsedPartial parsed;
        Problems partialProblems = problems.forFile(partial);
        try {
            String yaml = Files.readString(partial, StandardCharsets.UTF_8);
            parsed = MappingSpecReader.readPartial(yaml);
        } catch (JsonProcessingException e) {
            String yaml = "";
            try {
                yaml = Files.readString(partial, StandardCharsets.UTF_8);
            } catch (IOException ignored) {
                // reported below with the parse error
            }
            partialProblems.addLocated(MappingLoader.describe(partial, yaml, e));
            return;
        } catch (IOException e) {
            problems.add(line, "cannot read included partial " + partial + ": " + e.getMessage());
            return;
        }
        partialProblems.addAll(parsed.issues());
        if (parsed.spec() == null) {
            partialProblems.add(1, "a partial must list 'fields' or 'resources'");
            return;
        }
        Map<String, String> arguments = arguments(parsed.spec().parameters(), with, name, line);
        if (arguments == null) {
            return;
        }
        SpecLines outerLines = lines;
        Problems outerProblems = problems;
        Map<String, String> outerParameters = parameters;
        lines = parsed.lines();
        problems = partialProblems;
        parameters = arguments;
        includeStack.push(partial);
        try {
            body.accept(parsed.spec());
        } finally {
            includeStack.pop();
            lines = outerLines;
            problems = outerProblems;
            parameters = outerParameters;
        }
    }

    /** The partial's parameters with the include's arguments (values substituted as the include's own), or null. */
    private Map<String, String> arguments(Map<String, PartialSpec.ParameterSpec> declared, Map<String, String> with,
                                          String partial, int line) {
        Map<String, String> out = new HashMap<>();
        boolean ok = true;
        Map<String, PartialSpec.ParameterSpec> parameterSpecs = declared == null ? Map.of() : declared;
        if (with != null) {
            for (Map.Entry<String, String> arg : with.entrySet()) {
                if (!parameterSpecs.containsKey(arg.getKey())) {
                    problems.add(line, "include '" + partial + "' has no parameter '" + arg.getKey() + "'"
                            + (parameterSpecs.isEmpty() ? "" : " (parameters: "
                            + String.join(", ", new java.util.TreeSet<>(parameterSpecs.keySet())) + ")"));
                    ok = false;
                } else {
                    out.put(arg.getKey(), substitute(arg.getValue() == null ? "" : arg.getValue(), line));
                }
            }
        }
        for (Map.Entry<String, PartialSpec.ParameterSpec> p : parameterSpecs.entrySet()) {
            if (!out.containsKey(p.getKey())) {
                String fallback = p.getValue() == null ? null : p.getValue().defaultValue();
                if (fallback == null) {
                    problems.add(line, "include '" + partial + "' needs 'with: {" + p.getKey() + ": ...}'"
                            + (p.getValue() != null && p.getValue().description() != null
                            ? " (" + p.getValue().description() + ")" : ""));
                    ok = false;
                } else {
                    out.put(p.getKey(), fallback);
                }
            }
        }
        return ok ? out : null;
    }

    /** {@code ${name}} in a partial's value replaced by the include's argument; the text as is elsewhere. */
    private String substitute(String text, int line) {
        if (text == null || text.indexOf("${") < 0) {
            return text;
        }
        java.util.regex.Matcher m = PARAMETER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = parameters == null ? null : parameters.get(m.group(1));
            if (value == null) {
                problems.add(line, "'${" + m.group(1) + "}' is not a parameter of this partial (declare it under"
                        + " 'parameters:' and pass it with the include's 'with:')");
                value = m.group();
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private JsonNode substitute(JsonNode node, int line) {
        if (node == null || parameters == null) {
            return node;
        }
        if (node.isTextual()) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(substitute(node.asText(), line));
        }
        if (node.isContainerNode()) {
            JsonNode copy = node.deepCopy();
            if (copy instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.properties().forEach(e -> e.setValue(substitute(e.getValue(), line)));
            } else if (copy instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    array.set(i, substitute(array.get(i), line));
                }
            }
            return copy;
        }
        return node;
    }

    private RecordCondition condition(ConditionSpec spec, int outerLine, boolean optional) {
        int line = lines.of(spec) > 0 ? lines.of(spec) : outerLine;
        int tests = (spec.present() != null ? 1 : 0) + (spec.absent() != null ? 1 : 0)
                + (spec.equals() != null ? 1 : 0) + (spec.matches() != null ? 1 : 0) + (spec.allOf() != null ? 1 : 0)
                + (spec.anyOf() != null ? 1 : 0) + (spec.not() != null ? 1 : 0) + (spec.group() != null ? 1 : 0);
        if (tests != 1) {
            problems.add(line, "'when' needs exactly one of present, absent, equals, matches, group, not, allOf or anyOf");
            return null;
        }
        if (spec.present() != null) {
            String path = substitute(spec.present(), line);
            return path.isBlank() ? badCondition(line, "present") : read(RecordCondition.present(path), line, optional);
        }
        if (spec.absent() != null) {
            String path = substitute(spec.absent(), line);
            return path.isBlank() ? badCondition(line, "absent") : read(RecordCondition.absent(path), line, optional);
        }
        if (spec.group() != null) {
            String group = spec.group().strip();
            if (!groupNames.contains(group)) {
                problems.add(line, "'when: group' names no group of 'groupRows'"
                        + (groupNames.isEmpty() ? " (the mapping declares none)" : " (groups: " + String.join(", ", groupNames) + ")"));
                return null;
            }
            return RecordCondition.group(group);
        }
        if (spec.equals() != null) {
            ConditionSpec.FieldTest t = spec.equals();
            if (t.field() == null || t.field().isBlank() || t.value() == null || t.regex() != null) {
                problems.add(line, "'when: equals' needs 'field' and 'value', e.g. {field: TYPE, value: LAB}");
                return null;
            }
            return read(RecordCondition.equalTo(substitute(t.field(), line), substitute(t.value(), line)), line, optional);
        }
        if (spec.matches() != null) {
            ConditionSpec.FieldTest t = spec.matches();
            if (t.field() == null || t.field().isBlank() || t.regex() == null || t.value() != null) {
                problems.add(line, "'when: matches' needs 'field' and 'regex', e.g. {field: CODE, regex: \"[0-9]+\"}");
                return null;
            }
            try {
                return read(RecordCondition.matches(substitute(t.field(), line),
                        Pattern.compile(substitute(t.regex(), line))), line, optional);
            } catch (PatternSyntaxException e) {
                problems.add(line, "'when: matches' regex is invalid: " + e.getDescription());
                return null;
            }
        }
        if (spec.not() != null) {
            RecordCondition inner = condition(spec.not(), line, optional);
            return inner == null ? null : RecordCondition.not(inner);
        }
        List<ConditionSpec> list = spec.allOf() != null ? spec.allOf() : spec.anyOf();
        String test = spec.allOf() != null ? "allOf" : "anyOf";
        if (list.isEmpty()) {
            problems.add(line, "'when: " + test + "' needs at least one condition");
            return null;
        }
        List<RecordCondition> all = new ArrayList<>();
        for (ConditionSpec c : list) {
            RecordCondition compiled = c == null ? badCondition(line, test) : condition(c, line, optional);
            if (compiled != null) {
                all.add(compiled);
            }
        }
        return spec.allOf() != null ? RecordCondition.allOf(all) : RecordCondition.anyOf(all);
    }

    private RecordCondition read(RecordCondition condition, int line, boolean optional) {
        reads.readAll(condition.paths(), where(line), optional);
        return condition;
    }

    private RecordCondition badCondition(int line, String test) {
        problems.add(line, "'when: " + test + "' needs a source path");
        return null;
    }

    private String where(int line) {
        Path current = includeStack.isEmpty() ? file : includeStack.peek();
        return line > 0 ? current + ":" + line : current.toString();
    }

    /** @param optional whether the paths it reads are optional columns (a field's own forEach may be) */
    private Repetition repetition(ForEachSpec spec, int outerLine, boolean optional) {
        int line = lines.of(spec) > 0 ? lines.of(spec) : outerLine;
        int kinds = (spec.segments() != null ? 1 : 0) + (spec.children() != null ? 1 : 0)
                + (spec.records() != null ? 1 : 0) + (spec.split() != null ? 1 : 0);
        if (kinds != 1) {
            problems.add(line, "'forEach' needs exactly one of 'children' (what the record offers: OBX, PID-3, rows),"
                    + " 'segments' (e.g. OBX), 'records' (a selector the source understands, e.g. an XPath) or 'split'"
                    + " ({field, separator})");
            return null;
        }
        RecordCondition when = spec.when() == null ? null : condition(spec.when(), line, optional);
        if (spec.segments() != null) {
            String segment = substitute(spec.segments(), line);
            if (!SEGMENT.matcher(segment).matches()) {
                problems.add(line, "'forEach: segments' must be a segment name of 3 letters or digits, e.g. OBX");
                return null;
            }
            reads.read(segment, where(line), true);
            return Repetition.children(segment, when, "forEach segments " + segment
                    + ": this source's records have no segments (only HL7 v2 messages do)");
        }
        if (spec.records() != null) {
            String selector = substitute(spec.records(), line).strip();
            if (selector.isEmpty()) {
                problems.add(line, "'forEach: records' needs a selector, e.g. \"//section/entry/act\"");
                return null;
            }
            reads.read(selector, where(line), true);
            return Repetition.children(selector, when, "forEach records: this source's records have no child records"
                    + " (C-CDA documents do)");
        }
        if (spec.children() != null) {
            String name = substitute(spec.children(), line).strip();
            if (name.isEmpty()) {
                problems.add(line, "'forEach: children' must name what to repeat over, e.g. OBX, PID-3 or rows");
                return null;
            }
            if (name.equals(GroupedRecord.ROWS) && groupNames.isEmpty()) {
                problems.add(line, "'forEach: children: rows' repeats over the rows of a group: declare 'groupRows'");
                return null;
            }
            reads.read(name, where(line), true);
            return Repetition.children(name, when, "forEach children " + name + ": this source's records offer no "
                    + name + " (see docs/sources.md for what each kind of source offers)");
        }
        ForEachSpec.Split split = spec.split();
        if (split.field() == null || split.field().isBlank() || split.separator() == null || split.separator().isEmpty()) {
            problems.add(line, "'forEach: split' needs 'field' and a non-empty 'separator', e.g. {field: ALLERGIES, separator: \"|\"}");
            return null;
        }
        String field = substitute(split.field(), line);
        reads.read(field, where(line), optional);
        return Repetition.split(field, substitute(split.separator(), line), when);
    }

    /**
     * @param repeats whether {@code {#}} has a meaning here (inside a forEach)
     */
    private CompiledField compileField(FieldSpec spec, String sourceSystem, TransformSetup setup,
                                       OutputTemplate.Builder output, boolean repeats) {
        int line = lines.of(spec);
        int before = problemCount();
        FieldPath path = null;
        String pathText = substitute(spec.path(), line);
        try {
            path = FieldPath.parse(pathText);
        } catch (IllegalArgumentException e) {
            problems.add(line, e.getMessage());
        }
        boolean optional = Boolean.TRUE.equals(spec.optional());
        RecordCondition own = spec.when() == null ? null : condition(spec.when(), line, optional);
        RecordCondition when = includeWhen == null ? own
                : own == null ? includeWhen : RecordCondition.allOf(List.of(includeWhen, own));
        CompiledField value = value(spec, pathText, line, sourceSystem, setup, repeats, optional, null);
        int leaf = -1;
        if (path != null && value != null) {
            boolean data = spec.constant() == null || spec.ifCondition() != null || value.items() != null;
            try {
                leaf = output.add(path, data);
            } catch (IllegalArgumentException e) {
                problems.add(line, e.getMessage());
            }
        }
        if (problemCount() > before || value == null) {
            return null;
        }
        return new CompiledField(value.label(), path.text(), value.from(), value.join(), value.template(), value.constant(),
                value.ref(), value.items(), when, value.ifCondition(), value.otherwise(), value.transforms(),
                value.last(), Boolean.TRUE.equals(spec.required()), value.type(), leaf);
    }

    /**
     * The value part of a field or of an {@code else:} branch: its source, if/else, transforms and type, without
     * a leaf. {@code outerType} is the field's type for an else branch that names none.
     */
    private CompiledField value(FieldSpec spec, String pathText, int line, String sourceSystem, TransformSetup setup,
                                boolean repeats, boolean optional, ValueType outerType) {
        int before = problemCount();
        String name = pathText != null ? pathText : "else";
        boolean items = spec.forEach() != null || spec.fields() != null;
        int sources = (spec.from() != null ? 1 : 0) + (spec.constant() != null ? 1 : 0)
                + (spec.template() != null ? 1 : 0) + (spec.ref() != null ? 1 : 0) + (items ? 1 : 0);
        if (sources != 1) {
            problems.add(line, (pathText != null ? "field '" + pathText + "'" : "'else'")
                    + " needs exactly one of 'from', 'const', 'template', 'ref' or 'forEach' with 'fields'");
        }
        if (pathText == null && (spec.required() != null || spec.optional() != null || spec.when() != null)) {
            problems.add(line, "'else' holds a value only: put 'required', 'optional' and 'when' on the field");
        }
        CompiledRef ref = spec.ref() == null ? null : ref(spec.ref(), sourceSystem, line, repeats, optional);
        RecordCondition ifCondition = spec.ifCondition() == null ? null : condition(spec.ifCondition(), line, optional);
        CompiledField otherwise = null;
        if (spec.otherwise() != null) {
            if (spec.ifCondition() == null) {
                problems.add(line, (pathText != null ? "field '" + pathText + "'" : "'else'")
                        + " has 'else' without 'if': say when the first value applies");
            }
            FieldSpec e = spec.otherwise();
            int elseLine = lines.of(e) > 0 ? lines.of(e) : line;
            if (e.path() != null) {
                problems.add(elseLine, "'else' writes to the field's path: leave 'path' out of it");
            }
            otherwise = value(e, null, elseLine, sourceSystem, setup, repeats, optional,
                    outerType != null ? outerType : typeOf(spec, line));
        }
        String from = substitute(spec.from(), line);
        if (from != null) {
            if (from.isBlank()) {
                problems.add(line, "field '" + name + "': 'from' must name a source field");
            } else {
                reads.read(from, where(line), optional);
            }
        }
        ValueType type = spec.type() == null && outerType != null ? outerType : typeOf(spec, line);
        SourceTemplate template = spec.template() == null ? null
                : template(substitute(spec.template(), line), line, null, repeats, optional);
        JsonNode constant = null;
        if (spec.constant() != null) {
            String text = substitute(spec.constant(), line);
            if (text.isBlank()) {
                problems.add(line, "field '" + name + "': 'const' must not be blank");
            } else {
                try {
                    constant = type.toJson(text);
                } catch (MappingException e) {
                    problems.add(line, "field '" + name + "': const is " + e.getMessage());
                }
            }
            if (spec.transform() != null && !spec.transform().isEmpty()) {
                problems.add(line, "field '" + name + "': a 'const' takes no transforms; write the final value");
            }
        }
        CompiledItems compiledItems = null;
        if (items) {
            compiledItems = items(spec, name, line, sourceSystem, setup, optional);
        }
        List<Transform> transforms = new ArrayList<>();
        JsonTransform last = null;
        if (spec.transform() != null) {
            if (items) {
                problems.add(line, "field '" + name + "': a list made with forEach takes no transforms; put them on its fields");
            }
            for (int i = 0; i < spec.transform().size(); i++) {
                TransformSpec t = spec.transform().get(i);
                Transform transform = transform(t, setup);
                if (transform instanceof JsonTransform json) {
                    if (i != spec.transform().size() - 1) {
                        problems.add(t.line(), "field '" + name + "': '" + t.name()
                                + "' writes a whole JSON value, so it must be the last transform");
                    }
                    last = json;
                } else if (transform != null) {
                    transforms.add(transform);
                }
            }
        }
        if (problemCount() > before) {
            return null;
        }
        String label = from != null ? from : name;
        if (spec.join() != null && from == null) {
            problems.add(line, "field '" + name + "': 'join' goes with 'from' (every value at that path, joined)");
        }
        return new CompiledField(label, pathText, from, spec.join(), template, constant, ref, compiledItems, null, ifCondition,
                otherwise, transforms.toArray(Transform[]::new), last, false, type, -1);
    }

    private ValueType typeOf(FieldSpec spec, int line) {
        try {
            return ValueType.parse(spec.type());
        } catch (IllegalArgumentException e) {
            problems.add(line, e.getMessage());
            return ValueType.STRING;
        }
    }

    /**
     * {@code forEach} with {@code fields} on a field: one list item per repetition, built from the item's fields
     * (paths relative to the item). The field's path names the list, without an index.
     */
    private CompiledItems items(FieldSpec spec, String name, int line, String sourceSystem, TransformSetup setup,
                                boolean optional) {
        if (spec.forEach() == null || spec.fields() == null || spec.fields().isEmpty()) {
            problems.add(line, "field '" + name + "': a list needs both 'forEach' (what to repeat over) and 'fields'"
                    + " (what each item holds)");
            return null;
        }
        if (name.endsWith("]")) {
            problems.add(line, "field '" + name + "': the path of a list made with forEach names the list, without an"
                    + " index (e.g. component)");
        }
        Repetition repetition = repetition(spec.forEach(), line, optional);
        OutputTemplate.Builder itemOutput = new OutputTemplate.Builder();
        List<CompiledField> itemFields = new ArrayList<>();
        RecordCondition outerWhen = includeWhen; // an include's when is tested on the record, not on each item
        includeWhen = null;
        try {
            compileFields(spec.fields(), line, sourceSystem, setup, itemOutput, itemFields, true);
        } finally {
            includeWhen = outerWhen;
        }
        return repetition == null ? null : new CompiledItems(repetition, itemFields, itemOutput.build());
    }

    private CompiledRef ref(RefSpec spec, String ownSourceSystem, int line, boolean repeats, boolean optional) {
        int refLine = lines.of(spec) > 0 ? lines.of(spec) : line;
        boolean ok = true;
        String resource = substitute(spec.resource(), refLine);
        if (resource == null || !RESOURCE_TYPE.matcher(resource).matches()) {
            problems.add(refLine, "'ref' needs 'resource': the FHIR type referred to, e.g. Patient");
            ok = false;
        }
        SourceTemplate key = template(substitute(spec.key(), refLine), refLine,
                "'ref' needs 'key': the referred resource's key template, e.g. \"{MRN}\"", repeats, optional);
        String system = spec.sourceSystem() != null ? substitute(spec.sourceSystem(), refLine) : ownSourceSystem;
        if (spec.sourceSystem() != null && spec.sourceSystem().isBlank()) {
            problems.add(refLine, "'ref: sourceSystem' must not be blank (leave it out for this mapping's own)");
            ok = false;
        }
        return ok && key != null && system != null ? new CompiledRef(resource, system, key, ids) : null;
    }

    private Transform transform(TransformSpec spec, TransformSetup setup) {
        if (spec == null || spec.name() == null) {
            problems.add(spec == null ? 0 : spec.line(),
                    "a transform is a name such as 'trim' or a one-key object such as 'date: [yyyy-MM-dd]'");
            return null;
        }
        try {
            return TransformRegistry.create(spec.name(), substitute(spec.args(), spec.line()), setup);
        } catch (IllegalArgumentException e) {
            problems.add(spec.line(), e.getMessage());
            return null;
        }
    }

    /**
     * @param repeats  whether {@code {#}} has a meaning here: only inside a forEach, where it numbers the repetitions
     * @param optional whether the template's paths are optional columns
     */
    private SourceTemplate template(String text, int line, String missingMessage, boolean repeats, boolean optional) {
        if (text == null || text.isBlank()) {
            if (missingMessage != null) {
                problems.add(line, missingMessage);
            }
            return null;
        }
        try {
            SourceTemplate template = SourceTemplate.parse(substitute(text, line));
            if (!repeats && template.paths().contains(RepetitionRecord.INDEX)) {
                problems.add(line, "template '" + text + "' uses {#}, the number of a repetition, outside any forEach:"
                        + " every record would get the same value (use a column that tells records apart)");
                return null;
            }
            reads.readAll(template.paths(), where(line), optional);
            return template;
        } catch (IllegalArgumentException e) {
            problems.add(line, e.getMessage());
            return null;
        }
    }

    private int problemCount() {
        return problems.size();
    }
}
