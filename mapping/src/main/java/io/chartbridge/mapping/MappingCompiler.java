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
import io.chartbridge.mapping.spec.MappingSpec;
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

    private final Path file;
    // Swapped while the fields of an included partial are compiled, so its problems name the partial's file:line.
    private SpecLines lines;
    private Problems problems;
    private final Deque<Path> includeStack = new ArrayDeque<>();
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
        TransformSetup setup = loadCodeTables(spec.codeTables(), zone);
        List<CompiledResource> resources = new ArrayList<>();
        if (spec.resources() == null || spec.resources().isEmpty()) {
            problems.add(top, "'resources' must list at least one resource");
        } else {
            for (ResourceSpec resource : spec.resources()) {
                if (resource == null) {
                    problems.add(top, "'resources' has an empty item");
                    continue;
                }
                CompiledResource compiled = compileResource(resource, spec.sourceSystem(), setup);
                if (compiled != null) {
                    resources.add(compiled);
                }
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new DeclarativeMapping(spec.mapping(), spec.version(), spec.description(), spec.sourceSystem(),
                referencedFirst(resources), spec.sourceOptions() == null ? Map.of() : spec.sourceOptions());
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

    private TransformSetup loadCodeTables(Map<String, CodeTableRef> refs, ZoneId zone) {
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
        return new TransformSetup(Map.copyOf(tables), Set.copyOf(declared), zone);
    }

    private CompiledResource compileResource(ResourceSpec spec, String sourceSystem, TransformSetup setup) {
        int line = lines.of(spec);
        int before = problemCount();
        if (spec.resource() == null || !RESOURCE_TYPE.matcher(spec.resource()).matches()) {
            problems.add(line, "'resource' must be a FHIR resource type such as Patient");
        }
        SourceTemplate key = template(spec.key(), line, "'key' is required: a template over source fields, e.g. \"{MRN}\"");
        String identifierSystem = null;
        SourceTemplate identifierValue = null;
        IdentifierSpec identifier = spec.identifier();
        if (identifier != null) {
            int idLine = lines.of(identifier) > 0 ? lines.of(identifier) : line;
            if (identifier.system() == null || identifier.system().isBlank()) {
                problems.add(idLine, "'identifier' needs a 'system' (a URI such as urn:oid:...)");
            }
            identifierSystem = identifier.system();
            identifierValue = template(identifier.value(), idLine, "'identifier' needs a 'value' template, e.g. \"{MRN}\"");
        }
        RecordCondition when = spec.when() == null ? null : condition(spec.when(), line);
        Repetition forEach = spec.forEach() == null ? null : repetition(spec.forEach(), line);
        OutputTemplate.Builder output = new OutputTemplate.Builder();
        List<CompiledField> fields = new ArrayList<>();
        if (spec.fields() == null || spec.fields().isEmpty()) {
            problems.add(line, "'fields' must list at least one field");
        } else {
            compileFields(spec.fields(), line, sourceSystem, setup, output, fields);
        }
        if (problemCount() > before) {
            return null;
        }
        return new CompiledResource(spec.resource(), sourceSystem, key, identifierSystem, identifierValue, fields,
                output.build(), when, forEach, ids);
    }

    private void compileFields(List<FieldSpec> specs, int line, String sourceSystem, TransformSetup setup,
                               OutputTemplate.Builder output, List<CompiledField> into) {
        for (FieldSpec field : specs) {
            if (field == null) {
                problems.add(line, "'fields' has an empty item");
                continue;
            }
            if (field.include() != null) {
                include(field, sourceSystem, setup, output, into);
                continue;
            }
            CompiledField compiled = compileField(field, sourceSystem, setup, output);
            if (compiled != null) {
                into.add(compiled);
            }
        }
    }

    /**
     * {@code - include: _patient-demographics.yaml}: the partial's fields, compiled as if written here. The partial
     * is found next to the file that includes it; a missing or circular partial is reported at the include's line.
     */
    private void include(FieldSpec spec, String sourceSystem, TransformSetup setup, OutputTemplate.Builder output,
                         List<CompiledField> into) {
        int line = lines.of(spec);
        if (spec.path() != null || spec.from() != null || spec.constant() != null || spec.template() != null
                || spec.ref() != null || spec.when() != null || spec.transform() != null) {
            problems.add(line, "an 'include' item takes no other keys");
            return;
        }
        String name = spec.include().strip();
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
        if (parsed.spec() == null || parsed.spec().fields() == null || parsed.spec().fields().isEmpty()) {
            partialProblems.add(1, "a partial must list 'fields'");
            return;
        }
        SpecLines outerLines = lines;
        Problems outerProblems = problems;
        lines = parsed.lines();
        problems = partialProblems;
        includeStack.push(partial);
        try {
            compileFields(parsed.spec().fields(), 1, sourceSystem, setup, output, into);
        } finally {
            includeStack.pop();
            lines = outerLines;
            problems = outerProblems;
        }
    }

    private RecordCondition condition(ConditionSpec spec, int outerLine) {
        int line = lines.of(spec) > 0 ? lines.of(spec) : outerLine;
        int tests = (spec.present() != null ? 1 : 0) + (spec.absent() != null ? 1 : 0)
                + (spec.equals() != null ? 1 : 0) + (spec.matches() != null ? 1 : 0) + (spec.allOf() != null ? 1 : 0);
        if (tests != 1) {
            problems.add(line, "'when' needs exactly one of present, absent, equals, matches or allOf");
            return null;
        }
        if (spec.present() != null) {
            return spec.present().isBlank() ? badCondition(line, "present") : RecordCondition.present(spec.present());
        }
        if (spec.absent() != null) {
            return spec.absent().isBlank() ? badCondition(line, "absent") : RecordCondition.absent(spec.absent());
        }
        if (spec.equals() != null) {
            ConditionSpec.FieldTest t = spec.equals();
            if (t.field() == null || t.field().isBlank() || t.value() == null || t.regex() != null) {
                problems.add(line, "'when: equals' needs 'field' and 'value', e.g. {field: TYPE, value: LAB}");
                return null;
            }
            return RecordCondition.equalTo(t.field(), t.value());
        }
        if (spec.matches() != null) {
            ConditionSpec.FieldTest t = spec.matches();
            if (t.field() == null || t.field().isBlank() || t.regex() == null || t.value() != null) {
                problems.add(line, "'when: matches' needs 'field' and 'regex', e.g. {field: CODE, regex: \"[0-9]+\"}");
                return null;
            }
            try {
                return RecordCondition.matches(t.field(), Pattern.compile(t.regex()));
            } catch (PatternSyntaxException e) {
                problems.add(line, "'when: matches' regex is invalid: " + e.getDescription());
                return null;
            }
        }
        if (spec.allOf().isEmpty()) {
            problems.add(line, "'when: allOf' needs at least one condition");
            return null;
        }
        List<RecordCondition> all = new ArrayList<>();
        for (ConditionSpec c : spec.allOf()) {
            RecordCondition compiled = c == null ? badCondition(line, "allOf") : condition(c, line);
            if (compiled != null) {
                all.add(compiled);
            }
        }
        return RecordCondition.allOf(all);
    }

    private RecordCondition badCondition(int line, String test) {
        problems.add(line, "'when: " + test + "' needs a source path");
        return null;
    }

    private Repetition repetition(ForEachSpec spec, int outerLine) {
        int line = lines.of(spec) > 0 ? lines.of(spec) : outerLine;
        int kinds = (spec.segments() != null ? 1 : 0) + (spec.split() != null ? 1 : 0) + (spec.records() != null ? 1 : 0);
        if (kinds != 1) {
            problems.add(line, "'forEach' needs exactly one of 'segments' (e.g. OBX), 'split' ({field, separator})"
                    + " or 'records' (a selector the source understands, e.g. an XPath)");
            return null;
        }
        if (spec.records() != null) {
            if (spec.records().isBlank()) {
                problems.add(line, "'forEach: records' needs a selector, e.g. \"//section/entry/act\"");
                return null;
            }
            return Repetition.records(spec.records());
        }
        if (spec.segments() != null) {
            if (!SEGMENT.matcher(spec.segments()).matches()) {
                problems.add(line, "'forEach: segments' must be a segment name of 3 letters or digits, e.g. OBX");
                return null;
            }
            return Repetition.segments(spec.segments());
        }
        ForEachSpec.Split split = spec.split();
        if (split.field() == null || split.field().isBlank() || split.separator() == null || split.separator().isEmpty()) {
            problems.add(line, "'forEach: split' needs 'field' and a non-empty 'separator', e.g. {field: ALLERGIES, separator: \"|\"}");
            return null;
        }
        return Repetition.split(split.field(), split.separator());
    }

    private CompiledField compileField(FieldSpec spec, String sourceSystem, TransformSetup setup,
                                       OutputTemplate.Builder output) {
        int line = lines.of(spec);
        int before = problemCount();
        FieldPath path = null;
        try {
            path = FieldPath.parse(spec.path());
        } catch (IllegalArgumentException e) {
            problems.add(line, e.getMessage());
        }
        int sources = (spec.from() != null ? 1 : 0) + (spec.constant() != null ? 1 : 0)
                + (spec.template() != null ? 1 : 0) + (spec.ref() != null ? 1 : 0);
        if (sources != 1) {
            problems.add(line, "field '" + spec.path() + "' needs exactly one of 'from', 'const', 'template' or 'ref'");
        }
        CompiledRef ref = spec.ref() == null ? null : ref(spec.ref(), sourceSystem, line);
        RecordCondition when = spec.when() == null ? null : condition(spec.when(), line);
        if (spec.from() != null && spec.from().isBlank()) {
            problems.add(line, "field '" + spec.path() + "': 'from' must name a source field");
        }
        ValueType type = ValueType.STRING;
        try {
            type = ValueType.parse(spec.type());
        } catch (IllegalArgumentException e) {
            problems.add(line, e.getMessage());
        }
        SourceTemplate template = spec.template() == null ? null : template(spec.template(), line, null);
        JsonNode constant = null;
        if (spec.constant() != null) {
            if (spec.constant().isBlank()) {
                problems.add(line, "field '" + spec.path() + "': 'const' must not be blank");
            } else {
                try {
                    constant = type.toJson(spec.constant());
                } catch (MappingException e) {
                    problems.add(line, "field '" + spec.path() + "': const is " + e.getMessage());
                }
            }
            if (spec.transform() != null && !spec.transform().isEmpty()) {
                problems.add(line, "field '" + spec.path() + "': a 'const' takes no transforms; write the final value");
            }
        }
        List<Transform> transforms = new ArrayList<>();
        JsonTransform last = null;
        if (spec.transform() != null) {
            for (int i = 0; i < spec.transform().size(); i++) {
                TransformSpec t = spec.transform().get(i);
                Transform transform = transform(t, setup);
                if (transform instanceof JsonTransform json) {
                    if (i != spec.transform().size() - 1) {
                        problems.add(t.line(), "field '" + spec.path() + "': '" + t.name()
                                + "' writes a whole JSON value, so it must be the last transform");
                    }
                    last = json;
                } else if (transform != null) {
                    transforms.add(transform);
                }
            }
        }
        int leaf = -1;
        if (path != null) {
            try {
                leaf = output.add(path, spec.constant() == null);
            } catch (IllegalArgumentException e) {
                problems.add(line, e.getMessage());
            }
        }
        if (problemCount() > before) {
            return null;
        }
        String label = spec.from() != null ? spec.from() : path.text();
        return new CompiledField(label, spec.from(), template, constant, ref, when,
                transforms.toArray(Transform[]::new), last, Boolean.TRUE.equals(spec.required()), type, leaf);
    }

    private CompiledRef ref(RefSpec spec, String ownSourceSystem, int line) {
        int refLine = lines.of(spec) > 0 ? lines.of(spec) : line;
        boolean ok = true;
        if (spec.resource() == null || !RESOURCE_TYPE.matcher(spec.resource()).matches()) {
            problems.add(refLine, "'ref' needs 'resource': the FHIR type referred to, e.g. Patient");
            ok = false;
        }
        SourceTemplate key = template(spec.key(), refLine, "'ref' needs 'key': the referred resource's key template, e.g. \"{MRN}\"");
        String system = spec.sourceSystem() != null ? spec.sourceSystem() : ownSourceSystem;
        if (spec.sourceSystem() != null && spec.sourceSystem().isBlank()) {
            problems.add(refLine, "'ref: sourceSystem' must not be blank (leave it out for this mapping's own)");
            ok = false;
        }
        return ok && key != null && system != null ? new CompiledRef(spec.resource(), system, key, ids) : null;
    }

    private Transform transform(TransformSpec spec, TransformSetup setup) {
        if (spec == null || spec.name() == null) {
            problems.add(spec == null ? 0 : spec.line(),
                    "a transform is a name such as 'trim' or a one-key object such as 'date: [yyyy-MM-dd]'");
            return null;
        }
        try {
            return TransformRegistry.create(spec.name(), spec.args(), setup);
        } catch (IllegalArgumentException e) {
            problems.add(spec.line(), e.getMessage());
            return null;
        }
    }

    private SourceTemplate template(String text, int line, String missingMessage) {
        if (text == null || text.isBlank()) {
            if (missingMessage != null) {
                problems.add(line, missingMessage);
            }
            return null;
        }
        try {
            return SourceTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(line, e.getMessage());
            return null;
        }
    }

    private int problemCount() {
        return problems.size();
    }
}
