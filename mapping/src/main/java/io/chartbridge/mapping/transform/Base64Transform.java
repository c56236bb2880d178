package io.chartbridge.mapping.transform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code base64}: the value's UTF-8 bytes in base64, as FHIR's {@code Attachment.data} holds them (a report's text
 * kept as a document). A value that is base64 already (an HL7 ED field) needs no transform.
 */
final class Base64Transform implements Transform {

    static final Base64Transform INSTANCE = new Base64Transform();

    private Base64Transform() {
    }

    @Override
    public String apply(String value, ReviewNotes notes) {
        return value == null ? null : Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
