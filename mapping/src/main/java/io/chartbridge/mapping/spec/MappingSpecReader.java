package io.chartbridge.mapping.spec;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/** Parses mapping-file YAML strictly: unknown keys, wrong types and duplicate keys fail with a location. */
public final class MappingSpecReader {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(new SimpleModule("mapping-spec-lines")
                    .setDeserializerModifier(new LineRecordingDeserializer.Modifier()));

    private MappingSpecReader() {
    }

    /** The parsed file (null when the file is empty) and where each spec object starts. */
    public record Parsed(MappingSpec spec, SpecLines lines) {
    }

    public static Parsed read(String yaml) throws IOException {
        SpecLines lines = new SpecLines();
        ObjectReader reader = YAML.readerFor(MappingSpec.class).withAttribute(SpecLines.ATTRIBUTE, lines);
        MappingSpec spec = reader.readValue(yaml);
        return new Parsed(spec, lines);
    }

    /** A partial file and where each of its spec objects starts. */
    public record ParsedPartial(PartialSpec spec, SpecLines lines) {
    }

    public static ParsedPartial readPartial(String yaml) throws IOException {
        SpecLines lines = new SpecLines();
        ObjectReader reader = YAML.readerFor(PartialSpec.class).withAttribute(SpecLines.ATTRIBUTE, lines);
        PartialSpec spec = reader.readValue(yaml);
        return new ParsedPartial(spec, lines);
    }
}
