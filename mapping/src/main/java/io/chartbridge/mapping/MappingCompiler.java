package io.chartbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.core.mapping.MappingException;
import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.codetable.CodeTableReader;
import io.chartbridge.mapping.output.FieldPath;
import io.chartbridge.mapping.output.OutputTemplate;
import io.chartbridge.mapping.spec.CodeTableRef;
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

    private final Path file;
    private final SpecLines lines;
    private final Problems problems;

    private MappingCompiler(Path file, SpecLines lines, Problems problems) {
        this.file = file;
        this.lines = lines;
        this.problems = problems;
    }

    /** @return the compiled mapping, or null when problems were added */
    static DeclarativeMapping compile(Path file, MappingSpec spec, SpecLines lines, Problems problems) {
        return new MappingCompiler(file, lines, problems).compile(spec);
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
        TransformSetup setup = loadCodeTables(spec.codeTables());
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
        return new DeclarativeMapping(spec.mapping(), spec.version(), spec.description(), spec.sourceSystem(), resources);
    }

    private TransformSetup loadCodeTables(Map<String, CodeTableRef> refs) {
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
        return new TransformSetup(Map.copyOf(tables), Set.copyOf(declared));
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
        OutputTemplate.Builder output = new OutputTemplate.Builder();
        List<CompiledField> fields = new ArrayList<>();
        if (spec.fields() == null || spec.fields().isEmpty()) {
            problems.add(line, "'fields' must list at least one field");
        } else {
            for (FieldSpec field : spec.fields()) {
                if (field == null) {
                    problems.add(line, "'fields' has an empty item");
                    continue;
                }
                CompiledField compiled = compileField(field, setup, output);
                if (compiled != null) {
                    fields.add(compiled);
                }
            }
        }
        if (problemCount() > before) {
            return null;
        }
        return new CompiledResource(spec.resource(), sourceSystem, key, identifierSystem, identifierValue, fields,
                output.build());
    }

    private CompiledField compileField(FieldSpec spec, TransformSetup setup, OutputTemplate.Builder output) {
        int line = lines.of(spec);
        int before = problemCount();
        FieldPath path = null;
        try {
            path = FieldPath.parse(spec.path());
        } catch (IllegalArgumentException e) {
            problems.add(line, e.getMessage());
        }
        int sources = (spec.from() != null ? 1 : 0) + (spec.constant() != null ? 1 : 0) + (spec.template() != null ? 1 : 0);
        if (sources != 1) {
            problems.add(line, "field '" + spec.path() + "' needs exactly one of 'from', 'const' or 'template'");
        }
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
        if (spec.transform() != null) {
            for (TransformSpec t : spec.transform()) {
                Transform transform = transform(t, setup);
                if (transform != null) {
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
        return new CompiledField(label, spec.from(), template, constant, transforms.toArray(Transform[]::new),
                Boolean.TRUE.equals(spec.required()), type, leaf);
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
