package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses mapping-file YAML strictly: unknown keys, values of the wrong kind and repeated keys are each reported
 * with their line ({@link SpecIssue}), and reading goes on, so that one check lists them all. Only a YAML syntax
 * error stops the reading (it is thrown).
 */
public final class MappingSpecReader {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(new SimpleModule("mapping-spec-lines")
                    .setDeserializerModifier(new LineRecordingDeserializer.Modifier()));

    private MappingSpecReader() {
    }

    /** The parsed file (null when the file is empty), where each spec object starts, and what was wrong. */
    public record Parsed(MappingSpec spec, SpecLines lines, List<SpecIssue> issues) {
    }

    public static Parsed read(String yaml) throws IOException {
        Reading<MappingSpec> r = read(yaml, MappingSpec.class);
        return new Parsed(r.spec, r.lines, r.issues);
    }

    /** A partial file, where each of its spec objects starts, and what was wrong. */
    public record ParsedPartial(PartialSpec spec, SpecLines lines, List<SpecIssue> issues) {
    }

    public static ParsedPartial readPartial(String yaml) throws IOException {
        Reading<PartialSpec> r = read(yaml, PartialSpec.class);
        return new ParsedPartial(r.spec, r.lines, r.issues);
    }

    private record Reading<T>(T spec, SpecLines lines, List<SpecIssue> issues) {
    }

    private static <T> Reading<T> read(String yaml, Class<T> type) throws IOException {
        SpecLines lines = new SpecLines();
        List<SpecIssue> issues = new ArrayList<>(DuplicateKeys.find(yaml));
        ObjectReader reader = YAML.readerFor(type).withAttribute(SpecLines.ATTRIBUTE, lines)
                .withHandler(new CollectingProblemHandler(yaml, issues));
        T spec = reader.readValue(yaml);
        issues.sort(java.util.Comparator.comparingInt(SpecIssue::line));
        return new Reading<>(spec, lines, List.copyOf(issues));
    }
}
