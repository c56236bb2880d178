package io.chartbridge.connector.ccda;

import io.chartbridge.core.source.SourceSpec;
import io.chartbridge.core.source.SourceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The options of a C-CDA source (documented in docs/sources.md).
 *
 * @param pattern         glob of the file names read when the location is a folder ({@code *.xml})
 * @param maxBytes        the largest document read; a bigger file is quarantined without being held in memory
 * @param extraTemplates  document template ids accepted besides the C-CDA and CCD ones ({@link CcdaDocumentTemplates})
 */
public record CcdaSourceConfig(String pattern, long maxBytes, List<String> extraTemplates) {

    static final List<String> OPTIONS = List.of("pattern", "maxMegabytes", "acceptTemplates");
    static final long DEFAULT_MAX_MEGABYTES = 64;
    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");

    static CcdaSourceConfig from(SourceSpec spec) {
        for (String key : spec.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw invalid(spec, "unknown option '" + key + "' (known options: " + String.join(", ", OPTIONS) + ")");
            }
        }
        String pattern = spec.option("pattern", "*.xml");
        if (pattern.isBlank() || pattern.contains("/")) {
            throw invalid(spec, "option 'pattern' must be a file name glob such as *.xml");
        }
        long megabytes;
        try {
            megabytes = Long.parseLong(spec.option("maxMegabytes", Long.toString(DEFAULT_MAX_MEGABYTES)).strip());
        } catch (NumberFormatException e) {
            megabytes = -1;
        }
        if (megabytes < 1 || megabytes > 1024) {
            throw invalid(spec, "option 'maxMegabytes' must be a whole number from 1 to 1024");
        }
        return new CcdaSourceConfig(pattern, megabytes * 1024 * 1024, templates(spec));
    }

    private static List<String> templates(SourceSpec spec) {
        Object value = spec.options().get("acceptTemplates");
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> list ? list : List.of(String.valueOf(value).split(","));
        List<String> oids = new ArrayList<>();
        for (Object item : items) {
            String oid = String.valueOf(item).strip();
            if (!OID.matcher(oid).matches()) {
                throw invalid(spec, "option 'acceptTemplates' must list template ids (OIDs such as"
                        + " 2.16.840.1.113883.10.20.22.1.1), not '" + oid + "'");
            }
            oids.add(oid);
        }
        return List.copyOf(oids);
    }

    static SourceUnavailableException invalid(SourceSpec spec, String problem) {
        return new SourceUnavailableException("C-CDA source '" + spec.name() + "': " + problem);
    }
}
